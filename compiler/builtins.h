// The freestanding builtins every variant is linked with.
#pragma once

#include <vector>

#include "llvm/Support/Error.h"
#include "pixie/targets.h"

namespace pixie {

// An object file for the platform's baseline tier defining what code
// generators call behind the source's back (memcpy, memmove, memset, and on
// Darwin bzero, on Windows _fltused and __chkstk), all hidden.
llvm::Expected<std::vector<char>> builtinsObject(const Platform &platform);

} // namespace pixie
