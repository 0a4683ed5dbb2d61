// The per-user cache directory rules, shared by the loader's cache-file route
// and the JIT's compiled-code cache: code is only ever loaded from a directory
// that this user owns and nobody else can write.
#pragma once

#include <string>

#include "pixie/error.h"

namespace pixie {

// $PIXIE_CACHE_DIR is the caller's business; this is the platform default:
// $XDG_CACHE_HOME/pixie or ~/.cache/pixie (Linux), ~/Library/Caches/pixie
// (macOS), %LOCALAPPDATA%\pixie (Windows). "" when none can be determined.
std::string defaultCacheDir();

// Creates `dir` (and missing parents) with mode 0700, then refuses it, with a
// message naming the reason, if it is not a directory, is owned by another
// user, or is writable by group or others. On Windows the ACL of the user's
// profile is relied on and only creation is done.
Error preparePrivateDirectory(const std::string &dir);

} // namespace pixie
