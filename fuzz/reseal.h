// Gives a mutated .pixie file back consistent checksums and file size.
//
// Almost every mutation of a file breaks the index checksum or a section
// checksum, so a fuzzer feeding raw mutations only ever tests those two
// checks. Each target therefore reads every input twice: as given, and
// resealed, which carries the mutation past the checksums into the placement
// rules, the base references, the zstd decoder and the metadata behind them.
// Resealing never fixes anything else: a table that does not fit is left as
// it is, and the reader must still say why.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace pixie::fuzz {

inline uint64_t le64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = v << 8 | p[i];
  return v;
}
inline void put64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = uint8_t(v >> (8 * i));
}

inline std::vector<uint8_t> resealed(std::span<const uint8_t> in) {
  std::vector<uint8_t> f(in.begin(), in.end());
  if (f.size() < 64) return f;
  put64(&f[32], f.size());
  uint64_t count = le64(&f[16]) >> 32; // bytes 20-23
  uint64_t table = le64(&f[24]);
  uint64_t tableSize = count * 48;
  if (count == 0 || count > 4096 || table < 64 || table > f.size() || f.size() - table < tableSize) return f;
  for (uint64_t e = table; e < table + tableSize; e += 48) {
    uint64_t offset = le64(&f[e + 8]), stored = le64(&f[e + 16]);
    if (offset <= f.size() && stored <= f.size() - offset) put64(&f[e + 32], XXH3_64bits(&f[offset], stored));
  }
  XXH3_state_t st;
  XXH3_64bits_reset(&st);
  XXH3_64bits_update(&st, &f[0], 40);
  XXH3_64bits_update(&st, &f[48], 16);
  XXH3_64bits_update(&st, &f[table], tableSize);
  put64(&f[40], XXH3_64bits_digest(&st));
  return f;
}

} // namespace pixie::fuzz
