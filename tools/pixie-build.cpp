// pixie-build: sources -> one .pixie fat binary. A thin main over
// pixie::build(); see compiler/include/pixie/compiler.h.
//
//   pixie-build -o sieve.pixie sieve.c --export primes=sieve_primes:'i64(u8*, i64)'
//   pixie-build -o kernels.pixie --manifest examples/kernels/kernels.json
//   pixie-build --specialize kernels.pixie -o kernels-here.pixie
//   pixie-build --header kernels.h --manifest examples/kernels/kernels.json
#include <cstdio>
#include <thread>

#include "pixie/c_header.h"
#include "pixie/compiler.h"
#include "pixie/fatbinary.h"
#include "pixie/host.h"
#include "pixie/specialize.h"
#include "pixie/targets.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;

namespace {

cl::OptionCategory category("pixie-build options");

cl::list<std::string> inputs(cl::Positional, cl::desc("<input .ll/.bc/.c/.cpp>..."),
                             cl::cat(category));
// Not cl::Required: lld-link re-parses LLVM's global option registry, which
// includes ours, and would exit on a required option it was never given.
cl::opt<std::string> output("o", cl::desc("Output file (name.pixie)"), cl::value_desc("file"),
                            cl::cat(category));
cl::list<std::string> exportFlags("export",
                                  cl::desc("Export SYMBOL as NAME with a signature, "
                                           "e.g. primes=sieve_primes:'i64(u8*, i64)'"),
                                  cl::value_desc("NAME=SYMBOL:SIGNATURE"), cl::cat(category));
cl::opt<std::string> manifest("manifest", cl::desc("JSON manifest of library, inputs and exports"),
                              cl::value_desc("file"), cl::cat(category));
cl::opt<std::string> library("library",
                             cl::desc("Library (Python module) name; default: the output's stem"),
                             cl::value_desc("name"), cl::cat(category));
cl::list<std::string> platforms("platform", cl::CommaSeparated,
                                cl::desc("Platforms to build (default: all)"),
                                cl::value_desc("name,..."), cl::cat(category));
cl::alias targetAlias("target", cl::desc("Alias for --platform"), cl::aliasopt(platforms),
                      cl::cat(category));
cl::list<std::string> tiers("tier", cl::CommaSeparated,
                            cl::desc("CPU tiers to build (default: all)"),
                            cl::value_desc("name,..."), cl::cat(category));
cl::opt<unsigned> optLevel("O", cl::desc("Optimisation level 0-3 (default 3)"), cl::Prefix,
                           cl::init(3), cl::cat(category));
cl::opt<unsigned> jobs("j", cl::desc("Parallel jobs (default: number of cores)"), cl::Prefix,
                       cl::init(0), cl::cat(category));
cl::opt<std::string> passes("passes",
                            cl::desc("LLVM pass pipeline replacing -O<n>, "
                                     "e.g. 'default<O3>,my-pass'"),
                            cl::value_desc("pipeline"), cl::cat(category));
cl::list<std::string> plugins("load-pass-plugin",
                              cl::desc("Load an LLVM pass plugin into every variant's pipeline"),
                              cl::value_desc("lib.so"), cl::cat(category));
cl::list<std::string> clangIncludes("I", cl::desc("Include directory for C/C++ inputs"),
                                    cl::Prefix, cl::value_desc("dir"), cl::cat(category));
cl::list<std::string> clangDefines("D", cl::desc("Macro definition for C/C++ inputs"),
                                   cl::Prefix, cl::value_desc("name[=value]"), cl::cat(category));
cl::list<std::string> clangFlags("clang-flag",
                                 cl::desc("Pass a flag to clang for C/C++ inputs"),
                                 cl::value_desc("flag"), cl::cat(category));
cl::opt<std::string> uuid("uuid", cl::desc("UUID to record (default: derived from the content)"),
                          cl::cat(category));
cl::opt<bool> quiet("quiet", cl::desc("No progress lines"), cl::cat(category));
cl::opt<bool> listTargets("list-targets",
                          cl::desc("List platforms and tiers with what each requires, and exit"),
                          cl::cat(category));
cl::opt<cl::boolOrDefault> loopVectorize("loop-vectorize",
                                         cl::desc("Force LLVM's loop vectoriser on or off (default: on from -O2)"),
                                         cl::cat(category));
cl::opt<cl::boolOrDefault> slpVectorize("slp-vectorize",
                                        cl::desc("Force LLVM's SLP vectoriser on or off (default: on from -O2)"),
                                        cl::cat(category));
cl::opt<std::string> specialize("specialize",
                               cl::desc("Copy FILE with a variant added that is built for this exact "
                                        "host (same uuid); no sources needed"),
                               cl::value_desc("in.pixie"), cl::cat(category));
cl::opt<std::string> headerPath("header",
                                cl::desc("Write the exports' C header (prototypes, element macros, checked "
                                         "host calls) to FILE; with no inputs, only that"),
                                cl::value_desc("file.h"), cl::cat(category));
cl::opt<bool> timePhases("time-phases", cl::desc("Print the time of each build phase"),
                         cl::cat(category));

int fail(const std::string &message) {
  llvm::errs() << "pixie-build: error: " << message << "\n";
  return 1;
}

int printTargets() {
  for (const pixie::Platform &p : pixie::allPlatforms()) {
    llvm::outs() << p.name << " (" << p.triple << ", " << pixie::binaryFormatName(p.format)
                 << ")\n";
    for (const pixie::Tier &t : p.tiers) {
      auto required = pixie::requiredFeatures(p, t);
      if (!required)
        return fail(llvm::toString(required.takeError()));
      llvm::outs() << llvm::format("  %u %-24s cpu %-12s requires ", t.rank, t.name, t.cpu)
                   << llvm::join(*required, " ") << "\n";
    }
  }
  return 0;
}

std::string sizeText(size_t bytes) {
  char text[32];
  if (bytes < 10 * 1024)
    std::snprintf(text, sizeof text, "%zu B", bytes);
  else
    std::snprintf(text, sizeof text, "%.1f KiB", bytes / 1024.0);
  return text;
}

// --specialize: the ahead-of-time form of the loader's re-JIT, so a cluster
// image can carry code tuned for its machines without compiling at start-up.
int specializeFile(std::string in, std::string out, unsigned opt, bool verbose) {
  const pixie::HostProfile &host = pixie::hostProfile();
  pixie::HostTarget target{std::string(host.platform()), std::string(host.cpuName()), {}};
  for (std::string_view name : pixie::featureNames(host.arch))
    if (host.has(name))
      target.features.emplace_back(name);
  auto variant = pixie::specializeFile(in, out, target, opt);
  if (!variant)
    return fail(llvm::toString(variant.takeError()));
  if (verbose)
    llvm::outs() << "wrote " << out << ": " << in << " plus " << variant->variant.platform << "/"
                 << variant->variant.tier << " (" << sizeText(variant->image.size()) << "; compiled "
                 << variant->account << ")\n";
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "pixie-build " PIXIE_VERSION " (LLVM " LLVM_VERSION_STRING ")\n";
  });
  cl::ParseCommandLineOptions(argc, argv,
                              "pixie-build: compile LLVM IR, bitcode, C or C++ into one fat "
                              "binary\nwith shared libraries for every platform and CPU tier\n");

  if (listTargets)
    return printTargets();

  // Copy every option out now: each lld link in build() resets LLVM's global
  // option registry, ours included, to the defaults.
  std::string outputPath = output;
  std::string headerOut = headerPath;
  // --header without -o writes only the header: a kernel is written against
  // it before there is anything to build.
  const bool headerOnly = !headerOut.empty() && outputPath.empty() && specialize.empty();
  if (outputPath.empty() && !headerOnly)
    return fail("no output file (use -o name.pixie)");
  // Fail before compiling anything when an output cannot be written.
  for (const std::string &path : {outputPath, headerOut}) {
    if (path.empty())
      continue;
    llvm::StringRef outputDir = llvm::sys::path::parent_path(path);
    if (outputDir.empty())
      outputDir = ".";
    if (!llvm::sys::fs::is_directory(outputDir))
      return fail("cannot write " + path + ": no directory " + outputDir.str());
    if (llvm::sys::fs::is_directory(path))
      return fail("cannot write " + path + ": it is a directory");
    if (llvm::sys::fs::access(outputDir, llvm::sys::fs::AccessMode::Write))
      return fail("cannot write " + path + ": directory " + outputDir.str() + " is not writable");
  }

  if (!specialize.empty()) {
    if (!headerOut.empty())
      return fail("--specialize copies a .pixie; it writes no --header");
    if (!inputs.empty() || !manifest.empty() || !exportFlags.empty())
      return fail("--specialize takes a .pixie file, not sources, a manifest or exports");
    return specializeFile(std::string(specialize), outputPath, optLevel, !quiet); // copies: see above
  }

  pixie::BuildOptions options;
  options.inputs.assign(inputs.begin(), inputs.end());
  if (!manifest.empty()) {
    auto m = pixie::readManifest(manifest);
    if (!m)
      return fail(llvm::toString(m.takeError()));
    options.library = m->library;
    options.inputs.insert(options.inputs.end(), m->inputs.begin(), m->inputs.end());
    options.exports = m->exports;
  }
  for (const std::string &flag : exportFlags) {
    auto spec = pixie::parseExportFlag(flag);
    if (!spec)
      return fail(llvm::toString(spec.takeError()));
    options.exports.push_back(*spec);
  }
  if (!library.empty())
    options.library = library;
  if (options.library.empty())
    options.library = pixie::libraryNameFromPath(outputPath.empty() ? headerOut : outputPath);

  bool verbose = !quiet;
  if (!headerOut.empty()) {
    if (options.exports.empty())
      return fail("--header needs exports (--export or --manifest)");
    auto text = pixie::cHeader(options.library, options.exports);
    if (!text)
      return fail(llvm::toString(text.takeError()));
    if (pixie::Error e = pixie::writeFileAtomic(
            headerOut, std::span(reinterpret_cast<const uint8_t *>(text->data()), text->size())))
      return fail(e.message());
    if (verbose)
      llvm::outs() << "wrote " << headerOut << ": the C ABI of " << options.exports.size() << " export"
                   << (options.exports.size() == 1 ? "" : "s") << "\n";
    if (headerOnly)
      return 0;
  }

  options.platforms.assign(platforms.begin(), platforms.end());
  options.tiers.assign(tiers.begin(), tiers.end());
  options.opt_level = optLevel;
  auto tristate = [](cl::boolOrDefault v) -> std::optional<bool> {
    return v == cl::BOU_UNSET ? std::nullopt : std::optional<bool>(v == cl::BOU_TRUE);
  };
  options.loop_vectorize = tristate(loopVectorize);
  options.slp_vectorize = tristate(slpVectorize);
  options.jobs = jobs;
  options.passes = passes;
  options.pass_plugins.assign(plugins.begin(), plugins.end());
  for (const std::string &dir : clangIncludes)
    options.clang_args.push_back("-I" + dir);
  for (const std::string &def : clangDefines)
    options.clang_args.push_back("-D" + def);
  options.clang_args.insert(options.clang_args.end(), clangFlags.begin(), clangFlags.end());
  options.uuid = uuid;
  // Provenance: the command line, less what cannot change the content (-j,
  // --quiet, and -o, whose stem is recorded as the library name), so serial
  // and parallel builds, or builds into other directories, are identical.
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    bool separateValue = arg == "-j" || arg == "--j" || arg == "-o" || arg == "--o" ||
                         arg == "--header" || arg == "-header";
    bool dropped = separateValue || arg.starts_with("-j") || arg.starts_with("--j") ||
                   arg.starts_with("-o") || arg.starts_with("--o=") || arg == "--quiet" ||
                   arg == "-quiet" || arg == "--time-phases" || arg.starts_with("--header=") ||
                   arg.starts_with("-header=");
    if (separateValue)
      ++i;
    if (!dropped)
      options.provenance.push_back(argv[i]);
  }

  bool showPhases = timePhases;
  if (verbose)
    options.on_variant = [](const pixie::VariantReport &r) {
      std::string target = r.platform + "/" + r.tier;
      llvm::outs() << llvm::format("[%2zu/%zu] %-38s %7.1f ms  %s\n", r.completed, r.total,
                                   target.c_str(), r.seconds * 1000, sizeText(r.bytes).c_str());
      llvm::outs().flush();
    };

  auto result = pixie::build(options);
  if (!result)
    return fail(llvm::toString(result.takeError()));
  for (const std::string &warning : result->warnings)
    llvm::errs() << warning << "\n";
  if (pixie::Error e = pixie::writeFileAtomic(outputPath, result->file))
    return fail(e.message());
  if (showPhases)
    for (const pixie::PhaseTime &phase : result->phases)
      llvm::outs() << llvm::format("phase %-16s %8.1f ms\n", phase.name.c_str(),
                                   phase.seconds * 1000);
  if (verbose) {
    size_t raw = 0;
    for (const auto &image : result->variant_images)
      raw += image.size();
    llvm::outs() << "wrote " << outputPath << ": " << result->meta.variants.size() << " variants, "
                 << sizeText(result->file.size()) << " (variants " << sizeText(raw)
                 << " uncompressed)\n";
  }
  return 0;
}
