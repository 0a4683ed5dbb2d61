// The build driver: a straight list of passes.
//
//   1. resolve targets      --platform/--tier against the tier table
//   2. check options        signatures parse, pipeline text parses, plugins load
//   3. front end            per platform, in parallel: sources -> bitcode,
//                           exports checked against each platform's module
//   4. variants             per (platform, tier), in parallel: O<n> + codegen
//                           + lld link with the platform's builtins object
//   5. metadata + pack      exports, variants (with required host features
//                           derived from LLVM), bitcode, provenance -> bytes,
//                           then reopened and verified by the reader
//
// Parallelism is a pool of -j threads pulling job indices from a counter;
// each job owns its LLVMContext, so no LLVM state is shared between jobs
// except lld's, which link.cpp serialises. Results land in slots indexed by
// job, so the output does not depend on which thread finished first.
#include "pixie/compiler.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "builtins.h"
#include "codegen.h"
#include "frontend.h"
#include "libc.h"
#include "link.h"
#include "pipeline.h"
#include "pixie/fatbinary.h"
#include "pixie/signature.h"
#include "pixie/targets.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/ThreadPool.h"

namespace pixie {
namespace {

// Runs fn(0) .. fn(count - 1) on up to `jobs` threads of an LLVM thread pool.
void parallelFor(size_t count, unsigned jobs, const std::function<void(size_t)> &fn) {
  llvm::StdThreadPool pool(llvm::hardware_concurrency(unsigned(std::min<size_t>(std::max(1u, jobs), count))));
  for (size_t i = 0; i < count; ++i)
    pool.async([&fn, i] { fn(i); });
  pool.wait();
}

// Times the driver's passes: each mark() closes the pass that just ran.
class PhaseClock {
public:
  explicit PhaseClock(std::vector<PhaseTime> &out) : out_(out) {}
  void mark(const char *name) {
    auto now = std::chrono::steady_clock::now();
    out_.push_back({name, std::chrono::duration<double>(now - last_).count()});
    last_ = now;
  }

private:
  std::vector<PhaseTime> &out_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

std::string validNames(const std::vector<std::string> &names) {
  return llvm::join(names, ", ");
}

struct Job {
  const Platform *platform;
  const Tier *tier;
};

// Platforms in table order, then tiers by rank; --tier names must exist in at
// least one selected platform, and a platform left with no tier is an error.
llvm::Expected<std::vector<Job>> resolveTargets(const BuildOptions &options) {
  std::vector<const Platform *> platforms;
  std::vector<std::string> platformNames;
  for (const Platform &p : allPlatforms())
    platformNames.push_back(p.name);
  for (const std::string &name : options.platforms)
    if (!findPlatform(name))
      return llvm::createStringError("unknown platform '%s' (valid: %s)", name.c_str(),
                                     validNames(platformNames).c_str());
  for (const Platform &p : allPlatforms())
    if (options.platforms.empty() ||
        std::count(options.platforms.begin(), options.platforms.end(), p.name))
      platforms.push_back(&p);

  for (const std::string &name : options.tiers) {
    bool known = std::any_of(platforms.begin(), platforms.end(),
                             [&](const Platform *p) { return findTier(*p, name); });
    if (!known) {
      std::vector<std::string> tiers;
      for (const Platform *p : platforms)
        for (const Tier &t : p->tiers)
          if (!std::count(tiers.begin(), tiers.end(), t.name))
            tiers.push_back(t.name);
      return llvm::createStringError("unknown tier '%s' (valid: %s)", name.c_str(),
                                     validNames(tiers).c_str());
    }
  }

  std::vector<Job> jobs;
  for (const Platform *p : platforms) {
    size_t before = jobs.size();
    for (const Tier &t : p->tiers)
      if (options.tiers.empty() || std::count(options.tiers.begin(), options.tiers.end(), t.name))
        jobs.push_back({p, &t});
    if (jobs.size() == before && !options.platforms.empty())
      return llvm::createStringError("no selected tier belongs to platform '%s'", p->name);
  }
  return jobs;
}

// Per-platform messages, each said once: a text every platform gave (a
// syntax error, a missing export) without platform names, any other text
// prefixed with each platform that gave it. `messages` has one entry per
// platform, "" for none.
std::vector<std::string> mergePlatformMessages(const std::vector<const Platform *> &platforms,
                                               const std::vector<std::string> &messages) {
  std::vector<std::string> merged;
  for (size_t i = 0; i < platforms.size(); ++i) {
    const std::string &text = messages[i];
    if (text.empty())
      continue;
    if (std::count(messages.begin(), messages.end(), text) == long(messages.size())) {
      if (merged.empty())
        merged.push_back(text);
      continue;
    }
    merged.push_back(std::string(platforms[i]->name) + ": " + text);
  }
  return merged;
}

bool isIdentifier(llvm::StringRef name) {
  if (name.empty() || llvm::isDigit(name.front()))
    return false;
  return llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

std::vector<std::string> splitFeatures(llvm::StringRef features) {
  llvm::SmallVector<llvm::StringRef, 8> parts;
  features.split(parts, ',', -1, false);
  return std::vector<std::string>(parts.begin(), parts.end());
}

// Overloads under their export; the docstring is the export's, given with
// any one overload (two different ones are an error).
llvm::Expected<std::vector<Export>> groupExports(const std::vector<ExportSpec> &specs) {
  std::vector<Export> exports;
  for (const ExportSpec &spec : specs) {
    auto it = std::find_if(exports.begin(), exports.end(),
                           [&](const Export &e) { return e.name == spec.name; });
    if (it == exports.end()) {
      exports.push_back({spec.name, {}, ""});
      it = exports.end() - 1;
    }
    if (!spec.doc.empty()) {
      if (!it->doc.empty() && it->doc != spec.doc)
        return llvm::createStringError("export '%s' is given two different docstrings",
                                       spec.name.c_str());
      it->doc = spec.doc;
    }
    // Called once every signature is known to parse.
    it->overloads.push_back(
        {spec.symbol, toString(*parseSignature(spec.signature)), spec.user_metadata});
  }
  return exports;
}

// Build options are recorded as plain text (spec/format.md): a control
// character someone typed into one (a docstring's newline) is written as C
// would escape it.
std::string escapeControls(const std::string &text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    unsigned char next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20 || c == 0x7f)
      out += "\\x" + llvm::utohexstr(c, /*LowerCase=*/true, 2);
    else if (c == 0xc2 && next >= 0x80 && next <= 0x9f) // U+0080-U+009F
      out += "\\u00" + llvm::utohexstr(next, true, 2), ++i;
    else
      out += char(c);
  }
  return out;
}

// Each unresolved function once, with the variants that need it unless that
// is all of them: the same call fails the same way in most variants.
std::string mergeUnresolved(const std::vector<Job> &jobs,
                            const std::vector<std::vector<Unresolved>> &unresolved) {
  std::vector<std::pair<std::string, std::vector<std::string>>> lines;
  for (size_t i = 0; i < jobs.size(); ++i)
    for (const Unresolved &u : unresolved[i]) {
      std::string text = describeUnresolved(u);
      auto it = std::find_if(lines.begin(), lines.end(),
                             [&](const auto &line) { return line.first == text; });
      if (it == lines.end())
        it = lines.insert(lines.end(), {text, {}});
      it->second.push_back(std::string(jobs[i].platform->name) + "/" + jobs[i].tier->name);
    }
  std::string text;
  for (const auto &[line, variants] : lines) {
    text += (text.empty() ? "" : "\n") + line;
    if (variants.size() != jobs.size())
      text += " (in " + llvm::join(variants, ", ") + ")";
  }
  return text;
}

} // namespace

llvm::Expected<BuildResult> build(const BuildOptions &options) {
  BuildResult result;
  PhaseClock clock(result.phases);

  // 1. Resolve targets.
  auto jobs = resolveTargets(options);
  if (!jobs)
    return jobs.takeError();
  std::vector<const Platform *> platforms;
  for (const Job &job : *jobs)
    if (platforms.empty() || platforms.back() != job.platform)
      platforms.push_back(job.platform);

  // 2. Check everything that needs no compilation.
  if (options.inputs.empty())
    return llvm::createStringError("no input files");
  if (!isIdentifier(options.library))
    return llvm::createStringError(
        "invalid library name '%s': it is a Python module name, so letters, digits and _ "
        "not starting with a digit (set --library)",
        options.library.c_str());
  if (options.exports.empty())
    return llvm::createStringError("no exports (use --export NAME=SYMBOL:SIGNATURE or a manifest)");
  if (options.opt_level > 3)
    return llvm::createStringError("invalid optimisation level -O%u (valid: 0, 1, 2, 3)",
                                   options.opt_level);
  for (const ExportSpec &spec : options.exports) {
    auto sig = parseSignature(spec.signature);
    if (!sig)
      return llvm::createStringError("export '%s': %s", spec.name.c_str(),
                                     sig.error().message().c_str());
  }
  // The metadata's schema checks on what is known now (names, overloads, a
  // given uuid), so a bad export name fails before, not after, compiling.
  Metadata draft;
  draft.library = options.library;
  draft.uuid = options.uuid.empty() ? "00000000-0000-0000-0000-000000000000" : options.uuid;
  auto grouped = groupExports(options.exports);
  if (!grouped)
    return grouped.takeError();
  draft.exports = std::move(*grouped);
  if (Error e = validateMetadata(draft))
    return llvm::createStringError(e.message());
  auto plugins = loadPassPlugins(options.pass_plugins);
  if (!plugins)
    return plugins.takeError();
  if (!options.passes.empty())
    if (llvm::Error e = checkPipelineText(options.passes, *plugins))
      return e;
  unsigned threads = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  clock.mark("check options");

  // 3. Front end, and each platform's builtins object.
  std::vector<std::string> bitcode(platforms.size());
  std::vector<std::vector<char>> builtins(platforms.size());
  std::vector<std::string> frontErrors(platforms.size()), warnings(platforms.size());
  parallelFor(platforms.size(), threads, [&](size_t i) {
    auto ir = buildPlatformBitcode(*platforms[i], options.inputs, options.clang_args,
                                   options.exports);
    if (!ir) {
      frontErrors[i] = llvm::toString(ir.takeError());
      return;
    }
    bitcode[i] = std::move(ir->bitcode);
    warnings[i] = llvm::StringRef(ir->warnings).rtrim().str();
    auto object = builtinsObject(*platforms[i]);
    if (!object) {
      frontErrors[i] = llvm::toString(object.takeError());
      return;
    }
    builtins[i] = std::move(*object);
  });
  std::vector<std::string> failures = mergePlatformMessages(platforms, frontErrors);
  if (!failures.empty())
    return llvm::createStringError(llvm::join(failures, "\n"));
  result.warnings = mergePlatformMessages(platforms, warnings);
  clock.mark("front end");

  // 4. Variants.
  auto platformIndex = [&](const Platform *p) {
    return size_t(std::find(platforms.begin(), platforms.end(), p) - platforms.begin());
  };
  result.variant_images.resize(jobs->size());
  result.reports.resize(jobs->size());
  std::vector<std::string> variantErrors(jobs->size());
  std::vector<std::vector<Unresolved>> unresolved(jobs->size());
  std::mutex reportMutex;
  size_t finished = 0;
  CodegenOptions codegen{options.opt_level, options.passes, &*plugins,
                         {options.loop_vectorize, options.slp_vectorize}};
  parallelFor(jobs->size(), threads, [&](size_t i) {
    const Job &job = (*jobs)[i];
    size_t p = platformIndex(job.platform);
    auto start = std::chrono::steady_clock::now();
    auto objects = compileVariant(bitcode[p], *job.platform, *job.tier, options.exports, codegen,
                                  builtins[p]);
    if (objects)
      objects->push_back(builtins[p]);
    llvm::Expected<std::vector<uint8_t>> image =
        objects ? linkSharedLibrary(*job.platform, options.library, *objects)
                : llvm::Expected<std::vector<uint8_t>>(objects.takeError());
    if (!image) {
      llvm::Error rest = llvm::handleErrors(image.takeError(), [&](const UnresolvedError &e) {
        unresolved[i] = e.list;
      });
      if (rest)
        variantErrors[i] = std::string(job.platform->name) + "/" + job.tier->name + ": " +
                           llvm::toString(std::move(rest));
      return;
    }
    VariantReport &report = result.reports[i];
    report.platform = job.platform->name;
    report.tier = job.tier->name;
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.bytes = image->size();
    result.variant_images[i] = std::move(*image);
    std::lock_guard<std::mutex> lock(reportMutex);
    report.completed = ++finished;
    report.total = jobs->size();
    if (options.on_variant)
      options.on_variant(report);
  });
  std::string variantText = mergeUnresolved(*jobs, unresolved);
  for (const std::string &e : variantErrors)
    if (!e.empty())
      variantText += (variantText.empty() ? "" : "\n") + e;
  if (!variantText.empty())
    return llvm::createStringError(variantText);
  clock.mark("variants");

  // 5. Metadata and the container.
  FatBinaryContents contents;
  Metadata &meta = contents.meta;
  meta.library = options.library;
  meta.uuid = options.uuid;
  meta.exports = std::move(draft.exports);
  for (const Job &job : *jobs) {
    auto required = requiredFeatures(*job.platform, *job.tier);
    if (!required)
      return required.takeError();
    Variant v;
    v.platform = job.platform->name;
    v.triple = job.platform->triple;
    v.tier = job.tier->name;
    v.rank = job.tier->rank;
    v.cpu = job.tier->cpu;
    v.features = splitFeatures(job.tier->features);
    v.required = std::move(*required);
    v.binary_format = binaryFormatName(job.platform->format);
    meta.variants.push_back(std::move(v));
  }
  for (size_t i = 0; i < platforms.size(); ++i) {
    meta.bitcode.push_back({platforms[i]->name, platforms[i]->triple, 0});
    contents.bitcode_images.emplace_back(bitcode[i].begin(), bitcode[i].end());
  }
  meta.build = {PIXIE_VERSION, LLVM_VERSION_STRING, {}};
  for (const std::string &option : options.provenance)
    meta.build.options.push_back(escapeControls(option));
  contents.variant_images = result.variant_images;

  auto file = writeFatBinary(contents);
  if (!file)
    return llvm::createStringError("cannot write the fat binary: %s",
                                   file.error().message().c_str());
  // Read back what was written: a build never hands out a file its own
  // reader would reject.
  auto reader = FatBinaryReader::open(*file);
  if (!reader)
    return llvm::createStringError("the written fat binary does not read back: %s",
                                   reader.error().message().c_str());
  result.meta = reader->metadata();
  result.file = std::move(*file);
  clock.mark("metadata + pack");
  return result;
}

} // namespace pixie
