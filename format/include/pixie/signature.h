// The signature language of exported functions.
//
// Signatures are fixed-width so one string means the same thing on every
// platform a fat binary targets:
//
//   ret(param, param, ...)      e.g.  "i64(u8*, i64)"   "void(const f64*, f64*, i64)"
//   scalar  := void | i8 | i16 | i32 | i64 | u8 | u16 | u32 | u64 | f32 | f64
//   type    := ["const"] scalar "*"*        (const only qualifies a pointee)
//
// C spellings are accepted as aliases when their width is the same on every
// supported platform (double, float, int, int64_t, uint8_t, size_t, ...).
// Types whose width or signedness differs between platforms are refused with
// a message naming the fixed-width type to use: `long` is 64-bit on Linux and
// macOS but 32-bit on Windows, `char` is signed on x86 and unsigned on Arm.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pixie/error.h"

namespace pixie {

enum class ScalarKind : uint8_t { Void, I8, I16, I32, I64, U8, U16, U32, U64, F32, F64 };

struct SigType {
  ScalarKind scalar = ScalarKind::Void;
  uint8_t pointer_depth = 0; // 0 = by value
  bool is_const = false;     // pointee is const (pointer_depth > 0 only)

  bool isPointer() const { return pointer_depth > 0; }
  bool isFloat() const { return pointer_depth == 0 && (scalar == ScalarKind::F32 || scalar == ScalarKind::F64); }
  bool isInteger() const { return pointer_depth == 0 && scalar != ScalarKind::Void && !isFloat(); }
  bool isSigned() const;
  unsigned bitWidth() const; // of the scalar; pointers report 64
  bool operator==(const SigType &) const = default;
};

struct Signature {
  SigType ret;
  std::vector<SigType> params;
  bool operator==(const Signature &) const = default;
};

// Hard limits, so a hostile metadata document cannot make the parser work hard.
constexpr size_t kMaxSignatureLength = 4096;
constexpr size_t kMaxSignatureParams = 64;
constexpr unsigned kMaxPointerDepth = 4;

// Parses a signature; errors are Errc::bad_signature and name the column.
Expected<Signature> parseSignature(std::string_view text);

// Canonical spelling: fixed-width names, "const f64*", ", " between params.
std::string toString(const Signature &sig);
std::string toString(const SigType &type);
const char *scalarName(ScalarKind kind);

} // namespace pixie
