// Per-variant code generation.
//
// A variant starts from its platform's unoptimised bitcode, parsed into a
// context of its own so variants build on separate threads. Before optimising:
//   1. everything but the exports is internalised, so the inliner and global
//      DCE may do as they please and only the exports are visible in the
//      shared library; the user's own definitions of C library functions are
//      only hidden, since the code generator may call them by name later
//      (llvm.exp becomes a call to exp) and they must win over pixie's;
//   2. the exports get default visibility (and dllexport on Windows), even if
//      the sources were compiled with -fvisibility=hidden;
//   3. the tier's vector-width preference becomes a function attribute, the
//      only way LLVM takes it.
// The CPU and features live in the TargetMachine alone: the front end removed
// the per-function copies, so nothing overrides the tier.
#include "codegen.h"

#include <mutex>
#include <set>

#include "libc.h"
#include "pipeline.h"
#include "pixie/compiler.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/IPO/Internalize.h"

namespace pixie {

void initializeTargets() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    llvm::InitializeAllAsmParsers(); // module asm (builtins.cpp)
  });
}

namespace {

llvm::CodeGenOptLevel codegenLevel(unsigned opt_level) {
  switch (opt_level) {
  case 0:
    return llvm::CodeGenOptLevel::None;
  case 1:
    return llvm::CodeGenOptLevel::Less;
  case 2:
    return llvm::CodeGenOptLevel::Default;
  default:
    return llvm::CodeGenOptLevel::Aggressive;
  }
}

} // namespace

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const Platform &platform, const Tier &tier, unsigned opt_level) {
  initializeTargets();
  std::string err;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(platform.triple, err);
  if (!target)
    return llvm::createStringError("%s: %s", platform.triple, err.c_str());
  // Shared libraries on ELF must be position independent; Mach-O arm64 always
  // is; COFF's default (RIP-relative, base relocations) is what a DLL wants.
  std::optional<llvm::Reloc::Model> reloc;
  if (platform.format != BinaryFormat::Coff)
    reloc = llvm::Reloc::PIC_;
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      platform.triple, tier.cpu, tier.features, options, reloc, std::nullopt,
      codegenLevel(opt_level)));
  if (!machine)
    return llvm::createStringError("cannot create a target machine for %s, cpu %s",
                                   platform.triple, tier.cpu);
  return machine;
}

llvm::Expected<std::vector<char>> emitObject(llvm::Module &module, llvm::TargetMachine &machine) {
  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream out(buffer);
  llvm::legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, out, nullptr, llvm::CodeGenFileType::ObjectFile))
    return llvm::createStringError("%s cannot emit object files",
                                   machine.getTargetTriple().str().c_str());
  passes.run(module);
  return std::vector<char>(buffer.begin(), buffer.end());
}

llvm::Expected<std::vector<std::vector<char>>>
compileVariant(llvm::StringRef bitcode, const Platform &platform, const Tier &tier,
               const std::vector<ExportSpec> &exports, const CodegenOptions &options,
               llvm::ArrayRef<char> builtins) {
  llvm::LLVMContext context;
  auto parsed = llvm::parseBitcodeFile(llvm::MemoryBufferRef(bitcode, platform.name), context);
  if (!parsed)
    return parsed.takeError();
  llvm::Module &module = **parsed;

  auto machine = createTargetMachine(platform, tier, options.opt_level);
  if (!machine)
    return machine.takeError();

  exactMinMax(module);
  std::set<std::string, std::less<>> exported;
  for (const ExportSpec &e : exports)
    exported.insert(e.symbol);
  const auto &library = libcSymbols(platform);
  llvm::internalizeModule(module, [&](const llvm::GlobalValue &gv) {
    if (exported.count(gv.getName()))
      return true;
    return llvm::isa<llvm::Function>(gv) && library.count(gv.getName()) != 0;
  });

  for (llvm::Function &f : module) {
    if (f.isDeclaration())
      continue;
    if (tier.prefer_vector_width)
      f.addFnAttr("prefer-vector-width", std::to_string(tier.prefer_vector_width));
    if (exported.count(f.getName())) {
      f.setVisibility(llvm::GlobalValue::DefaultVisibility);
      if (platform.format == BinaryFormat::Coff)
        f.setDLLStorageClass(llvm::GlobalValue::DLLExportStorageClass);
    } else if (!f.hasLocalLinkage()) {
      f.setVisibility(llvm::GlobalValue::HiddenVisibility);
      f.setDLLStorageClass(llvm::GlobalValue::DefaultStorageClass);
    }
  }

  static const std::vector<llvm::PassPlugin> kNoPlugins;
  if (llvm::Error e = optimizeModule(module, **machine, options.opt_level, options.passes,
                                     options.plugins ? *options.plugins : kNoPlugins, options.vectorizers))
    return e;
  ReachMap reach = reachFromExports(module, exports);
  auto object = emitObject(module, **machine);
  if (!object)
    return object.takeError();
  std::vector<char> builtinsCopy(builtins.begin(), builtins.end());
  auto library_object = libraryObject(platform, **machine, {*object, builtinsCopy}, reach);
  if (!library_object)
    return library_object.takeError();
  std::vector<std::vector<char>> objects = {std::move(*object)};
  if (!library_object->empty())
    objects.push_back(std::move(*library_object));
  return objects;
}

} // namespace pixie
