// The embedded bitcode of one export, as LLVM IR (--ir) or as the assembly
// the variant's target makes of it (--asm). Like Numba's inspect_llvm and
// inspect_asm, but for a shipped file.
#pragma once

#include <span>
#include <string>

#include "pixie/error.h"
#include "pixie/metadata.h"

namespace pixie::inspect {

Expected<std::string> functionIR(std::span<const uint8_t> bitcode, const std::string &symbol);

// Recompiles the platform's bitcode for `variant` (its triple, CPU, features
// and vector-width preference) at `opt_level` with LLVM's default pipeline,
// and returns the assembly of `symbol`. The shipped code is what
// disassemble() shows; this is the annotated compiler view of the same input.
Expected<std::string> functionAsm(std::span<const uint8_t> bitcode, const Variant &variant, const std::string &symbol,
                                  unsigned opt_level);

} // namespace pixie::inspect
