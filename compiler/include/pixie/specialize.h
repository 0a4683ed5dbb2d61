// Compiling a fat binary's bitcode for one exact host.
//
// The engine behind re-JIT (libpixie_jit, reached by the loader when no
// prebuilt variant fits or PIXIE_JIT=always) and `pixie-build --specialize`.
// Both produce an ordinary shared-library variant, so the OS loader runs JIT
// code exactly as it runs prebuilt code, and a cached result loads without
// LLVM.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "llvm/Support/Error.h"
#include "pixie/fatbinary.h"

namespace pixie {

// The host as the runtime detector describes it (pixie/host.h).
struct HostTarget {
  std::string platform;              // linux-64, linux-aarch64, osx-arm64, win-64
  std::string cpu;                   // the runtime's CPU name
  std::vector<std::string> features; // LLVM names of the detectable features it has
};

struct SpecializedVariant {
  Variant variant;             // tier "host-<cpu>", ranked above every prebuilt tier
  std::vector<uint8_t> image;  // the shared library
  std::string account;         // one line for explanations: source bitcode, CPU, time
};

// Compiles the bitcode of the host's platform (or, when the file has none, of
// a platform with the same data model, retargeted) for exactly this host: the
// host's CPU when LLVM knows it, every detectable feature switched on or off
// as the host has it, so the code needs nothing the key of a cache entry does
// not record. Refuses modules that cannot be retargeted safely.
llvm::Expected<SpecializedVariant> specializeForHost(const FatBinaryReader &file, const HostTarget &host,
                                                     unsigned opt_level = 3);

// A copy of `file` (uuid, exports, variants, bitcode) with `v` added, replacing
// an earlier specialised variant of the same platform.
llvm::Expected<std::vector<uint8_t>> addSpecializedVariant(const FatBinaryReader &file,
                                                           const SpecializedVariant &v);

// Whether LLVM knows `cpu` as a CPU name for `platform` (a metadata platform name).
bool isKnownCpu(const std::string &platform, const std::string &cpu);

// Reads `in`, specialises it for `host` and writes the copy to `out`
// atomically: `pixie-build --specialize` and Python's __PIXIE__['specialize'].
llvm::Expected<SpecializedVariant> specializeFile(const std::string &in, const std::string &out,
                                                  const HostTarget &host, unsigned opt_level = 3);

} // namespace pixie
