// The target tier table: which platforms pixie-build compiles for, and which
// CPU tiers on each (spec/targets.md is the normative copy).
//
// The table is data, kept in one place (targets.cpp), so adding a platform or
// a tier is one entry. What a tier requires from the host is never written by
// hand: requiredFeatures() asks LLVM which subtarget features the tier's CPU
// and feature string enable and keeps those the runtime detector can report.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "llvm/Support/Error.h"

namespace pixie {

enum class BinaryFormat { Elf, MachO, Coff };

// "elf", "macho" or "coff", as the metadata spells it.
const char *binaryFormatName(BinaryFormat format);

struct Tier {
  const char *name;         // unique within its platform, e.g. "x86-64-v3"
  unsigned rank;            // 0 = baseline; higher is better
  const char *cpu;          // LLVM CPU name
  const char *features;     // LLVM feature string, "" or "+a,+b"
  unsigned prefer_vector_width; // 0 = the CPU's default (function attribute)
};

struct Platform {
  const char *name;   // linux-64, linux-aarch64, osx-arm64, win-64
  const char *triple;
  BinaryFormat format;
  std::span<const Tier> tiers; // by rank, baseline first
  // The LLVM feature names the runtime can detect on this architecture.
  std::span<const char *const> detectable;
};

// Every platform, in the fixed order pixie builds and stores them.
std::span<const Platform> allPlatforms();
const Platform *findPlatform(std::string_view name);
const Tier *findTier(const Platform &platform, std::string_view name);

// The host features (LLVM names, sorted) a variant built for `tier` needs:
// the features LLVM enables for its CPU + feature string, intersected with
// the platform's detectable list.
llvm::Expected<std::vector<std::string>> requiredFeatures(const Platform &platform,
                                                          const Tier &tier);

} // namespace pixie
