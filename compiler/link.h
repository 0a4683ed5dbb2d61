// Linking a variant's objects into a shared library with lld, in-process.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "pixie/targets.h"

namespace pixie {

// `library` names the image (install name / code-signature identifier), so it
// must be the same for every build of a library to keep outputs identical.
llvm::Expected<std::vector<uint8_t>> linkSharedLibrary(const Platform &platform,
                                                       const std::string &library,
                                                       llvm::ArrayRef<std::vector<char>> objects);

} // namespace pixie
