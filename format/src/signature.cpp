// Signature parser: a hand-written scanner over a tiny grammar (signature.h).
//
// A type is a run of words (base name and `const`) followed by stars. The
// words are joined with single spaces and looked up in one alias table, so
// "unsigned  long long", "uint64_t" and "u64" meet in the same place, and the
// refusals for platform-dependent C types sit beside the accepted aliases.
#include "pixie/signature.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace pixie {
namespace {

struct Alias {
  std::string_view spelling;
  ScalarKind kind;
};

constexpr std::array kAliases = {
    Alias{"void", ScalarKind::Void},
    Alias{"i8", ScalarKind::I8},       Alias{"i16", ScalarKind::I16},
    Alias{"i32", ScalarKind::I32},     Alias{"i64", ScalarKind::I64},
    Alias{"u8", ScalarKind::U8},       Alias{"u16", ScalarKind::U16},
    Alias{"u32", ScalarKind::U32},     Alias{"u64", ScalarKind::U64},
    Alias{"f32", ScalarKind::F32},     Alias{"f64", ScalarKind::F64},
    Alias{"float", ScalarKind::F32},   Alias{"double", ScalarKind::F64},
    Alias{"int8_t", ScalarKind::I8},   Alias{"int16_t", ScalarKind::I16},
    Alias{"int32_t", ScalarKind::I32}, Alias{"int64_t", ScalarKind::I64},
    Alias{"uint8_t", ScalarKind::U8},  Alias{"uint16_t", ScalarKind::U16},
    Alias{"uint32_t", ScalarKind::U32}, Alias{"uint64_t", ScalarKind::U64},
    Alias{"signed char", ScalarKind::I8}, Alias{"unsigned char", ScalarKind::U8},
    Alias{"short", ScalarKind::I16},   Alias{"short int", ScalarKind::I16},
    Alias{"signed short", ScalarKind::I16}, Alias{"unsigned short", ScalarKind::U16},
    Alias{"unsigned short int", ScalarKind::U16},
    Alias{"int", ScalarKind::I32},     Alias{"signed", ScalarKind::I32},
    Alias{"signed int", ScalarKind::I32}, Alias{"unsigned", ScalarKind::U32},
    Alias{"unsigned int", ScalarKind::U32},
    Alias{"long long", ScalarKind::I64}, Alias{"long long int", ScalarKind::I64},
    Alias{"signed long long", ScalarKind::I64}, Alias{"unsigned long long", ScalarKind::U64},
    Alias{"unsigned long long int", ScalarKind::U64},
    // Every supported platform is 64-bit, so these are 64 bits everywhere.
    Alias{"size_t", ScalarKind::U64},  Alias{"uintptr_t", ScalarKind::U64},
    Alias{"intptr_t", ScalarKind::I64}, Alias{"ptrdiff_t", ScalarKind::I64},
};

struct Refusal {
  std::string_view spelling;
  std::string_view why;
};

constexpr std::array kRefusals = {
    Refusal{"long", "is 64-bit on Linux and macOS but 32-bit on Windows; use i64 or i32"},
    Refusal{"long int", "is 64-bit on Linux and macOS but 32-bit on Windows; use i64 or i32"},
    Refusal{"signed long", "is 64-bit on Linux and macOS but 32-bit on Windows; use i64 or i32"},
    Refusal{"unsigned long", "is 64-bit on Linux and macOS but 32-bit on Windows; use u64 or u32"},
    Refusal{"unsigned long int", "is 64-bit on Linux and macOS but 32-bit on Windows; use u64 or u32"},
    Refusal{"char", "is signed on x86 and unsigned on Arm; use i8 or u8"},
    Refusal{"wchar_t", "is 32-bit on Linux and macOS but 16-bit on Windows; use u32 or u16"},
    Refusal{"long double", "is 80-bit on x86 Linux, 128-bit on Arm Linux and 64-bit on Windows and macOS; use f64"},
    Refusal{"bool", "has no single ABI across platforms; use u8"},
    Refusal{"_Bool", "has no single ABI across platforms; use u8"},
};

class Parser {
public:
  explicit Parser(std::string_view text) : text_(text) {}

  Expected<Signature> parse() {
    Signature sig;
    if (text_.size() > kMaxSignatureLength)
      return fail(0, "is " + std::to_string(text_.size()) + " characters long; the limit is " +
                         std::to_string(kMaxSignatureLength));
    auto ret = parseType("return type");
    if (!ret) return ret.takeError();
    if (ret->isArray()) return fail(0, "the return type is an array; return arrays through parameters");
    sig.ret = *ret;
    if (!eat('(')) return fail(pos_, "expected '(' after the return type");
    skipSpace();
    if (eat(')')) return finish(sig);
    for (;;) {
      size_t start = pos_;
      auto param = parseType("parameter " + std::to_string(sig.params.size() + 1), true);
      if (!param) return param.takeError();
      if (param->scalar == ScalarKind::Void && !param->isPointer() && param->name.empty()) {
        // C's "f(void)" spells an empty parameter list; void is no value otherwise.
        if (!sig.params.empty() || !peek(')'))
          return fail(start, "parameter " + std::to_string(sig.params.size() + 1) +
                                 " is 'void'; only a pointer to void can be passed");
        eat(')');
        return finish(sig);
      }
      if (param->scalar == ScalarKind::Void && !param->isPointer())
        return fail(start, "parameter " + std::to_string(sig.params.size() + 1) +
                               " is 'void'; only a pointer to void can be passed");
      if (sig.params.size() == kMaxSignatureParams)
        return fail(start, "has more than " + std::to_string(kMaxSignatureParams) + " parameters");
      sig.params.push_back(*param);
      if (eat(')')) return finish(sig);
      if (!eat(',')) return fail(pos_, "expected ',' or ')' after parameter " + std::to_string(sig.params.size()));
    }
  }

private:
  Expected<Signature> finish(Signature &sig) {
    skipSpace();
    if (pos_ != text_.size()) return fail(pos_, "unexpected text after ')'");
    return checkNames(sig);
  }

  Expected<SigType> parseType(const std::string &what, bool allowName = false) {
    SigType type;
    std::vector<std::string_view> words;
    skipSpace();
    size_t start = pos_;
    while (pos_ < text_.size() && isWordChar(text_[pos_])) {
      size_t wordStart = pos_;
      while (pos_ < text_.size() && isWordChar(text_[pos_])) ++pos_;
      std::string_view word = text_.substr(wordStart, pos_ - wordStart);
      if (word == "const")
        type.is_const = true;
      else
        words.push_back(word);
      skipSpace();
    }
    // With nothing after the words, the last one may be the parameter's
    // name ("i64 n", "unsigned int count"), if the rest is a type.
    if (allowName && words.size() > 1 && !peek('*') && !peek('[') && !isType(join(words)) &&
        isType(join({words.begin(), words.end() - 1}))) {
      type.name = words.back();
      words.pop_back();
    }
    std::string name = join(words);
    if (name.empty()) return fail(start, "expected a type for the " + what);
    while (eat('*')) {
      if (++type.pointer_depth > kMaxPointerDepth)
        return fail(pos_ - 1, "the " + what + " has more than " + std::to_string(kMaxPointerDepth) +
                                  " levels of pointer");
      skipSpace();
      if (peekWord("const")) return fail(pos_, "the " + what + " is a const pointer; only the pointee can be const");
    }
    if (!type.pointer_depth && peek('[')) {
      size_t open = pos_;
      eat('[');
      for (;;) {
        auto extent = parseExtent(what);
        if (!extent) return extent.takeError();
        if (type.extents.size() == kMaxArrayRank)
          return fail(open, "the " + what + " has more than " + std::to_string(kMaxArrayRank) + " dimensions");
        type.extents.push_back(*extent);
        if (eat(']')) break;
        if (!eat(',')) return fail(pos_, "expected ',' or ']' in the extents of the " + what);
      }
    }
    if (allowName && type.name.empty()) {
      skipSpace();
      if (pos_ < text_.size() && isWordChar(text_[pos_])) {
        size_t at = pos_;
        auto ident = parseName();
        if (!ident) return fail(at, "expected a parameter name after the " + what);
        type.name = *ident;
      }
    }
    for (const Refusal &r : kRefusals)
      if (name == r.spelling) return fail(start, "the " + what + " '" + name + "' " + std::string(r.why));
    for (const Alias &a : kAliases) {
      if (name != a.spelling) continue;
      type.scalar = a.kind;
      if (type.is_const && !type.isPointer())
        return fail(start, "the " + what + " is a const value; const only qualifies a pointee");
      if (type.isArray() && type.scalar == ScalarKind::Void)
        return fail(start, "the " + what + " is an array of void; arrays hold i8..i64, u8..u64, f32 or f64");
      return type;
    }
    // A hostile signature can be one 4 KiB "type name": quote a screenful.
    std::string shown = name.size() > 80 ? name.substr(0, 80) + "..." : name;
    return fail(start, "the " + what + " has unknown type '" + shown +
                           "' (use void, i8..i64, u8..u64, f32, f64, or pointers or arrays of them)");
  }

  Expected<Extent> parseExtent(const std::string &what) {
    skipSpace();
    size_t start = pos_;
    Extent extent;
    if (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      int64_t size = 0;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
        size = size * 10 + (text_[pos_++] - '0');
        if (size > kMaxFixedExtent)
          return fail(start, "an extent of the " + what + " is larger than " + std::to_string(kMaxFixedExtent));
      }
      if (size == 0) return fail(start, "an extent of the " + what + " is 0");
      extent.size = size;
    } else {
      auto ident = parseName();
      if (!ident) return fail(start, "expected an extent (a name or a positive integer) for the " + what);
      extent.name = *ident;
    }
    skipSpace();
    return extent;
  }

  // An identifier that is not a type word.
  std::optional<std::string> parseName() {
    size_t start = pos_;
    if (pos_ >= text_.size() || std::isdigit(static_cast<unsigned char>(text_[pos_]))) return std::nullopt;
    while (pos_ < text_.size() && isWordChar(text_[pos_])) ++pos_;
    std::string_view word = text_.substr(start, pos_ - start);
    if (word.empty() || word == "const" || isType(std::string(word))) {
      pos_ = start;
      return std::nullopt;
    }
    skipSpace();
    return std::string(word);
  }

  static std::string join(const std::vector<std::string_view> &words) {
    std::string s;
    for (std::string_view w : words) {
      if (!s.empty()) s += ' ';
      s += w;
    }
    return s;
  }

  static bool isType(const std::string &name) {
    for (const Alias &a : kAliases)
      if (name == a.spelling) return true;
    for (const Refusal &r : kRefusals)
      if (name == r.spelling) return true;
    return false;
  }

  // Names are unique; an extent named like a parameter is carried by it, so
  // that parameter must be an integer.
  Expected<Signature> checkNames(Signature &sig) {
    for (size_t i = 0; i < sig.params.size(); ++i) {
      const SigType &p = sig.params[i];
      if (p.name.empty()) continue;
      for (size_t j = 0; j < i; ++j)
        if (sig.params[j].name == p.name)
          return fail(0, "parameters " + std::to_string(j + 1) + " and " + std::to_string(i + 1) +
                             " are both named '" + p.name + "'");
    }
    for (const SigType &p : sig.params)
      for (const Extent &e : p.extents)
        for (size_t j = 0; j < sig.params.size(); ++j)
          if (!e.name.empty() && sig.params[j].name == e.name && !sig.params[j].isInteger())
            return fail(0, "extent '" + e.name + "' names parameter " + std::to_string(j + 1) +
                               ", which is " + toString(sig.params[j]) + "; an extent's parameter is an integer");
    return sig;
  }

  static bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
  void skipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool peek(char c) {
    skipSpace();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  bool peekWord(std::string_view w) {
    return text_.substr(pos_, w.size()) == w &&
           (pos_ + w.size() == text_.size() || !isWordChar(text_[pos_ + w.size()]));
  }
  bool eat(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }
  Error fail(size_t column, const std::string &msg) const {
    // Echo at most a screenful of a hostile string, never all of it.
    std::string shown(text_.substr(0, 80));
    if (text_.size() > 80) shown += "...";
    return Error(Errc::bad_signature,
                 "signature '" + shown + "' at column " + std::to_string(column + 1) + ": " + msg);
  }

  std::string_view text_;
  size_t pos_ = 0;
};

} // namespace

bool SigType::isSigned() const {
  if (isPointer()) return false;
  switch (scalar) {
  case ScalarKind::I8: case ScalarKind::I16: case ScalarKind::I32: case ScalarKind::I64:
  case ScalarKind::F32: case ScalarKind::F64:
    return true;
  default:
    return false;
  }
}

unsigned SigType::bitWidth() const {
  if (isPointer()) return 64;
  switch (scalar) {
  case ScalarKind::Void: return 0;
  case ScalarKind::I8: case ScalarKind::U8: return 8;
  case ScalarKind::I16: case ScalarKind::U16: return 16;
  case ScalarKind::I32: case ScalarKind::U32: case ScalarKind::F32: return 32;
  case ScalarKind::I64: case ScalarKind::U64: case ScalarKind::F64: return 64;
  }
  return 0;
}

const char *scalarName(ScalarKind kind) {
  switch (kind) {
  case ScalarKind::Void: return "void";
  case ScalarKind::I8: return "i8";
  case ScalarKind::I16: return "i16";
  case ScalarKind::I32: return "i32";
  case ScalarKind::I64: return "i64";
  case ScalarKind::U8: return "u8";
  case ScalarKind::U16: return "u16";
  case ScalarKind::U32: return "u32";
  case ScalarKind::U64: return "u64";
  case ScalarKind::F32: return "f32";
  case ScalarKind::F64: return "f64";
  }
  return "?";
}

Expected<Signature> parseSignature(std::string_view text) { return Parser(text).parse(); }

std::string toString(const SigType &type) {
  std::string s = type.is_const ? "const " : "";
  s += scalarName(type.scalar);
  s.append(type.pointer_depth, '*');
  if (type.isArray()) {
    s += '[';
    for (size_t i = 0; i < type.extents.size(); ++i) {
      if (i) s += ", ";
      const Extent &e = type.extents[i];
      s += e.name.empty() ? std::to_string(e.size) : e.name;
    }
    s += ']';
  }
  if (!type.name.empty()) s += " " + type.name;
  return s;
}

bool hasArrays(const Signature &sig) {
  for (const SigType &p : sig.params)
    if (p.isArray()) return true;
  return false;
}

Lowering lower(const Signature &sig) {
  Lowering l;
  l.c.ret = sig.ret;
  for (SigType p : sig.params) {
    if (p.isArray()) {
      p.extents.clear();
      p.pointer_depth = 1;
    }
    l.c.params.push_back(std::move(p));
  }
  l.declared = l.c.params.size();
  for (const SigType &p : sig.params)
    for (const Extent &e : p.extents) {
      if (e.name.empty() || std::find(l.extents.begin(), l.extents.end(), e.name) != l.extents.end())
        continue;
      l.extents.push_back(e.name);
      size_t index = l.c.params.size();
      for (size_t i = 0; i < sig.params.size(); ++i)
        if (sig.params[i].name == e.name) index = i;
      if (index == l.c.params.size()) {
        SigType n;
        n.scalar = ScalarKind::I64;
        n.name = e.name;
        l.c.params.push_back(n);
      }
      l.extent_params.push_back(index);
    }
  return l;
}

std::string toString(const Signature &sig) {
  std::string s = toString(sig.ret) + "(";
  for (size_t i = 0; i < sig.params.size(); ++i) {
    if (i) s += ", ";
    s += toString(sig.params[i]);
  }
  return s + ")";
}

} // namespace pixie
