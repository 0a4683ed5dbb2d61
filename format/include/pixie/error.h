// Errors for the LLVM-free modules (format, loader).
//
// The format reader parses bytes a user downloaded, and the loader runs in the
// user's process: neither may throw or abort on bad input. Every failure is an
// Error: a stable code (fixed values, never renumbered, mirrored by the C ABI)
// plus a message that says what was wrong and where (field, offset, section).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace pixie {

enum class Errc : uint32_t {
  ok = 0,
  io = 1,                       // reading or writing a file failed
  truncated = 2,                // input ends before a structure it declares
  bad_magic = 3,                // not a .pixie file
  unsupported_version = 4,      // major version this reader does not know
  reserved_nonzero = 5,         // a reserved field or bit is not zero
  out_of_bounds = 6,            // an offset/size points outside the file or overlaps
  limit_exceeded = 7,           // a count or size is beyond the spec's hard limits
  checksum_mismatch = 8,        // stored bytes do not match their checksum
  unsupported_compression = 9,  // compression method this reader does not know
  decompression_failed = 10,    // zstd rejected the data or sizes disagree
  bad_metadata = 11,            // metadata is not valid JSON or breaks the schema
  bad_signature = 12,           // a signature string does not parse
  not_found = 13,               // no such export, overload, tier or section
  no_variant = 14,              // no variant fits this host
  load_failed = 15,             // the OS loader refused a variant
  invalid_argument = 16,        // caller passed something unusable
  jit_failed = 17,              // re-JIT from bitcode failed
  unsupported_host = 18,        // the host cannot do what was asked
  malformed = 19,               // a structure breaks a rule of the spec
};

// Stable lower-case name of a code, e.g. "checksum_mismatch".
const char *errcName(Errc code);

class [[nodiscard]] Error {
public:
  Error() = default;
  Error(Errc code, std::string message) : code_(code), message_(std::move(message)) {}
  static Error success() { return Error(); }

  Errc code() const { return code_; }
  const std::string &message() const { return message_; }
  // True when this holds a failure, so `if (Error e = f()) return e;` reads naturally.
  explicit operator bool() const { return code_ != Errc::ok; }

private:
  Errc code_ = Errc::ok;
  std::string message_;
};

// A value or an Error, in the spirit of llvm::Expected but without LLVM.
template <class T> class [[nodiscard]] Expected {
public:
  Expected(T value) : v_(std::move(value)) {}
  Expected(Error error) : v_(std::move(error)) {}

  explicit operator bool() const { return v_.index() == 0; }
  T &operator*() { return std::get<0>(v_); }
  const T &operator*() const { return std::get<0>(v_); }
  T *operator->() { return &std::get<0>(v_); }
  const T *operator->() const { return &std::get<0>(v_); }
  // Only valid when !*this.
  const Error &error() const { return std::get<1>(v_); }
  Error takeError() { return std::move(std::get<1>(v_)); }

private:
  std::variant<T, Error> v_;
};

} // namespace pixie
