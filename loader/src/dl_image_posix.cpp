#include "dl_image.h"

#include <dlfcn.h>
#include <unistd.h>

namespace pixie {

Expected<std::unique_ptr<Image>> DlImage::open(const std::string &path, intptr_t keep_open) {
  const int fd = int(keep_open);
  // RTLD_NOW: a variant with an unresolved import fails here, with a message,
  // not at its first call. RTLD_LOCAL: its symbols never satisfy anyone else's.
  void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = dlerror();
    return Error(Errc::load_failed, "dlopen(" + path + ") failed: " + (why ? why : "unknown error"));
  }
  return std::unique_ptr<Image>(new DlImage(handle, fd));
}

DlImage::~DlImage() {
  dlclose(handle_);
  if (fd_ >= 0)
    ::close(fd_);
}

void *DlImage::symbol(const char *name) const { return dlsym(handle_, name); }

Expected<void *> openPermanentLibrary(const std::string &path) {
  void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = dlerror();
    return Error(Errc::load_failed, "dlopen(" + path + ") failed: " + (why ? why : "unknown error"));
  }
  return handle;
}

void *librarySymbol(void *library, const char *name) { return dlsym(library, name); }

std::string loaderDirectory() {
  Dl_info info;
  if (!dladdr(reinterpret_cast<void *>(&loaderDirectory), &info) || !info.dli_fname)
    return {};
  std::string path = info.dli_fname;
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

} // namespace pixie
