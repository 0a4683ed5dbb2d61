// libFuzzer target: the image check (loader/src/image_check.cpp), which reads
// a variant's headers and, for ELF, every program header, dynamic entry,
// string-table reference, hash table and relocation before dlopen sees it.
//
// The input is a variant's bytes, checked for each platform (so an ELF is read
// both as x86-64 and as aarch64, whichever its machine). Besides the
// sanitizers: a refusal is clean (check.h), and the check is a function of
// the bytes alone (run twice, the same answer).
#include <cstdint>
#include <span>

#include "check.h"
#include "image_check.h"

using namespace pixie;
using namespace pixie::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::span<const uint8_t> image(data, size);
  for (const char *platform : {"linux-64", "linux-aarch64", "osx-arm64", "win-64"}) {
    Error first = checkImage(image, platform);
    Error again = checkImage(image, platform);
    require(bool(first) == bool(again), "the image check gave two answers for one input");
    if (first) {
      requireClean(first);
      require(first.message() == again.message(), "the image check gave two messages for one input");
    }
  }
  return 0;
}
