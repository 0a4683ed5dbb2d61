// Exports: the --export flag, manifests, and the signature check against the
// LLVM function type, with the exact messages users see.
#include <catch2/catch.hpp>

#include "exports.h"
#include "pixie/compiler.h"
#include "test_support.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SourceMgr.h"

using namespace pixie;
using namespace pixie::test;

namespace {

const char kIR[] = R"(
define i64 @count(ptr %p, i64 %n) { ret i64 0 }
define void @scale(float %a, ptr %x, i32 %n) { ret void }
define zeroext i8 @flag(i8 signext %c, i16 zeroext %w) { ret i8 0 }
define i32 @vararg(i32 %n, ...) { ret i32 0 }
declare double @external(double)
define void @bystruct(ptr byval({ double, double, double }) %s) { ret void }
define void @sret(ptr sret({ double, double, double }) %r, double %x) { ret void }
)";

std::string check(const std::vector<ExportSpec> &exports) {
  llvm::LLVMContext context;
  llvm::SMDiagnostic diag;
  auto module = llvm::parseAssemblyString(kIR, diag, context);
  REQUIRE(module);
  llvm::Error e = checkExports(*module, exports);
  return e ? llvm::toString(std::move(e)) : "ok";
}

} // namespace

TEST_CASE("the export flag parses NAME=SYMBOL:SIGNATURE", "[exports]") {
  auto spec = parseExportFlag("primes=sieve_primes:i64(u8*, i64)");
  REQUIRE(bool(spec));
  CHECK(spec->name == "primes");
  CHECK(spec->symbol == "sieve_primes");
  CHECK(spec->signature == "i64(u8*, i64)");
  CHECK(spec->user_metadata == "null");

  for (const char *bad : {"primes", "primes=sieve", "=s:i64()", "p=:i64()", "p=s:"}) {
    auto e = parseExportFlag(bad);
    REQUIRE(!e);
    CHECK(llvm::toString(e.takeError()) ==
          std::string("--export '") + bad + "': expected NAME=SYMBOL:SIGNATURE");
  }
  auto e = parseExportFlag("f=f:i64(long)");
  REQUIRE(!e);
  std::string message = llvm::toString(e.takeError());
  CHECK(message.rfind("--export 'f=f:i64(long)': ", 0) == 0);
  CHECK(message.find("use i64 or i32") != std::string::npos);
}

TEST_CASE("manifests give library, inputs relative to the manifest, and overloads",
          "[exports]") {
  std::string path = writeTemp("m.json", R"J({"library": "lib", "inputs": ["a.c", "/abs/b.c"],
    "exports": [{"name": "f", "signature": "f64(f64)"},
                {"name": "f", "symbol": "f32_version", "signature": "float(float)",
                 "metadata": {"b": [1, 2], "a": true}}]})J");
  auto m = readManifest(path);
  REQUIRE(bool(m));
  CHECK(m->library == "lib");
  REQUIRE(m->inputs.size() == 2);
  CHECK(m->inputs[0] == path.substr(0, path.rfind('/')) + "/a.c");
  CHECK(m->inputs[1] == "/abs/b.c");
  REQUIRE(m->exports.size() == 2);
  CHECK(m->exports[0].symbol == "f");
  CHECK(m->exports[1].symbol == "f32_version");
  CHECK(m->exports[1].user_metadata == R"({"a":true,"b":[1,2]})");

  auto bad = [](const std::string &text) {
    std::string p = writeTemp("bad.json", text);
    auto m = readManifest(p);
    REQUIRE(!m);
    std::string message = llvm::toString(m.takeError());
    REQUIRE(message.rfind(p + ": ", 0) == 0);
    return message.substr(p.size() + 2);
  };
  CHECK(bad("[]") == "the manifest must be a JSON object");
  CHECK(bad("{}") == "\"exports\" must be an array");
  CHECK(bad(R"({"exports": [{"name": "f"}]})") ==
        "exports[0]: needs a string \"name\" and a string \"signature\"");
  CHECK(bad(R"({"exports": [], "inputs": "a.c"})") == "\"inputs\" must be an array of file names");
  CHECK(bad("{").rfind("[json.exception.parse_error.101] parse error at line 1, column 2", 0) == 0);
}

TEST_CASE("signatures are checked against the LLVM function type", "[exports]") {
  CHECK(check({{"count", "count", "i64(u8*, i64)"}}) == "ok");
  CHECK(check({{"count", "count", "u64(const f64*, u64)"}}) == "ok"); // widths match
  CHECK(check({{"scale", "scale", "void(f32, f32*, i32)"}}) == "ok");
  CHECK(check({{"flag", "flag", "u8(i8, u16)"}}) == "ok");

  CHECK(check({{"n", "missing", "void()"}}) ==
        "export 'n': no function 'missing' is defined in the inputs");
  CHECK(check({{"e", "external", "f64(f64)"}}) ==
        "export 'e': no function 'external' is defined in the inputs");
  CHECK(check({{"c", "count", "i64(u8*)"}}) ==
        "export 'c' (count): the signature has 1 parameters, but the function has 2");
  CHECK(check({{"c", "count", "i64(u8*, i32)"}}) ==
        "export 'c' (count): parameter 2 is i32 in the signature, but the function takes a "
        "64-bit integer");
  CHECK(check({{"c", "count", "f64(u8*, i64)"}}) ==
        "export 'c' (count): the signature returns f64, but the function returns a 64-bit integer");
  CHECK(check({{"c", "count", "i64(u8, i64)"}}) ==
        "export 'c' (count): parameter 1 is u8 in the signature, but the function takes a pointer");
  CHECK(check({{"s", "scale", "void(f64, f32*, i32)"}}) ==
        "export 's' (scale): parameter 1 is f64 in the signature, but the function takes f32");
  CHECK(check({{"s", "scale", "void(f32, f32, i32)"}}) ==
        "export 's' (scale): parameter 2 is f32 in the signature, but the function takes a "
        "pointer");
  CHECK(check({{"f", "flag", "u8(u8, u16)"}}) ==
        "export 'f' (flag): parameter 1 is u8 in the signature, but the function takes a signed "
        "8-bit integer");
  CHECK(check({{"f", "flag", "i8(i8, u16)"}}) ==
        "export 'f' (flag): the signature returns i8, but the function returns an unsigned 8-bit "
        "integer");
  CHECK(check({{"b", "bystruct", "void(f64*)"}}) ==
        "export 'b' (bystruct): parameter 1 of the function is a struct passed in memory "
        "(byval); signatures take scalars and pointers only");
  CHECK(check({{"r", "sret", "void(f64*, f64)"}}) ==
        "export 'r' (sret): parameter 1 of the function is a struct passed in memory "
        "(sret); signatures take scalars and pointers only");
  CHECK(check({{"v", "vararg", "i32(i32)"}}) ==
        "export 'v' (vararg): the function is variadic; exports need fixed parameters");
}
