// A thin RAII layer over the C ABI (pixie.h), header-only so C++ users get
// ownership and typed lookups without depending on pixie's C++ ABI. No
// exceptions: failures come back as a Status, as in the C ABI.
//
//   pixie::Status st;
//   pixie::Library lib = pixie::Library::open("kernels.pixie", st);
//   if (st) { std::cerr << st.message() << "\n"; return 1; }
//   auto *dot = lib.lookup<double(const double *, const double *, int64_t)>(
//       "dot", "f64(const f64*, const f64*, i64)", st);
#pragma once

#include <cstddef>
#include <utility>

#include "pixie/pixie.h"

namespace pixie {

// Owns a pixie_error. True when it holds a failure.
class Status {
public:
  Status() = default;
  explicit Status(pixie_error e) : e_(e) {}
  Status(Status &&o) noexcept : e_(std::exchange(o.e_, nullptr)) {}
  Status &operator=(Status &&o) noexcept {
    reset(std::exchange(o.e_, nullptr));
    return *this;
  }
  Status(const Status &) = delete;
  Status &operator=(const Status &) = delete;
  ~Status() { reset(nullptr); }

  explicit operator bool() const { return e_ != nullptr; }
  uint32_t code() const { return pixie_error_code(e_); }
  const char *codeName() const { return pixie_error_code_name(code()); }
  const char *message() const { return pixie_error_message(e_); }
  void reset(pixie_error e) {
    if (e_)
      pixie_error_dispose(e_);
    e_ = e;
  }

private:
  pixie_error e_ = nullptr;
};

// Owns a pixie_library. Function pointers looked up from it are valid while
// it lives.
class Library {
public:
  Library() = default;
  static Library open(const char *path, Status &status, const pixie_options *options = nullptr) {
    Library lib;
    status.reset(pixie_open_file(path, options, &lib.lib_));
    return lib;
  }
  static Library openMemory(const void *data, size_t size, Status &status, const pixie_options *options = nullptr) {
    Library lib;
    status.reset(pixie_open_memory(data, size, options, &lib.lib_));
    return lib;
  }
  Library(Library &&o) noexcept : lib_(std::exchange(o.lib_, nullptr)) {}
  Library &operator=(Library &&o) noexcept {
    pixie_close(lib_);
    lib_ = std::exchange(o.lib_, nullptr);
    return *this;
  }
  Library(const Library &) = delete;
  Library &operator=(const Library &) = delete;
  ~Library() { pixie_close(lib_); }

  explicit operator bool() const { return lib_ != nullptr; }
  pixie_library get() const { return lib_; }

  void *lookupAddress(const char *name, const char *signature, Status &status) const {
    void *address = nullptr;
    status.reset(pixie_lookup(lib_, name, signature, &address));
    return address;
  }
  // The caller states the C++ function type; the signature string is what
  // the loader checks against the file's metadata.
  template <class Fn> Fn *lookup(const char *name, const char *signature, Status &status) const {
    return reinterpret_cast<Fn *>(lookupAddress(name, signature, status));
  }

  const char *platform() const { return pixie_selected_platform(lib_); }
  const char *tier() const { return pixie_selected_tier(lib_); }
  const char *explanation() const { return pixie_explanation(lib_); }
  const char *explanationJson() const { return pixie_explanation_json(lib_); }
  const char *metadataJson() const { return pixie_metadata_json(lib_); }

private:
  pixie_library lib_ = nullptr;
};

} // namespace pixie
