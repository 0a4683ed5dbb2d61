// The C library kernels link (libc/README.md): pixie's headers for the front
// end, and per variant an object with the library functions the variant
// calls, compiled from the platform's embedded bitcode for the variant's tier.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace pixie {

struct Platform;

// pixie's C and C++ headers ($PIXIE_LIBC_INCLUDE overrides the built-in path).
std::string libcIncludeDir();

// A function a variant may import from the platform's own C runtime, and
// the library that exports it (spec/loader.md lists them and says why).
struct Import {
  const char *symbol;
  const char *library; // "" on ELF: resolved from the process's C library
};
llvm::ArrayRef<Import> platformImports(const Platform &platform);

// The platform imports that `objects` use (what none of them defines).
llvm::Expected<std::vector<Import>> usedImports(const Platform &platform,
                                                llvm::ArrayRef<std::vector<char>> objects);

// The headers in libcIncludeDir(), as `#include <...>` names, sorted.
std::vector<std::string> libcHeaders();

// The names of the functions and objects the platform's library defines.
const std::set<std::string, std::less<>> &libcSymbols(const Platform &platform);

// Symbol -> the exports (by export name) whose code refers to it, directly or
// through other functions of the module, including the library calls the
// code generator makes for intrinsics (llvm.exp.f64 -> exp). kQuadReachKey
// collects the exports that compute with fp128.
extern const char kQuadReachKey[];
using ReachMap = std::map<std::string, std::vector<std::string>, std::less<>>;

// fmin and fmax as C defines them and musl computes them, on every target:
// a NaN operand yields the other, and -0 is below +0. Clang emits
// llvm.minnum/maxnum for them, which x86 lowers to minsd/maxsd (whose
// result for +0 and -0 depends on the operand order) and Arm to fminnm:
// calls without fast-math flags are rewritten into compares and selects
// that vectorise like the intrinsics.
void exactMinMax(llvm::Module &module);

struct ExportSpec;
ReachMap reachFromExports(const llvm::Module &module, const std::vector<ExportSpec> &exports);

// One function a variant needs that nothing provides.
struct Unresolved {
  std::string symbol;
  std::vector<std::string> exports; // empty: only the generated code calls it
  std::string reason;               // why kernels cannot call it; empty: undefined
};

// Every unresolved function of one variant; build() merges variants.
class UnresolvedError : public llvm::ErrorInfo<UnresolvedError> {
public:
  static char ID;
  explicit UnresolvedError(std::vector<Unresolved> list) : list(std::move(list)) {}
  void log(llvm::raw_ostream &out) const override;
  std::error_code convertToErrorCode() const override { return llvm::inconvertibleErrorCode(); }
  std::vector<Unresolved> list;
};

// One message line for an unresolved function (without the variants).
std::string describeUnresolved(const Unresolved &u);

// The library object for a variant whose other objects are `objects`: the
// library functions they call and what those call in turn, hidden. A name an
// object defines is the user's and wins over the library's. Fails with an
// UnresolvedError for any call that no object, the library, or the platform's
// documented imports (spec/loader.md) can satisfy. Returns an empty object
// when the variant needs nothing from the library.
llvm::Expected<std::vector<char>> libraryObject(const Platform &platform,
                                                llvm::TargetMachine &machine,
                                                llvm::ArrayRef<std::vector<char>> objects,
                                                const ReachMap &reach);

} // namespace pixie
