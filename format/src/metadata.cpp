// Metadata: JSON <-> Metadata, with the whole schema validated on the way in.
//
// Reading is on every load's path, so it is simdjson's: its DOM parser checks
// the whole document (UTF-8 included) into one flat tape, ~2 us for the 6 KB
// of the example kernels, where nlohmann's DOM took ~60 us of a ~170 us load.
// A typed walk over the tape fills the struct, naming the JSON path of
// anything missing, repeated or of the wrong type; paths become strings only
// for a message. Writing, and locating a syntax error for its message, stay
// with nlohmann: simdjson 3.0 neither writes JSON nor reports positions.
// Semantic rules (identifiers, uniqueness, canonical signatures, section
// references) are checked on the struct, so metadata built in memory by the
// compiler passes the same checks.
#include "pixie/metadata.h"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>
#include <utility>

namespace pixie {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxNameLength = 1024;
// Parsing is iterative but serialising and comparing recurse; a bound on
// nesting keeps a hostile document from exhausting the stack.
constexpr size_t kMaxNesting = 64;

// Messages quote names and strings from the file, and get printed: a control
// character (or a byte of a cut UTF-8 sequence) would reach the user's
// terminal, so every byte outside printable ASCII is shown as \xNN.
std::string printable(const std::string &text) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) {
    if (c >= 0x20 && c < 0x7f) {
      out += char(c);
    } else {
      out += "\\x";
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

Error bad(const std::string &path, const std::string &msg) {
  return Error(Errc::bad_metadata, "metadata: " + path + ": " + printable(msg));
}

// nlohmann's syntax error quotes the whole token it stopped in, which for an
// unterminated string is the rest of the document (up to 16 MiB, found by
// fuzz/metadata_fuzzer): keep 80 characters of it, as the signature parser
// does, and what follows ("; expected ...").
std::string shortened(std::string message) {
  const std::string marker = "; last read: '";
  size_t from = message.find(marker);
  if (from == std::string::npos) return message;
  from += marker.size();
  size_t to = message.rfind("'; expected ");
  if (to == std::string::npos || to < from) to = message.rfind('\'');
  if (to == std::string::npos || to < from || to - from <= 80) return message;
  return message.substr(0, from + 80) + "..." + message.substr(to);
}

// Records the first syntax error; the DOM is not needed on this path.
struct ErrorFinder : nlohmann::json_sax<json> {
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t &) override { return true; }
  bool string(string_t &) override { return true; }
  bool binary(binary_t &) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t &) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &ex) override {
    message = shortened(ex.what());
    return false;
  }
};

// Depth of [ and { outside strings; the JSON parser checks everything else.
size_t nestingDepth(std::string_view text) {
  size_t depth = 0, deepest = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\') ++i;
      else if (c == '"') inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth) {
      --depth;
    }
  }
  return deepest;
}

bool isIdentifier(const std::string &s) {
  if (s.empty() || s.size() > kMaxNameLength || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

// Symbols are passed to dlsym/GetProcAddress: printable ASCII, no spaces.
bool isSymbol(const std::string &s) {
  if (s.empty() || s.size() > kMaxNameLength) return false;
  for (char c : s)
    if (c <= ' ' || c > '~') return false;
  return true;
}

bool isUuid(const std::string &s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i])) || std::isupper(static_cast<unsigned char>(s[i])))
      return false;
  }
  return true;
}

bool isToken(const std::string &s) { return isSymbol(s) && s.size() <= 128; }

// The build strings are free text that pixie-inspect prints as they are; a
// control character, C0 or C1 (U+0080-U+009F, which some terminals take as
// CSI and OSC), would let a file drive the reader's terminal with escape
// sequences, so none is allowed. Other UTF-8 is (paths in options); the
// parser has checked that it is well formed.
// An export's docstring may also hold newlines and tabs, and be longer.
constexpr size_t kMaxTextLength = 4096;
constexpr size_t kMaxDocLength = 16384;
Error checkText(const std::string &path, const std::string &s, bool multiline = false) {
  size_t limit = multiline ? kMaxDocLength : kMaxTextLength;
  if (s.size() > limit)
    return bad(path, "is " + std::to_string(s.size()) + " bytes; the limit is " + std::to_string(limit));
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned c = static_cast<unsigned char>(s[i]);
    unsigned next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    bool c1 = c == 0xc2 && next >= 0x80 && next <= 0x9f; // U+0080-U+009F in UTF-8
    if (multiline && (c == '\n' || c == '\t'))
      continue;
    if (c < 0x20 || c == 0x7f || c1) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "U+%04X", c1 ? next : c);
      return bad(path, "has the control character " + std::string(hex) + " at byte " + std::to_string(i) +
                           "; it must be plain text");
    }
  }
  return Error::success();
}

// "exports[2].overloads", "variants[0].tier": paths for the checks on the
// struct, built only when one fails.
std::string at(const char *list, size_t i, const char *field) {
  return std::string(list) + "[" + std::to_string(i) + "]." + field;
}

Error tooMany(const std::string &path, size_t count, size_t limit) {
  return bad(path, "has " + std::to_string(count) + " entries; the limit is " + std::to_string(limit));
}

namespace dom = simdjson::dom;

// A JSON path, turned into text only for a message: "(root)", "library",
// "exports[2].overloads[0].symbol".
struct Path {
  const Path *parent = nullptr;
  std::string_view key; // a field, or empty for an array element
  size_t index = 0;

  Path field(std::string_view name) const { return {this, name, 0}; }
  Path element(size_t i) const { return {this, {}, i}; }
  std::string str() const {
    if (!parent) return "(root)";
    std::string base = parent->parent ? parent->str() : "";
    if (key.empty()) return base + "[" + std::to_string(index) + "]";
    return base.empty() ? std::string(key) : base + "." + std::string(key);
  }
};

struct Field {
  Field(std::string_view key) : name(key) {}
  std::string_view name;
  dom::element value;
  bool present = false;
};

// Converts the tape into a Metadata; the first problem wins.
class Walker {
public:
  Error err;

  bool fail(const Path &path, const std::string &msg) {
    if (!err) err = bad(path.str(), msg);
    return false;
  }

  // Finds each named field of the object at `path` once. Keys the schema does
  // not name are skipped (a newer minor version may add some: spec/format.md,
  // "Versioning"), once checked like the rest. `fields` are in the order
  // writers emit keys (sorted), so each key is found at the cursor.
  template <size_t N> bool object(dom::element e, const Path &path, std::array<Field, N> &fields) {
    dom::object obj;
    if (e.get_object().get(obj) != simdjson::SUCCESS) return fail(path, "must be an object");
    if (!uniqueKeys(obj, path)) return false;
    size_t cursor = 0;
    for (dom::key_value_pair kv : obj) {
      bool known = false;
      for (size_t n = 0; n < N && !known; ++n) {
        Field &f = fields[(cursor + n) % N];
        if (kv.key != f.name) continue;
        f.value = kv.value;
        f.present = known = true;
        cursor = (cursor + n + 1) % N;
      }
      if (!known && !unique(kv.value, path.field(kv.key))) return false;
    }
    return true;
  }

  // Every object in `e` and below, for values the schema does not look into
  // (an author's metadata, keys of a newer minor version).
  bool unique(dom::element e, const Path &path) {
    dom::object obj;
    dom::array items;
    if (e.get_object().get(obj) == simdjson::SUCCESS) {
      if (!uniqueKeys(obj, path)) return false;
      for (dom::key_value_pair kv : obj)
        if (!unique(kv.value, path.field(kv.key))) return false;
    } else if (e.get_array().get(items) == simdjson::SUCCESS) {
      size_t i = 0;
      for (dom::element item : items)
        if (!unique(item, path.element(i++))) return false;
    }
    return true;
  }

  // RFC 8259 leaves a repeated name to the reader; two readers keeping
  // different copies would disagree about the file, so none may repeat.
  // Writers sort keys, so seeing them increase is usually the whole check.
  bool uniqueKeys(dom::object obj, const Path &path) {
    std::string_view previous;
    bool first = true;
    for (dom::key_value_pair kv : obj) {
      if (!first && kv.key <= previous) return uniqueUnsorted(obj, path);
      previous = kv.key;
      first = false;
    }
    return true;
  }
  bool uniqueUnsorted(dom::object obj, const Path &path) {
    std::vector<std::string_view> keys;
    for (dom::key_value_pair kv : obj) keys.push_back(kv.key);
    std::sort(keys.begin(), keys.end());
    auto twice = std::adjacent_find(keys.begin(), keys.end());
    return twice == keys.end() || fail(path, "has the key '" + std::string(twice->substr(0, 80)) + "' twice");
  }

  bool present(const Field &f, const Path &path) {
    return f.present || fail(path, "missing field '" + std::string(f.name) + "'");
  }
  bool str(const Field &f, const Path &path, std::string &out) {
    if (!present(f, path)) return false;
    std::string_view v;
    if (f.value.get_string().get(v) != simdjson::SUCCESS) return fail(path.field(f.name), "must be a string");
    out.assign(v);
    return true;
  }
  bool u32(const Field &f, const Path &path, uint32_t &out) {
    if (!present(f, path)) return false;
    uint64_t v = uint64_t(1) << 32;
    int64_t s = 0;
    if (f.value.is_int64()) {
      if (f.value.get_int64().get(s) == simdjson::SUCCESS && s >= 0) v = uint64_t(s);
    } else if (f.value.is_uint64() && f.value.get_uint64().get(v) != simdjson::SUCCESS) {
      v = uint64_t(1) << 32;
    }
    if (v > 0xFFFFFFFFu) return fail(path.field(f.name), "must be an integer from 0 to 4294967295");
    out = uint32_t(v);
    return true;
  }
  bool boolean(const Field &f, const Path &path, bool &out) {
    if (!present(f, path)) return false;
    if (f.value.get_bool().get(out) != simdjson::SUCCESS) return fail(path.field(f.name), "must be true or false");
    return true;
  }
  bool array(const Field &f, const Path &path, dom::array &out) {
    if (!present(f, path)) return false;
    if (f.value.get_array().get(out) != simdjson::SUCCESS) return fail(path.field(f.name), "must be an array");
    return true;
  }
};

template <class T, class Read>
bool readList(const Field &f, const Path &path, std::vector<T> &out, Walker &w, Read read) {
  dom::array items;
  if (!w.array(f, path, items)) return false;
  Path list = path.field(f.name);
  out.reserve(items.size());
  size_t i = 0;
  for (dom::element item : items)
    if (!read(item, list.element(i++), out.emplace_back(), w)) return false;
  return true;
}

bool readString(dom::element e, const Path &path, std::string &out, Walker &w) {
  std::string_view v;
  if (e.get_string().get(v) != simdjson::SUCCESS) return w.fail(path, "must be a string");
  out.assign(v);
  return true;
}

// Field lists in sorted key order; the enums name their positions.
bool readOverload(dom::element e, const Path &path, Overload &o, Walker &w) {
  enum { User, Signature, Symbol };
  std::array<Field, 3> f{{{"metadata"}, {"signature"}, {"symbol"}}};
  if (!w.object(e, path, f) || !w.str(f[Symbol], path, o.symbol) || !w.str(f[Signature], path, o.signature) ||
      !w.present(f[User], path))
    return false;
  if (!w.unique(f[User].value, path.field("metadata"))) return false;
  // From a valid tape within the nesting limit, so valid JSON within it too.
  o.user_metadata = simdjson::minify(f[User].value);
  return true;
}

bool readExport(dom::element e, const Path &path, Export &ex, Walker &w) {
  enum { Doc, Name, Overloads };
  std::array<Field, 3> f{{{"doc"}, {"name"}, {"overloads"}}};
  return w.object(e, path, f) && (!f[Doc].present || w.str(f[Doc], path, ex.doc)) &&
         w.str(f[Name], path, ex.name) && readList(f[Overloads], path, ex.overloads, w, readOverload);
}

bool readVariant(dom::element e, const Path &path, Variant &v, Walker &w) {
  enum { Cpu, Features, Format, Platform, Rank, Required, Section, Specialized, Tier, Triple };
  std::array<Field, 10> f{{{"cpu"}, {"features"}, {"format"}, {"platform"}, {"rank"}, {"required"}, {"section"},
                           {"specialized"}, {"tier"}, {"triple"}}};
  return w.object(e, path, f) && w.str(f[Platform], path, v.platform) && w.str(f[Triple], path, v.triple) &&
         w.str(f[Tier], path, v.tier) && w.u32(f[Rank], path, v.rank) && w.str(f[Cpu], path, v.cpu) &&
         readList(f[Features], path, v.features, w, readString) &&
         readList(f[Required], path, v.required, w, readString) &&
         w.str(f[Format], path, v.binary_format) && w.u32(f[Section], path, v.section) &&
         w.boolean(f[Specialized], path, v.specialized);
}

bool readBitcode(dom::element e, const Path &path, BitcodeEntry &b, Walker &w) {
  enum { Platform, Section, Triple };
  std::array<Field, 3> f{{{"platform"}, {"section"}, {"triple"}}};
  return w.object(e, path, f) && w.str(f[Platform], path, b.platform) && w.str(f[Triple], path, b.triple) &&
         w.u32(f[Section], path, b.section);
}

bool readMetadata(dom::element root, Metadata &m, Walker &w) {
  const Path path;
  if (root.type() != dom::element_type::OBJECT) return w.fail(path, "must be a JSON object");
  enum { Bitcode, Build, Exports, Library, Schema, Uuid, Variants };
  std::array<Field, 7> f{{{"bitcode"}, {"build"}, {"exports"}, {"library"}, {"schema"}, {"uuid"}, {"variants"}}};
  uint32_t schema = 0;
  // The schema number first: a document of another schema is reported as
  // such, not as a list of the fields it lacks.
  if (!w.object(root, path, f) || !w.u32(f[Schema], path, schema)) return false;
  if (schema != kMetadataSchema)
    return w.fail(path.field("schema"), "is " + std::to_string(schema) + "; this reader knows schema " +
                                            std::to_string(kMetadataSchema));
  if (!w.str(f[Library], path, m.library) || !w.str(f[Uuid], path, m.uuid) ||
      !readList(f[Exports], path, m.exports, w, readExport) ||
      !readList(f[Variants], path, m.variants, w, readVariant) ||
      !readList(f[Bitcode], path, m.bitcode, w, readBitcode) || !w.present(f[Build], path))
    return false;
  const Path build = path.field("build");
  enum { LlvmVersion, Options, PixieVersion };
  std::array<Field, 3> b{{{"llvm_version"}, {"options"}, {"pixie_version"}}};
  return w.object(f[Build].value, build, b) && w.str(b[PixieVersion], build, m.build.pixie_version) &&
         w.str(b[LlvmVersion], build, m.build.llvm_version) && readList(b[Options], build, m.build.options, w, readString);
}

Error checkSection(const char *list, size_t i, uint32_t index, SectionKind kind,
                   std::span<const SectionInfo> sections) {
  if (index >= sections.size())
    return bad(at(list, i, "section"), "is " + std::to_string(index) + " but the file has " +
                                           std::to_string(sections.size()) + " sections");
  if (sections[index].kind != uint32_t(kind))
    return bad(at(list, i, "section"), "section " + std::to_string(index) + " is not a " +
                                           (kind == SectionKind::Variant ? "variant" : "bitcode") + " section");
  return Error::success();
}

// The schema's rules on the struct. `user_metadata_parsed`: each overload's
// metadata came from the parser's tape, so it is JSON within the nesting
// limit already and need not be parsed again.
Error validate(const Metadata &m, bool user_metadata_parsed) {
  if (!isIdentifier(m.library))
    return bad("library", "'" + m.library.substr(0, 80) + "' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
  if (!isUuid(m.uuid)) return bad("uuid", "'" + m.uuid.substr(0, 80) + "' is not a lower-case 8-4-4-4-12 hex UUID");
  if (m.exports.size() > kMaxExports) return tooMany("exports", m.exports.size(), kMaxExports);
  if (m.variants.size() > kMaxVariants) return tooMany("variants", m.variants.size(), kMaxVariants);
  if (m.bitcode.size() > kMaxVariants) return tooMany("bitcode", m.bitcode.size(), kMaxVariants);
  if (m.build.options.size() > kMaxOptions) return tooMany("build.options", m.build.options.size(), kMaxOptions);

  std::set<std::string_view> names;
  for (size_t i = 0; i < m.exports.size(); ++i) {
    const Export &e = m.exports[i];
    if (e.overloads.size() > kMaxOverloads)
      return tooMany(at("exports", i, "overloads"), e.overloads.size(), kMaxOverloads);
    if (!isIdentifier(e.name))
      return bad(at("exports", i, "name"), "'" + e.name.substr(0, 80) + "' is not an identifier");
    if (!names.insert(e.name).second) return bad(at("exports", i, "name"), "'" + e.name + "' is exported twice");
    if (e.overloads.empty()) return bad(at("exports", i, "overloads"), "is empty");
    if (Error err = checkText(at("exports", i, "doc"), e.doc, /*multiline=*/true)) return err;
    std::set<std::string_view> signatures;
    for (size_t j = 0; j < e.overloads.size(); ++j) {
      const Overload &o = e.overloads[j];
      auto opath = [&](const char *field) { return at("exports", i, "overloads") + at("", j, field); };
      if (!isSymbol(o.symbol))
        return bad(opath("symbol"), "'" + o.symbol.substr(0, 80) + "' is not a symbol name");
      auto sig = parseSignature(o.signature);
      if (!sig) return bad(opath("signature"), sig.error().message());
      if (std::string canonical = toString(*sig); canonical != o.signature)
        return bad(opath("signature"), "'" + o.signature + "' is not canonical; write '" + canonical + "'");
      if (!signatures.insert(o.signature).second)
        return bad(opath("signature"), "'" + o.signature + "' appears twice for '" + e.name + "'");
      if (!user_metadata_parsed && (o.user_metadata.size() > kMaxMetadataSize ||
                                    nestingDepth(o.user_metadata) > kMaxNesting || !json::accept(o.user_metadata)))
        return bad(opath("metadata"), "is not a JSON value of at most " + std::to_string(kMaxNesting) + " levels");
    }
  }

  std::set<std::pair<std::string_view, std::string_view>> tiers;
  for (size_t i = 0; i < m.variants.size(); ++i) {
    const Variant &v = m.variants[i];
    if (!isToken(v.platform)) return bad(at("variants", i, "platform"), "is not a platform name");
    if (!isToken(v.tier)) return bad(at("variants", i, "tier"), "is not a tier name");
    if (!isToken(v.triple)) return bad(at("variants", i, "triple"), "is not a target triple");
    if (!isToken(v.cpu)) return bad(at("variants", i, "cpu"), "is not a CPU name");
    if (!tiers.insert({v.platform, v.tier}).second)
      return bad(at("variants", i, "tier"), "'" + v.platform + "/" + v.tier + "' appears twice");
    if (v.binary_format != "elf" && v.binary_format != "macho" && v.binary_format != "coff")
      return bad(at("variants", i, "format"), "'" + v.binary_format.substr(0, 80) + "' is not elf, macho or coff");
    for (auto [list, name] : {std::pair{&v.features, "features"}, std::pair{&v.required, "required"}}) {
      if (list->size() > kMaxFeatures) return tooMany(at("variants", i, name), list->size(), kMaxFeatures);
      for (const std::string &f : *list)
        if (!isToken(f)) return bad(at("variants", i, name), "'" + f.substr(0, 80) + "' is not a feature name");
    }
  }

  std::set<std::string_view> bitcodePlatforms;
  for (size_t i = 0; i < m.bitcode.size(); ++i) {
    const BitcodeEntry &b = m.bitcode[i];
    if (!isToken(b.platform)) return bad(at("bitcode", i, "platform"), "is not a platform name");
    if (!isToken(b.triple)) return bad(at("bitcode", i, "triple"), "is not a target triple");
    if (!bitcodePlatforms.insert(b.platform).second)
      return bad(at("bitcode", i, "platform"), "'" + b.platform + "' has bitcode twice");
  }

  if (Error e = checkText("build.pixie_version", m.build.pixie_version)) return e;
  if (Error e = checkText("build.llvm_version", m.build.llvm_version)) return e;
  for (size_t i = 0; i < m.build.options.size(); ++i)
    if (Error e = checkText("build.options[" + std::to_string(i) + "]", m.build.options[i])) return e;
  return Error::success();
}

} // namespace

Error validateMetadata(const Metadata &m) { return validate(m, /*user_metadata_parsed=*/false); }

std::string serializeMetadata(const Metadata &m) {
  json doc = json::object();
  doc["schema"] = kMetadataSchema;
  doc["library"] = m.library;
  doc["uuid"] = m.uuid;
  json exports = json::array();
  for (const Export &e : m.exports) {
    json overloads = json::array();
    for (const Overload &o : e.overloads)
      overloads.push_back({{"symbol", o.symbol},
                           {"signature", o.signature},
                           {"metadata", json::parse(o.user_metadata, nullptr, false)}});
    json entry = {{"name", e.name}, {"overloads", std::move(overloads)}};
    if (!e.doc.empty())
      entry["doc"] = e.doc;
    exports.push_back(std::move(entry));
  }
  doc["exports"] = std::move(exports);
  json variants = json::array();
  for (const Variant &v : m.variants)
    variants.push_back({{"platform", v.platform}, {"triple", v.triple}, {"tier", v.tier}, {"rank", v.rank},
                        {"cpu", v.cpu}, {"features", v.features}, {"required", v.required},
                        {"format", v.binary_format}, {"section", v.section}, {"specialized", v.specialized}});
  doc["variants"] = std::move(variants);
  json bitcode = json::array();
  for (const BitcodeEntry &b : m.bitcode)
    bitcode.push_back({{"platform", b.platform}, {"triple", b.triple}, {"section", b.section}});
  doc["bitcode"] = std::move(bitcode);
  doc["build"] = {{"pixie_version", m.build.pixie_version},
                  {"llvm_version", m.build.llvm_version},
                  {"options", m.build.options}};
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

// The parser the tape lives in. Small documents reuse one per thread: a
// parser's buffers (~13 bytes per input byte) cost more to allocate than a
// small document costs to parse. It grows with the documents it meets, up to
// 64 KiB of them; a larger one gets its own parser, freed afterwards, so one
// big file does not leave a thread holding tens of megabytes.
constexpr size_t kReusedCapacity = size_t(64) << 10;

Error jsonError(simdjson::error_code code, std::string_view text) {
  if (code == simdjson::DEPTH_ERROR)
    return bad("(root)", "nests " + std::to_string(nestingDepth(text)) + " levels deep; the limit is " +
                             std::to_string(kMaxNesting));
  if (code == simdjson::MEMALLOC || code == simdjson::CAPACITY)
    return bad("(root)", "no memory to parse " + std::to_string(text.size()) + " bytes");
  // simdjson says what, nlohmann says where: its message is the one shown
  // when it too rejects the text.
  ErrorFinder finder;
  json::sax_parse(text.begin(), text.end(), &finder, json::input_format_t::json, /*strict=*/true);
  return bad("(root)", "not valid JSON: " + (finder.message.empty() ? simdjson::error_message(code) : finder.message));
}

} // namespace

Expected<Metadata> parseMetadata(std::string_view text, std::span<const SectionInfo> sections) {
  if (text.size() > kMaxMetadataSize)
    return bad("(root)", "is " + std::to_string(text.size()) + " bytes; the limit is " +
                             std::to_string(kMaxMetadataSize));
  const bool small = text.size() <= kReusedCapacity;
  thread_local dom::parser reused(kReusedCapacity);
  dom::parser oneShot(small ? 0 : kMaxMetadataSize);
  dom::parser &parser = small ? reused : oneShot;
  // The nesting limit is the parser's (it stops at level 65 of any input), set
  // with its first buffers; later growth keeps it.
  if (parser.capacity() == 0 && parser.allocate(text.size(), kMaxNesting) != simdjson::SUCCESS)
    return bad("(root)", "no memory to parse " + std::to_string(text.size()) + " bytes");

  dom::element root;
  // Copied into the parser's padded buffer: simdjson reads in 64-byte blocks.
  if (simdjson::error_code code = parser.parse(text.data(), text.size(), /*realloc_if_needed=*/true).get(root))
    return jsonError(code, text);
  Metadata m;
  Walker w;
  if (!readMetadata(root, m, w)) return std::move(w.err);
  if (Error e = validate(m, /*user_metadata_parsed=*/true)) return e;
  for (size_t i = 0; i < m.variants.size(); ++i)
    if (Error e = checkSection("variants", i, m.variants[i].section, SectionKind::Variant, sections)) return e;
  for (size_t i = 0; i < m.bitcode.size(); ++i)
    if (Error e = checkSection("bitcode", i, m.bitcode[i].section, SectionKind::Bitcode, sections)) return e;
  return m;
}

} // namespace pixie
