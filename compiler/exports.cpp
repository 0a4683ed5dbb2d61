// Exports: the --export flag, the JSON manifest, and the check of each
// export's signature against the LLVM function that implements it.
//
// The check is what makes a signature in a .pixie trustworthy: a caller
// marshals arguments by it, so a mismatch would be memory corruption at run
// time. LLVM types carry width and kind (i32 vs i64, float vs double, pointer
// vs value) but not signedness, except where the ABI extends small integers:
// there the signext/zeroext attribute tells u8 from i8, and we check it.
// Pointee types are gone from LLVM's opaque pointers and cannot be checked.
#include "exports.h"

#include <fstream>
#include <sstream>

#include "pixie/compiler.h"
#include "pixie/signature.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Path.h"

#include <nlohmann/json.hpp>

namespace pixie {
namespace {

llvm::Error checkSignatureText(const ExportSpec &spec, llvm::StringRef where) {
  auto sig = parseSignature(spec.signature);
  if (!sig)
    return llvm::createStringError("%s: %s", where.str().c_str(), sig.error().message().c_str());
  return llvm::Error::success();
}

std::string describe(const llvm::Type *type, bool is_signed, bool is_unsigned) {
  if (type->isVoidTy())
    return "void";
  if (type->isFloatTy())
    return "f32";
  if (type->isDoubleTy())
    return "f64";
  if (type->isPointerTy())
    return "a pointer";
  if (type->isIntegerTy()) {
    const char *sign = is_signed ? "a signed " : is_unsigned ? "an unsigned " : "a ";
    return sign + std::to_string(type->getIntegerBitWidth()) + "-bit integer";
  }
  std::string text;
  llvm::raw_string_ostream out(text);
  type->print(out);
  return "the LLVM type " + text;
}

// Does `type` (with its ABI extension attributes) carry a value of `sig`?
bool matches(const SigType &sig, const llvm::Type *type, bool sext, bool zext) {
  if (sig.isPointer())
    return type->isPointerTy();
  switch (sig.scalar) {
  case ScalarKind::Void:
    return type->isVoidTy();
  case ScalarKind::F32:
    return type->isFloatTy();
  case ScalarKind::F64:
    return type->isDoubleTy();
  default:
    if (!type->isIntegerTy(sig.bitWidth()))
      return false;
    return sig.isSigned() ? !zext : !sext;
  }
}

// The C type a source declared, as the debug information records it:
// qualifiers and typedefs stripped, pointers counted.
struct SourceType {
  const llvm::DIType *base = nullptr; // nullptr: void
  unsigned pointers = 0;
  std::string spelling;               // as C would write it, for messages
};

SourceType sourceType(const llvm::DIType *t) {
  SourceType out;
  std::string stars, typedefName; // messages name int64_t, not long or long long
  while (auto *d = llvm::dyn_cast_or_null<llvm::DIDerivedType>(t)) {
    auto tag = d->getTag();
    if (tag == llvm::dwarf::DW_TAG_pointer_type) {
      ++out.pointers;
      stars += "*";
    } else if (tag == llvm::dwarf::DW_TAG_typedef) {
      if (typedefName.empty())
        typedefName = d->getName().str();
    } else if (tag != llvm::dwarf::DW_TAG_const_type &&
                  tag != llvm::dwarf::DW_TAG_volatile_type && tag != llvm::dwarf::DW_TAG_restrict_type) {
      break;
    }
    t = d->getBaseType();
  }
  out.base = t;
  std::string name = !t ? "void" : !t->getName().empty() ? t->getName().str() : "an unnamed type";
  if (auto *c = llvm::dyn_cast_or_null<llvm::DICompositeType>(t)) {
    if (c->getTag() == llvm::dwarf::DW_TAG_structure_type)
      name = "struct " + name;
    else if (c->getTag() == llvm::dwarf::DW_TAG_union_type)
      name = "union " + name;
  }
  if (!typedefName.empty())
    name = typedefName;
  out.spelling = name + (stars.empty() ? "" : " " + stars);
  return out;
}

// Does the scalar a source type names match the signature's, in kind,
// width and sign? Plain char is either sign: that differs by platform, and
// the signature already fixes one.
bool sameScalar(const llvm::DIType *t, ScalarKind want) {
  if (!t)
    return want == ScalarKind::Void;
  auto *basic = llvm::dyn_cast<llvm::DIBasicType>(t);
  if (!basic)
    return false;
  SigType s;
  s.scalar = want;
  unsigned bits = unsigned(basic->getSizeInBits());
  switch (basic->getEncoding()) {
  case llvm::dwarf::DW_ATE_float:
    return s.isFloat() && bits == s.bitWidth();
  case llvm::dwarf::DW_ATE_signed:
    return s.isInteger() && s.isSigned() && bits == s.bitWidth();
  case llvm::dwarf::DW_ATE_unsigned:
  case llvm::dwarf::DW_ATE_boolean:
    return s.isInteger() && !s.isSigned() && bits == s.bitWidth();
  case llvm::dwarf::DW_ATE_signed_char:
  case llvm::dwarf::DW_ATE_unsigned_char:
    if (basic->getName() == "char")
      return s.isInteger() && bits == s.bitWidth();
    return s.isInteger() && bits == s.bitWidth() &&
           s.isSigned() == (basic->getEncoding() == llvm::dwarf::DW_ATE_signed_char);
  default:
    return false;
  }
}

// A C or C++ function's declared types against the signature, where LLVM's
// types cannot tell: pointee types (pointers are opaque) and the sign of
// integers. Functions without debug information (IR inputs) are checked by
// their LLVM types alone.
// `sig` is the lowered signature; messages show `declared`'s parameters.
llvm::Error checkSourceTypes(const llvm::Function &f, const Signature &sig, const Signature &declared,
                             const std::string &who) {
  const llvm::DISubprogram *sp = f.getSubprogram();
  if (!sp || !sp->getType())
    return llvm::Error::success();
  llvm::DITypeRefArray types = sp->getType()->getTypeArray();
  if (types.size() != sig.params.size() + 1)
    return llvm::Error::success(); // a C++ method or varargs: the LLVM check stands
  std::vector<std::string> names(sig.params.size());
  for (const llvm::DINode *node : sp->getRetainedNodes())
    if (auto *v = llvm::dyn_cast<llvm::DILocalVariable>(node); v && v->getArg() && v->getArg() <= names.size())
      names[v->getArg() - 1] = v->getName().str();
  auto check = [&](const SigType &want, const SigType &shown, const llvm::DIType *t,
                   const std::string &what) -> llvm::Error {
    SourceType got = sourceType(t);
    bool ok;
    if (want.isPointer()) {
      // A void* on either side takes any pointer of the same depth.
      unsigned depth = want.isArray() ? 1 : want.pointer_depth;
      ok = got.pointers == depth &&
           (!got.base || want.scalar == ScalarKind::Void || sameScalar(got.base, want.scalar));
    } else {
      ok = got.pointers == 0 && sameScalar(got.base, want.scalar);
    }
    if (ok)
      return llvm::Error::success();
    return llvm::createStringError("%s: %s is %s in the signature, but the source declares %s", who.c_str(),
                                   what.c_str(), toString(shown).c_str(), got.spelling.c_str());
  };
  if (llvm::Error e = check(sig.ret, sig.ret, types[0], "the return type"))
    return e;
  for (size_t i = 0; i < sig.params.size(); ++i) {
    std::string what = "parameter " + std::to_string(i + 1);
    if (!names[i].empty())
      what += " (" + names[i] + ")";
    const SigType &shown = i < declared.params.size() ? declared.params[i] : sig.params[i];
    if (llvm::Error e = check(sig.params[i], shown, types[i + 1], what))
      return e;
  }
  return llvm::Error::success();
}

} // namespace

llvm::Expected<ExportSpec> parseExportFlag(llvm::StringRef flag) {
  auto [text, doc] = flag.split('#');
  auto [name, rest] = text.split('=');
  auto [symbol, signature] = rest.split(':');
  if (name.empty() || symbol.empty() || signature.empty() || !text.contains('=') ||
      !rest.contains(':'))
    return llvm::createStringError("--export '%s': expected NAME=SYMBOL:SIGNATURE",
                                   text.str().c_str());
  ExportSpec spec{name.str(), symbol.str(), signature.str(), "null", doc.str()};
  if (llvm::Error e = checkSignatureText(spec, "--export '" + text.str() + "'"))
    return e;
  return spec;
}

llvm::Expected<Manifest> readManifest(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return llvm::createStringError("cannot read manifest %s", path.c_str());
  std::stringstream text;
  text << in.rdbuf();

  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error &e) {
    return llvm::createStringError("%s: %s", path.c_str(), e.what());
  }
  auto bad = [&](const std::string &what) {
    return llvm::createStringError("%s: %s", path.c_str(), what.c_str());
  };
  if (!doc.is_object())
    return bad("the manifest must be a JSON object");

  Manifest manifest;
  if (doc.contains("library")) {
    if (!doc["library"].is_string())
      return bad("\"library\" must be a string");
    manifest.library = doc["library"];
  }
  llvm::StringRef dir = llvm::sys::path::parent_path(path);
  if (doc.contains("inputs")) {
    if (!doc["inputs"].is_array())
      return bad("\"inputs\" must be an array of file names");
    for (const auto &input : doc["inputs"]) {
      if (!input.is_string())
        return bad("\"inputs\" must be an array of file names");
      std::string name = input.get<std::string>();
      llvm::SmallString<256> full(dir);
      if (llvm::sys::path::is_absolute(name))
        full = name;
      else
        llvm::sys::path::append(full, name);
      manifest.inputs.push_back(std::string(full));
    }
  }
  if (!doc.contains("exports") || !doc["exports"].is_array())
    return bad("\"exports\" must be an array");
  size_t index = 0;
  for (const auto &entry : doc["exports"]) {
    std::string where = "exports[" + std::to_string(index++) + "]";
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string() ||
        !entry.contains("signature") || !entry["signature"].is_string())
      return bad(where + ": needs a string \"name\" and a string \"signature\"");
    ExportSpec spec;
    spec.name = entry["name"];
    spec.signature = entry["signature"];
    spec.symbol = spec.name;
    if (entry.contains("symbol")) {
      if (!entry["symbol"].is_string())
        return bad(where + ": \"symbol\" must be a string");
      spec.symbol = entry["symbol"];
    }
    if (entry.contains("metadata"))
      spec.user_metadata = entry["metadata"].dump();
    if (entry.contains("doc")) {
      if (!entry["doc"].is_string())
        return bad(where + ": \"doc\" must be a string");
      spec.doc = entry["doc"];
    }
    if (llvm::Error e = checkSignatureText(spec, path + ": " + where))
      return e;
    manifest.exports.push_back(std::move(spec));
  }
  return manifest;
}

std::string libraryNameFromPath(llvm::StringRef path) {
  std::string name = llvm::sys::path::stem(path).str();
  for (char &c : name)
    if (!llvm::isAlnum(c) && c != '_')
      c = '_';
  if (name.empty() || llvm::isDigit(name.front()))
    name.insert(name.begin(), '_');
  return name;
}

llvm::Error checkExports(const llvm::Module &module, const std::vector<ExportSpec> &exports) {
  for (const ExportSpec &spec : exports) {
    std::string who = "export '" + spec.name + "' (" + spec.symbol + ")";
    const llvm::Function *f = module.getFunction(spec.symbol);
    if (!f || f->isDeclaration())
      return llvm::createStringError("export '%s': no function '%s' is defined in the inputs",
                                     spec.name.c_str(), spec.symbol.c_str());
    if (f->hasLocalLinkage())
      return llvm::createStringError(
          "%s: the function is static (internal to its file), so no shared library can export "
          "it; remove 'static'",
          who.c_str());
    auto declared = parseSignature(spec.signature);
    if (!declared)
      return llvm::createStringError("%s: %s", who.c_str(), declared.error().message().c_str());
    // An array signature is checked as the C function it lowers to.
    const Signature c = lower(*declared).c;
    const Signature *sig = &c;
    std::string abi = hasArrays(*declared) ? " (its C ABI: " + toString(c) + ")" : "";

    const llvm::FunctionType *type = f->getFunctionType();
    if (type->isVarArg())
      return llvm::createStringError("%s: the function is variadic; exports need fixed parameters",
                                     who.c_str());
    if (type->getNumParams() != sig->params.size())
      return llvm::createStringError(
          "%s: the signature has %zu parameters%s, but the function has %u", who.c_str(),
          sig->params.size(), abi.c_str(), type->getNumParams());

    // A struct passed or returned through memory looks like a pointer in the
    // LLVM type; the attribute says what it really is.
    const llvm::AttributeList &attrs = f->getAttributes();
    for (unsigned i = 0; i < type->getNumParams(); ++i)
      for (auto kind : {llvm::Attribute::ByVal, llvm::Attribute::StructRet, llvm::Attribute::InAlloca,
                        llvm::Attribute::Preallocated, llvm::Attribute::ByRef})
        if (attrs.hasParamAttr(i, kind))
          return llvm::createStringError(
              "%s: parameter %u of the function is a struct passed in memory (%s); signatures "
              "take scalars and pointers only",
              who.c_str(), i + 1, llvm::Attribute::getNameFromAttrKind(kind).str().c_str());
    bool rsext = attrs.hasRetAttr(llvm::Attribute::SExt);
    bool rzext = attrs.hasRetAttr(llvm::Attribute::ZExt);
    if (!matches(sig->ret, type->getReturnType(), rsext, rzext))
      return llvm::createStringError("%s: the signature returns %s, but the function returns %s",
                                     who.c_str(), toString(sig->ret).c_str(),
                                     describe(type->getReturnType(), rsext, rzext).c_str());
    for (unsigned i = 0; i < type->getNumParams(); ++i) {
      bool sext = attrs.hasParamAttr(i, llvm::Attribute::SExt);
      bool zext = attrs.hasParamAttr(i, llvm::Attribute::ZExt);
      if (!matches(sig->params[i], type->getParamType(i), sext, zext))
        return llvm::createStringError(
            "%s: parameter %u is %s in the signature, but the function takes %s", who.c_str(),
            i + 1, toString(sig->params[i]).c_str(),
            describe(type->getParamType(i), sext, zext).c_str());
    }
    if (llvm::Error e = checkSourceTypes(*f, *sig, *declared, who))
      return e;
  }
  return llvm::Error::success();
}

} // namespace pixie
