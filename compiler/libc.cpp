// The C library a variant links (libc.h, libc/README.md).
//
// Each platform's library is one bitcode file built from musl's libm and
// pixie's own sources (libc/CMakeLists.txt) and embedded in this library.
// A variant's objects are compiled first; their undefined symbols say which
// library functions it needs, including the calls the code generator itself
// emits (floor on a CPU without roundsd, fmod for frem, sincos). Those
// functions, and what they call, are linked out of the bitcode into one
// module, compiled by the variant's own TargetMachine (so they use its tier)
// and checked again, until nothing new is needed. Everything else must be one
// of the platform's documented imports, or the build fails naming the
// function and the exports that reach it.
#include "libc.h"

#include <mutex>

#include "codegen.h"
#include "pixie/compiler.h"
#include "pixie/targets.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

extern "C" {
extern const char pixie_libc_linux_64_begin[], pixie_libc_linux_64_end[];
extern const char pixie_libc_linux_aarch64_begin[], pixie_libc_linux_aarch64_end[];
extern const char pixie_libc_osx_arm64_begin[], pixie_libc_osx_arm64_end[];
extern const char pixie_libc_win_64_begin[], pixie_libc_win_64_end[];
}

namespace pixie {

char UnresolvedError::ID;
const char kQuadReachKey[] = "<fp128>";

namespace {

constexpr const char kLibSystem[] = "/usr/lib/libSystem.B.dylib";

struct Blob {
  const char *platform;
  const char *begin, *end;
};

const Blob kBlobs[] = {
    {"linux-64", pixie_libc_linux_64_begin, pixie_libc_linux_64_end},
    {"linux-aarch64", pixie_libc_linux_aarch64_begin, pixie_libc_linux_aarch64_end},
    {"osx-arm64", pixie_libc_osx_arm64_begin, pixie_libc_osx_arm64_end},
    {"win-64", pixie_libc_win_64_begin, pixie_libc_win_64_end},
};

llvm::MemoryBufferRef bitcode(const Platform &platform) {
  for (const Blob &b : kBlobs)
    if (llvm::StringRef(b.platform) == platform.name)
      return llvm::MemoryBufferRef(llvm::StringRef(b.begin, size_t(b.end - b.begin)),
                                   "pixie-libc");
  return llvm::MemoryBufferRef(llvm::StringRef(), "pixie-libc");
}

const Import kElfImports[] = {
    {"malloc", ""}, {"calloc", ""}, {"realloc", ""}, {"free", ""}, {"aligned_alloc", ""},
    {"posix_memalign", ""}, {"__errno_location", ""}};
const Import kMachOImports[] = {
    {"malloc", kLibSystem},        {"calloc", kLibSystem}, {"realloc", kLibSystem},
    {"free", kLibSystem},          {"aligned_alloc", kLibSystem},
    {"posix_memalign", kLibSystem}, {"__error", kLibSystem}};
const Import kCoffImports[] = {
    {"_aligned_offset_malloc", "api-ms-win-crt-heap-l1-1-0.dll"},
    {"_aligned_offset_realloc", "api-ms-win-crt-heap-l1-1-0.dll"},
    {"_aligned_free", "api-ms-win-crt-heap-l1-1-0.dll"},
    {"_aligned_malloc", "api-ms-win-crt-heap-l1-1-0.dll"}, // _mm_malloc (mm_malloc.h)
    {"_errno", "api-ms-win-crt-runtime-l1-1-0.dll"}};

bool isImport(const Platform &platform, llvm::StringRef name) {
  for (const Import &i : platformImports(platform))
    if (name == i.symbol)
      return true;
  return false;
}

// Functions pixie's headers declare so that hosted code compiles, which a
// kernel cannot call, by why. Anything else unresolved is simply undefined.
struct Refusal {
  const char *reason;
  std::vector<llvm::StringRef> names;
};

const std::vector<Refusal> &refusals() {
  static const std::vector<Refusal> kRefusals = {
      {"I/O belongs to the host program (a variant runs inside it and owns no files or "
       "streams); return results to the caller instead",
       {"printf", "fprintf", "vprintf", "vfprintf", "puts", "fputs", "putchar", "fputc", "putc",
        "fopen", "fclose", "fread", "fwrite", "fflush", "fgets", "fgetc", "getc", "getchar",
        "scanf", "fscanf", "vscanf", "vfscanf", "perror", "remove", "rename", "fseek", "ftell",
        "rewind", "feof", "ferror", "clearerr", "setvbuf", "setbuf", "tmpfile", "tmpnam",
        "ungetc", "freopen", "fgetpos", "fsetpos", "read", "write", "open", "close", "lseek",
        "unlink", "access"}},
      {"it acts on the process (exit, signals, environment, sleep), which belongs to the "
       "program that loaded the kernel",
       {"exit", "_Exit", "_exit", "abort", "atexit", "at_quick_exit", "quick_exit", "getenv",
        "system", "signal", "raise", "getpid", "sleep", "usleep", "nanosleep", "sysconf"}},
      {"reading the clock makes a kernel's result depend on when it runs; time the call "
       "from the caller instead",
       {"time", "clock", "gettimeofday", "clock_gettime", "timespec_get", "difftime", "mktime",
        "gmtime", "localtime", "strftime", "asctime", "ctime"}},
  };
  return kRefusals;
}

constexpr const char kLongDoubleMath[] =
    "long double math is not part of pixie's libm; use the double function";
constexpr const char kQuadArithmetic[] =
    "long double is quad precision on this platform, computed by runtime functions pixie's "
    "C library does not provide; use double";

// The soft-float routines LLVM calls for fp128 (long double on Linux/Arm):
// __addtf3, __extenddftf2, __lttf2, ...
bool isQuadHelper(llvm::StringRef name) {
  if (!name.starts_with("__") || name.size() < 4 || !llvm::isDigit(name.back()))
    return false;
  return name.drop_back().contains("tf");
}

// Why `name` cannot be linked; empty when it is simply undefined.
std::string refusalFor(llvm::StringRef name, const Platform &platform) {
  for (const Refusal &r : refusals())
    for (llvm::StringRef n : r.names)
      if (n == name)
        return r.reason;
  const auto &library = libcSymbols(platform);
  if (name.size() > 1 && name.ends_with("l") && library.count(name.drop_back()) &&
      !library.count(name))
    return kLongDoubleMath;
  if (isQuadHelper(name))
    return kQuadArithmetic;
  return "";
}

struct ObjectSymbols {
  std::set<std::string, std::less<>> defined, undefined;
};

llvm::Error readSymbols(llvm::ArrayRef<char> object, const Platform &platform,
                        ObjectSymbols &out) {
  auto file = llvm::object::ObjectFile::createObjectFile(
      llvm::MemoryBufferRef(llvm::StringRef(object.data(), object.size()), "variant"));
  if (!file)
    return file.takeError();
  for (const llvm::object::SymbolRef &symbol : (*file)->symbols()) {
    auto flags = symbol.getFlags();
    auto name = symbol.getName();
    if (!flags || !name)
      return flags ? name.takeError() : flags.takeError();
    if (name->empty() || (*flags & llvm::object::SymbolRef::SF_FormatSpecific))
      continue;
    llvm::StringRef plain = *name;
    if (platform.format == BinaryFormat::MachO)
      plain.consume_front("_");
    if (*flags & llvm::object::SymbolRef::SF_Undefined)
      out.undefined.insert(plain.str());
    else if (*flags & llvm::object::SymbolRef::SF_Global)
      out.defined.insert(plain.str());
  }
  return llvm::Error::success();
}

// The undefined names of `objects` that none of them defines.
llvm::Expected<std::set<std::string, std::less<>>>
missingSymbols(llvm::ArrayRef<std::vector<char>> objects, const Platform &platform,
               std::set<std::string, std::less<>> *definedOut = nullptr) {
  ObjectSymbols all;
  for (const std::vector<char> &object : objects)
    if (llvm::Error e = readSymbols(object, platform, all))
      return e;
  std::set<std::string, std::less<>> missing;
  for (const std::string &name : all.undefined)
    if (!all.defined.count(name))
      missing.insert(name);
  if (definedOut)
    *definedOut = std::move(all.defined);
  return missing;
}

// Links `names` (and what they need) out of the library into a fresh module
// compiled for `machine`. Names in `userDefined` keep only a declaration.
llvm::Expected<std::vector<char>> compileLibrary(const Platform &platform,
                                                 llvm::TargetMachine &machine,
                                                 const std::set<std::string, std::less<>> &names,
                                                 const std::set<std::string, std::less<>> &userDefined) {
  llvm::LLVMContext context;
  auto library = llvm::getLazyBitcodeModule(bitcode(platform), context);
  if (!library)
    return library.takeError();
  auto module = std::make_unique<llvm::Module>("pixie-libc", context);
  module->setTargetTriple(machine.getTargetTriple().str());
  module->setDataLayout(machine.createDataLayout());
  (*library)->setDataLayout(module->getDataLayout());
  for (const std::string &name : names)
    if (llvm::Function *f = (*library)->getFunction(name))
      module->getOrInsertFunction(name, f->getFunctionType());
    else if (llvm::GlobalVariable *g = (*library)->getNamedGlobal(name))
      module->getOrInsertGlobal(name, g->getValueType());
  if (llvm::Linker::linkModules(*module, std::move(*library), llvm::Linker::LinkOnlyNeeded))
    return llvm::createStringError("cannot link pixie's C library for %s", platform.name);
  for (llvm::Function &f : *module) {
    if (f.isDeclaration())
      continue;
    if (userDefined.count(f.getName())) {
      f.deleteBody();
      continue;
    }
    // The tier's TargetMachine decides, as for the kernel's own code.
    f.removeFnAttr("target-cpu");
    f.removeFnAttr("target-features");
    f.removeFnAttr("tune-cpu");
    if (!f.hasLocalLinkage())
      f.setVisibility(llvm::GlobalValue::HiddenVisibility);
  }
  for (llvm::GlobalVariable &g : module->globals())
    if (!g.isDeclaration() && !g.hasLocalLinkage())
      g.setVisibility(llvm::GlobalValue::HiddenVisibility);
  return emitObject(*module, machine);
}

// Adds the functions and variables `value` refers to, through constant
// expressions and global initialisers, to `out`.
void collectReferences(const llvm::Value *value, std::set<const llvm::GlobalValue *> &out,
                       std::set<const llvm::Value *> &seen) {
  if (!seen.insert(value).second)
    return;
  if (auto *gv = llvm::dyn_cast<llvm::GlobalValue>(value)) {
    out.insert(gv);
    if (auto *var = llvm::dyn_cast<llvm::GlobalVariable>(gv); var && var->hasInitializer())
      collectReferences(var->getInitializer(), out, seen);
    return;
  }
  if (auto *c = llvm::dyn_cast<llvm::Constant>(value))
    for (const llvm::Use &op : c->operands())
      collectReferences(op.get(), out, seen);
}

// The C library names the code generator may call for an intrinsic
// (llvm.exp.v4f64 -> exp), or for frem (fmod).
std::vector<std::string> libcallNames(llvm::StringRef op, llvm::Type *type) {
  static const std::map<llvm::StringRef, llvm::StringRef> kRenamed = {
      {"minnum", "fmin"}, {"maxnum", "fmax"}, {"frem", "fmod"}};
  if (auto it = kRenamed.find(op); it != kRenamed.end())
    op = it->second;
  llvm::Type *scalar = type->getScalarType();
  std::string suffix = scalar->isFloatTy() ? "f" : scalar->isDoubleTy() ? "" : "l";
  std::vector<std::string> names = {op.str() + suffix};
  if (op == "sin" || op == "cos") // LLVM may fold the pair into one call
    names.insert(names.end(), {"sincos" + suffix, "__sincos" + suffix + "_stret"});
  return names;
}

bool isQuad(const llvm::Type *type) { return type->getScalarType()->isFP128Ty(); }

} // namespace

void exactMinMax(llvm::Module &module) {
  std::vector<llvm::IntrinsicInst *> calls;
  for (llvm::Function &f : module)
    if (f.getIntrinsicID() == llvm::Intrinsic::minnum || f.getIntrinsicID() == llvm::Intrinsic::maxnum)
      for (llvm::User *user : f.users())
        if (auto *call = llvm::dyn_cast<llvm::IntrinsicInst>(user))
          if (!call->hasNoNaNs() && !call->hasNoSignedZeros())
            calls.push_back(call);
  for (llvm::IntrinsicInst *call : calls) {
    bool isMin = call->getIntrinsicID() == llvm::Intrinsic::minnum;
    llvm::IRBuilder<> b(call);
    llvm::Value *x = call->getArgOperand(0), *y = call->getArgOperand(1);
    llvm::Type *type = x->getType();
    llvm::Type *bits = type->isVectorTy()
                           ? static_cast<llvm::Type *>(llvm::VectorType::getInteger(llvm::cast<llvm::VectorType>(type)))
                           : llvm::Type::getIntNTy(call->getContext(), type->getScalarSizeInBits());
    // Equal operands differ at most in the sign of zero: OR keeps -0 for
    // min, AND keeps +0 for max.
    llvm::Value *xi = b.CreateBitCast(x, bits), *yi = b.CreateBitCast(y, bits);
    llvm::Value *equal = b.CreateBitCast(isMin ? b.CreateOr(xi, yi) : b.CreateAnd(xi, yi), type);
    llvm::Value *r = b.CreateSelect(b.CreateFCmpUNO(y, y), x, equal);
    r = b.CreateSelect(b.CreateFCmpUNO(x, x), y, r);
    r = b.CreateSelect(isMin ? b.CreateFCmpOLT(y, x) : b.CreateFCmpOGT(y, x), y, r);
    r = b.CreateSelect(isMin ? b.CreateFCmpOLT(x, y) : b.CreateFCmpOGT(x, y), x, r);
    call->replaceAllUsesWith(r);
    call->eraseFromParent();
  }
}

ReachMap reachFromExports(const llvm::Module &module, const std::vector<ExportSpec> &exports) {
  ReachMap reach;
  auto note = [&](llvm::StringRef symbol, const std::string &exportName) {
    auto &who = reach[symbol.str()];
    if (std::find(who.begin(), who.end(), exportName) == who.end())
      who.push_back(exportName);
  };
  for (const ExportSpec &spec : exports) {
    const llvm::Function *root = module.getFunction(spec.symbol);
    if (!root || root->isDeclaration())
      continue;
    std::set<const llvm::GlobalValue *> visited = {root};
    std::vector<const llvm::Function *> work = {root};
    while (!work.empty()) {
      const llvm::Function *f = work.back();
      work.pop_back();
      std::set<const llvm::GlobalValue *> refs;
      std::set<const llvm::Value *> seen;
      for (const llvm::Instruction &inst : llvm::instructions(*f)) {
        if (isQuad(inst.getType()) ||
            llvm::any_of(inst.operands(), [](const llvm::Use &u) { return isQuad(u->getType()); }))
          note(kQuadReachKey, spec.name);
        if (inst.getOpcode() == llvm::Instruction::FRem)
          for (const std::string &name : libcallNames("frem", inst.getType()))
            note(name, spec.name);
        if (auto *call = llvm::dyn_cast<llvm::CallBase>(&inst))
          if (const llvm::Function *callee = call->getCalledFunction();
              callee && callee->isIntrinsic()) {
            llvm::StringRef op = callee->getName().drop_front(5).split('.').first;
            llvm::Type *type = call->getType();
            if (!type->isFPOrFPVectorTy() && call->arg_size())
              type = call->getArgOperand(0)->getType();
            if (type->isFPOrFPVectorTy())
              for (const std::string &name : libcallNames(op, type))
                note(name, spec.name);
          }
        for (const llvm::Use &op : inst.operands())
          if (llvm::isa<llvm::Constant>(op.get()))
            collectReferences(op.get(), refs, seen);
      }
      for (const llvm::GlobalValue *gv : refs) {
        if (!visited.insert(gv).second || gv->getName().starts_with("llvm."))
          continue;
        if (gv->isDeclaration())
          note(gv->getName(), spec.name);
        else if (auto *callee = llvm::dyn_cast<llvm::Function>(gv))
          work.push_back(callee);
      }
    }
  }
  return reach;
}

llvm::ArrayRef<Import> platformImports(const Platform &platform) {
  switch (platform.format) {
  case BinaryFormat::Elf:
    return kElfImports;
  case BinaryFormat::MachO:
    return kMachOImports;
  case BinaryFormat::Coff:
    return kCoffImports;
  }
  return {};
}

llvm::Expected<std::vector<Import>> usedImports(const Platform &platform,
                                                llvm::ArrayRef<std::vector<char>> objects) {
  auto missing = missingSymbols(objects, platform);
  if (!missing)
    return missing.takeError();
  std::vector<Import> used;
  for (const Import &i : platformImports(platform))
    if (missing->count(i.symbol))
      used.push_back(i);
  return used;
}

std::string libcIncludeDir() {
  if (const char *env = std::getenv("PIXIE_LIBC_INCLUDE"))
    return env;
  return PIXIE_LIBC_INCLUDE_DIR;
}

std::vector<std::string> libcHeaders() {
  std::vector<std::string> headers;
  std::string root = libcIncludeDir();
  std::error_code ec;
  for (llvm::sys::fs::recursive_directory_iterator it(root, ec), end; it != end && !ec;
       it.increment(ec)) {
    if (it->type() == llvm::sys::fs::file_type::directory_file)
      continue;
    llvm::StringRef path = it->path();
    path.consume_front(root);
    path.consume_front("/");
    if (!path.starts_with("bits/")) // the headers' own internals
      headers.push_back(path.str());
  }
  std::sort(headers.begin(), headers.end());
  return headers;
}

const std::set<std::string, std::less<>> &libcSymbols(const Platform &platform) {
  static std::mutex mutex;
  static std::map<std::string, std::set<std::string, std::less<>>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto [it, fresh] = cache.try_emplace(platform.name);
  if (fresh) {
    llvm::LLVMContext context;
    auto library = llvm::getLazyBitcodeModule(bitcode(platform), context);
    if (!library) {
      llvm::consumeError(library.takeError());
      return it->second;
    }
    for (const llvm::GlobalValue &v : (*library)->global_values())
      if (!v.isDeclaration() && !v.hasLocalLinkage())
        it->second.insert(v.getName().str());
  }
  return it->second;
}

std::string describeUnresolved(const Unresolved &u) {
  std::string who;
  if (u.exports.empty())
    who = "the generated code calls " + u.symbol;
  else {
    who = u.exports.size() == 1 ? "export '" + u.exports[0] + "' calls " : "exports ";
    if (u.exports.size() > 1) {
      for (size_t i = 0; i < u.exports.size(); ++i)
        who += (i ? ", '" : "'") + u.exports[i] + "'";
      who += " call ";
    }
    who += u.symbol;
  }
  if (u.reason.empty())
    return who + ", which nothing defines (not the inputs, not pixie's C library)";
  return who + ", which kernels cannot call: " + u.reason;
}

void UnresolvedError::log(llvm::raw_ostream &out) const {
  for (size_t i = 0; i < list.size(); ++i)
    out << (i ? "\n" : "") << describeUnresolved(list[i]);
}

llvm::Expected<std::vector<char>> libraryObject(const Platform &platform,
                                                llvm::TargetMachine &machine,
                                                llvm::ArrayRef<std::vector<char>> objects,
                                                const ReachMap &reach) {
  const auto &library = libcSymbols(platform);
  std::set<std::string, std::less<>> userDefined;
  auto missing = missingSymbols(objects, platform, &userDefined);
  if (!missing)
    return missing.takeError();

  std::set<std::string, std::less<>> linked;
  std::vector<char> object;
  for (;;) {
    bool grew = false;
    for (const std::string &name : *missing)
      if (library.count(name) && linked.insert(name).second)
        grew = true;
    if (!grew)
      break;
    auto compiled = compileLibrary(platform, machine, linked, userDefined);
    if (!compiled)
      return compiled.takeError();
    object = std::move(*compiled);
    std::vector<std::vector<char>> all(objects.begin(), objects.end());
    all.push_back(object);
    missing = missingSymbols(all, platform);
    if (!missing)
      return missing.takeError();
  }

  std::vector<Unresolved> unresolved;
  for (const std::string &name : *missing) {
    if (isImport(platform, name))
      continue;
    Unresolved u{name, {}, refusalFor(name, platform)};
    auto it = reach.find(isQuadHelper(name) ? llvm::StringRef(kQuadReachKey) : llvm::StringRef(name));
    if (it != reach.end())
      u.exports = it->second;
    unresolved.push_back(std::move(u));
  }
  // The soft-float helpers of one long double computation, as one line.
  auto quad = std::stable_partition(unresolved.begin(), unresolved.end(),
                                    [](const Unresolved &u) { return !isQuadHelper(u.symbol); });
  if (quad != unresolved.end()) {
    std::vector<std::string> names;
    for (auto it = quad; it != unresolved.end(); ++it)
      names.push_back(it->symbol);
    quad->symbol = llvm::join(names, ", ");
    unresolved.erase(quad + 1, unresolved.end());
  }
  if (!unresolved.empty())
    return llvm::make_error<UnresolvedError>(std::move(unresolved));
  return object;
}

} // namespace pixie
