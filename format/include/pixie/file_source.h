// Reading files: a .pixie through FileSource (only what is used, each byte
// once), anything read whole through readFile.
//
// A FileSource presents the file as one span of the file's size and reads into
// it only the ranges a ContainerReader asks for: the header and the table at
// open, a section's stored bytes just before they are checksummed. So a
// listing of a many-GiB file reads a few KiB, and a loader reads the metadata
// and one variant.
//
// The span is never backed by the file. Mapping the file (as the loader once
// did) lets a process that truncates it kill the reader with SIGBUS on the
// next page touched; here every byte arrives by read(), a file that shrank is
// a short read, and that is an Errc::io error saying the file changed while
// being read. Bytes read once are kept and never read again, so what a
// checksum verified is what gets used even if the file is rewritten after.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "pixie/container.h"
#include "pixie/error.h"

namespace pixie {

class FileSource final : public ByteSource {
public:
  // Refuses, before allocating anything, what is not a regular file or is
  // larger than any .pixie can be (kMaxFileSize).
  static Expected<std::unique_ptr<FileSource>> open(const std::string &path);
  FileSource(const FileSource &) = delete;
  FileSource &operator=(const FileSource &) = delete;
  ~FileSource();

  const std::string &path() const { return path_; }
  // The file's size; a range holds the file's bytes once fetch() returned
  // success for it. Valid while the FileSource lives.
  std::span<const uint8_t> bytes() const { return {data_, size_t(size_)}; }

  // Thread-safe; each byte is read at most once.
  Error fetch(uint64_t offset, uint64_t size) const override;

private:
  FileSource() = default;

  std::string path_;
  uint64_t size_ = 0;
  uint8_t *data_ = nullptr;
  // Small files: the whole file, read at open (one read costs less than
  // setting up and tearing down a mapping). Large files: an anonymous mapping
  // the size of the file, filled on demand through fd_.
  std::unique_ptr<uint8_t[]> whole_;
  int fd_ = -1;
  mutable std::mutex mutex_;
  mutable std::vector<std::pair<uint64_t, uint64_t>> fetched_; // sorted disjoint [begin, end), under mutex_
};

// Reads a whole file into memory: for files a caller needs whole (a shared
// library to pack, a JIT cache entry). Refuses a file over 2 GiB, the largest
// a section's content can be, before allocating: format/ has no exceptions,
// so an allocation that fails would abort the process. A .pixie is read
// through FileSource instead.
Expected<std::vector<uint8_t>> readFile(const std::string &path);

} // namespace pixie
