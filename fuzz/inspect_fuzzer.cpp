// libFuzzer target: pixie-inspect's read path on a buffer, as main.cpp runs
// it on a file: FatBinaryReader::open (container + metadata), the listing as
// text and JSON, the host explanation for several synthetic hosts (x86-64
// with and without AVX2, aarch64 with SVE, an Apple M1, and a host of no
// platform), each with and without a forced tier. Reading variant and
// bitcode sections (--extract) is left to the container target: done here
// too, it made this target over ten times slower.
//
// Disassembly and IR (disasm.cpp, bitcode.cpp) are LLVM's parsers and are
// left out: they are not ours to instrument, and the listing path is what a
// user runs first on a file they were sent. Inputs are resealed as in the
// container target, so mutations reach the metadata inside a valid container.
#include <cstdint>
#include <span>
#include <vector>

#include "allocation.h"
#include "check.h"
#include "inspect.h"
#include "pixie/fatbinary.h"
#include "pixie/host.h"
#include "pixie/selection.h"
#include "reseal.h"

using namespace pixie;
using namespace pixie::fuzz;

namespace {

std::vector<HostProfile> hosts() {
  std::vector<HostProfile> out(5);
  bool ok = makeHostProfile(Os::Linux, Arch::X86_64, "x86-64", {"sse2"}, out[0]) &&
            makeHostProfile(Os::Linux, Arch::X86_64, "znver3",
                            {"sse2", "sse3", "ssse3", "sse4.1", "sse4.2", "popcnt", "avx", "avx2", "fma", "bmi2"},
                            out[1]) &&
            makeHostProfile(Os::Linux, Arch::AArch64, "neoverse-v1", {"neon", "fp-armv8", "dotprod", "sve"}, out[2]) &&
            makeHostProfile(Os::MacOS, Arch::AArch64, "apple-m1", {"neon", "fp-armv8", "dotprod"}, out[3]) &&
            makeHostProfile(Os::Other, Arch::Other, "", {}, out[4]);
  require(ok, "a synthetic host profile names an unknown feature");
  return out;
}

void readAsInspectDoes(std::span<const uint8_t> bytes) {
  static const std::vector<HostProfile> kHosts = hosts();
  auto file = FatBinaryReader::open(bytes);
  if (!file) return requireClean(file.error());
  const Metadata &meta = file->metadata();
  require(!inspect::listingText(*file, "fuzz.pixie").empty(), "an empty listing");
  require(!inspect::listingJson(*file, "fuzz.pixie").dump(2).empty(), "an empty JSON listing");
  for (const HostProfile &host : kHosts)
    for (std::string_view forced : {std::string_view(), std::string_view("x86-64-v3")}) {
      Explanation why;
      auto chosen = selectVariant(meta, host, forced, why);
      if (chosen) require(*chosen < meta.variants.size(), "selection chose a variant the file does not have");
      else requireClean(chosen.error());
      (void)explanationText(why, meta);
      (void)explanationJson(why, meta);
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  installAllocationHook();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  readBothWays(std::span<const uint8_t>(data, size), readAsInspectDoes);
  return 0;
}
