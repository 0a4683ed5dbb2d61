#include "bitcode.h"

#include <sstream>

#include "pixie/targets.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"

namespace pixie::inspect {

namespace {

Expected<std::unique_ptr<llvm::Module>> parse(std::span<const uint8_t> bitcode, llvm::LLVMContext &ctx) {
  llvm::MemoryBufferRef buffer(llvm::StringRef(reinterpret_cast<const char *>(bitcode.data()), bitcode.size()),
                               "bitcode");
  auto module = llvm::parseBitcodeFile(buffer, ctx);
  if (!module)
    return Error(Errc::malformed, "the embedded bitcode does not parse: " + llvm::toString(module.takeError()));
  return std::move(*module);
}

Error noFunction(const std::string &symbol) {
  return Error(Errc::not_found, "the bitcode has no definition of '" + symbol + "'");
}

// The lines of `assembly` from the function's label to its end marker.
std::string sliceFunction(const std::string &assembly, const std::string &symbol) {
  std::istringstream in(assembly);
  std::string line, out;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside && (line == symbol + ":" || line == "_" + symbol + ":"))
      inside = true;
    if (!inside)
      continue;
    out += line + "\n";
    if (line.rfind(".Lfunc_end", 0) == 0 || line.find(".cfi_endproc") != std::string::npos ||
        line.find(".seh_endproc") != std::string::npos)
      break;
  }
  return out;
}

llvm::OptimizationLevel level(unsigned opt) {
  switch (opt) {
  case 0: return llvm::OptimizationLevel::O0;
  case 1: return llvm::OptimizationLevel::O1;
  case 2: return llvm::OptimizationLevel::O2;
  default: return llvm::OptimizationLevel::O3;
  }
}

} // namespace

Expected<std::string> functionIR(std::span<const uint8_t> bitcode, const std::string &symbol) {
  llvm::LLVMContext ctx;
  auto module = parse(bitcode, ctx);
  if (!module)
    return module.takeError();
  llvm::Function *f = (*module)->getFunction(symbol);
  if (!f || f->isDeclaration())
    return noFunction(symbol);
  std::string out;
  llvm::raw_string_ostream os(out);
  f->print(os);
  return out;
}

Expected<std::string> functionAsm(std::span<const uint8_t> bitcode, const Variant &variant, const std::string &symbol,
                                  unsigned opt_level) {
  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargets();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllAsmPrinters();
  llvm::LLVMContext ctx;
  auto parsed = parse(bitcode, ctx);
  if (!parsed)
    return parsed.takeError();
  llvm::Module &module = **parsed;
  if (!module.getFunction(symbol) || module.getFunction(symbol)->isDeclaration())
    return noFunction(symbol);

  std::string err;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(variant.triple, err);
  if (!target)
    return Error(Errc::unsupported_host, "no LLVM target for " + variant.triple + ": " + err);
  std::string features;
  for (const std::string &f : variant.features)
    features += (features.empty() ? "" : ",") + f;
  std::optional<llvm::Reloc::Model> reloc;
  if (variant.binary_format != "coff")
    reloc = llvm::Reloc::PIC_;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      variant.triple, variant.cpu, features, llvm::TargetOptions(), reloc, std::nullopt,
      opt_level == 0 ? llvm::CodeGenOptLevel::None : llvm::CodeGenOptLevel::Aggressive));
  if (!machine)
    return Error(Errc::unsupported_host, "no target machine for " + variant.triple + ", cpu " + variant.cpu);
  module.setTargetTriple(variant.triple);
  module.setDataLayout(machine->createDataLayout());

  // As pixie-build does: the tier's CPU decides, not what the front end stamped.
  const pixie::Platform *platform = findPlatform(variant.platform);
  const pixie::Tier *tier = platform ? findTier(*platform, variant.tier) : nullptr;
  for (llvm::Function &f : module) {
    if (f.isDeclaration())
      continue;
    f.addFnAttr("target-cpu", variant.cpu);
    f.addFnAttr("target-features", features);
    if (tier && tier->prefer_vector_width)
      f.addFnAttr("prefer-vector-width", std::to_string(tier->prefer_vector_width));
  }

  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder builder(machine.get());
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm = opt_level == 0 ? builder.buildO0DefaultPipeline(llvm::OptimizationLevel::O0)
                                               : builder.buildPerModuleDefaultPipeline(level(opt_level));
  mpm.run(module, mam);

  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream out(buffer);
  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, out, nullptr, llvm::CodeGenFileType::AssemblyFile))
    return Error(Errc::unsupported_host, variant.triple + " cannot emit assembly");
  passes.run(module);
  std::string text = sliceFunction(std::string(buffer.begin(), buffer.end()), symbol);
  if (text.empty())
    return Error(Errc::not_found, "'" + symbol + "' was optimised away or inlined into its callers");
  return "; " + symbol + " recompiled from the embedded bitcode for " + variant.platform + "/" + variant.tier +
         " (" + variant.triple + ", cpu " + variant.cpu + ", -O" + std::to_string(opt_level) +
         "); the shipped bytes are what --disasm shows\n" + text;
}

} // namespace pixie::inspect
