// The .pixie container: a header, a section table and sections (spec/format.md).
//
// This layer knows bytes, not meaning: it checks every offset, size, limit,
// reserved field and checksum the spec defines, and decompresses one section
// on demand. What the sections mean (variants, bitcode, metadata) is
// fatbinary.h's business.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "pixie/error.h"

namespace pixie {

// Section kinds (spec/format.md, "Section kinds"). Values are fixed forever.
enum class SectionKind : uint32_t {
  Metadata = 1, // JSON document, exactly one per file
  Bitcode = 2,  // LLVM bitcode of one platform
  Variant = 3,  // a native shared library (ELF .so, Mach-O .dylib, PE .dll)
};

enum class Compression : uint8_t {
  None = 0,
  Zstd = 1, // one zstd frame; may reference a base section as its prefix
};

constexpr uint16_t kFormatMajor = 1;
// The newest minor version this code writes and knows: 1 added array
// signatures (spec/format.md). A file is written with the lowest minor
// version whose features it uses, so a reader of 1.0 reads all it can.
constexpr uint16_t kFormatMinor = 1;
constexpr uint32_t kHeaderSize = 64;
constexpr uint32_t kSectionEntrySize = 48;
constexpr uint32_t kNoBase = 0xFFFFFFFFu;

// Hard limits (spec/format.md, "Limits").
constexpr uint32_t kMaxSections = 4096;
constexpr uint64_t kMaxSectionRawSize = uint64_t(1) << 31; // 2 GiB
constexpr uint64_t kMaxSectionStoredSize = uint64_t(1) << 31; // 2 GiB
constexpr uint64_t kMaxMetadataSize = uint64_t(16) << 20;  // 16 MiB
constexpr uint64_t kMaxFileSize = uint64_t(1) << 44;      // 16 TiB
constexpr uint8_t kMaxAlignLog2 = 16;
// A compressed section's raw size is at most this many times its stored size,
// plus its base's raw size (added, not multiplied: raw <= 1024 x stored +
// base raw): a few KB may not stand for gigabytes (real
// sections compress 2-20x; a tier differing little from its base is bounded
// by the base). Writers store a section raw rather than exceed it.
constexpr uint64_t kMaxCompressionRatio = 1024;

struct SectionInfo {
  uint32_t kind = 0; // a SectionKind, or a kind from a newer minor version
  Compression compression = Compression::None;
  uint8_t align_log2 = 0;
  uint64_t offset = 0;
  uint64_t stored_size = 0;
  uint64_t raw_size = 0;
  uint64_t checksum = 0; // XXH3-64 of the stored bytes
  uint32_t base = kNoBase;
};

// Where the bytes of a reader's span come from when they are read on demand
// (FileSource, file_source.h) rather than all in memory. The reader asks for
// each range before it looks at it: the header and the section table in
// open(), a section's stored bytes (and its base's) before they are
// checksummed. A range fetch() has filled must never change afterwards: the
// reader checks bytes once and then uses them.
class ByteSource {
public:
  virtual Error fetch(uint64_t offset, uint64_t size) const = 0;

protected:
  ~ByteSource() = default;
};

// Reads a container from a byte span the caller keeps alive. open() validates
// the header and the whole table; section contents are checked when read.
class ContainerReader {
public:
  // With a `source`, the span is filled on demand (it must outlive the
  // reader, like the span); without one, every byte is already there.
  static Expected<ContainerReader> open(std::span<const uint8_t> file, const ByteSource *source = nullptr);

  uint16_t minorVersion() const { return minor_; }
  const std::vector<SectionInfo> &sections() const { return sections_; }
  // The span open() was given: its size is the file's; with a source, only
  // the ranges read so far hold the file's bytes until fetchAll().
  std::span<const uint8_t> file() const { return file_; }
  // Makes every byte of file() the file's, for a consumer that takes the file
  // whole (the JIT hashes and re-reads it).
  Error fetchAll() const;

  // Verifies the section's checksum and decompresses it into `out`, whose
  // size must be the section's raw size. Reads the base section if any.
  Error readSectionInto(uint32_t index, std::span<uint8_t> out) const;
  Expected<std::vector<uint8_t>> readSection(uint32_t index) const;

  // Every byte of the file: each section read and checked, padding zero.
  Error verifyAll() const;

private:
  Error checkIndex(uint32_t index) const;
  Error checkStored(uint32_t index) const; // checksum and sizes, before any allocation
  Error decode(uint32_t index, std::span<uint8_t> out) const;

  std::span<const uint8_t> file_;
  const ByteSource *source_ = nullptr;
  uint16_t minor_ = 0;
  std::vector<SectionInfo> sections_;
};

struct SectionInput {
  SectionKind kind;
  std::vector<uint8_t> bytes;
  // Sections with the same non-empty family are compressed against the first
  // of them (its content is the zstd prefix): tiers of one platform share
  // most of their bytes, so the others shrink to a few percent.
  std::string family;
};

struct ContainerWriteOptions {
  int zstd_level = 19; // 0: store every section uncompressed
  uint8_t align_log2 = 4; // 16-byte aligned sections
  uint16_t minor_version = 0; // at most kFormatMinor
};

// Lays the sections out in the order given. The caller deduplicates.
Expected<std::vector<uint8_t>> writeContainer(const std::vector<SectionInput> &sections,
                                              const ContainerWriteOptions &options = {});

} // namespace pixie
