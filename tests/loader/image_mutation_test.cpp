// The 400-mutation experiment of issue 18, as a test: real variants with
// bytes of their headers and tables changed, or cut short, each packed into a
// .pixie with valid checksums and loaded in a child process. Every child must
// end by itself, with the library loaded or refused with a clean error; a
// signal (SIGSEGV, SIGBUS, SIGFPE, an ld.so assertion's SIGABRT, the alarm of
// a hang) fails the test. Before the image check read more than the ELF
// header, 40-odd of these children died.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "image_check.h"
#include "pixie/loader.h"
#include "test_support.h"

using namespace pixie;
using namespace pixie::test;

namespace {

uint64_t le(const std::vector<uint8_t> &b, size_t at, int width) {
  uint64_t v = 0;
  for (int i = width - 1; i >= 0; --i)
    v = v << 8 | b[at + size_t(i)];
  return v;
}

struct Region {
  size_t at, size;
};

// Where a mutation does damage worth testing: the ELF header, the program
// and section headers, the dynamic section and the tables it points at
// (symbols, strings, hash tables, relocations). Read from the unmutated
// image, which the check accepts, so plain reads are in bounds.
std::vector<Region> tables(const std::vector<uint8_t> &b) {
  std::vector<Region> out{{0, 64}};
  const size_t phoff = le(b, 32, 8), phnum = le(b, 56, 2), shoff = le(b, 40, 8), shnum = le(b, 60, 2);
  out.push_back({phoff, phnum * 56});
  if (shnum)
    out.push_back({shoff, shnum * 64});
  struct Load {
    uint64_t offset, vaddr, filesz;
  };
  std::vector<Load> loads;
  size_t dyn = 0, dynsize = 0;
  for (size_t i = 0; i < phnum; ++i) {
    const size_t at = phoff + i * 56;
    const uint32_t type = uint32_t(le(b, at, 4));
    if (type == 1)
      loads.push_back({le(b, at + 8, 8), le(b, at + 16, 8), le(b, at + 32, 8)});
    if (type == 2) {
      dyn = le(b, at + 8, 8);
      dynsize = le(b, at + 32, 8);
    }
    if (type == 4 || type == 7 || type == 0x6474e550) // notes, TLS image, eh_frame_hdr
      out.push_back({size_t(le(b, at + 8, 8)), size_t(le(b, at + 32, 8))});
  }
  out.push_back({dyn, dynsize});
  auto offset = [&](uint64_t vaddr) -> size_t {
    for (const Load &l : loads)
      if (vaddr >= l.vaddr && vaddr < l.vaddr + l.filesz)
        return size_t(l.offset + (vaddr - l.vaddr));
    return 0;
  };
  uint64_t strsz = 16, relasz = 24, pltrelsz = 24;
  for (size_t at = dyn; at < dyn + dynsize; at += 16) {
    const uint64_t tag = le(b, at, 8), value = le(b, at + 8, 8);
    if (tag == 10)
      strsz = value;
    if (tag == 8)
      relasz = value;
    if (tag == 2)
      pltrelsz = value;
  }
  for (size_t at = dyn; at < dyn + dynsize; at += 16) {
    const uint64_t tag = le(b, at, 8), value = le(b, at + 8, 8);
    const size_t off = offset(value);
    switch (tag) {
    case 5: out.push_back({off, size_t(strsz)}); break;                        // DT_STRTAB
    case 6: out.push_back({off, std::min<size_t>(b.size() - off, 24 * 8)}); break; // DT_SYMTAB
    case 4: case 0x6ffffef5: out.push_back({off, std::min<size_t>(b.size() - off, 64)}); break; // hashes
    case 7: out.push_back({off, size_t(relasz)}); break;                       // DT_RELA
    case 23: out.push_back({off, size_t(pltrelsz)}); break;                    // DT_JMPREL
    }
  }
  return out;
}

// Mutation `n` of `base`: a few bytes in one table changed (a random byte, a
// flipped bit, or an 8-byte field set to 0, all ones or a small value), or
// the image cut short.
std::vector<uint8_t> mutate(const std::vector<uint8_t> &base, const std::vector<Region> &regions,
                            std::mt19937_64 &gen, std::string &what) {
  std::vector<uint8_t> b = base;
  if (gen() % 8 == 0) {
    const size_t size = size_t(gen() % b.size());
    b.resize(size);
    what = "truncated to " + std::to_string(size) + " bytes";
    return b;
  }
  const int edits = 1 + int(gen() % 4);
  what.clear();
  for (int e = 0; e < edits; ++e) {
    const Region &r = regions[gen() % regions.size()];
    if (r.size == 0)
      continue;
    const size_t at = r.at + size_t(gen() % r.size);
    switch (gen() % 4) {
    case 0: b[at] = uint8_t(gen()); break;
    case 1: b[at] ^= uint8_t(1u << (gen() % 8)); break;
    default: {
      const uint64_t values[] = {0, ~uint64_t(0), 1, 0x7fffffff, uint64_t(b.size()), 0x1000, gen() % 4096};
      const uint64_t v = values[gen() % std::size(values)];
      const size_t start = at & ~size_t(7);
      for (size_t i = 0; i < 8 && start + i < b.size(); ++i)
        b[start + i] = uint8_t(v >> (8 * i));
    }
    }
    what += (what.empty() ? "" : ", ") + std::string("byte ") + std::to_string(at);
  }
  return b;
}

} // namespace

TEST_CASE("400 damaged variants: each loads or is refused, none crashes the loader", "[image][mutation]") {
  struct Base {
    const char *path;
    std::vector<uint8_t> image;
  };
  std::vector<Base> bases{{PIXIE_IMPORTS_SO, fixtureBytes(PIXIE_IMPORTS_SO)},
                          {PIXIE_X86_64_SO, fixtureBytes(PIXIE_X86_64_SO)}};
  // Fixed, so the test is the same every run; PIXIE_MUTATION_SEED and
  // PIXIE_MUTATIONS explore further by hand, and PIXIE_MUTATION_KEEP names a
  // directory to keep the images that crashed in.
  const char *seed = std::getenv("PIXIE_MUTATION_SEED"), *count = std::getenv("PIXIE_MUTATIONS");
  std::mt19937_64 gen(seed ? std::strtoull(seed, nullptr, 10) : 18);
  const int mutations = count ? std::atoi(count) : 400;
  int loaded = 0, refused = 0, crashed = 0;
  std::string crashes;
  for (int n = 0; n < mutations; ++n) {
    const Base &base = bases[size_t(n) % bases.size()];
    REQUIRE(!checkImage(base.image, "linux-64")); // the unmutated image passes
    std::string what;
    const std::vector<uint8_t> image = mutate(base.image, tables(base.image), gen, what);
    const std::vector<uint8_t> file = oneVariantFile("mutant", image);
    TempDir tmp;
    const LoadOptions options = isolatedOptions(tmp.path() + "/cache");
    const int status = inChild([&] {
      alarm(20); // a hang is a failure too
      auto m = Module::openMemory(file, options);
      if (!m)
        return m.error().message().empty() ? 3 : 1;
      m->reset(); // unloads: the library's finalisers run here
      return 0;
    });
    if (status == 0)
      ++loaded;
    else if (status == 1)
      ++refused;
    else {
      ++crashed;
      if (const char *keep = std::getenv("PIXIE_MUTATION_KEEP")) { // a directory for the crashing images
        const std::string path = std::string(keep) + "/mutation-" + std::to_string(n) + ".so";
        if (FILE *f = std::fopen(path.c_str(), "wb")) {
          std::fwrite(image.data(), 1, image.size(), f);
          std::fclose(f);
        }
      }
      crashes += "mutation " + std::to_string(n) + " of " + base.path + " (" + what + "): child status " +
                 std::to_string(status) +
                 (status > 128 ? std::string(" (signal: ") + strsignal(status - 128) + ")" : std::string()) + "\n";
    }
  }
  INFO(loaded << " loaded, " << refused << " refused, " << crashed << " crashed\n" << crashes);
  CHECK(crashed == 0);
  CHECK(loaded + refused == mutations);
  WARN("mutation test: " << loaded << " loaded, " << refused << " refused cleanly, " << crashed << " crashed");
}
