// Packs shared libraries into a .pixie for the loader tests, with the same
// writer pixie-build uses, so the loader is tested before (and independently
// of) the compiler.
//
//   make_fixture -o out.pixie --library NAME
//     --variant PLATFORM:TIER:RANK:CPU:REQUIRED:FILE   REQUIRED = a,b,c or -
//     --export NAME=SYMBOL:SIGNATURE                   repeatable, overloads by repeating NAME
//     --bitcode PLATFORM:FILE
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "pixie/fatbinary.h"

namespace {

std::vector<std::string> split(const std::string &s, char sep, size_t max_parts = 0) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t end = (max_parts && out.size() + 1 == max_parts) ? std::string::npos : s.find(sep, pos);
    out.push_back(s.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    if (end == std::string::npos)
      return out;
    pos = end + 1;
  }
}

const std::map<std::string, std::pair<std::string, std::string>> kPlatforms = {
    {"linux-64", {"x86_64-unknown-linux-gnu", "elf"}},
    {"linux-aarch64", {"aarch64-unknown-linux-gnu", "elf"}},
    {"osx-arm64", {"arm64-apple-macosx11.0", "macho"}},
    {"win-64", {"x86_64-pc-windows-msvc", "coff"}},
};

int fail(const std::string &message) {
  std::fprintf(stderr, "make_fixture: %s\n", message.c_str());
  return 1;
}

} // namespace

int main(int argc, char **argv) {
  pixie::FatBinaryContents c;
  c.meta.build.pixie_version = PIXIE_VERSION;
  c.meta.build.llvm_version = "none (test fixture)";
  std::string out;
  std::map<std::string, size_t> export_index;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    c.meta.build.options.push_back(flag + " " + value);
    if (flag == "-o") {
      out = value;
    } else if (flag == "--library") {
      c.meta.library = value;
    } else if (flag == "--variant") {
      auto f = split(value, ':', 6);
      if (f.size() != 6 || !kPlatforms.count(f[0]))
        return fail("bad --variant " + value);
      pixie::Variant v;
      v.platform = f[0];
      v.tier = f[1];
      v.rank = uint32_t(std::stoul(f[2]));
      v.cpu = f[3];
      if (f[4] != "-")
        v.required = split(f[4], ',');
      v.triple = kPlatforms.at(f[0]).first;
      v.binary_format = kPlatforms.at(f[0]).second;
      auto bytes = pixie::readFile(f[5]);
      if (!bytes)
        return fail(bytes.error().message());
      c.meta.variants.push_back(v);
      c.variant_images.push_back(std::move(*bytes));
    } else if (flag == "--export") {
      auto eq = split(value, '=', 2);
      if (eq.size() != 2)
        return fail("bad --export " + value);
      auto sym = split(eq[1], ':', 2);
      if (sym.size() != 2)
        return fail("bad --export " + value);
      auto sig = pixie::parseSignature(sym[1]);
      if (!sig)
        return fail(sig.error().message());
      if (!export_index.count(eq[0])) {
        export_index[eq[0]] = c.meta.exports.size();
        c.meta.exports.push_back({eq[0], {}});
      }
      c.meta.exports[export_index[eq[0]]].overloads.push_back({sym[0], pixie::toString(*sig), "null"});
    } else if (flag == "--bitcode") {
      auto f = split(value, ':', 2);
      if (f.size() != 2 || !kPlatforms.count(f[0]))
        return fail("bad --bitcode " + value);
      auto bytes = pixie::readFile(f[1]);
      if (!bytes)
        return fail(bytes.error().message());
      c.meta.bitcode.push_back({f[0], kPlatforms.at(f[0]).first, 0});
      c.bitcode_images.push_back(std::move(*bytes));
    } else {
      return fail("unknown flag " + flag);
    }
  }
  if (out.empty() || c.meta.library.empty())
    return fail("usage: make_fixture -o OUT --library NAME [--variant ...] [--export ...] [--bitcode ...]");
  auto bytes = pixie::writeFatBinary(c);
  if (!bytes)
    return fail(bytes.error().message());
  if (pixie::Error e = pixie::writeFileAtomic(out, *bytes))
    return fail(e.message());
  return 0;
}
