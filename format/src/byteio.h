// Little-endian field access and the checksum, private to format/.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace pixie::detail {

inline uint16_t load16(const uint8_t *p) { return uint16_t(p[0] | p[1] << 8); }
inline uint32_t load32(const uint8_t *p) { return uint32_t(load16(p)) | uint32_t(load16(p + 2)) << 16; }
inline uint64_t load64(const uint8_t *p) { return uint64_t(load32(p)) | uint64_t(load32(p + 4)) << 32; }

inline void store16(uint8_t *p, uint16_t v) { p[0] = uint8_t(v); p[1] = uint8_t(v >> 8); }
inline void store32(uint8_t *p, uint32_t v) { store16(p, uint16_t(v)); store16(p + 2, uint16_t(v >> 16)); }
inline void store64(uint8_t *p, uint64_t v) { store32(p, uint32_t(v)); store32(p + 4, uint32_t(v >> 32)); }

inline uint64_t checksum(std::span<const uint8_t> bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

std::string hex(uint64_t v);

constexpr uint8_t kMagic[8] = {0x89, 'P', 'I', 'X', 'I', 'E', '\r', '\n'};

// The index checksum covers the 64-byte header minus its own field (bytes
// 40-47) followed by the section table.
inline uint64_t indexChecksum(const uint8_t *header, const uint8_t *table, size_t tableSize) {
  XXH3_state_t state;
  XXH3_64bits_reset(&state);
  XXH3_64bits_update(&state, header, 40);
  XXH3_64bits_update(&state, header + 48, 16);
  XXH3_64bits_update(&state, table, tableSize);
  return XXH3_64bits_digest(&state);
}

} // namespace pixie::detail
