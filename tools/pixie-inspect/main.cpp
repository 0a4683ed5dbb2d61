// pixie-inspect: what a .pixie file holds and what this host would load from
// it. A thin main over inspect.h (listing, explanation), disasm.h and
// bitcode.h.
//
//   pixie-inspect kernels.pixie                    variants, exports, sizes, bitcode
//   pixie-inspect --explain kernels.pixie          this host's choice and why
//   pixie-inspect --extract linux-64/x86-64-v3 -o k.so kernels.pixie
//   pixie-inspect --disasm dot --variant linux-64/x86-64-v4 kernels.pixie
//   pixie-inspect --ir dot kernels.pixie
//   pixie-inspect --asm dot --variant linux-aarch64/neoverse-v1 kernels.pixie
//   pixie-inspect --host                           what this machine is, as the loader sees it
//   --json: the listing, the explanation or the host as JSON
#include <cstdio>
#include <functional>
#include <string>

#include "bitcode.h"
#include "disasm.h"
#include "inspect.h"
#include "pixie/host.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"

namespace cl = llvm::cl;

namespace {

cl::OptionCategory category("pixie-inspect options");
cl::opt<std::string> input(cl::Positional, cl::desc("<file.pixie>"), cl::cat(category));
cl::opt<bool> explain("explain", cl::desc("What this host would load and why"), cl::cat(category));
cl::opt<bool> json("json", cl::desc("Print the listing, the explanation or the host as JSON"), cl::cat(category));
cl::opt<bool> host("host", cl::desc("Print this machine's platform, CPU and features (no file needed)"),
                   cl::cat(category));
cl::opt<std::string> extract("extract", cl::desc("Write one variant as a plain shared library (needs -o)"),
                             cl::value_desc("PLATFORM/TIER"), cl::cat(category));
cl::opt<std::string> output("o", cl::desc("Output file for --extract"), cl::value_desc("file"), cl::cat(category));
cl::opt<std::string> disasm("disasm", cl::desc("Disassemble an export (or symbol) of one variant"),
                            cl::value_desc("SYMBOL"), cl::cat(category));
cl::opt<std::string> ir("ir", cl::desc("Print the embedded bitcode of an export as LLVM IR"),
                        cl::value_desc("SYMBOL"), cl::cat(category));
cl::opt<std::string> asmOf("asm", cl::desc("Assembly of an export, recompiled from bitcode for --variant"),
                           cl::value_desc("SYMBOL"), cl::cat(category));
cl::opt<std::string> variantRef("variant",
                                cl::desc("Variant for --disasm/--asm/--ir (default: this host's choice)"),
                                cl::value_desc("PLATFORM/TIER"), cl::cat(category));

int fail(const std::string &message) {
  std::fprintf(stderr, "pixie-inspect: error: %s\n", message.c_str());
  return 1;
}

int fail(const pixie::Error &e) { return fail(e.message()); }

void print(const std::string &text) { std::fwrite(text.data(), 1, text.size(), stdout); }

// --variant, else the variant this host selects.
pixie::Expected<size_t> chooseVariant(const pixie::Metadata &meta) {
  if (!variantRef.empty())
    return pixie::inspect::findVariant(meta, variantRef);
  pixie::inspect::HostChoice choice = pixie::inspect::explainHost(meta, pixie::hostProfile());
  if (choice.error)
    return pixie::Error(choice.error.code(), choice.error.message() + " (pass --variant PLATFORM/TIER)");
  return *choice.why.chosen;
}

// The -O level the file was built with (its recorded options), else 3.
unsigned builtOptLevel(const pixie::Metadata &meta) {
  for (const std::string &o : meta.build.options)
    if (o.size() == 3 && o[0] == '-' && o[1] == 'O' && o[2] >= '0' && o[2] <= '3')
      return unsigned(o[2] - '0');
  return 3;
}

pixie::Expected<size_t> bitcodeFor(const pixie::Metadata &meta, const std::string &platform) {
  for (size_t i = 0; i < meta.bitcode.size(); ++i)
    if (meta.bitcode[i].platform == platform)
      return i;
  return pixie::Error(pixie::Errc::not_found, "the file has no bitcode for " + platform);
}

int forEachSymbol(const pixie::Metadata &meta, const std::string &name,
                  const std::function<pixie::Expected<std::string>(const std::string &)> &render) {
  auto symbols = pixie::inspect::symbolsFor(meta, name);
  if (!symbols)
    return fail(symbols.error());
  for (const std::string &s : *symbols) {
    auto text = render(s);
    if (!text)
      return fail(text.error());
    print(*text + "\n");
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv, "pixie-inspect: what a .pixie fat binary holds and what this host loads\n");
  if (host) {
    print(json ? pixie::inspect::hostJson(pixie::hostProfile()).dump(2) + "\n"
               : pixie::inspect::hostText(pixie::hostProfile()));
    return 0;
  }
  if (input.empty())
    return fail("no input file (usage: pixie-inspect [options] <file.pixie>)");

  // Only what is printed is read: the header, the table and the metadata for
  // a listing, one more section for --extract, --disasm, --ir or --asm.
  auto source = pixie::FileSource::open(input);
  if (!source)
    return fail(source.error());
  auto file = pixie::FatBinaryReader::open((*source)->bytes(), source->get());
  if (!file)
    return fail(input + ": " + file.error().message());
  auto failIn = [](const pixie::Error &e) { return fail(input + ": " + e.message()); };
  const pixie::Metadata &meta = file->metadata();

  if (!extract.empty()) {
    if (output.empty())
      return fail("--extract needs -o <file>");
    auto index = pixie::inspect::findVariant(meta, extract);
    if (!index)
      return fail(index.error());
    auto image = file->readVariant(*index);
    if (!image)
      return failIn(image.error());
    if (pixie::Error e = pixie::writeFileAtomic(output, *image))
      return fail(e);
    std::printf("wrote %s: %s, %zu bytes\n", output.c_str(), extract.c_str(), image->size());
    return 0;
  }

  if (!disasm.empty() || !asmOf.empty()) {
    auto index = chooseVariant(meta);
    if (!index)
      return fail(index.error());
    const pixie::Variant &v = meta.variants[*index];
    if (!disasm.empty()) {
      auto image = file->readVariant(*index);
      if (!image)
        return failIn(image.error());
      return forEachSymbol(meta, disasm, [&](const std::string &s) { return pixie::inspect::disassemble(*image, v, s); });
    }
    auto bc = bitcodeFor(meta, v.platform);
    if (!bc)
      return fail(bc.error());
    auto bitcode = file->readBitcode(*bc);
    if (!bitcode)
      return failIn(bitcode.error());
    return forEachSymbol(meta, asmOf, [&](const std::string &s) {
      return pixie::inspect::functionAsm(*bitcode, v, s, builtOptLevel(meta));
    });
  }

  if (!ir.empty()) {
    // The IR of the host's platform when the file has it (bitcode is made per
    // platform: C front ends differ), else that of --variant's platform.
    std::string platform = variantRef.empty() ? std::string(pixie::hostProfile().platform()) : "";
    if (!variantRef.empty()) {
      auto index = pixie::inspect::findVariant(meta, variantRef);
      if (!index)
        return fail(index.error());
      platform = meta.variants[*index].platform;
    }
    auto bc = bitcodeFor(meta, platform);
    if (!bc)
      return fail(bc.error());
    auto bitcode = file->readBitcode(*bc);
    if (!bitcode)
      return failIn(bitcode.error());
    return forEachSymbol(meta, ir, [&](const std::string &s) { return pixie::inspect::functionIR(*bitcode, s); });
  }

  if (explain) {
    pixie::inspect::HostChoice choice = pixie::inspect::explainHost(meta, pixie::hostProfile());
    print(json ? pixie::explanationJson(choice.why, meta) + "\n" : pixie::explanationText(choice.why, meta));
    return choice.error ? fail(choice.error) : 0;
  }

  print(json ? pixie::inspect::listingJson(*file, input).dump(2, ' ', /*ensure_ascii=*/true) + "\n" : pixie::inspect::listingText(*file, input));
  return 0;
}
