// libFuzzer target: the container layer (spec/format.md: header, section
// table, placement, checksums, zstd with base sections).
//
// Each input is opened as given and resealed (reseal.h). When open()
// succeeds every section is read, verifyAll() walks the whole file, and the
// results must agree: a section read succeeds with exactly its raw size, into
// a caller's buffer too, and verifyAll() succeeds only if every read did.
#include <cstdint>
#include <span>
#include <vector>

#include "allocation.h"
#include "check.h"
#include "pixie/container.h"
#include "reseal.h"

using namespace pixie;
using namespace pixie::fuzz;

static void readEverything(std::span<const uint8_t> file) {
  auto r = ContainerReader::open(file);
  if (!r) return requireClean(r.error());
  bool allRead = true;
  for (uint32_t i = 0; i < r->sections().size(); ++i) {
    auto bytes = r->readSection(i);
    if (!bytes) {
      requireClean(bytes.error());
      allRead = false;
      continue;
    }
    require(bytes->size() == r->sections()[i].raw_size, "readSection returned other than the raw size");
    std::vector<uint8_t> again(bytes->size());
    require(!r->readSectionInto(i, again), "readSectionInto failed where readSection succeeded");
    require(again == *bytes, "readSectionInto and readSection disagree");
  }
  Error all = r->verifyAll();
  if (all) requireClean(all);
  require(!all || !allRead || all.code() == Errc::reserved_nonzero,
          "verifyAll failed on a file whose sections all read, for a reason other than padding");
  require(all || allRead, "verifyAll passed a file with an unreadable section");
}

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  installAllocationHook();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  readBothWays(std::span<const uint8_t>(data, size), readEverything);
  return 0;
}
