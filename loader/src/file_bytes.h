// A whole file as bytes, for the JIT cache (jit_cache.cpp), whose entries are
// small .pixie files checked whole. A thin name for format's readFile: there
// is one way to read a file (pixie/file_source.h).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "pixie/error.h"

namespace pixie {

class FileBytes {
public:
  static Expected<FileBytes> open(const std::string &path);
  std::span<const uint8_t> bytes() const { return bytes_; }

private:
  std::vector<uint8_t> bytes_;
};

} // namespace pixie
