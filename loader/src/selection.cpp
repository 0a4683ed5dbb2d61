// Variant selection (algorithm in selection.h) and the messages that explain
// it. Messages name the host (platform and CPU), each relevant tier and the
// exact features it lacks, because "no variant fits" alone sends a user to a
// debugger.
#include "pixie/selection.h"

#include <algorithm>
#include <set>

namespace pixie {

namespace {

std::string join(const std::vector<std::string> &items, std::string_view sep = ", ") {
  std::string out;
  for (const std::string &s : items) {
    if (!out.empty())
      out += sep;
    out += s;
  }
  return out;
}

std::string hostText(const HostProfile &host) {
  std::string platform(host.platform());
  if (platform.empty())
    platform = std::string(osName(host.os)) + "/" + std::string(archName(host.arch)) +
               ", a platform pixie ships no variants for";
  return platform + ", cpu " + std::string(host.cpuName());
}

std::vector<std::string> lacking(const Variant &v, const HostProfile &host) {
  std::vector<std::string> out;
  for (const std::string &f : v.required) {
    if (featureIndex(host.arch, f) < 0)
      out.push_back(f + " (unknown to this loader)");
    else if (!host.has(f))
      out.push_back(f);
  }
  return out;
}

// "x86-64-v4 lacks avx512f, avx512bw; x86-64-v3 lacks fma" for every variant
// of the host's platform that it cannot run.
std::string whyNotRunnable(const Explanation &why, const Metadata &meta) {
  std::vector<std::string> parts;
  for (const VariantVerdict &v : why.variants)
    if (v.platform_match && !v.missing.empty())
      parts.push_back(meta.variants[v.index].tier + " lacks " + join(v.missing));
  return join(parts, "; ");
}

std::vector<std::string> tiersOf(const Explanation &why, const Metadata &meta, bool runnable_only) {
  std::vector<std::string> out;
  for (const VariantVerdict &v : why.variants)
    if (v.platform_match && (!runnable_only || v.runnable()))
      out.push_back(meta.variants[v.index].tier);
  return out;
}

std::vector<std::string> otherPlatforms(const Metadata &meta, std::string_view host_platform) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (const Variant &v : meta.variants)
    if (v.platform != host_platform && seen.insert(v.platform).second)
      out.push_back(v.platform);
  return out;
}

Error fail(Explanation &why, Errc code, std::string message) {
  why.decision = message;
  return Error(code, std::move(message));
}

} // namespace

std::string_view jitPolicyName(JitPolicy policy) {
  switch (policy) {
  case JitPolicy::Never: return "never";
  case JitPolicy::Auto: return "auto";
  case JitPolicy::Always: return "always";
  }
  return "auto";
}

Expected<size_t> selectVariant(const Metadata &meta, const HostProfile &host, std::string_view forced_tier,
                               Explanation &why) {
  why.host = host;
  why.forced_tier = std::string(forced_tier);
  why.variants.clear();
  why.chosen.reset();
  const std::string_view platform = host.platform();

  for (size_t i = 0; i < meta.variants.size(); ++i) {
    VariantVerdict v;
    v.index = i;
    v.platform_match = !platform.empty() && meta.variants[i].platform == platform;
    if (v.platform_match)
      v.missing = lacking(meta.variants[i], host);
    why.variants.push_back(std::move(v));
  }

  const std::string lib = "'" + meta.library + "'";
  if (!forced_tier.empty()) {
    auto it = std::find_if(why.variants.begin(), why.variants.end(), [&](const VariantVerdict &v) {
      return v.platform_match && meta.variants[v.index].tier == forced_tier;
    });
    if (it == why.variants.end()) {
      std::vector<std::string> tiers = tiersOf(why, meta, false);
      return fail(why, Errc::not_found,
                  "PIXIE_USE_ISA=" + std::string(forced_tier) + ": " + lib + " has no such tier for " +
                      hostText(host) + "; its tiers for this platform are: " +
                      (tiers.empty() ? std::string("none") : join(tiers)));
    }
    if (!it->runnable()) {
      std::vector<std::string> runnable = tiersOf(why, meta, true);
      return fail(why, Errc::unsupported_host,
                  "PIXIE_USE_ISA=" + std::string(forced_tier) + ": this host (" + hostText(host) +
                      ") lacks " + join(it->missing) + "; tiers of " + lib + " it can run: " +
                      (runnable.empty() ? std::string("none") : join(runnable)));
    }
    why.chosen = it->index;
    why.decision = "tier " + std::string(forced_tier) + " forced by PIXIE_USE_ISA; this host has every feature it requires";
    return it->index;
  }

  const VariantVerdict *best = nullptr;
  for (const VariantVerdict &v : why.variants)
    if (v.runnable() && (!best || meta.variants[v.index].rank > meta.variants[best->index].rank))
      best = &v;

  if (!best) {
    std::string message = "no variant of " + lib + " fits this host (" + hostText(host) + ")";
    std::string reasons = whyNotRunnable(why, meta);
    if (!reasons.empty())
      message += ": " + reasons;
    else if (!platform.empty())
      message += ": the file has no " + std::string(platform) + " variants";
    std::vector<std::string> others = otherPlatforms(meta, platform);
    if (!others.empty())
      message += "; it has variants for " + join(others);
    return fail(why, Errc::no_variant, message);
  }

  const Variant &chosen = meta.variants[best->index];
  why.chosen = best->index;
  why.decision = chosen.tier + " (rank " + std::to_string(chosen.rank) + ") is the highest-ranked " +
                 chosen.platform + " variant whose required features this host has";
  std::string skipped = whyNotRunnable(why, meta);
  if (!skipped.empty())
    why.decision += "; skipped: " + skipped;
  return best->index;
}

} // namespace pixie
