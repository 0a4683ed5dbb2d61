// A whole file as a read-only byte span for the duration of an open: large
// files are mapped where the OS allows (only the pages of the metadata and of
// the selected variant are read), small ones read into memory.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "pixie/error.h"

namespace pixie {

class FileBytes {
public:
  static Expected<FileBytes> open(const std::string &path);
  FileBytes(FileBytes &&other) noexcept;
  FileBytes &operator=(FileBytes &&) = delete;
  ~FileBytes();
  std::span<const uint8_t> bytes() const { return {data_, size_}; }

private:
  FileBytes() = default;
  const uint8_t *data_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
  std::vector<uint8_t> copy_;
};

} // namespace pixie
