// A library loaded with dlopen, from a descriptor the path /proc/self/fd/N
// refers to. glibc knows a loaded library by the names it was opened with and
// hands it back for a later dlopen of the same name without looking at the
// file, so if N were closed while the library is still loaded, a later memfd
// or cache file given the same number would silently get the OLD library. A
// library outlives one DlImage when another shares it (two opens of one cache
// entry are one library: glibc also matches the inode) or when it cannot be
// unloaded (DF_1_NODELETE, STB_GNU_UNIQUE symbols). So the descriptors behind
// a library's names are kept, process-wide, until the library is gone; for
// one that never goes, they stay open for the life of the process, as its
// code does.
#pragma once

#include <cstdint>
#include <string>

#include "pixie/error.h"
#include "pixie/loader.h"

namespace pixie {

class DlImage final : public Image {
public:
  // dlopen(path, RTLD_NOW | RTLD_LOCAL) (LoadLibrary on Windows). On success
  // takes ownership of `keep_open`, the descriptor `path` names (a HANDLE on
  // Windows), to close once the library is unloaded, or -1; on failure the
  // caller keeps it.
  static Expected<std::unique_ptr<Image>> open(const std::string &path, intptr_t keep_open);
  ~DlImage() override;
  void *symbol(const char *name) const override;

private:
  explicit DlImage(void *handle) : handle_(handle) {}
  void *handle_;
};

// For the JIT library: loaded once and kept for the life of the process
// (LLVM does not support being unloaded).
Expected<void *> openPermanentLibrary(const std::string &path);
void *librarySymbol(void *library, const char *name);
// The directory holding the binary this code is linked into ("" if unknown).
std::string loaderDirectory();

} // namespace pixie
