// Metadata: JSON <-> Metadata, with the whole schema validated on the way in.
//
// Parsing is two passes over a small document: nlohmann's non-throwing parser
// builds the DOM (on failure a SAX pass finds the byte position for the
// message), then a typed walk converts it, naming the JSON path of anything
// missing or of the wrong type. Semantic rules (identifiers, uniqueness,
// canonical signatures, section references) are checked on the struct, so
// metadata built in memory by the compiler passes the same checks.
#include "pixie/metadata.h"

#include <nlohmann/json.hpp>

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

class Walker {
public:
  Error err;

  bool fail(const std::string &path, const std::string &msg) {
    if (!err) err = bad(path, msg);
    return false;
  }
  const json *field(const json &obj, const std::string &path, const char *key) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      fail(path, std::string("missing field '") + key + "'");
      return nullptr;
    }
    return &*it;
  }
  bool str(const json &obj, const std::string &path, const char *key, std::string &out) {
    const json *v = field(obj, path, key);
    if (!v) return false;
    if (!v->is_string()) return fail(path + "." + key, "must be a string");
    out = v->get<std::string>();
    return true;
  }
  bool u32(const json &obj, const std::string &path, const char *key, uint32_t &out) {
    const json *v = field(obj, path, key);
    if (!v) return false;
    if (!v->is_number_unsigned() || v->get<uint64_t>() > 0xFFFFFFFFu)
      return fail(path + "." + key, "must be an integer from 0 to 4294967295");
    out = uint32_t(v->get<uint64_t>());
    return true;
  }
  bool strings(const json &obj, const std::string &path, const char *key, std::vector<std::string> &out) {
    const json *v = array(obj, path, key);
    if (!v) return false;
    for (size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string()) return fail(path + "." + key + "[" + std::to_string(i) + "]", "must be a string");
      out.push_back((*v)[i].get<std::string>());
    }
    return true;
  }
  const json *array(const json &obj, const std::string &path, const char *key) {
    const json *v = field(obj, path, key);
    if (v && !v->is_array()) {
      fail(path + "." + key, "must be an array");
      return nullptr;
    }
    return v;
  }
  const json *object(const json &obj, const std::string &path, const char *key) {
    const json *v = field(obj, path, key);
    if (v && !v->is_object()) {
      fail(path + "." + key, "must be an object");
      return nullptr;
    }
    return v;
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
// control character would let a file drive the reader's terminal (escape
// sequences), so none is allowed. UTF-8 is (paths in options).
constexpr size_t kMaxTextLength = 4096;
Error checkText(const std::string &path, const std::string &s) {
  if (s.size() > kMaxTextLength)
    return bad(path, "is " + std::to_string(s.size()) + " bytes; the limit is " + std::to_string(kMaxTextLength));
  for (size_t i = 0; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) < 0x20 || s[i] == 0x7f)
      return bad(path, "has the control character " + std::to_string(static_cast<unsigned char>(s[i])) +
                           " at byte " + std::to_string(i) + "; it must be plain text");
  return Error::success();
}

bool fromJson(const json &doc, Metadata &m, Walker &w) {
  if (!doc.is_object()) return w.fail("(root)", "must be a JSON object");
  uint32_t schema = 0;
  if (!w.u32(doc, "(root)", "schema", schema)) return false;
  if (schema != kMetadataSchema)
    return w.fail("schema", "is " + std::to_string(schema) + "; this reader knows schema " +
                                std::to_string(kMetadataSchema));
  if (!w.str(doc, "(root)", "library", m.library) || !w.str(doc, "(root)", "uuid", m.uuid)) return false;

  const json *exports = w.array(doc, "(root)", "exports");
  if (!exports) return false;
  for (size_t i = 0; i < exports->size(); ++i) {
    const json &e = (*exports)[i];
    std::string path = "exports[" + std::to_string(i) + "]";
    if (!e.is_object()) return w.fail(path, "must be an object");
    Export ex;
    if (!w.str(e, path, "name", ex.name)) return false;
    const json *overloads = w.array(e, path, "overloads");
    if (!overloads) return false;
    for (size_t j = 0; j < overloads->size(); ++j) {
      const json &o = (*overloads)[j];
      std::string opath = path + ".overloads[" + std::to_string(j) + "]";
      if (!o.is_object()) return w.fail(opath, "must be an object");
      Overload ov;
      if (!w.str(o, opath, "symbol", ov.symbol) || !w.str(o, opath, "signature", ov.signature)) return false;
      const json *user = w.field(o, opath, "metadata");
      if (!user) return false;
      ov.user_metadata = user->dump();
      ex.overloads.push_back(std::move(ov));
    }
    m.exports.push_back(std::move(ex));
  }

  const json *variants = w.array(doc, "(root)", "variants");
  if (!variants) return false;
  for (size_t i = 0; i < variants->size(); ++i) {
    const json &v = (*variants)[i];
    std::string path = "variants[" + std::to_string(i) + "]";
    if (!v.is_object()) return w.fail(path, "must be an object");
    Variant var;
    if (!w.str(v, path, "platform", var.platform) || !w.str(v, path, "triple", var.triple) ||
        !w.str(v, path, "tier", var.tier) || !w.u32(v, path, "rank", var.rank) || !w.str(v, path, "cpu", var.cpu) ||
        !w.strings(v, path, "features", var.features) || !w.strings(v, path, "required", var.required) ||
        !w.str(v, path, "format", var.binary_format) || !w.u32(v, path, "section", var.section))
      return false;
    const json *spec = w.field(v, path, "specialized");
    if (!spec) return false;
    if (!spec->is_boolean()) return w.fail(path + ".specialized", "must be true or false");
    var.specialized = spec->get<bool>();
    m.variants.push_back(std::move(var));
  }

  const json *bitcode = w.array(doc, "(root)", "bitcode");
  if (!bitcode) return false;
  for (size_t i = 0; i < bitcode->size(); ++i) {
    const json &b = (*bitcode)[i];
    std::string path = "bitcode[" + std::to_string(i) + "]";
    if (!b.is_object()) return w.fail(path, "must be an object");
    BitcodeEntry entry;
    if (!w.str(b, path, "platform", entry.platform) || !w.str(b, path, "triple", entry.triple) ||
        !w.u32(b, path, "section", entry.section))
      return false;
    m.bitcode.push_back(std::move(entry));
  }

  const json *build = w.object(doc, "(root)", "build");
  if (!build) return false;
  return w.str(*build, "build", "pixie_version", m.build.pixie_version) &&
         w.str(*build, "build", "llvm_version", m.build.llvm_version) &&
         w.strings(*build, "build", "options", m.build.options);
}

Error checkSection(const std::string &path, uint32_t index, SectionKind kind, std::span<const SectionInfo> sections) {
  if (index >= sections.size())
    return bad(path + ".section", "is " + std::to_string(index) + " but the file has " +
                                      std::to_string(sections.size()) + " sections");
  if (sections[index].kind != uint32_t(kind))
    return bad(path + ".section", "section " + std::to_string(index) + " is not a " +
                                      (kind == SectionKind::Variant ? "variant" : "bitcode") + " section");
  return Error::success();
}

} // namespace

Error validateMetadata(const Metadata &m) {
  if (!isIdentifier(m.library))
    return bad("library", "'" + m.library.substr(0, 80) + "' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
  if (!isUuid(m.uuid)) return bad("uuid", "'" + m.uuid.substr(0, 80) + "' is not a lower-case 8-4-4-4-12 hex UUID");

  std::set<std::string> names;
  for (size_t i = 0; i < m.exports.size(); ++i) {
    const Export &e = m.exports[i];
    std::string path = "exports[" + std::to_string(i) + "]";
    if (!isIdentifier(e.name)) return bad(path + ".name", "'" + e.name.substr(0, 80) + "' is not an identifier");
    if (!names.insert(e.name).second) return bad(path + ".name", "'" + e.name + "' is exported twice");
    if (e.overloads.empty()) return bad(path + ".overloads", "is empty");
    std::set<std::string> signatures;
    for (size_t j = 0; j < e.overloads.size(); ++j) {
      const Overload &o = e.overloads[j];
      std::string opath = path + ".overloads[" + std::to_string(j) + "]";
      if (!isSymbol(o.symbol)) return bad(opath + ".symbol", "'" + o.symbol.substr(0, 80) + "' is not a symbol name");
      auto sig = parseSignature(o.signature);
      if (!sig) return bad(opath + ".signature", sig.error().message());
      if (std::string canonical = toString(*sig); canonical != o.signature)
        return bad(opath + ".signature", "'" + o.signature + "' is not canonical; write '" + canonical + "'");
      if (!signatures.insert(o.signature).second)
        return bad(opath + ".signature", "'" + o.signature + "' appears twice for '" + e.name + "'");
      if (o.user_metadata.size() > kMaxMetadataSize || nestingDepth(o.user_metadata) > kMaxNesting ||
          !json::accept(o.user_metadata))
        return bad(opath + ".metadata", "is not a JSON value of at most " + std::to_string(kMaxNesting) + " levels");
    }
  }

  std::set<std::pair<std::string, std::string>> tiers;
  for (size_t i = 0; i < m.variants.size(); ++i) {
    const Variant &v = m.variants[i];
    std::string path = "variants[" + std::to_string(i) + "]";
    if (!isToken(v.platform)) return bad(path + ".platform", "is not a platform name");
    if (!isToken(v.tier)) return bad(path + ".tier", "is not a tier name");
    if (!isToken(v.triple)) return bad(path + ".triple", "is not a target triple");
    if (!isToken(v.cpu)) return bad(path + ".cpu", "is not a CPU name");
    if (!tiers.insert({v.platform, v.tier}).second)
      return bad(path + ".tier", "'" + v.platform + "/" + v.tier + "' appears twice");
    if (v.binary_format != "elf" && v.binary_format != "macho" && v.binary_format != "coff")
      return bad(path + ".format", "'" + v.binary_format.substr(0, 80) + "' is not elf, macho or coff");
    for (const std::string &f : v.features)
      if (!isToken(f)) return bad(path + ".features", "'" + f.substr(0, 80) + "' is not a feature name");
    for (const std::string &f : v.required)
      if (!isToken(f)) return bad(path + ".required", "'" + f.substr(0, 80) + "' is not a feature name");
  }

  std::set<std::string> bitcodePlatforms;
  for (size_t i = 0; i < m.bitcode.size(); ++i) {
    const BitcodeEntry &b = m.bitcode[i];
    std::string path = "bitcode[" + std::to_string(i) + "]";
    if (!isToken(b.platform)) return bad(path + ".platform", "is not a platform name");
    if (!isToken(b.triple)) return bad(path + ".triple", "is not a target triple");
    if (!bitcodePlatforms.insert(b.platform).second)
      return bad(path + ".platform", "'" + b.platform + "' has bitcode twice");
  }

  if (Error e = checkText("build.pixie_version", m.build.pixie_version)) return e;
  if (Error e = checkText("build.llvm_version", m.build.llvm_version)) return e;
  for (size_t i = 0; i < m.build.options.size(); ++i)
    if (Error e = checkText("build.options[" + std::to_string(i) + "]", m.build.options[i])) return e;
  return Error::success();
}

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
    exports.push_back({{"name", e.name}, {"overloads", std::move(overloads)}});
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

Expected<Metadata> parseMetadata(std::string_view text, std::span<const SectionInfo> sections) {
  if (text.size() > kMaxMetadataSize)
    return bad("(root)", "is " + std::to_string(text.size()) + " bytes; the limit is " +
                             std::to_string(kMaxMetadataSize));
  if (size_t depth = nestingDepth(text); depth > kMaxNesting)
    return bad("(root)", "nests " + std::to_string(depth) + " levels deep; the limit is " + std::to_string(kMaxNesting));
  json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    ErrorFinder finder;
    json::sax_parse(text.begin(), text.end(), &finder, json::input_format_t::json, /*strict=*/true);
    return bad("(root)", "not valid JSON: " + finder.message);
  }
  Metadata m;
  Walker w;
  if (!fromJson(doc, m, w)) return std::move(w.err);
  if (Error e = validateMetadata(m)) return e;
  for (size_t i = 0; i < m.variants.size(); ++i)
    if (Error e = checkSection("variants[" + std::to_string(i) + "]", m.variants[i].section, SectionKind::Variant, sections))
      return e;
  for (size_t i = 0; i < m.bitcode.size(); ++i)
    if (Error e = checkSection("bitcode[" + std::to_string(i) + "]", m.bitcode[i].section, SectionKind::Bitcode, sections))
      return e;
  return m;
}

} // namespace pixie
