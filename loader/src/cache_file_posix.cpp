// The cache-file route on POSIX systems: used on macOS, and on Linux when the
// kernel refuses to execute a memfd (or PIXIE_LOAD_ROUTE=cache-file).
//
// Loading code from a file is only as safe as the directory it sits in, so:
//   1. the directory (and its variants/ subdirectory) is created 0700 and
//      refused if another user owns it or group/others may write to it;
//   2. names are content-addressed (XXH3-128 of the decompressed bytes), so
//      two processes writing the same variant write the same bytes, and a
//      name never refers to different content;
//   3. a new entry is written to a temporary name and renamed into place, so
//      no reader sees a partial file;
//   4. after opening an entry we check the open file (owner, mode, size) and
//      compare every byte with what we expect, then load THAT open file
//      (/proc/self/fd/N on Linux), so nothing can swap it between check and
//      load. A stale or corrupted entry is replaced.
// On macOS dlopen needs a path; there we compare the loaded path's inode with
// the verified descriptor's after loading.
#include "routes.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "dl_image.h"
#include "image_check.h"
#include "pixie/cache_dir.h"

namespace pixie {

namespace {

std::string sysError(const std::string &what) { return what + ": " + std::strerror(errno); }

// `path`, and where it is a symlink what it resolves to: a cache directory
// reached through a link is judged by its target, so the message names both.
std::string named(const std::string &path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode))
    return path;
  char *target = realpath(path.c_str(), nullptr);
  std::string out = path + " (a symlink to " + (target ? target : "a missing target") + ")";
  std::free(target);
  return out;
}

// mkdir -p; components we create get 0700, existing ones are left alone. A
// component is only created inside a directory owned by this user or by
// root: the owner of the parent could rename our directory away and put
// theirs in its place (and as root we would otherwise write into any user's
// directory a symlink leads to).
Error makeDirs(const std::string &path) {
  for (size_t pos = 1; pos <= path.size(); ++pos) {
    if (pos != path.size() && path[pos] != '/')
      continue;
    std::string prefix = path.substr(0, pos);
    struct stat st;
    if (stat(prefix.c_str(), &st) == 0)
      continue;
    if (errno != ENOENT)
      return Error(Errc::io, sysError("cannot create cache directory " + prefix));
    const std::string parent = path.substr(0, std::max<size_t>(path.rfind('/', pos - 1), 1));
    if (stat(parent.c_str(), &st) == 0 && st.st_uid != geteuid() && st.st_uid != 0)
      return Error(Errc::io, "refusing to create cache directory " + prefix + ": its parent " + named(parent) +
                                 " is owned by uid " + std::to_string(st.st_uid) + ", not by this user (uid " +
                                 std::to_string(geteuid()) + ") or root");
    if (mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST)
      return Error(Errc::io, sysError("cannot create cache directory " + prefix));
  }
  return Error::success();
}

Error checkPrivateDir(const std::string &path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0)
    return Error(Errc::io, sysError("cache directory " + named(path)));
  if (!S_ISDIR(st.st_mode))
    return Error(Errc::io, "cache directory " + named(path) + " is not a directory");
  if (st.st_uid != geteuid())
    return Error(Errc::io, "refusing cache directory " + named(path) + ": owned by uid " +
                               std::to_string(st.st_uid) + ", not by this user (uid " + std::to_string(geteuid()) +
                               ")");
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    return Error(Errc::io, "refusing cache directory " + named(path) + ": writable by group or others (mode 0" +
                               std::to_string((st.st_mode >> 6) & 7) + std::to_string((st.st_mode >> 3) & 7) +
                               std::to_string(st.st_mode & 7) + ")");
  return Error::success();
}

// Empty string: the open file is exactly `expected` and only we can change it.
std::string checkEntry(int fd, std::span<const uint8_t> expected) {
  struct stat st;
  if (fstat(fd, &st) != 0)
    return sysError("fstat");
  if (!S_ISREG(st.st_mode))
    return "not a regular file";
  if (st.st_uid != geteuid())
    return "owned by uid " + std::to_string(st.st_uid);
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    return "writable by group or others";
  if (uint64_t(st.st_size) != expected.size())
    return "size " + std::to_string(st.st_size) + ", expected " + std::to_string(expected.size());
  std::vector<uint8_t> buf(64 * 1024);
  for (size_t off = 0; off < expected.size();) {
    size_t want = std::min(buf.size(), expected.size() - off);
    ssize_t got = pread(fd, buf.data(), want, off_t(off));
    if (got <= 0)
      return sysError("read");
    if (std::memcmp(buf.data(), expected.data() + off, size_t(got)) != 0)
      return "content differs at byte " + std::to_string(off);
    off += size_t(got);
  }
  return {};
}

Error writeEntry(const std::string &path, std::span<const uint8_t> bytes) {
  std::string tmp = path + ".tmp.XXXXXX";
  int fd = mkstemp(tmp.data()); // creates the file 0600
  if (fd < 0)
    return Error(Errc::io, sysError("cannot create " + tmp));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      Error e(Errc::io, sysError("cannot write " + tmp));
      ::close(fd);
      unlink(tmp.c_str());
      return e;
    }
    done += size_t(n);
  }
  ::close(fd);
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    Error e(Errc::io, sysError("cannot rename " + tmp + " to " + path));
    unlink(tmp.c_str());
    return e;
  }
  return Error::success();
}

std::string hexDigest(std::span<const uint8_t> bytes) {
  XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  char text[33];
  std::snprintf(text, sizeof(text), "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
  return text;
}

// Loads the checked descriptor itself. Takes ownership of `fd`.
Expected<std::unique_ptr<Image>> loadVerified(const std::string &path, int fd) {
#if defined(__linux__)
  Expected<std::unique_ptr<Image>> image = DlImage::open("/proc/self/fd/" + std::to_string(fd), fd);
  if (!image)
    ::close(fd);
  return image;
#else
  struct stat verified;
  fstat(fd, &verified);
  Expected<std::unique_ptr<Image>> image = DlImage::open(path, fd);
  if (!image) {
    ::close(fd);
    return image;
  }
  struct stat loaded;
  if (stat(path.c_str(), &loaded) != 0 || loaded.st_dev != verified.st_dev || loaded.st_ino != verified.st_ino)
    return Error(Errc::load_failed, "cache entry " + path + " was replaced while it was being loaded");
  return image;
#endif
}

} // namespace

Error preparePrivateDirectory(const std::string &dir) {
  if (Error e = makeDirs(dir))
    return e;
  return checkPrivateDir(dir);
}

std::string defaultCacheDir() {
#if defined(__APPLE__)
  const char *sub = "/Library/Caches/pixie";
#else
  const char *xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && xdg[0] == '/')
    return std::string(xdg) + "/pixie";
  const char *sub = "/.cache/pixie";
#endif
  const char *home = std::getenv("HOME");
  if (home && home[0] == '/')
    return std::string(home) + sub;
  struct passwd pw, *found = nullptr;
  char buf[4096];
  if (getpwuid_r(geteuid(), &pw, buf, sizeof(buf), &found) == 0 && found && found->pw_dir)
    return std::string(found->pw_dir) + sub;
  return {};
}

Expected<Loaded> loadViaCacheFile(const SectionRef &section, const std::string &cache_dir,
                                  const std::string &suffix) {
  if (cache_dir.empty() || cache_dir[0] != '/')
    return Error(Errc::io, "no usable cache directory (\"" + cache_dir + "\"): set PIXIE_CACHE_DIR to an absolute path");
  Expected<std::vector<uint8_t>> bytes = section.container->readSection(section.index);
  if (!bytes)
    return bytes.takeError();
  // Before anything is created or written: a wrong image never reaches disk.
  if (Error e = checkImage(*bytes, section.platform))
    return e;
  const std::string dir = cache_dir + "/variants";
  if (Error e = preparePrivateDirectory(cache_dir))
    return e;
  if (Error e = preparePrivateDirectory(dir))
    return e;

  const std::string path = dir + "/" + hexDigest(*bytes) + suffix;
  std::string problem;
  for (int attempt = 0; attempt < 2; ++attempt) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd >= 0) {
      problem = checkEntry(fd, *bytes);
      if (problem.empty()) {
        Expected<std::unique_ptr<Image>> image = loadVerified(path, fd);
        if (!image)
          return image.takeError();
        return Loaded{std::move(*image), "cache-file", path};
      }
      ::close(fd);
      // Our private directory, our content-addressed name: a mismatch is a
      // damaged entry (or a hash collision), never something to load.
      if (unlink(path.c_str()) != 0 && errno != ENOENT)
        return Error(Errc::io, sysError("cannot remove damaged cache entry " + path));
    } else if (errno != ENOENT) {
      return Error(Errc::io, sysError("cannot open cache entry " + path));
    }
    if (Error e = writeEntry(path, *bytes))
      return e;
  }
  // Someone keeps replacing or removing the entry under us.
  return Error(Errc::io, "cache entry " + path + " could not be written and verified" +
                             (problem.empty() ? std::string() : ": " + problem));
}

} // namespace pixie
