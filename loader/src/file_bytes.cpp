#include "file_bytes.h"

#include "pixie/file_source.h"

namespace pixie {

Expected<FileBytes> FileBytes::open(const std::string &path) {
  Expected<std::vector<uint8_t>> bytes = readFile(path);
  if (!bytes)
    return bytes.takeError();
  FileBytes f;
  f.bytes_ = std::move(*bytes);
  return f;
}

} // namespace pixie
