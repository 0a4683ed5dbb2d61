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
  }
  return llvm::Error::success();
}

} // namespace pixie
