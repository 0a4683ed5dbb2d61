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

#if !defined(_WIN32)
namespace {

// Small files are cheaper to read than to map and unmap (measured: 2 us
// against 6 us for a 31 KiB file); large ones are mapped so that only the
// metadata and the selected variant are paged in.
constexpr size_t kMapThreshold = size_t(1) << 20;

Error sysError(const std::string &path, const char *what) {
  return Error(Errc::io, "cannot " + std::string(what) + " " + path + ": " + std::strerror(errno));
}

} // namespace

Expected<FileBytes> FileBytes::open(const std::string &path) {
  FileBytes f;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return sysError(path, "open");
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error(Errc::io, path + " is not a regular file");
  }
  f.size_ = size_t(st.st_size);
  if (f.size_ > kMapThreshold) {
    void *p = mmap(nullptr, f.size_, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED)
      return sysError(path, "map");
    f.data_ = static_cast<const uint8_t *>(p);
    f.mapped_ = true;
    return f;
  }
  f.copy_.resize(f.size_);
  for (size_t done = 0; done < f.size_;) {
    ssize_t n = pread(fd, f.copy_.data() + done, f.size_ - done, off_t(done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      Error e = n < 0 ? sysError(path, "read") : Error(Errc::io, path + " shrank while being read");
      ::close(fd);
      return e;
    }
    done += size_t(n);
  }
  ::close(fd);
  f.data_ = f.copy_.data();
  return f;
}
#else
Expected<FileBytes> FileBytes::open(const std::string &path) {
  Expected<std::vector<uint8_t>> bytes = readFile(path);
  if (!bytes)
    return bytes.takeError();
  FileBytes f;
  f.copy_ = std::move(*bytes);
  f.data_ = f.copy_.data();
  f.size_ = f.copy_.size();
  return f;
}
#endif

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
