// Container writer: compress each section, lay them out, checksum the index.
//
// Layout: header (64) | table (48 per section) | sections, each aligned and
// zero-padded, in the order given. Sections of one family are compressed with
// the family's first section as a zstd prefix: a reader needs at most two
// decompressions for any section, yet the second tier of a platform costs a
// few percent of the first. A section is stored raw when zstd does not shrink it,
// or shrinks it past the ratio readers accept (kMaxCompressionRatio).
#include "pixie/container.h"

#include <zstd.h>

#include <map>
#include <memory>

#include "byteio.h"

namespace pixie {
namespace {

using detail::store16;
using detail::store32;
using detail::store64;

struct CCtxDeleter {
  void operator()(ZSTD_CCtx *c) const { ZSTD_freeCCtx(c); }
};

unsigned ceilLog2(uint64_t v) {
  unsigned log = 0;
  while (log < 63 && (uint64_t(1) << log) < v) ++log;
  return log;
}

Expected<std::vector<uint8_t>> compress(std::span<const uint8_t> raw, std::span<const uint8_t> prefix, int level) {
  std::unique_ptr<ZSTD_CCtx, CCtxDeleter> cctx(ZSTD_createCCtx());
  if (!cctx) return Error(Errc::io, "out of memory creating a zstd context");
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 0); // the table has a checksum
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_contentSizeFlag, 1);
  if (!prefix.empty()) {
    // The window must reach back over the whole prefix or matches into it are lost.
    unsigned windowLog = std::min(31u, std::max(10u, ceilLog2(prefix.size() + raw.size())));
    ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_windowLog, int(windowLog));
    ZSTD_CCtx_refPrefix(cctx.get(), prefix.data(), prefix.size());
  }
  std::vector<uint8_t> out(ZSTD_compressBound(raw.size()));
  size_t n = ZSTD_compress2(cctx.get(), out.data(), out.size(), raw.data(), raw.size());
  if (ZSTD_isError(n)) return Error(Errc::io, std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

} // namespace

Expected<std::vector<uint8_t>> writeContainer(const std::vector<SectionInput> &inputs,
                                              const ContainerWriteOptions &options) {
  if (inputs.empty() || inputs[0].kind != SectionKind::Metadata)
    return Error(Errc::invalid_argument, "the first section must be the metadata");
  if (inputs.size() > kMaxSections)
    return Error(Errc::limit_exceeded, std::to_string(inputs.size()) + " sections; the limit is " +
                                           std::to_string(kMaxSections));
  if (options.align_log2 > kMaxAlignLog2)
    return Error(Errc::invalid_argument, "alignment 2^" + std::to_string(options.align_log2) + " is over the limit");

  std::vector<SectionInfo> table(inputs.size());
  std::vector<std::vector<uint8_t>> stored(inputs.size());
  std::map<std::string, uint32_t> familyBase;
  for (uint32_t i = 0; i < inputs.size(); ++i) {
    const SectionInput &in = inputs[i];
    uint64_t limit = in.kind == SectionKind::Metadata ? kMaxMetadataSize : kMaxSectionRawSize;
    if (in.bytes.size() > limit)
      return Error(Errc::limit_exceeded, "section " + std::to_string(i) + " is " + std::to_string(in.bytes.size()) +
                                             " bytes; the limit is " + std::to_string(limit));
    SectionInfo &s = table[i];
    s.kind = uint32_t(in.kind);
    s.raw_size = in.bytes.size();
    s.align_log2 = options.align_log2;
    std::span<const uint8_t> prefix;
    uint32_t base = kNoBase;
    if (!in.family.empty()) {
      auto [it, first] = familyBase.try_emplace(in.family, i);
      if (!first) {
        base = it->second;
        prefix = inputs[base].bytes;
      }
    }
    Expected<std::vector<uint8_t>> packed = std::vector<uint8_t>{};
    if (options.zstd_level != 0) {
      packed = compress(in.bytes, prefix, options.zstd_level);
      if (!packed) return packed.takeError();
    }
    const bool shrinks = options.zstd_level != 0 && packed->size() < in.bytes.size();
    if (shrinks && in.bytes.size() <= packed->size() * kMaxCompressionRatio + prefix.size()) {
      s.compression = Compression::Zstd;
      s.base = prefix.empty() ? kNoBase : base;
      stored[i] = std::move(*packed);
    } else {
      s.compression = Compression::None;
      stored[i] = in.bytes;
    }
    s.stored_size = stored[i].size();
    s.checksum = detail::checksum(stored[i]);
  }

  uint64_t align = uint64_t(1) << options.align_log2;
  uint64_t pos = kHeaderSize + uint64_t(inputs.size()) * kSectionEntrySize;
  for (SectionInfo &s : table) {
    pos = (pos + align - 1) / align * align;
    s.offset = pos;
    pos += s.stored_size;
  }

  std::vector<uint8_t> file(pos, 0);
  uint8_t *h = file.data();
  std::copy(detail::kMagic, detail::kMagic + 8, h);
  store16(h + 8, kFormatMajor);
  store16(h + 10, options.minor_version);
  store32(h + 16, kHeaderSize);
  store32(h + 20, uint32_t(inputs.size()));
  store64(h + 24, kHeaderSize);
  store64(h + 32, file.size());
  for (size_t i = 0; i < table.size(); ++i) {
    const SectionInfo &s = table[i];
    uint8_t *e = h + kHeaderSize + i * kSectionEntrySize;
    store32(e, s.kind);
    e[4] = uint8_t(s.compression);
    e[5] = s.align_log2;
    store64(e + 8, s.offset);
    store64(e + 16, s.stored_size);
    store64(e + 24, s.raw_size);
    store64(e + 32, s.checksum);
    store32(e + 40, s.base);
    std::copy(stored[i].begin(), stored[i].end(), file.begin() + s.offset);
  }
  store64(h + 40, detail::indexChecksum(h, h + kHeaderSize, table.size() * kSectionEntrySize));
  return file;
}

} // namespace pixie
