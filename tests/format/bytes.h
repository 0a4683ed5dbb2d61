// Editing .pixie files in tests: little-endian fields, table entries, and
// resealing the index checksum so a test reaches the rule behind it.
#pragma once

#include <cstdint>
#include <vector>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace pixie::test {

inline uint32_t get32(const std::vector<uint8_t> &f, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | f[at + i];
  return v;
}
inline uint64_t get64(const std::vector<uint8_t> &f, size_t at) {
  return uint64_t(get32(f, at)) | uint64_t(get32(f, at + 4)) << 32;
}
inline void put32(std::vector<uint8_t> &f, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) f[at + i] = uint8_t(v >> (8 * i));
}
inline void put64(std::vector<uint8_t> &f, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) f[at + i] = uint8_t(v >> (8 * i));
}
// Offset of section table entry i (the table follows the 64-byte header).
inline size_t entry(uint32_t i) { return 64 + size_t(i) * 48; }

// Recomputes the index checksum over the header and the table.
inline void resealIndex(std::vector<uint8_t> &f) {
  uint32_t count = get32(f, 20);
  XXH3_state_t st;
  XXH3_64bits_reset(&st);
  XXH3_64bits_update(&st, f.data(), 40);
  XXH3_64bits_update(&st, f.data() + 48, 16);
  XXH3_64bits_update(&st, f.data() + 64, size_t(count) * 48);
  put64(f, 40, XXH3_64bits_digest(&st));
}

} // namespace pixie::test
