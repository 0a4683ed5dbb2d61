// A tiny LLVM pass plugin for the tests: adds 1 to every floating-point
// constant operand. Its effect is visible in any kernel's result, so a test
// can show the plugin ran in every variant's pipeline. It registers itself at
// the start of the default pipelines and as "add-one-fp" for --passes.
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"

namespace {

struct AddOneToFPConstants : llvm::PassInfoMixin<AddOneToFPConstants> {
  llvm::PreservedAnalyses run(llvm::Function &f, llvm::FunctionAnalysisManager &) {
    bool changed = false;
    for (llvm::Instruction &inst : llvm::instructions(f)) {
      for (unsigned i = 0; i < inst.getNumOperands(); ++i) {
        auto *c = llvm::dyn_cast<llvm::ConstantFP>(inst.getOperand(i));
        if (!c)
          continue;
        llvm::APFloat value = c->getValueAPF();
        value.add(llvm::APFloat(value.getSemantics(), 1), llvm::APFloat::rmNearestTiesToEven);
        inst.setOperand(i, llvm::ConstantFP::get(c->getType(), value));
        changed = true;
      }
    }
    return changed ? llvm::PreservedAnalyses::none() : llvm::PreservedAnalyses::all();
  }
};

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK llvm::PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "pixie-add-one", "1", [](llvm::PassBuilder &builder) {
            builder.registerPipelineStartEPCallback(
                [](llvm::ModulePassManager &mpm, llvm::OptimizationLevel) {
                  mpm.addPass(llvm::createModuleToFunctionPassAdaptor(AddOneToFPConstants()));
                });
            builder.registerPipelineParsingCallback(
                [](llvm::StringRef name, llvm::FunctionPassManager &fpm,
                   llvm::ArrayRef<llvm::PassBuilder::PipelineElement>) {
                  if (name != "add-one-fp")
                    return false;
                  fpm.addPass(AddOneToFPConstants());
                  return true;
                });
          }};
}
