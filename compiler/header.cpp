// The C header of a library's exports (pixie-build --header, pixie.build's
// header=): each exported symbol's prototype as its signature lowers
// (spec/format.md "Arrays"), an element macro per array parameter for the
// kernel's body, and for hosts that include pixie.h first a checked caller
// per symbol. tools/README.md documents the shape; tests/compiler/cli/
// header.sh compiles it for every platform.
#include <cctype>
#include <map>
#include <set>

#include "pixie/c_header.h"
#include "pixie/signature.h"

namespace pixie {
namespace {

const char *cScalar(ScalarKind kind) {
  switch (kind) {
  case ScalarKind::Void: return "void";
  case ScalarKind::I8: return "int8_t";
  case ScalarKind::I16: return "int16_t";
  case ScalarKind::I32: return "int32_t";
  case ScalarKind::I64: return "int64_t";
  case ScalarKind::U8: return "uint8_t";
  case ScalarKind::U16: return "uint16_t";
  case ScalarKind::U32: return "uint32_t";
  case ScalarKind::U64: return "uint64_t";
  case ScalarKind::F32: return "float";
  case ScalarKind::F64: return "double";
  }
  return "void";
}

// "const float *", "int64_t " (ready for a name), as the C type of a lowered type.
std::string cType(const SigType &t) {
  std::string s = t.is_const ? "const " : "";
  s += cScalar(t.scalar);
  s += ' ';
  s.append(t.pointer_depth, '*');
  return s;
}

// The same without a trailing space: for casts and return types.
std::string cTypeBare(const SigType &t) {
  std::string s = cType(t);
  if (s.back() == ' ')
    s.pop_back();
  return s;
}

bool isIdentifier(const std::string &s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
    return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      return false;
  return true;
}

std::string upper(std::string s) {
  for (char &c : s)
    c = char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A C string literal of plain ASCII text (signatures and export names).
std::string quoted(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

struct Entry {
  std::vector<std::string> names; // the exports this symbol implements
  const ExportSpec *spec = nullptr;
  Signature sig;
  Lowering low;
};

// Names for every lowered parameter: the signature's, else pN (made unique).
std::vector<std::string> paramNames(const Entry &e) {
  std::set<std::string> taken;
  for (const SigType &p : e.low.c.params)
    if (!p.name.empty())
      taken.insert(p.name);
  std::vector<std::string> names;
  for (size_t i = 0; i < e.low.c.params.size(); ++i) {
    std::string n = e.low.c.params[i].name;
    if (n.empty()) {
      n = "p" + std::to_string(i + 1);
      while (taken.count(n))
        n += '_';
      taken.insert(n);
    }
    names.push_back(n);
  }
  return names;
}

} // namespace

llvm::Expected<std::string> cHeader(const std::string &library, const std::vector<ExportSpec> &exports) {
  // One prototype per symbol, in the order symbols first appear.
  std::vector<Entry> entries;
  std::map<std::string, size_t> by_symbol;
  for (const ExportSpec &spec : exports) {
    const std::string who = "export '" + spec.name + "' (" + spec.symbol + ")";
    auto sig = parseSignature(spec.signature);
    if (!sig)
      return llvm::createStringError("%s: %s", who.c_str(), sig.error().message().c_str());
    if (!isIdentifier(spec.symbol))
      return llvm::createStringError("%s: '%s' is not a C identifier, so no C header can declare it",
                                     who.c_str(), spec.symbol.c_str());
    auto found = by_symbol.find(spec.symbol);
    if (found != by_symbol.end()) {
      Entry &e = entries[found->second];
      if (lower(*sig).c != e.low.c)
        return llvm::createStringError(
            "%s: symbol '%s' is also export '%s' with %s; one C function has one prototype, not %s",
            who.c_str(), spec.symbol.c_str(), e.names.front().c_str(), e.spec->signature.c_str(),
            spec.signature.c_str());
      e.names.push_back(spec.name);
      continue;
    }
    Entry e;
    e.names.push_back(spec.name);
    e.spec = &spec;
    e.low = lower(*sig);
    e.sig = std::move(*sig);
    by_symbol[spec.symbol] = entries.size();
    entries.push_back(std::move(e));
  }

  // Every identifier the header defines, so two never collide.
  std::map<std::string, std::string> defined; // identifier -> what defines it
  auto define = [&](const std::string &id, const std::string &what) -> llvm::Error {
    auto [it, fresh] = defined.emplace(id, what);
    if (!fresh)
      return llvm::createStringError("the C header would define '%s' twice: for %s and for %s", id.c_str(),
                                     it->second.c_str(), what.c_str());
    return llvm::Error::success();
  };

  std::string guard = "PIXIE_" + upper(library) + "_H_";
  for (char &c : guard)
    if (!std::isalnum(static_cast<unsigned char>(c)))
      c = '_';
  std::string kernels, hosts;
  for (const Entry &e : entries) {
    const std::string &sym = e.spec->symbol;
    const std::vector<std::string> names = paramNames(e);
    std::string exported;
    for (const std::string &n : e.names)
      exported += (exported.empty() ? "" : ", ") + n;
    if (llvm::Error err = define(sym, "the function of export '" + e.names.front() + "'"))
      return err;

    // The prototype.
    std::string params;
    for (size_t i = 0; i < e.low.c.params.size(); ++i)
      params += (i ? ", " : "") + cType(e.low.c.params[i]) + names[i];
    kernels += "\n/* " + exported + ": " + e.spec->signature + " */\n";
    kernels += cType(e.sig.ret) + sym + "(" + (params.empty() ? "void" : params) + ");\n";

    // An element macro per array: SYMBOL_PARAM(i, j, ...), row-major.
    for (size_t i = 0; i < e.low.declared; ++i) {
      const SigType &p = e.sig.params[i];
      if (!p.isArray())
        continue;
      std::string macro = upper(sym + "_" + names[i]);
      if (llvm::Error err = define(macro, "array '" + names[i] + "' of " + sym))
        return err;
      std::string args, index;
      for (size_t d = 0; d < p.extents.size(); ++d) {
        std::string id = "i" + std::to_string(d);
        args += (d ? ", " : "") + id;
        if (d == 0) {
          index = p.extents.size() == 1 ? "(" + id + ")" : "(int64_t)(" + id + ")";
        } else {
          const Extent &x = p.extents[d];
          std::string extent = x.name.empty() ? std::to_string(x.size) : "(" + x.name + ")";
          index = (d > 1 ? "(" + index + ")" : index) + " * " + extent + " + (" + id + ")";
        }
      }
      kernels += "#define " + macro + "(" + args + ") ((" + names[i] + ")[" + index + "])\n";
    }

    // The host's checked caller: lookup by exact signature, check, call.
    std::string lookup = sym + "_lookup", call = sym + "_call";
    if (llvm::Error err = define(lookup, "the host lookup of " + sym))
      return err;
    if (llvm::Error err = define(call, "the host call of " + sym))
      return err;
    std::string host_params, array_list, call_args, proto;
    size_t arrays = 0;
    for (size_t i = 0; i < e.low.c.params.size(); ++i) {
      const SigType &c = e.low.c.params[i];
      proto += (i ? ", " : "") + cTypeBare(c);
      bool carried = false;
      for (size_t x = 0; x < e.low.extent_params.size(); ++x)
        if (e.low.extent_params[x] == i) {
          call_args += (i ? ", " : "") + ("pixie_extents_[" + std::to_string(x) + "]");
          carried = true;
        }
      if (carried)
        continue;
      if (i < e.low.declared && e.sig.params[i].isArray()) {
        host_params += ", pixie_array " + names[i];
        array_list += (arrays++ ? ", " : "") + names[i];
        call_args += (i ? ", " : "") + ("(" + cTypeBare(c) + ")" + names[i] + ".data");
      } else {
        host_params += ", " + cType(c) + names[i];
        call_args += (i ? ", " : "") + names[i];
      }
    }
    const bool returns = !(e.sig.ret.scalar == ScalarKind::Void && e.sig.ret.pointer_depth == 0);
    if (returns)
      host_params += ", " + cType(e.sig.ret) + "*pixie_result_";
    const size_t n_extents = e.low.extents.size();
    hosts += "\n/* " + exported + ": " + e.spec->signature + " */\n";
    hosts += "static inline pixie_error " + lookup + "(pixie_library library, pixie_kernel *kernel) {\n";
    hosts += "  return pixie_lookup_kernel(library, " + quoted(e.names.front()) + ", " + quoted(e.spec->signature) +
             ", kernel);\n}\n";
    hosts += "static inline pixie_error " + call + "(pixie_kernel kernel" + host_params + ") {\n";
    hosts += "  pixie_array pixie_arrays_[" + std::to_string(arrays ? arrays : 1) + "] = {" +
             (arrays ? array_list : std::string("{NULL, 0, 0, NULL}")) + "};\n";
    hosts += "  int64_t pixie_extents_[" + std::to_string(n_extents ? n_extents : 1) + "];\n";
    const std::string ret = cTypeBare(e.sig.ret);
    hosts += "  pixie_error pixie_error_;\n";
    hosts += "  " + ret + " (*pixie_fn_)(" + (proto.empty() ? "void" : proto) + ");\n";
    hosts += "  void *pixie_address_;\n";
    hosts += "  if (!kernel || strcmp(pixie_kernel_signature(kernel), " + quoted(e.spec->signature) + ") != 0)\n";
    hosts += "    return pixie_error_create(PIXIE_ERR_INVALID_ARGUMENT, \"" + call + ": the kernel is not " + lookup +
             "'s\");\n";
    hosts += "  pixie_error_ = pixie_kernel_check(kernel, pixie_arrays_, " + std::to_string(arrays) +
             ", pixie_extents_, " + std::to_string(n_extents) + ");\n";
    hosts += "  if (pixie_error_)\n    return pixie_error_;\n";
    // Through memcpy: ISO C has no cast from void * to a function pointer.
    hosts += "  pixie_address_ = pixie_kernel_address(kernel);\n";
    hosts += "  memcpy(&pixie_fn_, &pixie_address_, sizeof pixie_fn_);\n  ";
    std::string fn = "pixie_fn_(" + call_args + ")";
    if (returns)
      hosts += "if (pixie_result_)\n    *pixie_result_ = " + fn + ";\n  else\n    " + fn + ";\n";
    else
      hosts += fn + ";\n";
    hosts += "  return NULL;\n}\n";
  }

  std::string out;
  out += "/* The C ABI of library '" + library + "', written by pixie-build --header. Do not edit.\n";
  out += " *\n";
  out += " * Kernel side: one prototype per exported symbol, as its signature lowers\n";
  out += " * (arrays as pointers, each named extent once as an integer). For each array\n";
  out += " * parameter P of symbol S, S_P(i, j, ...) in capitals is element (i, j, ...),\n";
  out += " * row-major, inside S's body: it uses the parameter names declared here.\n";
  out += " *\n";
  out += " * Host side (pixie/pixie.h included before this header): S_lookup(library,\n";
  out += " * &kernel) finds S's overload, S_call(kernel, arrays..., scalars...[, &result])\n";
  out += " * checks the arrays (pixie_kernel_check), fills in the extents and calls S.\n";
  out += " */\n";
  out += "#ifndef " + guard + "\n#define " + guard + "\n\n#include <stdint.h>\n";
  out += "#ifdef PIXIE_PIXIE_H\n#include <string.h>\n#endif\n";
  out += "\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n";
  out += kernels;
  out += "\n#ifdef PIXIE_PIXIE_H\n";
  out += hosts;
  out += "#endif /* PIXIE_PIXIE_H */\n";
  out += "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* " + guard + " */\n";
  return out;
}

} // namespace pixie
