// Atomic file write (POSIX and Windows); reading is file_source.cpp.
#include "pixie/fatbinary.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#ifdef _WIN32
#include <io.h>
#include <process.h>
#define getpid _getpid
#else
#include <unistd.h>
#endif

namespace pixie {
namespace {

#ifdef _WIN32
constexpr int kWriteFlags = O_WRONLY | O_CREAT | O_EXCL | O_BINARY;
#else
constexpr int kWriteFlags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;
#endif

Error ioError(const std::string &what, const std::string &path) {
  return Error(Errc::io, "cannot " + what + " '" + path + "': " + std::strerror(errno));
}

} // namespace

Error writeFileAtomic(const std::string &path, std::span<const uint8_t> bytes) {
  static std::atomic<unsigned> counter{0};
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
    tmp = path + ".tmp." + std::to_string(getpid()) + "." + std::to_string(counter++);
    fd = ::open(tmp.c_str(), kWriteFlags, 0666);
    if (fd < 0 && errno != EEXIST) return ioError("create", tmp);
  }
  if (fd < 0) return ioError("create", tmp);
  size_t done = 0;
  while (done < bytes.size()) {
    auto n = ::write(fd, bytes.data() + done, unsigned(std::min<size_t>(bytes.size() - done, 1u << 30)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Error e = ioError("write", tmp);
      ::close(fd);
      ::remove(tmp.c_str());
      return e;
    }
    done += size_t(n);
  }
  if (::close(fd) != 0) {
    Error e = ioError("write", tmp);
    ::remove(tmp.c_str());
    return e;
  }
#ifdef _WIN32
  ::remove(path.c_str()); // rename() does not replace on Windows
#endif
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    Error e = ioError("rename into", path);
    ::remove(tmp.c_str());
    return e;
  }
  return Error::success();
}

} // namespace pixie
