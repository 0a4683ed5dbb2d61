// Per-variant code generation: one platform's bitcode -> one tier's object file.
#pragma once

#include <memory>
#include <vector>

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"
#include "pipeline.h"
#include "pixie/targets.h"

namespace llvm {
class Module;
class PassPlugin;
} // namespace llvm

namespace pixie {

struct ExportSpec;

// Registers every LLVM target once per process (thread-safe).
void initializeTargets();

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const Platform &platform, const Tier &tier, unsigned opt_level);

struct CodegenOptions {
  unsigned opt_level = 3;
  llvm::StringRef passes; // replaces the default pipeline when not empty
  const std::vector<llvm::PassPlugin> *plugins = nullptr;
  Vectorizers vectorizers;
};

// Parses `bitcode` into a fresh LLVMContext (so callers may run many of these
// at once), specialises it for `tier`, hides everything but the exports,
// optimises and emits an object file, then the object of the C library
// functions it calls (libc.h) unless it calls none. `builtins` is the
// platform's builtins object, linked beside them.
llvm::Expected<std::vector<std::vector<char>>>
compileVariant(llvm::StringRef bitcode, const Platform &platform, const Tier &tier,
               const std::vector<ExportSpec> &exports, const CodegenOptions &options,
               llvm::ArrayRef<char> builtins);

// Emits `module` (already targeted at the machine's triple) as an object file.
llvm::Expected<std::vector<char>> emitObject(llvm::Module &module, llvm::TargetMachine &machine);

} // namespace pixie
