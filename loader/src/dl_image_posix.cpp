#include "dl_image.h"

#include <dlfcn.h>
#include <unistd.h>

#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace pixie {

namespace {

// Every library a DlImage holds: how many DlImages hold it, and the names
// (path, descriptor) it was opened under. One mutex covers dlopen, dlclose
// and this table, so no load can see a name between its library's unload
// and its descriptor's close (glibc serialises dlopen and dlclose anyway).
// Recursive, because a library's initialisers and finalisers run inside
// dlopen and dlclose, and may load pixie modules of their own.
struct Names {
  size_t holders = 0;
  std::vector<std::pair<std::string, int>> names;
};
std::recursive_mutex registry_mutex;
std::map<void *, Names> registry;

} // namespace

Expected<std::unique_ptr<Image>> DlImage::open(const std::string &path, intptr_t keep_open) {
  std::lock_guard<std::recursive_mutex> lock(registry_mutex);
  // RTLD_NOW: a variant with an unresolved import fails here, with a message,
  // not at its first call. RTLD_LOCAL: its symbols never satisfy anyone else's.
  void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = dlerror();
    return Error(Errc::load_failed, "dlopen(" + path + ") failed: " + (why ? why : "unknown error"));
  }
  Names &entry = registry[handle];
  ++entry.holders;
  if (keep_open >= 0)
    entry.names.emplace_back(path, int(keep_open));
  return std::unique_ptr<Image>(new DlImage(handle));
}

DlImage::~DlImage() {
  std::lock_guard<std::recursive_mutex> lock(registry_mutex);
  dlclose(handle_);
  auto it = registry.find(handle_);
  if (--it->second.holders > 0)
    return;
  std::vector<std::pair<std::string, int>> names = std::move(it->second.names);
  registry.erase(it);
  if (names.empty())
    return;
  // The last holder is gone; if the library is still there, it cannot be
  // unloaded, and its names must keep meaning it.
  if (void *still = dlopen(names[0].first.c_str(), RTLD_LAZY | RTLD_NOLOAD)) {
    dlclose(still);
    return;
  }
  for (const auto &name : names)
    ::close(name.second);
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
