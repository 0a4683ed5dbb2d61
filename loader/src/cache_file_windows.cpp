// The cache-file route on Windows (the only route there), and the Windows side
// of CacheDir (routes.h): the same steps as cache_file_posix.cpp, in Win32
// terms.
//
// Win32 has no openat, so instead of walking descriptors the directories are
// pinned: each component of <cache>\<sub> is opened (FILE_LIST_DIRECTORY,
// which makes the share mode count) without FILE_SHARE_DELETE and held for as
// long as the CacheDir lives. A directory held that way cannot be renamed,
// deleted or replaced (renaming needs DELETE access, which the share mode
// refuses; NTFS also refuses to rename a directory with open handles below
// it), so the paths used afterwards lead to the directories that were
// checked. <cache> and <sub> are opened without following reparse points and
// refused if they are one (a symlink or junction there could be retargeted
// by whoever owns it); entries are opened the same way and refused if they
// are not plain files. Ownership and ACLs are not checked: the default
// directory lives under %LOCALAPPDATA%, whose ACL already restricts it to
// the user, and a PIXIE_CACHE_DIR elsewhere is the user's choice. The entry
// of the cache-file route is opened with write sharing denied, verified byte
// for byte, and kept open while the DLL is loaded, so nobody can change it
// between the check and LoadLibrary.
#include "routes.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <string>
#include <vector>

#include <windows.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "dl_image.h"
#include "image_check.h"
#include "pixie/cache_dir.h"
#include "pixie/fatbinary.h"

namespace pixie {

namespace {

std::string lastError(const std::string &what) {
  return what + ": Windows error " + std::to_string(GetLastError());
}

Error makeDirs(const std::string &path) {
  for (size_t pos = 3; pos <= path.size(); ++pos) {
    if (pos != path.size() && path[pos] != '\\' && path[pos] != '/')
      continue;
    std::string prefix = path.substr(0, pos);
    if (!CreateDirectoryA(prefix.c_str(), nullptr) && GetLastError() != ERROR_ALREADY_EXISTS)
      return Error(Errc::io, lastError("cannot create cache directory " + prefix));
  }
  return Error::success();
}

// Opens a directory to hold it: no delete sharing, so it stays where it is.
HANDLE pinDirectory(const std::string &path, bool follow) {
  return CreateFileA(path.c_str(), FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE,
                     nullptr, OPEN_EXISTING,
                     FILE_FLAG_BACKUP_SEMANTICS | (follow ? 0 : FILE_FLAG_OPEN_REPARSE_POINT), nullptr);
}

// Empty string: `file` (opened without following reparse points) is a plain
// file.
std::string checkPlainFile(HANDLE file) {
  BY_HANDLE_FILE_INFORMATION info;
  if (!GetFileInformationByHandle(file, &info))
    return lastError("GetFileInformationByHandle");
  if (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)
    return "a reparse point (symlink or junction)";
  if (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
    return "not a regular file";
  return {};
}

// Opens an entry for reading without following a reparse point, denying
// write sharing. `attributes`: also FILE_WRITE_ATTRIBUTES (to refresh its
// time).
HANDLE openEntry(const std::string &path, bool attributes) {
  return CreateFileA(path.c_str(), GENERIC_READ | (attributes ? FILE_WRITE_ATTRIBUTES : 0), FILE_SHARE_READ, nullptr,
                     OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
}

bool missing(DWORD error) { return error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND; }

// Empty string: the open file holds exactly `expected`.
std::string checkEntry(HANDLE file, std::span<const uint8_t> expected) {
  if (std::string problem = checkPlainFile(file); !problem.empty())
    return problem;
  LARGE_INTEGER size;
  if (!GetFileSizeEx(file, &size))
    return lastError("GetFileSizeEx");
  if (uint64_t(size.QuadPart) != expected.size())
    return "size " + std::to_string(size.QuadPart) + ", expected " + std::to_string(expected.size());
  std::vector<uint8_t> buf(64 * 1024);
  for (size_t off = 0; off < expected.size();) {
    DWORD want = DWORD(std::min(buf.size(), expected.size() - off)), got = 0;
    if (!ReadFile(file, buf.data(), want, &got, nullptr) || got == 0)
      return lastError("ReadFile");
    if (std::memcmp(buf.data(), expected.data() + off, got) != 0)
      return "content differs at byte " + std::to_string(off);
    off += got;
  }
  return {};
}

Error writeEntry(const std::string &path, std::span<const uint8_t> bytes) {
  static std::atomic<unsigned> counter{0};
  std::string tmp = path + ".tmp." + std::to_string(GetCurrentProcessId()) + "." +
                    std::to_string(GetCurrentThreadId()) + "." + std::to_string(counter.fetch_add(1));
  // CREATE_NEW: never opens (or follows) something already there.
  HANDLE f = CreateFileA(tmp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (f == INVALID_HANDLE_VALUE)
    return Error(Errc::io, lastError("cannot create " + tmp));
  DWORD written = 0;
  BOOL ok = WriteFile(f, bytes.data(), DWORD(bytes.size()), &written, nullptr) && written == bytes.size();
  CloseHandle(f);
  if (!ok || !MoveFileExA(tmp.c_str(), path.c_str(), MOVEFILE_REPLACE_EXISTING)) {
    Error e(Errc::io, lastError("cannot write cache entry " + path));
    DeleteFileA(tmp.c_str());
    return e;
  }
  return Error::success();
}

} // namespace

// CacheDir, Windows: every component of <cache>\<sub>, held open.

Expected<CacheDir> CacheDir::open(const std::string &cache, const std::string &sub) {
  if (cache.empty())
    return Error(Errc::io, "no usable cache directory: set PIXIE_CACHE_DIR or LOCALAPPDATA");
  const std::string full = sub.empty() ? cache : cache + "\\" + sub;
  if (Error e = makeDirs(full))
    return e;
  CacheDir out;
  out.path_ = full;
  // The directories above <cache> are followed as Windows resolves them and
  // held where that is allowed; <cache> and <sub> must be held.
  for (size_t pos = 3; pos <= full.size(); ++pos) {
    if (pos != full.size() && full[pos] != '\\' && full[pos] != '/')
      continue;
    const std::string prefix = full.substr(0, pos);
    const bool own = pos >= cache.size();
    HANDLE h = pinDirectory(prefix, !own);
    if (h == INVALID_HANDLE_VALUE) {
      if (!own)
        continue;
      return Error(Errc::io, lastError("cannot open cache directory " + prefix));
    }
    out.handles_.push_back(reinterpret_cast<intptr_t>(h));
    if (!own)
      continue;
    BY_HANDLE_FILE_INFORMATION info;
    if (!GetFileInformationByHandle(h, &info))
      return Error(Errc::io, lastError("cache directory " + prefix));
    if (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)
      return Error(Errc::io, "refusing cache directory " + prefix + ": a reparse point (symlink or junction)");
    if (!(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY))
      return Error(Errc::io, "cache directory " + prefix + " is not a directory");
  }
  return out;
}

void CacheDir::closeAll() {
  for (intptr_t h : handles_)
    CloseHandle(reinterpret_cast<HANDLE>(h));
  handles_.clear();
}

std::string CacheDir::pathOf(const std::string &name) const { return path_ + "\\" + name; }

CacheDir::Found CacheDir::read(const std::string &name, uint64_t max_size, std::vector<uint8_t> &bytes,
                               std::string &problem) const {
  HANDLE f = openEntry(pathOf(name), true);
  if (f == INVALID_HANDLE_VALUE) {
    if (missing(GetLastError()))
      return Found::missing;
    problem = lastError("cannot open");
    return Found::refused;
  }
  problem = checkPlainFile(f);
  LARGE_INTEGER size{};
  if (problem.empty() && !GetFileSizeEx(f, &size))
    problem = lastError("GetFileSizeEx");
  if (problem.empty() && (size.QuadPart < 0 || uint64_t(size.QuadPart) > max_size || uint64_t(size.QuadPart) > SIZE_MAX))
    problem = "size " + std::to_string(size.QuadPart) + ", more than " + std::to_string(max_size);
  if (problem.empty()) {
    bytes.resize(size_t(size.QuadPart));
    for (size_t off = 0; off < bytes.size() && problem.empty();) {
      DWORD want = DWORD(std::min<size_t>(bytes.size() - off, 1u << 30)), got = 0;
      if (!ReadFile(f, bytes.data() + off, want, &got, nullptr) || got == 0)
        problem = lastError("ReadFile");
      off += got;
    }
  }
  if (problem.empty()) {
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    SetFileTime(f, nullptr, nullptr, &now); // recently used
  }
  CloseHandle(f);
  return problem.empty() ? Found::ok : Found::refused;
}

// By path, inside the held directory; with writeFileAtomic's temporary names
// and messages, as before.
Error CacheDir::write(const std::string &name, std::span<const uint8_t> bytes) const {
  return writeFileAtomic(pathOf(name), bytes);
}

Error CacheDir::remove(const std::string &name) const {
  if (!DeleteFileA(pathOf(name).c_str()) && !missing(GetLastError()))
    return Error(Errc::io, lastError("cannot remove cache entry " + pathOf(name)));
  return Error::success();
}

std::vector<CacheDir::Listed> CacheDir::list(std::string_view suffix) const {
  std::vector<Listed> out;
  WIN32_FIND_DATAA found;
  HANDLE h = FindFirstFileA(pathOf("*" + std::string(suffix)).c_str(), &found);
  if (h == INVALID_HANDLE_VALUE)
    return out;
  do {
    std::string_view name(found.cFileName);
    if (found.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT))
      continue;
    if (name.size() <= suffix.size() || name.substr(name.size() - suffix.size()) != suffix)
      continue;
    uint64_t size = (uint64_t(found.nFileSizeHigh) << 32) | found.nFileSizeLow;
    int64_t used = int64_t((uint64_t(found.ftLastWriteTime.dwHighDateTime) << 32) | found.ftLastWriteTime.dwLowDateTime);
    out.push_back({std::string(name), size, used});
  } while (FindNextFileA(h, &found));
  FindClose(h);
  return out;
}

Error preparePrivateDirectory(const std::string &dir) {
  Expected<CacheDir> opened = CacheDir::open(dir, std::string());
  return opened ? Error::success() : opened.takeError();
}

std::string defaultCacheDir() {
  const char *local = std::getenv("LOCALAPPDATA");
  return local && *local ? std::string(local) + "\\pixie" : std::string();
}

Expected<Loaded> loadViaCacheFile(const SectionRef &section, const std::string &cache_dir,
                                  const std::string &suffix) {
  if (cache_dir.empty())
    return Error(Errc::io, "no usable cache directory: set PIXIE_CACHE_DIR or LOCALAPPDATA");
  Expected<std::vector<uint8_t>> bytes = section.container->readSection(section.index);
  if (!bytes)
    return bytes.takeError();
  if (Error e = checkImage(*bytes, section.platform))
    return e;
  Expected<CacheDir> dir = CacheDir::open(cache_dir, "variants");
  if (!dir)
    return dir.takeError();
  XXH128_hash_t h = XXH3_128bits(bytes->data(), bytes->size());
  char name[33];
  std::snprintf(name, sizeof(name), "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
  const std::string path = dir->pathOf(name + suffix);

  std::string problem;
  for (int attempt = 0; attempt < 2; ++attempt) {
    // FILE_SHARE_READ only: nobody may write the file while we hold it.
    HANDLE f = openEntry(path, false);
    if (f != INVALID_HANDLE_VALUE) {
      problem = checkEntry(f, *bytes);
      if (problem.empty()) {
        Expected<std::unique_ptr<Image>> image = DlImage::open(path, reinterpret_cast<intptr_t>(f));
        if (!image) {
          CloseHandle(f);
          return image.takeError();
        }
        return Loaded{std::move(*image), "cache-file", path};
      }
      CloseHandle(f);
      DeleteFileA(path.c_str());
    } else if (!missing(GetLastError())) {
      return Error(Errc::io, lastError("cannot open cache entry " + path));
    }
    if (Error e = writeEntry(path, *bytes))
      return e;
  }
  // Someone keeps replacing or removing the entry under us.
  return Error(Errc::io, "cache entry " + path + " could not be written and verified" +
                             (problem.empty() ? std::string() : ": " + problem));
}

} // namespace pixie
