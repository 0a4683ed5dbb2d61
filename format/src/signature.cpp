// Signature parser: a hand-written scanner over a tiny grammar (signature.h).
//
// A type is a run of words (base name and `const`) followed by stars. The
// words are joined with single spaces and looked up in one alias table, so
// "unsigned  long long", "uint64_t" and "u64" meet in the same place, and the
// refusals for platform-dependent C types sit beside the accepted aliases.
#include "pixie/signature.h"

#include <array>
#include <cctype>

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
    sig.ret = *ret;
    if (!eat('(')) return fail(pos_, "expected '(' after the return type");
    skipSpace();
    if (eat(')')) return finish(sig);
    for (;;) {
      size_t start = pos_;
      auto param = parseType("parameter " + std::to_string(sig.params.size() + 1));
      if (!param) return param.takeError();
      if (param->scalar == ScalarKind::Void && !param->isPointer()) {
        // C's "f(void)" spells an empty parameter list; void is no value otherwise.
        if (!sig.params.empty() || !peek(')'))
          return fail(start, "parameter " + std::to_string(sig.params.size() + 1) +
                                 " is 'void'; only a pointer to void can be passed");
        eat(')');
        return finish(sig);
      }
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
    return sig;
  }

  Expected<SigType> parseType(const std::string &what) {
    SigType type;
    std::string name;
    skipSpace();
    size_t start = pos_;
    while (pos_ < text_.size() && isWordChar(text_[pos_])) {
      size_t wordStart = pos_;
      while (pos_ < text_.size() && isWordChar(text_[pos_])) ++pos_;
      std::string_view word = text_.substr(wordStart, pos_ - wordStart);
      if (word == "const") {
        type.is_const = true;
      } else {
        if (!name.empty()) name += ' ';
        name += word;
      }
      skipSpace();
    }
    if (name.empty()) return fail(start, "expected a type for the " + what);
    while (eat('*')) {
      if (++type.pointer_depth > kMaxPointerDepth)
        return fail(pos_ - 1, "the " + what + " has more than " + std::to_string(kMaxPointerDepth) +
                                  " levels of pointer");
      skipSpace();
      if (peekWord("const")) return fail(pos_, "the " + what + " is a const pointer; only the pointee can be const");
    }
    for (const Refusal &r : kRefusals)
      if (name == r.spelling) return fail(start, "the " + what + " '" + name + "' " + std::string(r.why));
    for (const Alias &a : kAliases) {
      if (name != a.spelling) continue;
      type.scalar = a.kind;
      if (type.is_const && !type.isPointer())
        return fail(start, "the " + what + " is a const value; const only qualifies a pointee");
      return type;
    }
    // A hostile signature can be one 4 KiB "type name": quote a screenful.
    std::string shown = name.size() > 80 ? name.substr(0, 80) + "..." : name;
    return fail(start, "the " + what + " has unknown type '" + shown +
                           "' (use void, i8..i64, u8..u64, f32, f64, or pointers to them)");
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
  if (pointer_depth) return false;
  switch (scalar) {
  case ScalarKind::I8: case ScalarKind::I16: case ScalarKind::I32: case ScalarKind::I64:
  case ScalarKind::F32: case ScalarKind::F64:
    return true;
  default:
    return false;
  }
}

unsigned SigType::bitWidth() const {
  if (pointer_depth) return 64;
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
  return s;
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
