// A library loaded with dlopen. Owns the descriptor the path /proc/self/fd/N
// refers to: glibc caches libraries by path, so if the descriptor were closed
// while the library is loaded, a later memfd could get the same number and
// dlopen("/proc/self/fd/N") would silently return the OLD library. The
// descriptor is closed only after dlclose.
#pragma once

#include <cstdint>
#include <string>

#include "pixie/error.h"
#include "pixie/loader.h"

namespace pixie {

class DlImage final : public Image {
public:
  // dlopen(path, RTLD_NOW | RTLD_LOCAL) (LoadLibrary on Windows). On success
  // takes ownership of `keep_open`, a descriptor (a HANDLE on Windows) to
  // close after unloading, or -1; on failure the caller keeps it.
  static Expected<std::unique_ptr<Image>> open(const std::string &path, intptr_t keep_open);
  ~DlImage() override;
  void *symbol(const char *name) const override;

private:
  DlImage(void *handle, int fd) : handle_(handle), fd_(fd) {}
  void *handle_;
  int fd_;
};

// For the JIT library: loaded once and kept for the life of the process
// (LLVM does not support being unloaded).
Expected<void *> openPermanentLibrary(const std::string &path);
void *librarySymbol(void *library, const char *name);
// The directory holding the binary this code is linked into ("" if unknown).
std::string loaderDirectory();

} // namespace pixie
