// The optimisation pipeline.
//
// By default a variant runs LLVM's -O<n> module pipeline with the variant's
// own TargetMachine, so cost models, vector widths and the loop and SLP
// vectorisers see the tier's CPU: this is where tiers start to differ.
// --passes replaces that pipeline with any new-PM pipeline text; it can extend
// it instead by naming it ("default<O3>,my-pass"). Pass plugins are loaded
// once and registered with every variant's PassBuilder, so their passes can be
// named in --passes or hook themselves into the default pipeline.
#include "pipeline.h"

#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Target/TargetMachine.h"

namespace pixie {
namespace {

llvm::OptimizationLevel optimizationLevel(unsigned level) {
  switch (level) {
  case 0:
    return llvm::OptimizationLevel::O0;
  case 1:
    return llvm::OptimizationLevel::O1;
  case 2:
    return llvm::OptimizationLevel::O2;
  default:
    return llvm::OptimizationLevel::O3;
  }
}

} // namespace

llvm::Expected<std::vector<llvm::PassPlugin>>
loadPassPlugins(const std::vector<std::string> &paths) {
  std::vector<llvm::PassPlugin> plugins;
  for (const std::string &path : paths) {
    auto plugin = llvm::PassPlugin::Load(path);
    if (!plugin)
      return llvm::createStringError("cannot load pass plugin: %s",
                                     llvm::toString(plugin.takeError()).c_str());
    plugins.push_back(std::move(*plugin));
  }
  return plugins;
}

llvm::Error checkPipelineText(llvm::StringRef passes,
                              const std::vector<llvm::PassPlugin> &plugins) {
  llvm::PassBuilder builder;
  for (const llvm::PassPlugin &plugin : plugins)
    plugin.registerPassBuilderCallbacks(builder);
  llvm::ModulePassManager mpm;
  if (llvm::Error e = builder.parsePassPipeline(mpm, passes))
    return llvm::createStringError("invalid --passes '%s': %s", passes.str().c_str(),
                                   llvm::toString(std::move(e)).c_str());
  return llvm::Error::success();
}

llvm::Error optimizeModule(llvm::Module &module, llvm::TargetMachine &machine, unsigned opt_level,
                           llvm::StringRef passes, const std::vector<llvm::PassPlugin> &plugins,
                           const Vectorizers &vectorizers) {
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = vectorizers.loop.value_or(opt_level >= 2);
  tuning.SLPVectorization = vectorizers.slp.value_or(opt_level >= 2);
  tuning.LoopUnrolling = opt_level >= 2;

  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder builder(&machine, tuning);
  for (const llvm::PassPlugin &plugin : plugins)
    plugin.registerPassBuilderCallbacks(builder);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);

  llvm::ModulePassManager mpm;
  if (!passes.empty()) {
    if (llvm::Error e = builder.parsePassPipeline(mpm, passes))
      return llvm::createStringError("invalid --passes '%s': %s", passes.str().c_str(),
                                     llvm::toString(std::move(e)).c_str());
  } else if (opt_level == 0) {
    mpm = builder.buildO0DefaultPipeline(llvm::OptimizationLevel::O0);
  } else {
    mpm = builder.buildPerModuleDefaultPipeline(optimizationLevel(opt_level));
  }
  mpm.run(module, mam);
  return llvm::Error::success();
}

} // namespace pixie
