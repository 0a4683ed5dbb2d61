// The front end: source files -> one module per platform, as bitcode.
#pragma once

#include <string>
#include <vector>

#include "llvm/Support/Error.h"
#include "pixie/targets.h"

namespace pixie {

struct ExportSpec;

struct PlatformIR {
  std::string bitcode;  // unoptimised, no CPU attributes: what a .pixie embeds
  std::string warnings; // clang's diagnostics of successful compiles, if any
};

// Compiles (.c/.cpp through clang for the platform's triple) or parses
// (.ll/.bc, retargeted) every input, links them into one module, removes the
// per-function CPU attributes so each variant (and a later JIT) chooses its
// own, checks the exports against it, and returns it as bitcode.
llvm::Expected<PlatformIR> buildPlatformBitcode(const Platform &platform,
                                                const std::vector<std::string> &inputs,
                                                const std::vector<std::string> &clang_args,
                                                const std::vector<ExportSpec> &exports);

} // namespace pixie
