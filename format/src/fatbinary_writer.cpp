// Fat binary writer: metadata + deduplicated images -> container bytes.
//
// Section order: 0 metadata, then variants grouped as given (each platform a
// compression family, so a tier is stored as a delta against the platform's
// first tier), then bitcode (one family: the per-platform modules differ
// mostly in their triples and data layouts). Identical images, of any kind
// of platform, become one section that several entries reference.
#include "pixie/fatbinary.h"

#include <algorithm>
#include <map>
#include <string>

#include "byteio.h"
#include "pixie/signature.h"

namespace pixie {
namespace {

// UUID version 8 (RFC 9562 "custom"): 122 bits of XXH3-128 over the content.
std::string contentUuid(const std::string &metadataWithoutUuid, const std::vector<SectionInput> &sections) {
  XXH3_state_t state;
  XXH3_128bits_reset(&state);
  auto feed = [&](std::span<const uint8_t> bytes) {
    uint8_t len[8];
    detail::store64(len, bytes.size());
    XXH3_128bits_update(&state, len, sizeof len);
    XXH3_128bits_update(&state, bytes.data(), bytes.size());
  };
  feed({reinterpret_cast<const uint8_t *>(metadataWithoutUuid.data()), metadataWithoutUuid.size()});
  for (size_t i = 1; i < sections.size(); ++i) feed(sections[i].bytes);
  XXH128_hash_t h = XXH3_128bits_digest(&state);
  uint8_t b[16];
  detail::store64(b, h.high64);
  detail::store64(b + 8, h.low64);
  b[6] = uint8_t((b[6] & 0x0F) | 0x80);
  b[8] = uint8_t((b[8] & 0x3F) | 0x80);
  static const char digits[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += digits[b[i] >> 4];
    s += digits[b[i] & 15];
  }
  return s;
}

class SectionTable {
public:
  SectionTable() { sections_.push_back({SectionKind::Metadata, {}, ""}); }

  uint32_t add(SectionKind kind, const std::vector<uint8_t> &bytes, std::string family) {
    XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
    auto key = std::make_pair(h.high64, h.low64);
    auto [lo, hi] = byHash_.equal_range(key);
    for (auto it = lo; it != hi; ++it)
      if (sections_[it->second].kind == kind && sections_[it->second].bytes == bytes) return it->second;
    uint32_t index = uint32_t(sections_.size());
    sections_.push_back({kind, bytes, std::move(family)});
    byHash_.emplace(key, index);
    return index;
  }
  std::vector<SectionInput> &sections() { return sections_; }

private:
  std::vector<SectionInput> sections_;
  std::multimap<std::pair<uint64_t, uint64_t>, uint32_t> byHash_;
};

} // namespace

Expected<std::vector<uint8_t>> writeFatBinary(const FatBinaryContents &in, const FatBinaryWriteOptions &options) {
  if (in.variant_images.size() != in.meta.variants.size())
    return Error(Errc::invalid_argument, std::to_string(in.meta.variants.size()) + " variants but " +
                                             std::to_string(in.variant_images.size()) + " images");
  if (in.bitcode_images.size() != in.meta.bitcode.size())
    return Error(Errc::invalid_argument, std::to_string(in.meta.bitcode.size()) + " bitcode entries but " +
                                             std::to_string(in.bitcode_images.size()) + " modules");
  Metadata meta = in.meta;
  SectionTable table;
  for (size_t i = 0; i < meta.variants.size(); ++i)
    meta.variants[i].section = table.add(SectionKind::Variant, in.variant_images[i], "variant:" + meta.variants[i].platform);
  for (size_t i = 0; i < meta.bitcode.size(); ++i)
    meta.bitcode[i].section = table.add(SectionKind::Bitcode, in.bitcode_images[i], "bitcode");

  std::vector<SectionInput> &sections = table.sections();
  if (meta.uuid.empty()) meta.uuid = contentUuid(serializeMetadata(meta), sections);
  if (Error e = validateMetadata(meta)) return e;
  std::string json = serializeMetadata(meta);
  if (json.size() > kMaxMetadataSize)
    return Error(Errc::limit_exceeded, "metadata is " + std::to_string(json.size()) + " bytes; the limit is " +
                                           std::to_string(kMaxMetadataSize));
  sections[0].bytes.assign(json.begin(), json.end());
  ContainerWriteOptions container = options.container;
  for (const Export &e : meta.exports)
    for (const Overload &o : e.overloads)
      if (auto sig = parseSignature(o.signature); sig && hasArrays(*sig))
        container.minor_version = std::max<uint16_t>(container.minor_version, 1);
  return writeContainer(sections, container);
}

} // namespace pixie
