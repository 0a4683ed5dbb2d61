// The metadata document of a .pixie file (spec/format.md, "Metadata").
//
// A JSON object that names the library, its exports and their signatures,
// the variants with what each needs from the host, the bitcode, and how the
// file was built. parseMetadata() validates the whole schema, so code using a
// Metadata never meets a missing field, a bad signature or a dangling section.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "pixie/container.h"
#include "pixie/error.h"
#include "pixie/signature.h"

namespace pixie {

constexpr int kMetadataSchema = 1;

// Counts the schema allows (spec/format.md, "Limits"); far above any real
// library, they bound what a reader builds from a hostile document.
constexpr size_t kMaxExports = 65536;
constexpr size_t kMaxOverloads = 256;  // per export
constexpr size_t kMaxVariants = 4096;  // also bitcode entries; a file has at most 4096 sections
constexpr size_t kMaxFeatures = 256;   // per list (features, required)
constexpr size_t kMaxOptions = 4096;   // build options

struct Overload {
  std::string symbol;         // the exported symbol in every variant
  std::string signature;      // canonical signature text (signature.h)
  std::string user_metadata;  // a JSON value supplied by the author; "null" if none
};

struct Export {
  std::string name; // the Python-facing name
  std::vector<Overload> overloads;
  std::string doc;  // its docstring ("doc", optional; newlines and tabs allowed)
};

struct Variant {
  std::string platform;                  // linux-64, linux-aarch64, osx-arm64, win-64
  std::string triple;                    // e.g. x86_64-unknown-linux-gnu
  std::string tier;                      // e.g. x86-64-v3; unique within a platform
  uint32_t rank = 0;                     // higher is better within a platform
  std::string cpu;                       // LLVM CPU name used for codegen
  std::vector<std::string> features;     // LLVM features used for codegen (+x/-x)
  std::vector<std::string> required;     // host features the variant needs (LLVM names)
  std::string binary_format;             // elf, macho, coff
  uint32_t section = 0;                  // a Variant section
  bool specialized = false;              // built for one exact host (re-JIT ahead of time)
};

struct BitcodeEntry {
  std::string platform;
  std::string triple;
  uint32_t section = 0; // a Bitcode section
};

struct Provenance {
  std::string pixie_version;
  std::string llvm_version;
  std::vector<std::string> options; // the build options, in order
};

struct Metadata {
  std::string library; // [A-Za-z_][A-Za-z0-9_]*, the Python module name
  std::string uuid;    // 8-4-4-4-12 lower-case hex
  std::vector<Export> exports;
  std::vector<Variant> variants;
  std::vector<BitcodeEntry> bitcode;
  Provenance build;
};

// Serialises deterministically (sorted keys, no whitespace variation).
std::string serializeMetadata(const Metadata &meta);

// Parses and validates. `sections` (the file's table) lets references be
// checked: each variant and bitcode entry must name a section of its kind.
Expected<Metadata> parseMetadata(std::string_view json, std::span<const SectionInfo> sections);

// The schema checks alone, for metadata built in memory before writing.
Error validateMetadata(const Metadata &meta);

} // namespace pixie
