// Which variant of a fat binary this host runs, and why.
//
// Selection is a pure function of the metadata and a HostProfile:
//   1. keep the variants whose platform is the host's;
//   2. of those, keep the ones whose every `required` feature the host has;
//   3. take the highest rank; equal ranks go to the variant listed first.
// PIXIE_USE_ISA=<tier> replaces steps 2-3 by "exactly this tier", and it is an
// error (never a silent fallback) when the file has no such tier for this
// platform or the host lacks a feature it needs.
//
// The Explanation records the verdict on every variant, so `pixie-inspect
// --explain`, the C ABI and error messages all tell the same story.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pixie/error.h"
#include "pixie/host.h"
#include "pixie/metadata.h"

namespace pixie {

enum class JitPolicy : uint8_t { Never, Auto, Always };
std::string_view jitPolicyName(JitPolicy policy);

struct VariantVerdict {
  size_t index = 0;            // into Metadata::variants
  bool platform_match = false;
  // Required features this host lacks; a name the runtime does not know is
  // listed with " (unknown to this loader)", since it cannot be present.
  std::vector<std::string> missing;
  bool runnable() const { return platform_match && missing.empty(); }
};

struct Explanation {
  HostProfile host;
  std::string forced_tier;                // PIXIE_USE_ISA; empty when not forced
  JitPolicy jit = JitPolicy::Auto;
  std::vector<VariantVerdict> variants;   // one per metadata variant, file order
  std::optional<size_t> chosen;           // the selected variant, if any
  std::string decision;                   // one sentence: what was chosen and why, or why none
  std::string route;                      // how the code was loaded: memfd, cache-file, jit; empty until loaded
  std::string route_detail;               // e.g. the cache path, the JIT's own account
};

// Fills `why` completely and returns the chosen variant index, or the error
// (Errc::no_variant, Errc::not_found for an unknown forced tier,
// Errc::unsupported_host for a forced tier this host cannot run).
Expected<size_t> selectVariant(const Metadata &meta, const HostProfile &host, std::string_view forced_tier,
                               Explanation &why);

// Human-readable, several lines; and the same facts as one JSON object.
std::string explanationText(const Explanation &why, const Metadata &meta);
std::string explanationJson(const Explanation &why, const Metadata &meta);

} // namespace pixie
