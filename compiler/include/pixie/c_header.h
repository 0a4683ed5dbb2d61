// The C header of a library's exports (pixie-build --header, pixie.build's
// header=; tools/README.md documents its shape).
#pragma once

#include <string>
#include <vector>

#include "pixie/compiler.h"

namespace pixie {

// Each exported symbol's prototype as its signature lowers, an element macro
// SYMBOL_PARAM(i, ...) per array parameter, and, for hosts that include
// pixie/pixie.h first, SYMBOL_lookup and SYMBOL_call, a checked call. Needs
// no sources: a kernel is written against it before it is built. Errors
// (a bad signature, a symbol with two C ABIs, a name defined twice) name the
// export.
llvm::Expected<std::string> cHeader(const std::string &library, const std::vector<ExportSpec> &exports);

} // namespace pixie
