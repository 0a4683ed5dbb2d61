// The cache-file route on POSIX systems: used on macOS, and on Linux when the
// kernel refuses to execute a memfd (or PIXIE_LOAD_ROUTE=cache-file); and the
// POSIX side of CacheDir (routes.h), which the JIT cache uses too.
//
// Loading code from a file is only as safe as the directory it sits in, so:
//   1. the directory is reached by a walk from "/" on descriptors
//      (openat with O_NOFOLLOW, fstat of each opened directory), and every
//      later step is relative to the checked descriptor: no path is trusted
//      after it was checked (CacheDir, routes.h, has the rules);
//   2. names are content-addressed (XXH3-128 of the decompressed bytes), so
//      two processes writing the same variant write the same bytes, and a
//      name never refers to different content;
//   3. a new entry is written to a temporary name and renamed into place, so
//      no reader sees a partial file;
//   4. after opening an entry (O_NOFOLLOW) we check the open file (owner,
//      mode, size) and compare every byte with what we expect, then load THAT
//      open file (/proc/self/fd/N on Linux), so nothing can swap it between
//      check and load. A stale, corrupted or foreign entry, or a link in its
//      place, is replaced.
// On macOS dlopen needs a path; there we compare the loaded path's inode with
// the verified descriptor's after loading. The path leads through directories
// only this user or root can change (step 1), so it names the checked file.
#include "routes.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "dl_image.h"
#include "image_check.h"
#include "pixie/cache_dir.h"

namespace pixie {

namespace {

std::string sysError(const std::string &what) { return what + ": " + std::strerror(errno); }

std::string modeText(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof(text), "0%o", unsigned(mode & 0777));
  return text;
}

std::string uidText(uid_t uid) { return std::to_string(uid); }

// A descriptor, closed when dropped.
struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(Fd &&o) noexcept : fd(o.fd) { o.fd = -1; }
  Fd &operator=(Fd &&o) noexcept {
    if (this != &o) {
      reset();
      fd = o.fd;
      o.fd = -1;
    }
    return *this;
  }
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0)
      ::close(fd);
    fd = -1;
  }
  int release() {
    int f = fd;
    fd = -1;
    return f;
  }
};

// Directories are opened only to be walked through and to have things done
// relative to them: O_PATH where it exists, so one without read permission
// (0711) can still be passed through.
#if defined(O_PATH)
constexpr int kDirFlags = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
#elif defined(O_SEARCH)
constexpr int kDirFlags = O_SEARCH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
#else
constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
#endif
constexpr int kMaxLinks = 40; // as the kernel's own path walk

// A directory reached by the walk: its descriptor, where it really is (for
// messages and for ".."), and how messages name it: the prefix of the path
// the caller gave, "<prefix> (a symlink to <real>)" where that prefix was a
// link, or the real path for directories a link led through.
struct Dir {
  Fd fd;
  std::string real;
  std::string shown;
};

std::string joinPath(const std::string &dir, const std::string &name) {
  return dir == "/" ? "/" + name : dir + "/" + name;
}

std::string parentOf(const std::string &real) {
  size_t slash = real.rfind('/');
  return slash == 0 || slash == std::string::npos ? "/" : real.substr(0, slash);
}

struct Walker {
  std::string cache; // the cache directory as given, for messages
  uid_t euid = geteuid();
  int links_left = kMaxLinks;

  // A directory something is looked up in must be owned by this user or
  // root, and writable by nobody else unless it is sticky (then others may
  // add entries but not rename or remove ours). `child`: the component about
  // to be looked up, for the message.
  Error checkAncestor(const Dir &dir, const std::string &child_shown, const std::string &child) const {
    struct stat st;
    if (fstat(dir.fd.fd, &st) != 0)
      return Error(Errc::io, sysError("cache directory " + dir.shown));
    const bool bad_owner = st.st_uid != euid && st.st_uid != 0;
    const bool bad_mode = (st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX);
    if (!bad_owner && !bad_mode)
      return Error::success();
    std::string reason = bad_owner ? "is owned by uid " + uidText(st.st_uid) + ", not by this user (uid " +
                                         uidText(euid) + ") or root"
                                   : "is writable by group or others (mode " + modeText(st.st_mode) +
                                         ") and not sticky";
    struct stat cst;
    if (fstatat(dir.fd.fd, child.c_str(), &cst, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT)
      return Error(Errc::io, "refusing to create cache directory " + child_shown + ": its parent " + dir.shown + " " +
                                 reason);
    return Error(Errc::io, "refusing cache directory " + cache + ": " + dir.shown + " " + reason);
  }

  // `dir` must be a private directory of this user's.
  Error checkPrivate(const Dir &dir) const {
    struct stat st;
    if (fstat(dir.fd.fd, &st) != 0)
      return Error(Errc::io, sysError("cache directory " + dir.shown));
    if (!S_ISDIR(st.st_mode))
      return Error(Errc::io, "cache directory " + dir.shown + " is not a directory");
    if (st.st_uid != euid)
      return Error(Errc::io, "refusing cache directory " + dir.shown + ": owned by uid " + uidText(st.st_uid) +
                                 ", not by this user (uid " + uidText(euid) + ")");
    if (st.st_mode & (S_IWGRP | S_IWOTH))
      return Error(Errc::io, "refusing cache directory " + dir.shown + ": writable by group or others (mode " +
                                 modeText(st.st_mode) + ")");
    return Error::success();
  }

  // Moves `dir` to its entry `name` (a directory, created 0700 if missing and
  // `create`; a link is followed), named `shown` in messages.
  Error step(Dir &dir, const std::string &name, const std::string &shown, bool create = true) {
    if (name.empty() || name == ".")
      return Error::success();
    if (Error e = checkAncestor(dir, shown, name))
      return e;
    for (int attempt = 0; attempt < 4; ++attempt) {
      Fd next(openat(dir.fd.fd, name.c_str(), kDirFlags));
      if (next.fd >= 0) {
        dir.fd = std::move(next);
        dir.real = name == ".." ? parentOf(dir.real) : joinPath(dir.real, name);
        dir.shown = shown;
        return Error::success();
      }
      const int err = errno;
      if (err == ENOENT && create) {
        // Created inside the directory just checked, then opened and checked
        // like one that was there (someone may have been faster).
        if (mkdirat(dir.fd.fd, name.c_str(), 0700) != 0 && errno != EEXIST)
          return Error(Errc::io, sysError("cannot create cache directory " + shown));
        continue;
      }
      struct stat st;
      if (err != ELOOP && err != ENOTDIR && err != EMLINK)
        return Error(Errc::io, (errno = err, sysError("cannot open cache directory " + shown)));
      if (fstatat(dir.fd.fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
          continue; // gone in between: look again
        return Error(Errc::io, sysError("cannot open cache directory " + shown));
      }
      if (!S_ISLNK(st.st_mode))
        return Error(Errc::io, "cache directory " + shown + " is not a directory");
      return follow(dir, name, shown);
    }
    return Error(Errc::io, "cache directory " + shown + " keeps changing");
  }

  // `name` in `dir` is a symlink: followed only if this user or root owns it,
  // by walking its target from `dir` (or "/") with the same checks.
  Error follow(Dir &dir, const std::string &name, const std::string &shown) {
    if (--links_left < 0)
      return Error(Errc::io, "cannot open cache directory " + shown + ": " + std::strerror(ELOOP));
    struct stat st;
    std::string target(4096, '\0');
    ssize_t n;
#if defined(__linux__)
    // The link itself, held: what is checked is what is read.
    Fd link(openat(dir.fd.fd, name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (link.fd < 0 || fstat(link.fd, &st) != 0)
      return Error(Errc::io, sysError("cannot open cache directory " + shown));
    if (!S_ISLNK(st.st_mode))
      return Error(Errc::io, "cache directory " + shown + " keeps changing");
    n = readlinkat(link.fd, "", target.data(), target.size());
#else
    if (fstatat(dir.fd.fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
      return Error(Errc::io, sysError("cannot open cache directory " + shown));
    n = readlinkat(dir.fd.fd, name.c_str(), target.data(), target.size());
#endif
    if (st.st_uid != euid && st.st_uid != 0)
      return Error(Errc::io, "refusing cache directory " + cache + ": " + (shown == cache ? "" : shown + " is ") +
                                 "a symlink owned by uid " + uidText(st.st_uid) + ", not by this user (uid " +
                                 uidText(euid) + ") or root");
    if (n < 0 || size_t(n) >= target.size())
      return Error(Errc::io, sysError("cannot read the symlink " + shown));
    target.resize(size_t(n));
    if (target.empty())
      return Error(Errc::io, "cache directory " + shown + " is an empty symlink");
    if (target[0] == '/') {
      Dir root;
      if (Error e = openRoot(root))
        return e;
      dir = std::move(root);
    }
    // What a link leads to must exist: a dangling link makes nothing.
    if (Error e = walk(dir, target, false))
      return e;
    dir.shown = shown + " (a symlink to " + dir.real + ")";
    return Error::success();
  }

  // Walks the components of `path` from `dir`. `from_caller`: `path` is the
  // cache directory as given, whose prefixes name the directories in
  // messages; a link's target is named by real paths instead.
  // Missing directories are created only along the caller's path.
  Error walk(Dir &dir, const std::string &path, bool from_caller) {
    for (size_t pos = 0; pos <= path.size();) {
      size_t end = path.find('/', pos);
      if (end == std::string::npos)
        end = path.size();
      const std::string name = path.substr(pos, end - pos);
      if (!name.empty() && name != ".") {
        const std::string shown =
            from_caller ? path.substr(0, end) : name == ".." ? parentOf(dir.real) : joinPath(dir.real, name);
        if (Error e = step(dir, name, shown, from_caller))
          return e;
      }
      pos = end + 1;
    }
    return Error::success();
  }

  static Error openRoot(Dir &root) {
    root.fd = Fd(::open("/", kDirFlags));
    if (root.fd.fd < 0)
      return Error(Errc::io, sysError("cannot open /"));
    root.real = root.shown = "/";
    return Error::success();
  }
};

// The open, checked <cache>/<sub> (or only <cache> when `sub` is empty).
Error openPrivate(const std::string &cache, const std::string &sub, Dir &out) {
  if (cache.empty() || cache[0] != '/')
    return Error(Errc::io, "no usable cache directory (\"" + cache + "\"): set PIXIE_CACHE_DIR to an absolute path");
  Walker w;
  w.cache = cache;
  Dir dir;
  if (Error e = Walker::openRoot(dir))
    return e;
  if (Error e = w.walk(dir, cache, true))
    return e;
  if (Error e = w.checkPrivate(dir))
    return e;
  if (!sub.empty()) {
    w.cache = joinPath(cache, sub);
    if (Error e = w.step(dir, sub, w.cache))
      return e;
    if (Error e = w.checkPrivate(dir))
      return e;
  }
  out = std::move(dir);
  return Error::success();
}

// Empty string: the open file is a regular file of this user's that nobody
// else can write, of `size` bytes (any size at most `max_size` when `size` is
// negative).
std::string checkEntryFile(int fd, int64_t size, uint64_t max_size, struct stat &st) {
  if (fstat(fd, &st) != 0)
    return sysError("fstat");
  if (!S_ISREG(st.st_mode))
    return "not a regular file";
  if (st.st_uid != geteuid())
    return "owned by uid " + uidText(st.st_uid) + ", not by this user (uid " + uidText(geteuid()) + ")";
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    return "writable by group or others (mode " + modeText(st.st_mode) + ")";
  if (size >= 0 && st.st_size != size)
    return "size " + std::to_string(st.st_size) + ", expected " + std::to_string(size);
  if (size < 0 && uint64_t(st.st_size) > max_size)
    return "size " + std::to_string(st.st_size) + ", more than " + std::to_string(max_size);
  return {};
}

// Opens `name` in `dir` without following a link or blocking on a FIFO.
// -1 with errno ELOOP (or EMLINK) for a link.
int openEntry(int dir, const std::string &name) {
  int fd = openat(dir, name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
  if (fd >= 0) {
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
      fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  }
  return fd;
}

// Empty string: the open file is exactly `expected` and only we can change it.
std::string checkEntry(int fd, std::span<const uint8_t> expected) {
  struct stat st;
  std::string problem = checkEntryFile(fd, int64_t(expected.size()), 0, st);
  if (!problem.empty())
    return problem;
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

// Writes `name` in `dir` as writeFileAtomic (fatbinary.h) writes a path, with
// its temporary names (<name>.tmp.<pid>.<n>) and messages, but relative to
// the checked directory: created O_EXCL and without following a link, 0600
// whatever the umask, renamed within the directory.
Error writeEntryAt(int dir, const std::string &dir_path, const std::string &name, std::span<const uint8_t> bytes) {
  static std::atomic<unsigned> counter{0};
  auto fail = [&](const std::string &what, const std::string &file) {
    return Error(Errc::io, "cannot " + what + " '" + joinPath(dir_path, file) + "': " + std::strerror(errno));
  };
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
    tmp = name + ".tmp." + std::to_string(getpid()) + "." + std::to_string(counter++);
    fd = openat(dir, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST)
      return fail("create", tmp);
  }
  if (fd < 0)
    return fail("create", tmp);
  fchmod(fd, 0600);
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, std::min<size_t>(bytes.size() - done, 1u << 30));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      Error e = fail("write", tmp);
      ::close(fd);
      unlinkat(dir, tmp.c_str(), 0);
      return e;
    }
    done += size_t(n);
  }
  if (::close(fd) != 0) {
    Error e = fail("write", tmp);
    unlinkat(dir, tmp.c_str(), 0);
    return e;
  }
  if (renameat(dir, tmp.c_str(), dir, name.c_str()) != 0) {
    Error e = fail("rename into", name);
    unlinkat(dir, tmp.c_str(), 0);
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

// CacheDir, POSIX: one descriptor, the checked <cache>/<sub>.

Expected<CacheDir> CacheDir::open(const std::string &cache, const std::string &sub) {
  Dir dir;
  if (Error e = openPrivate(cache, sub, dir))
    return e;
  CacheDir out;
  out.handles_.push_back(dir.fd.release());
  out.path_ = sub.empty() ? cache : joinPath(cache, sub);
  return out;
}

void CacheDir::closeAll() {
  for (intptr_t h : handles_)
    ::close(int(h));
  handles_.clear();
}

std::string CacheDir::pathOf(const std::string &name) const { return joinPath(path_, name); }

CacheDir::Found CacheDir::read(const std::string &name, uint64_t max_size, std::vector<uint8_t> &bytes,
                               std::string &problem) const {
  Fd fd(openEntry(int(handle()), name));
  if (fd.fd < 0) {
    if (errno == ENOENT)
      return Found::missing;
    problem = errno == ELOOP || errno == EMLINK ? "a symlink" : sysError("cannot open");
    return Found::refused;
  }
  struct stat st;
  problem = checkEntryFile(fd.fd, -1, max_size, st);
  if (!problem.empty())
    return Found::refused;
  bytes.resize(size_t(st.st_size));
  for (size_t off = 0; off < bytes.size();) {
    ssize_t got = pread(fd.fd, bytes.data() + off, bytes.size() - off, off_t(off));
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0) {
      problem = got == 0 ? "shorter than its size" : sysError("read");
      return Found::refused;
    }
    off += size_t(got);
  }
  futimens(fd.fd, nullptr); // recently used
  return Found::ok;
}

Error CacheDir::write(const std::string &name, std::span<const uint8_t> bytes) const {
  return writeEntryAt(int(handle()), path_, name, bytes);
}

Error CacheDir::remove(const std::string &name) const {
  if (unlinkat(int(handle()), name.c_str(), 0) != 0 && errno != ENOENT)
    return Error(Errc::io, sysError("cannot remove cache entry " + pathOf(name)));
  return Error::success();
}

std::vector<CacheDir::Listed> CacheDir::list(std::string_view suffix) const {
  std::vector<Listed> out;
  int fd = openat(int(handle()), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return out;
  DIR *d = fdopendir(fd);
  if (!d) {
    ::close(fd);
    return out;
  }
  while (struct dirent *e = readdir(d)) {
    std::string_view name(e->d_name);
    if (name.size() <= suffix.size() || name.substr(name.size() - suffix.size()) != suffix)
      continue;
    struct stat st;
    if (fstatat(int(handle()), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
      continue;
#if defined(__APPLE__)
    int64_t used = int64_t(st.st_mtimespec.tv_sec) * 1000000000 + st.st_mtimespec.tv_nsec;
#else
    int64_t used = int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
#endif
    out.push_back({std::string(name), uint64_t(st.st_size), used});
  }
  closedir(d);
  return out;
}

Error preparePrivateDirectory(const std::string &dir) {
  Dir opened;
  return openPrivate(dir, std::string(), opened);
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
  Expected<CacheDir> dir = CacheDir::open(cache_dir, "variants");
  if (!dir)
    return dir.takeError();
  const int dfd = int(dir->handle());
  const std::string name = hexDigest(*bytes) + suffix;
  const std::string path = dir->pathOf(name);
  std::string problem;
  for (int attempt = 0; attempt < 2; ++attempt) {
    int fd = openEntry(dfd, name);
    if (fd >= 0) {
      problem = checkEntry(fd, *bytes);
      if (problem.empty()) {
        Expected<std::unique_ptr<Image>> image = loadVerified(path, fd);
        if (!image)
          return image.takeError();
        return Loaded{std::move(*image), "cache-file", path};
      }
      ::close(fd);
    } else if (errno == ELOOP || errno == EMLINK) {
      problem = "a symlink";
    } else if (errno != ENOENT) {
      return Error(Errc::io, sysError("cannot open cache entry " + path));
    }
    // Our private directory, our content-addressed name: a mismatch (or a
    // link) is a damaged entry (or a hash collision), never something to load.
    if (!problem.empty() && unlinkat(dfd, name.c_str(), 0) != 0 && errno != ENOENT)
      return Error(Errc::io, sysError("cannot remove damaged cache entry " + path));
    if (Error e = dir->write(name, *bytes))
      return e;
  }
  // Someone keeps replacing or removing the entry under us.
  return Error(Errc::io, "cache entry " + path + " could not be written and verified" +
                             (problem.empty() ? std::string() : ": " + problem));
}

} // namespace pixie
