// The signature language of exported functions.
//
// Signatures are fixed-width so one string means the same thing on every
// platform a fat binary targets:
//
//   ret(param, param, ...)      e.g.  "i64(u8*, i64)"   "void(const f64*, f64*, i64)"
//   scalar  := void | i8 | i16 | i32 | i64 | u8 | u16 | u32 | u64 | f32 | f64
//   type    := ["const"] scalar "*"*        (const only qualifies a pointee)
//            | ["const"] scalar "[" extent {"," extent} "]"     an array
//   extent  := name | integer                named extents agree across params
//   param   := type [name]
//
// An array is passed as a pointer to its first element (C order); each named
// extent is passed once, as the integer parameter of that name if there is
// one, else as an i64 appended after the declared parameters in order of
// first appearance (lower(), spec/format.md "Arrays"). So
// "void(i64 n, const f64[n] x, f64[n] y)" is the C function
// `void f(int64_t n, const double *x, double *y)`, and a caller that knows
// the arrays fills n in.
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

// One dimension of an array: a name shared by every array (and integer
// parameter) that uses it, or a fixed size.
struct Extent {
  std::string name; // empty: fixed
  int64_t size = 0; // the fixed size (name empty only)
  bool operator==(const Extent &) const = default;
};

struct SigType {
  ScalarKind scalar = ScalarKind::Void;
  uint8_t pointer_depth = 0; // 0 = by value
  bool is_const = false;     // pointee/elements are const (pointers and arrays only)
  std::vector<Extent> extents; // an array of `scalar` when not empty
  std::string name;            // the parameter's name, if given

  bool isArray() const { return !extents.empty(); }
  // Passed as an address: a pointer or an array.
  bool isPointer() const { return pointer_depth > 0 || isArray(); }
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
constexpr size_t kMaxArrayRank = 8;
constexpr int64_t kMaxFixedExtent = int64_t(1) << 48;

// Parses a signature; errors are Errc::bad_signature and name the column.
Expected<Signature> parseSignature(std::string_view text);

// Canonical spelling: fixed-width names, "const f64*", "f32[m, n]", a name
// after its type, ", " between params.
std::string toString(const Signature &sig);
std::string toString(const SigType &type);
const char *scalarName(ScalarKind kind);

bool hasArrays(const Signature &sig);

// How a signature is called through the C ABI.
struct Lowering {
  Signature c; // arrays as pointers, extents appended as i64 (names kept)
  // Each distinct named extent, in order of first appearance, and the index
  // in c.params of the integer parameter that carries it.
  std::vector<std::string> extents;
  std::vector<size_t> extent_params;
  size_t declared = 0; // c.params[0, declared) are the signature's own params
};
Lowering lower(const Signature &sig);

} // namespace pixie
