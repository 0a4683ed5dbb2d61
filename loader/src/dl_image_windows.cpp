// Windows counterparts of dl_image_posix.cpp: LoadLibrary/GetProcAddress.
// The image keeps the cache file open with write sharing denied, so the
// verified bytes cannot change while the DLL is loaded.
#include "dl_image.h"

#include <windows.h>

namespace pixie {

namespace {

std::wstring widen(const std::string &utf8) {
  int n = MultiByteToWideChar(CP_UTF8, 0, utf8.c_str(), -1, nullptr, 0);
  std::wstring out(n > 0 ? size_t(n) : 0, L'\0');
  if (n > 0)
    MultiByteToWideChar(CP_UTF8, 0, utf8.c_str(), -1, out.data(), n);
  if (!out.empty())
    out.pop_back(); // the terminating NUL
  return out;
}

std::string lastError() {
  DWORD code = GetLastError();
  char text[512] = {};
  FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr, code, 0, text, sizeof(text),
                 nullptr);
  return "error " + std::to_string(code) + ": " + text;
}

class WinImage final : public Image {
public:
  WinImage(HMODULE module, HANDLE file) : module_(module), file_(file) {}
  ~WinImage() override {
    FreeLibrary(module_);
    if (file_ != INVALID_HANDLE_VALUE)
      CloseHandle(file_);
  }
  void *symbol(const char *name) const override { return reinterpret_cast<void *>(GetProcAddress(module_, name)); }

private:
  HMODULE module_;
  HANDLE file_;
};

} // namespace

// `keep_open` is the HANDLE of the verified, share-deny-write cache file.
Expected<std::unique_ptr<Image>> DlImage::open(const std::string &path, intptr_t keep_open) {
  HANDLE file = keep_open == -1 ? INVALID_HANDLE_VALUE : reinterpret_cast<HANDLE>(keep_open);
  HMODULE module = LoadLibraryExW(widen(path).c_str(), nullptr, LOAD_WITH_ALTERED_SEARCH_PATH);
  if (!module)
    return Error(Errc::load_failed, "LoadLibrary(" + path + ") failed: " + lastError());
  return std::unique_ptr<Image>(new WinImage(module, file));
}

Expected<void *> openPermanentLibrary(const std::string &path) {
  HMODULE module = LoadLibraryExW(widen(path).c_str(), nullptr, LOAD_WITH_ALTERED_SEARCH_PATH);
  if (!module)
    return Error(Errc::load_failed, "LoadLibrary(" + path + ") failed: " + lastError());
  return reinterpret_cast<void *>(module);
}

void *librarySymbol(void *library, const char *name) {
  return reinterpret_cast<void *>(GetProcAddress(static_cast<HMODULE>(library), name));
}

std::string loaderDirectory() {
  HMODULE self = nullptr;
  if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                          reinterpret_cast<LPCSTR>(&loaderDirectory), &self))
    return {};
  char path[MAX_PATH];
  DWORD n = GetModuleFileNameA(self, path, MAX_PATH);
  if (n == 0 || n == MAX_PATH)
    return {};
  std::string p(path, n);
  size_t slash = p.find_last_of("\\/");
  return slash == std::string::npos ? std::string() : p.substr(0, slash);
}

} // namespace pixie
