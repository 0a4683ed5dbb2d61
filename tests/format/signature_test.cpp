#include <catch2/catch.hpp>

#include "pixie/signature.h"

using namespace pixie;

namespace {
std::string canon(std::string_view s) {
  auto sig = parseSignature(s);
  return sig ? toString(*sig) : "error: " + sig.error().message();
}
std::string error(std::string_view s) {
  auto sig = parseSignature(s);
  return sig ? "parsed" : sig.error().message();
}
} // namespace

TEST_CASE("fixed-width signatures parse to their canonical form") {
  CHECK(canon("i64(u8*, i64)") == "i64(u8*, i64)");
  CHECK(canon("  void ( double *,double*,  double * ) ") == "void(f64*, f64*, f64*)");
  CHECK(canon("f64(const f64*, const f64*, i64)") == "f64(const f64*, const f64*, i64)");
  CHECK(canon("f64(f64 const*, double const *, int64_t)") == "f64(const f64*, const f64*, i64)");
  CHECK(canon("i32()") == "i32()");
  CHECK(canon("i32(void)") == "i32()");
  CHECK(canon("void*(void*, const void*, size_t)") == "void*(void*, const void*, u64)");
  CHECK(canon("f32**(f32**)") == "f32**(f32**)");
}

TEST_CASE("C aliases with one width everywhere are accepted") {
  CHECK(canon("int(unsigned int, short, unsigned short, signed char, unsigned char)") ==
        "i32(u32, i16, u16, i8, u8)");
  CHECK(canon("long long(unsigned long long, uint32_t, int16_t, uint8_t, float)") == "i64(u64, u32, i16, u8, f32)");
  CHECK(canon("intptr_t(uintptr_t, ptrdiff_t)") == "i64(u64, i64)");
}

TEST_CASE("platform-dependent C types are refused with the fixed-width type to use") {
  CHECK(error("long(i64)") == "signature 'long(i64)' at column 1: the return type 'long' is 64-bit on Linux and "
                              "macOS but 32-bit on Windows; use i64 or i32");
  CHECK(error("i64(u8*, unsigned long)") == "signature 'i64(u8*, unsigned long)' at column 10: the parameter 2 "
                                            "'unsigned long' is 64-bit on Linux and macOS but 32-bit on Windows; "
                                            "use u64 or u32");
  CHECK(error("void(char*)") == "signature 'void(char*)' at column 6: the parameter 1 'char' is signed on x86 and "
                                "unsigned on Arm; use i8 or u8");
  CHECK(error("long double(f64)").find("'long double' is 80-bit on x86 Linux") != std::string::npos);
  CHECK(error("bool(i32)").find("use u8") != std::string::npos);
}

TEST_CASE("malformed signatures name the column and the problem") {
  CHECK(error("") == "signature '' at column 1: expected a type for the return type");
  CHECK(error("i64") == "signature 'i64' at column 4: expected '(' after the return type");
  CHECK(error("i64(i64") == "signature 'i64(i64' at column 8: expected ',' or ')' after parameter 1");
  CHECK(error("i64(i64,)") == "signature 'i64(i64,)' at column 9: expected a type for the parameter 2");
  CHECK(error("i64(i64) x") == "signature 'i64(i64) x' at column 10: unexpected text after ')'");
  CHECK(error("i64(float128)") == "signature 'i64(float128)' at column 5: the parameter 1 has unknown type "
                                  "'float128' (use void, i8..i64, u8..u64, f32, f64, or pointers or arrays of them)");
  CHECK(error("void(void, i64)") == "signature 'void(void, i64)' at column 6: parameter 1 is 'void'; only a "
                                    "pointer to void can be passed");
  CHECK(error("void(const i64)") == "signature 'void(const i64)' at column 6: the parameter 1 is a const value; "
                                    "const only qualifies a pointee");
  CHECK(error("void(i64* const)") == "signature 'void(i64* const)' at column 11: the parameter 1 is a const "
                                     "pointer; only the pointee can be const");
  CHECK(error("void(i8*****)") == "signature 'void(i8*****)' at column 12: the parameter 1 has more than 4 levels "
                                  "of pointer");
}

TEST_CASE("hostile signatures are refused cheaply") {
  std::string huge = "void(" + std::string(1 << 20, 'x') + ")";
  CHECK(error(huge) == "signature '" + huge.substr(0, 80) + "...' at column 1: is 1048582 characters long; the "
                                                            "limit is 4096");
  std::string many = "void(";
  for (int i = 0; i < 65; ++i) many += i ? ", i8" : "i8";
  many += ")";
  CHECK(error(many).find("has more than 64 parameters") != std::string::npos);
}

TEST_CASE("type properties") {
  auto sig = parseSignature("f64(const f32*, u16, i8)");
  REQUIRE(sig);
  CHECK(sig->ret.isFloat());
  CHECK(sig->params[0].isPointer());
  CHECK(sig->params[0].is_const);
  CHECK(sig->params[1].isInteger());
  CHECK_FALSE(sig->params[1].isSigned());
  CHECK(sig->params[2].isSigned());
  CHECK(sig->params[1].bitWidth() == 16);
  CHECK(sig->params[0].bitWidth() == 64);
}

TEST_CASE("an unknown type of a thousand words is quoted, not echoed whole") {
  // Found by fuzz/signature_fuzzer: the type name was quoted in full.
  std::string words;
  for (int i = 0; i < 1000; ++i) words += "led ";
  std::string message = error("i64(" + words + ")");
  CHECK(message.size() < 300);
  CHECK(message.find("the parameter 1 has unknown type '" + words.substr(0, 80) + "...' (use void") !=
        std::string::npos);
}

TEST_CASE("array parameters: extents, names, canonical form") {
  CHECK(canon("void(const double[n] x, const f64[ n ] y, f64[n] out)") ==
        "void(const f64[n] x, const f64[n] y, f64[n] out)");
  CHECK(canon("f64(const f32[m,k] a, const f32[k, n] b, f32[m, n] c)") ==
        "f64(const f32[m, k] a, const f32[k, n] b, f32[m, n] c)");
  CHECK(canon("void(f64[3, 3], u8[n])") == "void(f64[3, 3], u8[n])");
  CHECK(canon("i64(i64 n, const f64* x, unsigned int count)") == "i64(i64 n, const f64* x, u32 count)");
  CHECK(canon("void(f32[n] x, i64 n)") == "void(f32[n] x, i64 n)");
  CHECK(canon("i32(void)") == "i32()");
}

TEST_CASE("array signatures lower to pointers and the named extents") {
  auto sig = parseSignature("f64(const f32[m, k] a, const f32[k, n] b, f32[m, n] c)");
  REQUIRE(sig);
  Lowering l = lower(*sig);
  CHECK(toString(l.c) == "f64(const f32* a, const f32* b, f32* c, i64 m, i64 k, i64 n)");
  CHECK(l.declared == 3);
  CHECK(l.extents == std::vector<std::string>{"m", "k", "n"});
  CHECK(l.extent_params == std::vector<size_t>{3, 4, 5});

  // An integer parameter of the extent's name carries it: the C function
  // of an old pointer signature keeps its ABI.
  sig = parseSignature("void(i64 n, f32 a, const f32[n] x, f32[n] y)");
  REQUIRE(sig);
  l = lower(*sig);
  CHECK(toString(l.c) == "void(i64 n, f32 a, const f32* x, f32* y)");
  CHECK(l.extent_params == std::vector<size_t>{0});

  sig = parseSignature("void(f64[4, 4] m)"); // fixed extents are not passed
  REQUIRE(sig);
  CHECK(toString(lower(*sig).c) == "void(f64* m)");
  CHECK(hasArrays(*sig));
  CHECK(!hasArrays(*parseSignature("void(f64*, i64)")));
}

TEST_CASE("malformed array signatures say what is wrong") {
  CHECK(error("void(f64[])") == "signature 'void(f64[])' at column 10: expected an extent (a name or a positive "
                                "integer) for the parameter 1");
  CHECK(error("void(f64[0])") == "signature 'void(f64[0])' at column 10: an extent of the parameter 1 is 0");
  CHECK(error("void(void[n])") == "signature 'void(void[n])' at column 6: the parameter 1 is an array of void; "
                                  "arrays hold i8..i64, u8..u64, f32 or f64");
  CHECK(error("f64[n](i64 n)") == "signature 'f64[n](i64 n)' at column 1: the return type is an array; return "
                                  "arrays through parameters");
  CHECK(error("void(f64[n] x, f64[n] x)") == "signature 'void(f64[n] x, f64[n] x)' at column 1: parameters 1 and 2 "
                                             "are both named 'x'");
  CHECK(error("void(f64 n, f64[n] x)") == "signature 'void(f64 n, f64[n] x)' at column 1: extent 'n' names "
                                          "parameter 1, which is f64 n; an extent's parameter is an integer");
  CHECK(error("void(f64*[n])") == "signature 'void(f64*[n])' at column 10: expected ',' or ')' after parameter 1");
  CHECK(error("void(f64[1,2,3,4,5,6,7,8,9])").find("more than 8 dimensions") != std::string::npos);
  CHECK(error("void(f64[n m])") == "signature 'void(f64[n m])' at column 12: expected ',' or ']' in the extents of "
                                   "the parameter 1");
}
