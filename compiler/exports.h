// Checking exports against the module that must define them.
#pragma once

#include <vector>

#include "llvm/Support/Error.h"

namespace llvm {
class Module;
}

namespace pixie {

struct ExportSpec;

// Every export's symbol must be a function defined in `module` whose LLVM type
// matches the export's signature (arity, integer widths, float kinds, pointer
// vs value, and the sign of small integers where the ABI records it).
llvm::Error checkExports(const llvm::Module &module, const std::vector<ExportSpec> &exports);

} // namespace pixie
