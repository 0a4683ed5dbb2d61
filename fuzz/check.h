// The properties a fuzz target asserts besides "no sanitizer report".
// A failed property aborts, which libFuzzer records as a crash with the input.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "pixie/error.h"

namespace pixie::fuzz {

[[noreturn]] inline void violated(const char *what) {
  std::fprintf(stderr, "fuzz property violated: %s\n", what);
  std::abort();
}

inline void require(bool ok, const char *what) {
  if (!ok) violated(what);
}

// A refusal must say what went wrong: a code and a message, and the message
// bounded by the spec's limits on names and signatures, not by the input (a
// hostile file must not echo itself back whole).
inline void requireClean(const Error &e) {
  require(e.code() != Errc::ok, "a failure without an error code");
  require(!e.message().empty(), "an error without a message");
  require(e.message().size() < 16384, "an error message over 16 KiB");
}

} // namespace pixie::fuzz
