// FileSource and readFile (file_source.h): the one place files are read.
#include "pixie/file_source.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#ifdef _WIN32
#include <io.h>
#include <windows.h>
#else
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace pixie {
namespace {

// Files up to this size are read whole at open, with one read; larger ones
// on demand. Measured on Module::openFile (x86-64 Linux, page cache warm):
// whole is faster up to ~128 KiB (31 KiB: 68 against 73 us, the mapping's
// setup, faults and teardown), on demand from ~256 KiB (512 KiB: 50 against
// 60 us, and the gap grows with the file).
constexpr uint64_t kReadWholeMax = uint64_t(192) << 10;
// Reads on demand are rounded out to 4 KiB pages: the header's read brings
// the table (and often the metadata) with it. Larger grains copy and fault in
// bytes nobody asked for: on a 4 MiB file, 64 KiB grains made an open 13 us
// slower than mapping the file, 4 KiB ones 1.5 us.
constexpr uint64_t kGrain = uint64_t(4) << 10;

#ifdef _WIN32
constexpr int kReadFlags = O_RDONLY | O_BINARY;
using StatBuf = struct _stat64; // plain stat has a 32-bit size on Windows
int statFd(int fd, StatBuf *st) { return _fstat64(fd, st); }
#else
constexpr int kReadFlags = O_RDONLY | O_CLOEXEC;
using StatBuf = struct stat;
int statFd(int fd, StatBuf *st) { return fstat(fd, st); }
#endif

Error ioError(const std::string &what, const std::string &path) {
  return Error(Errc::io, "cannot " + what + " '" + path + "': " + std::strerror(errno));
}

// A descriptor closed on scope exit unless released.
struct Descriptor {
  int fd = -1;
  Descriptor() = default;
  Descriptor(const Descriptor &) = delete;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
  int release() { return std::exchange(fd, -1); }
};

// Opened without blocking, then checked on the descriptor: a plain open of a
// FIFO waits for a writer forever (and one of a terminal or a tape device may
// have side effects), so only a regular file is ever read. O_NONBLOCK does
// nothing to a regular file's reads; it is cleared anyway.
Error openRegular(const std::string &path, Descriptor &file, uint64_t &size) {
#ifdef _WIN32
  file.fd = ::open(path.c_str(), kReadFlags);
#else
  file.fd = ::open(path.c_str(), kReadFlags | O_NONBLOCK | O_NOCTTY);
#endif
  if (file.fd < 0) return ioError("open", path);
  StatBuf st;
  if (statFd(file.fd, &st) != 0) return ioError("stat", path);
  if ((st.st_mode & S_IFMT) != S_IFREG) return Error(Errc::io, "cannot read '" + path + "': not a regular file");
#ifndef _WIN32
  int flags = fcntl(file.fd, F_GETFL);
  if (flags < 0 || fcntl(file.fd, F_SETFL, flags & ~O_NONBLOCK) != 0) return ioError("open", path);
#endif
  size = uint64_t(st.st_size);
  return Error::success();
}

// Reads `size` bytes at `offset` into `out`. The file had `sizeAtOpen` bytes
// when it was opened, so a read that ends early means it shrank since.
Error readAt(int fd, uint8_t *out, uint64_t size, uint64_t offset, uint64_t sizeAtOpen) {
  for (uint64_t done = 0; done < size;) {
    unsigned chunk = unsigned(std::min<uint64_t>(size - done, uint64_t(1) << 30));
#ifdef _WIN32
    // No pread: seek and read, which FileSource serializes under its mutex.
    if (_lseeki64(fd, int64_t(offset + done), SEEK_SET) < 0)
      return Error(Errc::io, std::string("seek failed: ") + std::strerror(errno));
    int n = ::_read(fd, out + done, chunk);
#else
    ssize_t n = ::pread(fd, out + done, chunk, off_t(offset + done));
#endif
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error(Errc::io, std::string("read failed: ") + std::strerror(errno));
    if (n == 0)
      return Error(Errc::io, "the file changed while being read: it had " + std::to_string(sizeAtOpen) +
                                 " bytes when opened, now it ends before offset " + std::to_string(offset + done));
    done += uint64_t(n);
  }
  return Error::success();
}

// Address space for a file read on demand: private and anonymous, so pages
// never read cost nothing and none can fault on a file that shrank.
uint8_t *reserve(uint64_t size) {
#ifdef _WIN32
  return static_cast<uint8_t *>(VirtualAlloc(nullptr, size_t(size), MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
#else
  void *p = mmap(nullptr, size_t(size), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<uint8_t *>(p);
#endif
}

void release(uint8_t *p, uint64_t size) {
#ifdef _WIN32
  (void)size;
  VirtualFree(p, 0, MEM_RELEASE);
#else
  munmap(p, size_t(size));
#endif
}

} // namespace

Expected<std::unique_ptr<FileSource>> FileSource::open(const std::string &path) {
  Descriptor file;
  uint64_t size = 0;
  if (Error e = openRegular(path, file, size)) return e;
  if (size > kMaxFileSize || size > SIZE_MAX)
    return Error(Errc::limit_exceeded, "'" + path + "' is " + std::to_string(size) +
                                           " bytes; no .pixie file is larger than " + std::to_string(kMaxFileSize) +
                                           " (spec/format.md, \"Limits\")");
  std::unique_ptr<FileSource> s(new FileSource);
  s->path_ = path;
  s->size_ = size;
  if (size <= kReadWholeMax) {
    s->whole_.reset(new uint8_t[size_t(size)]); // not zeroed: every byte is read next
    s->data_ = s->whole_.get();
    if (Error e = readAt(file.fd, s->data_, size, 0, size))
      return Error(e.code(), "cannot read '" + path + "': " + e.message());
    return s;
  }
  s->data_ = reserve(size);
  if (!s->data_)
    return Error(Errc::io, "cannot read '" + path + "': no room in the address space for its " +
                               std::to_string(size) + " bytes");
  s->fd_ = file.release();
  return s;
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
  if (data_ && !whole_) release(data_, size_);
}

Error FileSource::fetch(uint64_t offset, uint64_t size) const {
  if (offset > size_ || size > size_ - offset)
    return Error(Errc::invalid_argument, std::to_string(size) + " bytes at offset " + std::to_string(offset) +
                                             " are not inside the " + std::to_string(size_) + "-byte file");
  if (whole_ || size == 0) return Error::success();
  // offset + size <= kMaxFileSize: no overflow.
  uint64_t begin = offset / kGrain * kGrain;
  uint64_t end = std::min(size_, (offset + size + kGrain - 1) / kGrain * kGrain);
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::pair<uint64_t, uint64_t>> gaps;
  uint64_t pos = begin;
  for (const auto &[b, e] : fetched_) {
    if (b >= end) break;
    if (e <= pos) continue;
    if (b > pos) gaps.emplace_back(pos, b);
    pos = std::max(pos, e);
  }
  if (pos < end) gaps.emplace_back(pos, end);
  if (gaps.empty()) return Error::success();
  // Only gaps are read: bytes a reader may already have checked are never
  // overwritten, even if the file changed since.
  for (const auto &[b, e] : gaps)
    if (Error err = readAt(fd_, data_ + b, e - b, b, size_)) return err;
  fetched_.emplace_back(begin, end);
  std::sort(fetched_.begin(), fetched_.end());
  size_t kept = 0;
  for (const auto &range : fetched_) {
    if (kept && range.first <= fetched_[kept - 1].second)
      fetched_[kept - 1].second = std::max(fetched_[kept - 1].second, range.second);
    else
      fetched_[kept++] = range;
  }
  fetched_.resize(kept);
  return Error::success();
}

Expected<std::vector<uint8_t>> readFile(const std::string &path) {
  Descriptor file;
  uint64_t size = 0;
  if (Error e = openRegular(path, file, size)) return e;
  if (size > kMaxSectionRawSize)
    return Error(Errc::limit_exceeded, "cannot read '" + path + "' whole: it is " + std::to_string(size) +
                                           " bytes, over the " + std::to_string(kMaxSectionRawSize) +
                                           "-byte limit of a section's content");
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  if (Error e = readAt(file.fd, bytes.data(), size, 0, size))
    return Error(e.code(), "cannot read '" + path + "': " + e.message());
  return bytes;
}

} // namespace pixie
