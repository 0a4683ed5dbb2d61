// The optimisation pipeline a variant goes through: LLVM's default -O<n>, or a
// user's new-PM pipeline text, with the user's pass plugins registered.
#pragma once

#include <optional>

#include <string>
#include <vector>

#include "llvm/ADT/StringRef.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/Error.h"

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace pixie {

// Loads every plugin once, up front; the handles stay valid for the process.
llvm::Expected<std::vector<llvm::PassPlugin>> loadPassPlugins(const std::vector<std::string> &paths);

// Checks `passes` parses, so a typo fails before any variant is built.
llvm::Error checkPipelineText(llvm::StringRef passes, const std::vector<llvm::PassPlugin> &plugins);

// Overrides of the vectorisers' default (on from -O2, as clang does).
struct Vectorizers {
  std::optional<bool> loop;
  std::optional<bool> slp;
};

llvm::Error optimizeModule(llvm::Module &module, llvm::TargetMachine &machine, unsigned opt_level,
                           llvm::StringRef passes, const std::vector<llvm::PassPlugin> &plugins,
                           const Vectorizers &vectorizers = {});

} // namespace pixie
