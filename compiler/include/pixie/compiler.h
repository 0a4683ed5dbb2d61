// The pixie compiler: sources -> one fat binary.
//
// build() is the whole of pixie-build as a library call, a straight list of
// passes (build.cpp): resolve targets -> front end per platform (clang or IR
// parse, link, retarget, check exports) -> per-variant O3 + codegen + lld
// link, in parallel -> metadata -> fat binary bytes. Writing the file is the
// caller's business (pixie::writeFileAtomic), so a failed build never leaves
// anything behind.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "llvm/Support/Error.h"
#include "pixie/metadata.h"

namespace pixie {

// One overload of an export: `name` is what Python sees, `symbol` the function
// in the sources, `signature` the fixed-width text of signature.h.
struct ExportSpec {
  std::string name;
  std::string symbol;
  std::string signature;
  std::string user_metadata = "null"; // a JSON value, kept verbatim
  std::string doc = "";                // the export's docstring, if any
};

// Parses "NAME=SYMBOL:SIGNATURE[#DOC]" (the --export flag): everything after
// the first '#', which no signature contains, is the export's docstring.
llvm::Expected<ExportSpec> parseExportFlag(llvm::StringRef text);

// The library name for an output file when none is given: the file's stem
// with every character outside [A-Za-z0-9_] replaced by '_', and '_' put
// before a leading digit, so it is a valid Python module name ("2mm.pixie"
// -> "_2mm", "fdtd-2d.pixie" -> "fdtd_2d").
std::string libraryNameFromPath(llvm::StringRef path);

// What a JSON manifest holds (examples/kernels/kernels.json shows one):
//   {"library": "kernels", "inputs": ["sieve.c"],
//    "exports": [{"name": "primes", "symbol": "sieve_primes",
//                 "signature": "i64(u8*, i64)", "metadata": {...},
//                 "doc": "Marks the primes below n."}]}
// Inputs are relative to the manifest's directory; several entries with one
// name are the overloads of that export.
struct Manifest {
  std::string library;
  std::vector<std::string> inputs;
  std::vector<ExportSpec> exports;
};
llvm::Expected<Manifest> readManifest(const std::string &path);

struct VariantReport {
  std::string platform;
  std::string tier;
  double seconds = 0; // optimisation + codegen + link of this variant
  size_t bytes = 0;   // size of the linked shared library
  size_t completed = 0; // how many variants are done, this one included
  size_t total = 0;
};

struct BuildOptions {
  std::string library; // the Python module name
  std::vector<std::string> inputs; // .ll, .bc, .c, .cpp (.cc, .cxx)
  std::vector<ExportSpec> exports;
  std::vector<std::string> platforms; // empty = all
  std::vector<std::string> tiers;     // empty = all of the selected platforms
  unsigned opt_level = 3;             // 0..3
  // Vectoriser switches; unset: on from -O2 (the original PIXIE's opt_flags).
  std::optional<bool> loop_vectorize;
  std::optional<bool> slp_vectorize;
  std::string passes;                 // new-PM pipeline text; replaces -O<n>
  std::vector<std::string> pass_plugins;
  std::vector<std::string> clang_args; // extra front-end flags (-I, -D, ...)
  unsigned jobs = 0;                   // 0 = hardware threads
  std::string uuid;                    // empty = derived from content
  std::vector<std::string> provenance; // recorded as build.options
  // Called once per finished variant, from the building thread, serialised.
  std::function<void(const VariantReport &)> on_variant;
};

// Wall-clock time of one pass of the driver (build.cpp lists them).
struct PhaseTime {
  std::string name;
  double seconds = 0;
};

struct BuildResult {
  std::vector<uint8_t> file; // the .pixie bytes
  Metadata meta;             // as written, sections filled in
  std::vector<std::vector<uint8_t>> variant_images; // meta.variants order
  std::vector<VariantReport> reports;               // meta.variants order
  std::vector<PhaseTime> phases;                    // in the order they ran
  // clang's warnings, each text once; prefixed with its platform when not
  // every platform gave it.
  std::vector<std::string> warnings;
};

llvm::Expected<BuildResult> build(const BuildOptions &options);

} // namespace pixie
