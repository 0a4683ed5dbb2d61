// What pixie-inspect reports about a fat binary, as text and as JSON. No
// LLVM here: the listing, the explanation and extraction need only format/
// and loader/; disassembly and IR live in disasm.h and bitcode.h.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pixie/fatbinary.h"
#include "pixie/selection.h"

namespace pixie::inspect {

// "linux-64/x86-64-v3" -> the index of that variant, or a not_found error
// listing what the file has.
Expected<size_t> findVariant(const Metadata &meta, std::string_view platform_slash_tier);

// The symbol names behind `name`: an export's overload symbols, or `name`
// itself when it is a symbol of some overload. not_found otherwise.
Expected<std::vector<std::string>> symbolsFor(const Metadata &meta, std::string_view name);

std::string listingText(const FatBinaryReader &file, std::string_view path);
nlohmann::json listingJson(const FatBinaryReader &file, std::string_view path);

// The host as the loader sees it: platform, CPU, features.
std::string hostText(const HostProfile &host);
nlohmann::json hostJson(const HostProfile &host);

// The host's selection, with PIXIE_USE_ISA (and PIXIE_JIT, for the record)
// from the environment, without loading anything.
struct HostChoice {
  Explanation why;
  Error error; // set when no variant was chosen
};
HostChoice explainHost(const Metadata &meta, const HostProfile &host);

} // namespace pixie::inspect
