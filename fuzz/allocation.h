// The largest single allocation the reader makes for one input, seen through
// the sanitizer runtime's malloc hook (operator new goes through it too).
//
// The spec lets a section be large, but only as large as its stored bytes can
// produce: zstd's densest block is a 3-byte header producing up to 128 KiB
// (the reader's bound counts a compressed block at the frame's maximum), so
// no honest allocation exceeds 43,691 bytes per input byte. Anything above
// that was sized from a field the reader took on trust; -malloc_limit_mb
// alone would miss a lie smaller than its limit (a 668-byte file claiming
// 1 GiB did).
#pragma once

#include <cstddef>
#include <cstdlib>

#include <span>
#include <vector>

#include <sanitizer/allocator_interface.h>

#include "check.h"
#include "reseal.h"

namespace pixie::fuzz {

inline size_t largestAllocation = 0;

inline void recordAllocation(const volatile void *, size_t size) {
  if (size > largestAllocation) largestAllocation = size;
}

inline void ignoreFree(const volatile void *) {}

// The runtime refuses a null free hook.
inline void installAllocationHook() {
  if (!__sanitizer_install_malloc_and_free_hooks(recordAllocation, ignoreFree)) std::abort();
}

constexpr size_t kMaxExpansion = (size_t(128) << 10) / 3 + 1;

// Bytes an input of `size` can justify: its densest expansion plus room for
// the reader's own small structures.
inline size_t justifiedAllocation(size_t size) { return size * kMaxExpansion + (size_t(1) << 20); }

// `read` on the input as given and resealed (reseal.h), with no allocation
// larger than the input can justify.
template <class Read> void readBothWays(std::span<const uint8_t> input, Read read) {
  std::vector<uint8_t> sealed = resealed(input);
  largestAllocation = 0;
  read(input);
  read(std::span<const uint8_t>(sealed));
  require(largestAllocation <= justifiedAllocation(input.size()), "an allocation larger than the input can justify");
}

} // namespace pixie::fuzz
