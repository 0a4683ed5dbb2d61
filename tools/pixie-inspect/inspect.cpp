// The listing: header facts, exports with every overload, each variant with
// its requirements and its stored/raw size, bitcode, provenance. Sizes are
// those of the container's sections, so "stored" is what the file pays.
#include "inspect.h"

#include "pixie/loader.h"
#include "pixie/signature.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace pixie::inspect {

namespace {

std::string size(uint64_t bytes) {
  char text[32];
  if (bytes < 10 * 1024)
    std::snprintf(text, sizeof(text), "%llu B", (unsigned long long)bytes);
  else if (bytes < 10 * 1024 * 1024)
    std::snprintf(text, sizeof(text), "%.1f KiB", bytes / 1024.0);
  else
    std::snprintf(text, sizeof(text), "%.1f MiB", bytes / (1024.0 * 1024.0));
  return text;
}

const char *compressionName(Compression c) { return c == Compression::Zstd ? "zstd" : "none"; }

std::string compressionText(const ContainerReader &c, uint32_t section) {
  const SectionInfo &s = c.sections()[section];
  std::string out = compressionName(s.compression);
  if (s.base != kNoBase)
    out += " (prefix: section " + std::to_string(s.base) + ")";
  return out;
}

std::string joined(const std::vector<std::string> &items, const char *sep = " ") {
  std::string out;
  for (const std::string &s : items)
    out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string pad(std::string s, size_t width) {
  if (s.size() < width)
    s.append(width - s.size(), ' ');
  return s;
}

// An overload's metadata is JSON from the file, printed to a terminal. Its
// strings may hold C1 controls (U+0080-U+009F: some terminals take U+009B as
// CSI and U+009D as OSC) and DEL, which JSON allows raw, so a file could drive
// the terminal (issue 18). Each control character is escaped, as the
// metadata error path escapes what it quotes, but as JSON's \u00XX (not
// \xNN): in a JSON string that is the same text, so the line stays valid
// JSON. (Minified JSON has no control characters outside its strings.)
std::string escapeControls(const std::string &json) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(json.size());
  for (size_t i = 0; i < json.size(); ++i) {
    unsigned c = static_cast<unsigned char>(json[i]);
    unsigned next = i + 1 < json.size() ? static_cast<unsigned char>(json[i + 1]) : 0;
    unsigned control = 0x100; // none
    if (c < 0x20 || c == 0x7f)
      control = c;
    else if (c == 0xc2 && next >= 0x80 && next <= 0x9f) // U+0080-U+009F in UTF-8
      control = next, ++i;
    if (control == 0x100) {
      out += char(c);
      continue;
    }
    out += "\\u00";
    out += digits[control >> 4];
    out += digits[control & 15];
  }
  return out;
}

} // namespace

Expected<size_t> findVariant(const Metadata &meta, std::string_view ref) {
  for (size_t i = 0; i < meta.variants.size(); ++i)
    if (meta.variants[i].platform + "/" + meta.variants[i].tier == ref)
      return i;
  std::vector<std::string> all;
  for (const Variant &v : meta.variants)
    all.push_back(v.platform + "/" + v.tier);
  return Error(Errc::not_found, "no variant " + std::string(ref) + "; the file has: " + joined(all, ", "));
}

Expected<std::vector<std::string>> symbolsFor(const Metadata &meta, std::string_view name) {
  std::vector<std::string> out;
  for (const Export &e : meta.exports)
    for (const Overload &o : e.overloads)
      if (e.name == name || o.symbol == name)
        out.push_back(o.symbol);
  if (out.empty()) {
    std::vector<std::string> names;
    for (const Export &e : meta.exports)
      names.push_back(e.name);
    return Error(Errc::not_found,
                 "no export or symbol '" + std::string(name) + "'; exports: " + joined(names, ", "));
  }
  return out;
}

std::string listingText(const FatBinaryReader &file, std::string_view path) {
  const Metadata &m = file.metadata();
  const ContainerReader &c = file.container();
  std::string out;
  out += std::string(path) + ": library '" + m.library + "', uuid " + m.uuid + ", format " +
         std::to_string(kFormatMajor) + "." + std::to_string(c.minorVersion()) + ", " +
         size(c.file().size()) + ", " + std::to_string(c.sections().size()) + " sections\n";
  out += "built by pixie " + m.build.pixie_version + " with LLVM " + m.build.llvm_version;
  if (!m.build.options.empty())
    out += ": " + joined(m.build.options);
  out += "\n\nexports:\n";
  // Columns as wide as their longest entry, so nothing runs into the next
  // column: a name longer than kNameColumn gets a line of its own, a
  // signature longer than kSignatureColumn ends its column on its line. An
  // array signature's C ABI follows on a line of its own.
  constexpr size_t kNameColumn = 24, kSignatureColumn = 56;
  size_t name_width = 0, sig_width = 0;
  for (const Export &e : m.exports) {
    if (e.name.size() <= kNameColumn)
      name_width = std::max(name_width, e.name.size());
    for (const Overload &o : e.overloads)
      if (o.signature.size() <= kSignatureColumn)
        sig_width = std::max(sig_width, o.signature.size());
  }
  for (const Export &e : m.exports)
    for (size_t i = 0; i < e.overloads.size(); ++i) {
      const Overload &o = e.overloads[i];
      std::string name = i == 0 ? e.name : "";
      if (name.size() > name_width) {
        out += "  " + name + "\n";
        name.clear();
      }
      out += "  " + pad(name, name_width) + "  " + pad(o.signature, sig_width) + "  symbol " + o.symbol;
      if (o.user_metadata != "null")
        out += "  " + escapeControls(o.user_metadata);
      out += "\n";
      auto sig = parseSignature(o.signature);
      if (sig && hasArrays(*sig))
        out += "  " + pad("", name_width) + "    C ABI: " + toString(lower(*sig).c) + "\n";
    }

  out += "\nvariants:\n  " + pad("platform", 15) + pad("tier", 24) + pad("rank", 6) + pad("cpu", 16) +
         pad("format", 8) + pad("stored", 11) + pad("raw", 11) + "compression\n";
  for (const Variant &v : m.variants) {
    const SectionInfo &s = c.sections()[v.section];
    out += "  " + pad(v.platform, 15) + pad(v.tier, 24) + pad(std::to_string(v.rank), 6) + pad(v.cpu, 16) +
           pad(v.binary_format, 8) + pad(size(s.stored_size), 11) + pad(size(s.raw_size), 11) +
           compressionText(c, v.section) + (v.specialized ? ", specialized" : "") + "\n";
    out += "      requires: " + (v.required.empty() ? std::string("(nothing)") : joined(v.required)) + "\n";
  }

  out += "\nbitcode:\n";
  if (m.bitcode.empty())
    out += "  (none: this file cannot be re-JIT-compiled)\n";
  for (const BitcodeEntry &b : m.bitcode) {
    const SectionInfo &s = c.sections()[b.section];
    out += "  " + pad(b.platform, 15) + pad(b.triple, 32) + pad(size(s.stored_size), 11) + pad(size(s.raw_size), 11) +
           compressionText(c, b.section) + "\n";
  }
  return out;
}

nlohmann::json listingJson(const FatBinaryReader &file, std::string_view path) {
  using nlohmann::json;
  const ContainerReader &c = file.container();
  // The metadata document as the spec shapes it, with each section index
  // expanded into what the container says about that section.
  json doc = json::parse(serializeMetadata(file.metadata()), nullptr, false);
  auto expand = [&](json &entry) {
    uint32_t i = entry["section"].get<uint32_t>();
    const SectionInfo &s = c.sections()[i];
    entry["section"] = json{{"index", i},
                            {"stored_size", s.stored_size},
                            {"raw_size", s.raw_size},
                            {"compression", compressionName(s.compression)},
                            {"base", s.base == kNoBase ? json(nullptr) : json(s.base)}};
  };
  for (json &v : doc["variants"])
    expand(v);
  // An array signature's C ABI: the lowered signature, and which parameter
  // carries each named extent (spec/format.md "Arrays").
  for (json &e : doc["exports"])
    for (json &o : e["overloads"]) {
      auto sig = parseSignature(o["signature"].get<std::string>());
      if (!sig || !hasArrays(*sig))
        continue;
      Lowering low = lower(*sig);
      json extents = json::array();
      for (size_t i = 0; i < low.extents.size(); ++i)
        extents.push_back(json{{"name", low.extents[i]}, {"parameter", low.extent_params[i]},
                               {"appended", low.extent_params[i] >= low.declared}});
      o["c_abi"] = json{{"signature", toString(low.c)}, {"extents", extents}};
    }
  for (json &b : doc["bitcode"])
    expand(b);
  doc.erase("schema");
  doc["file"] = std::string(path);
  doc["size"] = c.file().size();
  doc["format_version"] = std::to_string(kFormatMajor) + "." + std::to_string(c.minorVersion());
  return doc;
}

std::string hostText(const HostProfile &host) {
  std::string platform(host.platform());
  std::string out = "platform: " + (platform.empty() ? "(none)" : platform) + " (" + std::string(osName(host.os)) +
                    "/" + std::string(archName(host.arch)) + ")\n";
  out += "cpu: " + std::string(host.cpuName()) + " (" + std::string(host.describe()) + ")\n";
  out += "features:";
  for (std::string_view f : featureNames(host.arch))
    if (host.has(f))
      out += " " + std::string(f);
  return out + "\n";
}

nlohmann::json hostJson(const HostProfile &host) {
  std::vector<std::string> features;
  for (std::string_view f : featureNames(host.arch))
    if (host.has(f))
      features.emplace_back(f);
  return nlohmann::json{{"platform", std::string(host.platform())},
                        {"os", std::string(osName(host.os))},
                        {"arch", std::string(archName(host.arch))},
                        {"cpu", std::string(host.cpuName())},
                        {"description", std::string(host.describe())},
                        {"features", features}};
}

HostChoice explainHost(const Metadata &meta, const HostProfile &host) {
  HostChoice out;
  if (const char *jit = std::getenv("PIXIE_JIT"))
    if (auto policy = parseJitPolicy(jit))
      out.why.jit = *policy;
  const char *forced = std::getenv("PIXIE_USE_ISA");
  Expected<size_t> chosen = selectVariant(meta, host, forced ? forced : "", out.why);
  if (!chosen)
    out.error = chosen.takeError();
  return out;
}

} // namespace pixie::inspect
