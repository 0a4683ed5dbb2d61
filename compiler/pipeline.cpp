// The optimisation pipeline.
//
// By default a variant runs LLVM's -O<n> module pipeline with the variant's
// own TargetMachine, so cost models, vector widths and the loop and SLP
// vectorisers see the tier's CPU: this is where tiers start to differ. The
// vectoriser also knows the vector libm's functions the tier can run, so a
// loop calling exp or sin vectorises (libc.cpp links them in afterwards).
// --passes replaces that pipeline with any new-PM pipeline text; it can extend
// it instead by naming it ("default<O3>,my-pass"). Pass plugins are loaded
// once and registered with every variant's PassBuilder, so their passes can be
// named in --passes or hook themselves into the default pipeline.
#include "pipeline.h"

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>

#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/MC/MCSubtargetInfo.h"
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

// The vector libm (libc/vmath) as the loop vectoriser sees it: which vector
// function computes VF lanes of a scalar libm function or intrinsic. Each
// vector ISA needs the CPU features its code was compiled for (the x86-64-v3
// and v4 feature sets, NEON), so a tier gets exactly the ISAs it can run.
struct VectorIsa {
  char letter;            // the Vector Function ABI's ISA letter
  const char *arch;       // "x86" or "arm"
  const char *features;   // what the tier's CPU must have
  unsigned doubles;       // lanes of double; float has twice as many
};

constexpr VectorIsa kVectorIsas[] = {
    {'b', "x86", "+sse2", 2},
    {'d', "x86", "+avx2,+fma,+bmi,+bmi2,+lzcnt,+movbe,+f16c", 4},
    {'e', "x86", "+avx512f,+avx512bw,+avx512cd,+avx512dq,+avx512vl,+avx2,+fma,+bmi,+bmi2", 8},
    {'n', "arm", "+neon", 2},
};

constexpr const char *kUnary[] = {"exp",  "exp2", "expm1", "log",  "log2", "log10", "log1p",
                                  "sin",  "cos",  "tan",   "tanh", "sinh", "cosh",  "atan",
                                  "asin", "acos", "erf",   "cbrt"};
constexpr const char *kBinary[] = {"pow", "atan2"};
// Functions clang turns into intrinsics under -fno-math-errno.
constexpr const char *kIntrinsics[] = {"exp", "exp2", "log", "log2", "log10", "sin", "cos",
                                       "tan", "pow",  "asin", "acos", "atan", "sinh", "cosh",
                                       "tanh", "atan2"};

const std::vector<llvm::VecDesc> &vectorFunctions(const VectorIsa &isa) {
  static std::mutex mutex;
  static std::deque<std::string> names; // VecDesc holds StringRefs
  static std::map<char, std::vector<llvm::VecDesc>> tables;
  std::lock_guard<std::mutex> lock(mutex);
  auto [it, fresh] = tables.try_emplace(isa.letter);
  if (!fresh)
    return it->second;
  auto keep = [&](std::string s) -> llvm::StringRef { return names.emplace_back(std::move(s)); };
  auto add = [&](const char *fn, bool binary) {
    const char *params = binary ? "vv" : "v";
    for (bool single : {false, true}) {
      unsigned lanes = single ? isa.doubles * 2 : isa.doubles;
      std::string scalar = std::string(fn) + (single ? "f" : "");
      std::string vector = std::string("_ZGV") + isa.letter + "N" + std::to_string(lanes) +
                           params + "_" + scalar;
      std::string prefix = "_ZGV_LLVM_N" + std::to_string(lanes) + params;
      auto vf = llvm::ElementCount::getFixed(lanes);
      llvm::StringRef vectorName = keep(vector), prefixName = keep(prefix);
      it->second.emplace_back(keep(scalar), vectorName, vf, false, prefixName);
      if (std::count(std::begin(kIntrinsics), std::end(kIntrinsics), llvm::StringRef(fn)))
        it->second.emplace_back(keep("llvm." + std::string(fn) + (single ? ".f32" : ".f64")),
                                vectorName, vf, false, prefixName);
    }
  };
  for (const char *fn : kUnary)
    add(fn, false);
  for (const char *fn : kBinary)
    add(fn, true);
  return it->second;
}

void addVectorFunctions(llvm::TargetLibraryInfoImpl &tlii, const llvm::TargetMachine &machine) {
  const llvm::Triple &triple = machine.getTargetTriple();
  const char *arch = triple.isX86() ? "x86" : triple.isAArch64() ? "arm" : "";
  const llvm::MCSubtargetInfo *sti = machine.getMCSubtargetInfo();
  for (const VectorIsa &isa : kVectorIsas)
    if (llvm::StringRef(isa.arch) == arch && sti->checkFeatures(isa.features))
      tlii.addVectorizableFunctions(vectorFunctions(isa));
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
  llvm::TargetLibraryInfoImpl tlii(machine.getTargetTriple());
  addVectorFunctions(tlii, machine);
  fam.registerPass([&] { return llvm::TargetLibraryAnalysis(tlii); });
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
