// The cache-file route on Windows (the only route there): the same steps as
// cache_file_posix.cpp, in Win32 terms. The directory lives under
// %LOCALAPPDATA%, whose ACL already restricts it to the user, so ownership
// and mode are not re-checked; instead the entry is opened with write sharing
// denied, verified byte for byte, and kept open while the DLL is loaded, so
// nobody can change it between the check and LoadLibrary.
#include "routes.h"

#include <algorithm>
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

// Empty string: the open file holds exactly `expected`.
std::string checkEntry(HANDLE file, std::span<const uint8_t> expected) {
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
  std::string tmp = path + ".tmp." + std::to_string(GetCurrentProcessId()) + "." +
                    std::to_string(GetCurrentThreadId());
  HANDLE f = CreateFileA(tmp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
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

Error preparePrivateDirectory(const std::string &dir) { return makeDirs(dir); }

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
  const std::string dir = cache_dir + "\\variants";
  if (Error e = preparePrivateDirectory(dir))
    return e;
  XXH128_hash_t h = XXH3_128bits(bytes->data(), bytes->size());
  char name[33];
  std::snprintf(name, sizeof(name), "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
  const std::string path = dir + "\\" + name + suffix;

  std::string problem;
  for (int attempt = 0; attempt < 2; ++attempt) {
    // FILE_SHARE_READ only: nobody may write the file while we hold it.
    HANDLE f = CreateFileA(path.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, nullptr);
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
    } else if (GetLastError() != ERROR_FILE_NOT_FOUND) {
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
