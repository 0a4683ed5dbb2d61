// Container reader: trust nothing, allocate nothing a header merely claims.
//
// open() checks, in this order, so each failure gets the most specific message:
//   1. the header's fixed fields (size, magic, major version, reserved bits),
//   2. that the header and table fit in the file,
//   3. the index checksum over header + table (corruption is reported as such),
//   4. each table entry: limits, alignment, bounds, ordering, base references.
// A section's bytes are touched only when it is read: its checksum is verified
// first, then sizes are cross-checked against the zstd frame before the one
// allocation (bounded by kMaxSectionRawSize) and the decompression.
// With a ByteSource (a file read on demand), each range is fetched just before
// these checks look at it, so a file that shrinks meanwhile is an error from
// the source, never a read of bytes that are not there.
#include "pixie/container.h"

#define ZSTD_STATIC_LINKING_ONLY // ZSTD_getFrameHeader: exported, but declared in the advanced API
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "byteio.h"

namespace pixie {
namespace {

using detail::hex;
using detail::load16;
using detail::load32;
using detail::load64;

const char *kindName(uint32_t kind) {
  switch (static_cast<SectionKind>(kind)) {
  case SectionKind::Metadata: return "metadata";
  case SectionKind::Bitcode: return "bitcode";
  case SectionKind::Variant: return "variant";
  }
  return "unknown-kind";
}

std::string where(uint32_t index, const SectionInfo &s) {
  return "section " + std::to_string(index) + " (" + kindName(s.kind) + ")";
}

// What one zstd frame can produce at most, read from its block headers; an
// error when `stored` is not exactly one zstd frame (spec/format.md,
// "Compression"). ZSTD_decompressBound() cannot be used for this: when a
// frame declares its content size it returns that declared size, so a
// 16-byte frame declaring 2 GiB passed and the reader allocated and zeroed
// 2 GiB before decompression failed (tests/format/regressions/). A raw or RLE
// block yields exactly its size, a compressed block at most the frame's
// block maximum.
Expected<uint64_t> frameOutputBound(std::span<const uint8_t> stored) {
  ZSTD_frameHeader h;
  if (ZSTD_getFrameHeader(&h, stored.data(), stored.size()) != 0 || h.frameType != ZSTD_frame)
    return Error(Errc::decompression_failed, "the stored bytes do not start with a zstd frame header");
  uint64_t pos = h.headerSize, bound = 0;
  for (bool last = false; !last;) {
    if (stored.size() - pos < 3) return Error(Errc::decompression_failed, "the zstd frame ends inside a block header");
    uint32_t header = uint32_t(stored[pos]) | uint32_t(stored[pos + 1]) << 8 | uint32_t(stored[pos + 2]) << 16;
    pos += 3;
    last = header & 1;
    uint32_t type = (header >> 1) & 3, size = header >> 3;
    if (type == 3) return Error(Errc::decompression_failed, "a zstd block has the reserved type 3");
    uint64_t consumed = type == 1 ? 1 : size; // an RLE block stores its one byte
    if (stored.size() - pos < consumed) return Error(Errc::decompression_failed, "the zstd frame ends inside a block");
    pos += consumed;
    bound += type == 2 ? h.blockSizeMax : size;
  }
  if (h.checksumFlag) pos += 4;
  if (pos != stored.size())
    return Error(Errc::decompression_failed, "the stored bytes are not exactly one zstd frame");
  return bound;
}

// Asks the source, if any, for a range; `what` names it in an error (built
// only then: sections are fetched on the loader's hot path).
template <class What>
Error fetch(const ByteSource *source, uint64_t offset, uint64_t size, What what) {
  if (!source) return Error::success();
  if (Error e = source->fetch(offset, size)) return Error(e.code(), "reading " + std::string(what()) + ": " + e.message());
  return Error::success();
}

struct DCtxDeleter {
  void operator()(ZSTD_DCtx *d) const { ZSTD_freeDCtx(d); }
};

} // namespace

Expected<ContainerReader> ContainerReader::open(std::span<const uint8_t> file, const ByteSource *source) {
  ContainerReader r;
  r.file_ = file;
  r.source_ = source;
  const uint8_t *h = file.data();
  if (file.size() < kHeaderSize)
    return Error(Errc::truncated, "file is " + std::to_string(file.size()) + " bytes, shorter than the " +
                                      std::to_string(kHeaderSize) + "-byte header");
  if (Error e = fetch(source, 0, kHeaderSize, [] { return "the header"; })) return e;
  if (std::memcmp(h, detail::kMagic, sizeof detail::kMagic) != 0)
    return Error(Errc::bad_magic, "not a .pixie file: bytes 0-7 are not the magic 89 50 49 58 49 45 0d 0a");
  uint16_t major = load16(h + 8), minor = load16(h + 10);
  if (major != kFormatMajor)
    return Error(Errc::unsupported_version, "format version " + std::to_string(major) + "." + std::to_string(minor) +
                                                " (offset 8) is not supported: this reader reads version " +
                                                std::to_string(kFormatMajor) + ".x");
  if (uint32_t flags = load32(h + 12))
    return Error(Errc::reserved_nonzero, "header flags at offset 12 are " + hex(flags) + "; reserved bits must be zero");
  if (uint32_t size = load32(h + 16); size != kHeaderSize)
    return Error(Errc::malformed, "header size at offset 16 is " + std::to_string(size) + ", expected " +
                                      std::to_string(kHeaderSize));
  for (size_t i = 48; i < kHeaderSize; ++i)
    if (h[i])
      return Error(Errc::reserved_nonzero, "reserved header byte at offset " + std::to_string(i) + " is " +
                                               hex(h[i]) + "; reserved bytes must be zero");

  uint32_t count = load32(h + 20);
  uint64_t tableOffset = load64(h + 24), fileSize = load64(h + 32), indexChecksum = load64(h + 40);
  if (fileSize != file.size())
    return Error(fileSize > file.size() ? Errc::truncated : Errc::out_of_bounds,
                 "header (offset 32) says the file is " + std::to_string(fileSize) + " bytes but it is " +
                     std::to_string(file.size()));
  if (fileSize > kMaxFileSize)
    return Error(Errc::limit_exceeded, "file size (offset 32) is " + std::to_string(fileSize) + "; the limit is " +
                                           std::to_string(kMaxFileSize));
  if (count == 0) return Error(Errc::malformed, "section count (offset 20) is 0; a file needs its metadata section");
  if (count > kMaxSections)
    return Error(Errc::limit_exceeded, "section count (offset 20) is " + std::to_string(count) + "; the limit is " +
                                           std::to_string(kMaxSections));
  uint64_t tableSize = uint64_t(count) * kSectionEntrySize; // count <= 4096: cannot overflow
  if (tableOffset < kHeaderSize || tableOffset > file.size() || file.size() - tableOffset < tableSize)
    return Error(Errc::out_of_bounds, "section table (offset " + std::to_string(tableOffset) + ", " +
                                          std::to_string(count) + " entries) does not lie between the header and the end of the file");
  if (tableOffset % 8)
    return Error(Errc::out_of_bounds, "section table offset " + std::to_string(tableOffset) + " is not 8-byte aligned");
  if (Error e = fetch(source, tableOffset, tableSize, [] { return "the section table"; })) return e;

  if (uint64_t actual = detail::indexChecksum(h, h + tableOffset, tableSize); actual != indexChecksum)
    return Error(Errc::checksum_mismatch, "index checksum (offset 40) is " + hex(indexChecksum) +
                                              " but the header and section table hash to " + hex(actual) +
                                              ": the file is corrupted");

  r.minor_ = minor;
  r.sections_.reserve(count);
  uint64_t previousEnd = tableOffset + tableSize;
  for (uint32_t i = 0; i < count; ++i) {
    const uint8_t *e = h + tableOffset + uint64_t(i) * kSectionEntrySize;
    std::string entry = "section table entry " + std::to_string(i) + " (offset " +
                        std::to_string(tableOffset + uint64_t(i) * kSectionEntrySize) + ")";
    SectionInfo s;
    s.kind = load32(e);
    s.compression = static_cast<Compression>(e[4]);
    s.align_log2 = e[5];
    s.offset = load64(e + 8);
    s.stored_size = load64(e + 16);
    s.raw_size = load64(e + 24);
    s.checksum = load64(e + 32);
    s.base = load32(e + 40);
    if (s.kind == 0) return Error(Errc::malformed, entry + ": kind 0 is not a section kind");
    if (load16(e + 6) || load32(e + 44))
      return Error(Errc::reserved_nonzero, entry + ": reserved fields must be zero");
    if (s.align_log2 > kMaxAlignLog2)
      return Error(Errc::limit_exceeded, entry + ": alignment 2^" + std::to_string(s.align_log2) +
                                             " is over the limit 2^" + std::to_string(kMaxAlignLog2));
    if (s.offset % (uint64_t(1) << s.align_log2))
      return Error(Errc::out_of_bounds, entry + ": offset " + std::to_string(s.offset) + " is not aligned to " +
                                            std::to_string(1u << s.align_log2));
    if (s.offset < previousEnd)
      return Error(Errc::out_of_bounds, entry + ": data at offset " + std::to_string(s.offset) +
                                            " overlaps the header, the table or the previous section (which end at " +
                                            std::to_string(previousEnd) + ")");
    if (s.offset > file.size() || file.size() - s.offset < s.stored_size)
      return Error(Errc::out_of_bounds, entry + ": " + std::to_string(s.stored_size) + " bytes at offset " +
                                            std::to_string(s.offset) + " run past the end of the file (" +
                                            std::to_string(file.size()) + " bytes)");
    if (s.stored_size > kMaxSectionStoredSize)
      return Error(Errc::limit_exceeded, entry + ": stored size " + std::to_string(s.stored_size) +
                                             " is over the limit " + std::to_string(kMaxSectionStoredSize));
    uint64_t rawLimit = s.kind == uint32_t(SectionKind::Metadata) ? kMaxMetadataSize : kMaxSectionRawSize;
    if (s.raw_size > rawLimit)
      return Error(Errc::limit_exceeded, entry + ": raw size " + std::to_string(s.raw_size) + " is over the limit " +
                                             std::to_string(rawLimit));
    if (s.compression == Compression::None && s.raw_size != s.stored_size)
      return Error(Errc::malformed, entry + ": uncompressed but raw size " + std::to_string(s.raw_size) +
                                           " differs from stored size " + std::to_string(s.stored_size));
    if (s.base != kNoBase) {
      if (s.base >= i)
        return Error(Errc::out_of_bounds, entry + ": base section " + std::to_string(s.base) +
                                              " does not come before it");
      const SectionInfo &b = r.sections_[s.base];
      if (b.base != kNoBase)
        return Error(Errc::malformed, entry + ": base section " + std::to_string(s.base) +
                                             " has a base itself; chains are not allowed");
      if (b.kind != s.kind)
        return Error(Errc::malformed, entry + ": base section " + std::to_string(s.base) + " is of another kind");
      if (s.compression != Compression::Zstd)
        return Error(Errc::malformed, entry + ": only zstd sections can have a base");
    }
    if (s.compression == Compression::Zstd) {
      // spec/format.md, "Limits": at most 1024 x the stored size, plus the
      // base's raw size for a delta (what it can copy from its prefix). The
      // base's size is added, not multiplied: 1024 x (stored + base raw) let
      // a 70 KiB file hold a 64 KiB base and a delta of 1 GiB (issue 18).
      // stored <= 2^31 and base raw <= 2^31: no overflow.
      const bool based = s.base != kNoBase;
      uint64_t baseRaw = based ? r.sections_[s.base].raw_size : 0;
      if (s.raw_size > s.stored_size * kMaxCompressionRatio + baseRaw)
        return Error(Errc::limit_exceeded,
                     entry + ": raw size " + std::to_string(s.raw_size) + " is more than " +
                         std::to_string(kMaxCompressionRatio) + " times its stored size (" +
                         std::to_string(s.stored_size) + ")" +
                         (based ? " plus its base's raw size (" + std::to_string(baseRaw) + ")" : std::string()) +
                         ": a decompression bomb");
    }
    if ((i == 0) != (s.kind == uint32_t(SectionKind::Metadata)))
      return Error(Errc::malformed, entry + (i == 0 ? ": section 0 must be the metadata"
                                                       : ": only section 0 may be metadata"));
    previousEnd = s.offset + s.stored_size;
    r.sections_.push_back(s);
  }
  if (previousEnd != file.size())
    return Error(Errc::out_of_bounds, "the last section ends at " + std::to_string(previousEnd) +
                                          " but the file has " + std::to_string(file.size() - previousEnd) +
                                          " more bytes");
  return r;
}

Error ContainerReader::fetchAll() const { return fetch(source_, 0, file_.size(), [] { return "the whole file"; }); }

Error ContainerReader::checkIndex(uint32_t index) const {
  if (index >= sections_.size())
    return Error(Errc::not_found, "section " + std::to_string(index) + " does not exist (the file has " +
                                      std::to_string(sections_.size()) + ")");
  return Error::success();
}

Error ContainerReader::checkStored(uint32_t index) const {
  const SectionInfo &s = sections_[index];
  if (Error e = fetch(source_, s.offset, s.stored_size, [&] { return where(index, s); })) return e;
  std::span<const uint8_t> stored = file_.subspan(s.offset, s.stored_size);
  if (uint64_t actual = detail::checksum(stored); actual != s.checksum)
    return Error(Errc::checksum_mismatch, where(index, s) + " at offset " + std::to_string(s.offset) +
                                              ": checksum is " + hex(actual) + ", the table says " +
                                              hex(s.checksum) + ": the file is corrupted");
  switch (s.compression) {
  case Compression::None:
    return Error::success();
  case Compression::Zstd:
    break;
  default:
    return Error(Errc::unsupported_compression, where(index, s) + ": compression method " +
                                                    std::to_string(unsigned(s.compression)) + " is not supported");
  }
  unsigned long long frameSize = ZSTD_getFrameContentSize(stored.data(), stored.size());
  if (frameSize != s.raw_size)
    return Error(Errc::decompression_failed,
                 where(index, s) + ": the zstd frame does not declare the table's raw size " + std::to_string(s.raw_size));
  // A frame cannot produce more than its block headers allow: this rejects a
  // raw size that is a lie before anything is allocated for it.
  Expected<uint64_t> bound = frameOutputBound(stored);
  if (!bound) return Error(Errc::decompression_failed, where(index, s) + ": " + bound.error().message());
  if (*bound < s.raw_size)
    return Error(Errc::decompression_failed, where(index, s) + ": raw size " + std::to_string(s.raw_size) +
                                                 " is more than the zstd frame can produce (at most " +
                                                 std::to_string(*bound) + " bytes)");
  return Error::success();
}

Error ContainerReader::decode(uint32_t index, std::span<uint8_t> out) const {
  const SectionInfo &s = sections_[index];
  std::span<const uint8_t> stored = file_.subspan(s.offset, s.stored_size);
  if (s.compression == Compression::None) {
    if (!stored.empty()) std::memcpy(out.data(), stored.data(), stored.size());
    return Error::success();
  }
  std::vector<uint8_t> base;
  if (s.base != kNoBase) {
    auto b = readSection(s.base);
    if (!b) return Error(b.error().code(), where(index, s) + ": its base: " + b.error().message());
    base = std::move(*b);
  }
  // One context per thread, kept: creating one costs more than decompressing
  // a small variant (its ~160 KB workspace is mmapped and zeroed each time).
  thread_local std::unique_ptr<ZSTD_DCtx, DCtxDeleter> dctx(ZSTD_createDCtx());
  if (!dctx) return Error(Errc::decompression_failed, "out of memory creating a zstd context");
  ZSTD_DCtx_reset(dctx.get(), ZSTD_reset_session_and_parameters);
  ZSTD_DCtx_setParameter(dctx.get(), ZSTD_d_windowLogMax, 31);
  if (!base.empty()) ZSTD_DCtx_refPrefix(dctx.get(), base.data(), base.size());
  size_t n = ZSTD_decompressDCtx(dctx.get(), out.data(), out.size(), stored.data(), stored.size());
  if (ZSTD_isError(n))
    return Error(Errc::decompression_failed, where(index, s) + ": zstd: " + ZSTD_getErrorName(n));
  if (n != s.raw_size)
    return Error(Errc::decompression_failed, where(index, s) + ": decompressed to " + std::to_string(n) +
                                                 " bytes, the table says " + std::to_string(s.raw_size));
  return Error::success();
}

Error ContainerReader::readSectionInto(uint32_t index, std::span<uint8_t> out) const {
  if (Error e = checkIndex(index)) return e;
  const SectionInfo &s = sections_[index];
  if (out.size() != s.raw_size)
    return Error(Errc::invalid_argument, where(index, s) + ": output buffer is " + std::to_string(out.size()) +
                                             " bytes, the section is " + std::to_string(s.raw_size));
  if (Error e = checkStored(index)) return e;
  return decode(index, out);
}

Expected<std::vector<uint8_t>> ContainerReader::readSection(uint32_t index) const {
  if (Error e = checkIndex(index)) return e;
  if (Error e = checkStored(index)) return e;
  std::vector<uint8_t> out(sections_[index].raw_size);
  if (Error e = decode(index, out)) return e;
  return out;
}

Error ContainerReader::verifyAll() const {
  uint64_t tableOffset = load64(file_.data() + 24);
  auto zeroes = [&](uint64_t from, uint64_t to, const std::string &before) -> Error {
    if (Error e = fetch(source_, from, to - from, [&] { return "the padding before " + before; })) return e;
    for (uint64_t p = from; p < to; ++p)
      if (file_[p])
        return Error(Errc::reserved_nonzero, "padding byte at offset " + std::to_string(p) + " before " + before +
                                                 " is not zero");
    return Error::success();
  };
  if (Error e = zeroes(kHeaderSize, tableOffset, "the section table")) return e;
  uint64_t end = tableOffset + uint64_t(sections_.size()) * kSectionEntrySize;
  for (uint32_t i = 0; i < sections_.size(); ++i) {
    const SectionInfo &s = sections_[i];
    if (Error e = zeroes(end, s.offset, where(i, s))) return e;
    auto content = readSection(i);
    if (!content) return content.takeError();
    end = s.offset + s.stored_size;
  }
  return Error::success();
}

} // namespace pixie
