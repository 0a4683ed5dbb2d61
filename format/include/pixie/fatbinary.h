// A fat binary: metadata + variants + bitcode in one container.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "pixie/container.h"
#include "pixie/error.h"
#include "pixie/file_source.h"
#include "pixie/metadata.h"

namespace pixie {

// What a producer hands the writer. variant_images[i] belongs to
// meta.variants[i] and bitcode_images[i] to meta.bitcode[i]; the writer fills
// in every `section` field, stores identical images once, and derives the uuid
// from the content when meta.uuid is empty.
struct FatBinaryContents {
  Metadata meta;
  std::vector<std::vector<uint8_t>> variant_images;
  std::vector<std::vector<uint8_t>> bitcode_images;
};

struct FatBinaryWriteOptions {
  ContainerWriteOptions container;
};

Expected<std::vector<uint8_t>> writeFatBinary(const FatBinaryContents &contents,
                                              const FatBinaryWriteOptions &options = {});

// Writes `bytes` to a temporary file next to `path` and renames it into place,
// so a reader never sees a partial file.
Error writeFileAtomic(const std::string &path, std::span<const uint8_t> bytes);

class FatBinaryReader {
public:
  // Validates the container and the metadata; contents are read on demand.
  // The span (and the source, when the span is filled on demand: a
  // FileSource's bytes()) must outlive the reader.
  static Expected<FatBinaryReader> open(std::span<const uint8_t> file, const ByteSource *source = nullptr);

  const Metadata &metadata() const { return meta_; }
  // For a caller that keeps the metadata longer than the reader.
  Metadata takeMetadata() && { return std::move(meta_); }
  const ContainerReader &container() const { return container_; }

  Expected<std::vector<uint8_t>> readVariant(size_t variant_index) const;
  Expected<std::vector<uint8_t>> readBitcode(size_t bitcode_index) const;

private:
  ContainerReader container_;
  Metadata meta_;
};

} // namespace pixie
