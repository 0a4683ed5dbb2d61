// Disassembly of one exported function of one variant, straight from the
// shipped bytes: the variant image is parsed with LLVM's Object library (ELF,
// Mach-O or COFF), the symbol's extent is found, and LLVM MC decodes it for
// the variant's triple, CPU and features.
#pragma once

#include <span>
#include <string>

#include "pixie/error.h"
#include "pixie/metadata.h"

namespace pixie::inspect {

Expected<std::string> disassemble(std::span<const uint8_t> image, const Variant &variant, const std::string &symbol);

} // namespace pixie::inspect
