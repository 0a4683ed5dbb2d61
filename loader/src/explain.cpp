// Rendering an Explanation for people (text) and machines (JSON). Both are
// built from the same struct, so they cannot disagree.
#include <nlohmann/json.hpp>

#include "pixie/selection.h"

namespace pixie {

namespace {

std::string hostFeatures(const HostProfile &host) {
  std::string out;
  for (std::string_view f : featureNames(host.arch))
    if (host.has(f)) {
      if (!out.empty())
        out += ' ';
      out += f;
    }
  return out;
}

} // namespace

std::string explanationText(const Explanation &why, const Metadata &meta) {
  const HostProfile &h = why.host;
  std::string platform(h.platform());
  std::string out;
  out += "host: " + (platform.empty() ? std::string("(none: ") + std::string(osName(h.os)) + "/" +
                                            std::string(archName(h.arch)) + ")"
                                      : platform) +
         ", cpu " + std::string(h.cpuName()) + " (" + std::string(h.describe()) + ")\n";
  out += "host features: " + hostFeatures(h) + "\n";
  out += "PIXIE_USE_ISA: " + (why.forced_tier.empty() ? std::string("(not set)") : why.forced_tier) + "\n";
  out += "PIXIE_JIT: " + std::string(jitPolicyName(why.jit)) + "\n";
  out += "variants:\n";
  for (const VariantVerdict &v : why.variants) {
    const Variant &var = meta.variants[v.index];
    std::string verdict;
    if (!v.platform_match)
      verdict = "other platform";
    else if (!v.missing.empty()) {
      verdict = "cannot run, lacks";
      for (const std::string &m : v.missing)
        verdict += " " + m;
    } else
      verdict = "runnable";
    const bool chosen = why.chosen && *why.chosen == v.index;
    out += std::string(chosen ? "  * " : "    ") + var.platform + "/" + var.tier + " (rank " +
           std::to_string(var.rank) + "): " + verdict + "\n";
  }
  out += "decision: " + why.decision + "\n";
  if (!why.route.empty())
    out += "loaded via: " + why.route + (why.route_detail.empty() ? "" : " (" + why.route_detail + ")") + "\n";
  return out;
}

std::string explanationJson(const Explanation &why, const Metadata &meta) {
  using nlohmann::json;
  const HostProfile &h = why.host;
  json features = json::array();
  for (std::string_view f : featureNames(h.arch))
    if (h.has(f))
      features.push_back(std::string(f));
  json host = {{"platform", std::string(h.platform())},
               {"os", std::string(osName(h.os))},
               {"arch", std::string(archName(h.arch))},
               {"cpu", std::string(h.cpuName())},
               {"description", std::string(h.describe())},
               {"features", features}};
  json variants = json::array();
  for (const VariantVerdict &v : why.variants) {
    const Variant &var = meta.variants[v.index];
    variants.push_back({{"index", v.index},
                        {"platform", var.platform},
                        {"tier", var.tier},
                        {"rank", var.rank},
                        {"platform_match", v.platform_match},
                        {"runnable", v.runnable()},
                        {"missing", v.missing}});
  }
  json out = {{"host", host},
              {"forced_tier", why.forced_tier.empty() ? json(nullptr) : json(why.forced_tier)},
              {"jit", std::string(jitPolicyName(why.jit))},
              {"variants", variants},
              {"chosen", why.chosen ? json(*why.chosen) : json(nullptr)},
              {"decision", why.decision},
              {"route", why.route.empty() ? json(nullptr) : json(why.route)},
              {"route_detail", why.route_detail}};
  // replace: a CPU brand string is not guaranteed to be UTF-8.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace pixie
