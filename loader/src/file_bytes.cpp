#include "file_bytes.h"

#include <cerrno>
#include <cstring>

#include "pixie/fatbinary.h"

#if !defined(_WIN32)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace pixie {

Expected<FileBytes> FileBytes::open(const std::string &path) {
  FileBytes f;
#if !defined(_WIN32)
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Error(Errc::io, "cannot open " + path + ": " + std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error(Errc::io, path + " is not a regular file");
  }
  f.size_ = size_t(st.st_size);
  if (f.size_ > 0) {
    void *p = mmap(nullptr, f.size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      f.data_ = static_cast<const uint8_t *>(p);
      f.mapped_ = true;
    }
  }
  ::close(fd);
  if (f.mapped_ || f.size_ == 0)
    return f;
#endif
  Expected<std::vector<uint8_t>> bytes = readFile(path);
  if (!bytes)
    return bytes.takeError();
  f.copy_ = std::move(*bytes);
  f.data_ = f.copy_.data();
  f.size_ = f.copy_.size();
  return f;
}

FileBytes::FileBytes(FileBytes &&o) noexcept
    : data_(o.data_), size_(o.size_), mapped_(o.mapped_), copy_(std::move(o.copy_)) {
  if (!mapped_)
    data_ = copy_.data();
  o.data_ = nullptr;
  o.size_ = 0;
  o.mapped_ = false;
}

FileBytes::~FileBytes() {
#if !defined(_WIN32)
  if (mapped_)
    munmap(const_cast<uint8_t *>(data_), size_);
#endif
}

} // namespace pixie
