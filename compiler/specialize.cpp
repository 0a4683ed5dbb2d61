// Specialising a fat binary for one host (pixie/specialize.h).
//
//   1. pick the bitcode: the host platform's own, else one with the same data
//      model (LP64 everywhere but win-64's LLP64), retargeted;
//   2. when retargeting, refuse what does not carry over: target-specific
//      intrinsics, inline assembly, varargs definitions, x86_fp80/fp128/ppc
//      long doubles; then re-check the exports against the retargeted module;
//   3. describe the host as a tier: its CPU (when LLVM knows the name, for
//      scheduling and tuning) and every detectable feature forced on or off;
//   4. compile and link it like any variant.
#include "pixie/specialize.h"

#include <chrono>
#include <memory>

#include "builtins.h"
#include "codegen.h"
#include "exports.h"
#include "link.h"
#include "pixie/compiler.h"
#include "pixie/targets.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

namespace pixie {
namespace {

bool isLLP64(std::string_view platform) { return platform == "win-64"; }

llvm::Error toLlvm(const Error &e) { return llvm::createStringError(e.message()); }

// What makes a module unsafe to move to another architecture.
llvm::Error checkRetargetable(const llvm::Module &m, llvm::StringRef from) {
  auto refuse = [&](const llvm::Function &f, const std::string &why) {
    return llvm::createStringError("cannot retarget %s bitcode: function '%s' %s", from.str().c_str(),
                                   f.getName().str().c_str(), why.c_str());
  };
  for (const llvm::Function &f : m) {
    if (f.isTargetIntrinsic())
      return llvm::createStringError("cannot retarget %s bitcode: it uses the target-specific intrinsic %s",
                                     from.str().c_str(), f.getName().str().c_str());
    if (f.isDeclaration())
      continue;
    if (f.isVarArg())
      return refuse(f, "takes variable arguments, whose ABI differs between targets");
    for (const llvm::Argument &a : f.args()) {
      llvm::Type *t = a.getType();
      if (t->isX86_FP80Ty() || t->isFP128Ty() || t->isPPC_FP128Ty())
        return refuse(f, "passes a long double, whose format differs between targets");
      if (a.hasByValAttr() || a.hasStructRetAttr() || t->isStructTy() || t->isArrayTy() || t->isVectorTy())
        return refuse(f, "passes an aggregate or vector by value, which each target lowers differently");
    }
    for (const llvm::BasicBlock &bb : f)
      for (const llvm::Instruction &i : bb)
        if (const auto *call = llvm::dyn_cast<llvm::CallBase>(&i); call && call->isInlineAsm())
          return refuse(f, "contains inline assembly");
  }
  return llvm::Error::success();
}

llvm::Expected<std::string> retarget(const std::string &bitcode, const BitcodeEntry &from, const Platform &to,
                                     const Tier &baseline, const std::vector<ExportSpec> &exports) {
  llvm::LLVMContext context;
  auto parsed = llvm::parseBitcodeFile(llvm::MemoryBufferRef(bitcode, from.platform), context);
  if (!parsed)
    return parsed.takeError();
  llvm::Module &m = **parsed;
  if (llvm::Error e = checkRetargetable(m, from.platform))
    return e;
  auto machine = createTargetMachine(to, baseline, 0);
  if (!machine)
    return machine.takeError();
  m.setTargetTriple(to.triple);
  m.setDataLayout((*machine)->createDataLayout());
  if (llvm::Error e = checkExports(m, exports))
    return e;
  std::string out;
  llvm::raw_string_ostream os(out);
  llvm::WriteBitcodeToFile(m, os);
  os.flush();
  return out;
}

} // namespace

bool isKnownCpu(const std::string &platform, const std::string &cpu) {
  const Platform *found = findPlatform(platform);
  if (!found)
    return false;
  const Platform &p = *found;
  initializeTargets();
  std::string err;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(p.triple, err);
  if (!target)
    return false;
  std::unique_ptr<llvm::MCSubtargetInfo> sti(target->createMCSubtargetInfo(p.triple, "", ""));
  return sti && sti->isCPUStringValid(cpu);
}

llvm::Expected<SpecializedVariant> specializeForHost(const FatBinaryReader &file, const HostTarget &host,
                                                     unsigned opt_level) {
  auto start = std::chrono::steady_clock::now();
  const Platform *platform = findPlatform(host.platform);
  if (!platform)
    return llvm::createStringError("pixie cannot compile for this host's platform ('%s')", host.platform.c_str());
  const Metadata &meta = file.metadata();

  // 1. The bitcode.
  const BitcodeEntry *source = nullptr;
  size_t sourceIndex = 0;
  for (size_t i = 0; i < meta.bitcode.size() && !source; ++i)
    if (meta.bitcode[i].platform == host.platform)
      source = &meta.bitcode[sourceIndex = i];
  for (size_t i = 0; i < meta.bitcode.size() && !source; ++i)
    if (isLLP64(meta.bitcode[i].platform) == isLLP64(host.platform) && findPlatform(meta.bitcode[i].platform))
      source = &meta.bitcode[sourceIndex = i];
  if (!source) {
    std::string has;
    for (const BitcodeEntry &b : meta.bitcode)
      has += (has.empty() ? "" : ", ") + b.platform;
    return llvm::createStringError("'%s' has no bitcode that can be compiled for %s (it has: %s)",
                                   meta.library.c_str(), host.platform.c_str(), has.empty() ? "none" : has.c_str());
  }
  auto raw = file.readBitcode(sourceIndex);
  if (!raw)
    return toLlvm(raw.error());
  std::string bitcode(raw->begin(), raw->end());

  std::vector<ExportSpec> exports;
  for (const Export &e : meta.exports)
    for (const Overload &o : e.overloads)
      exports.push_back({e.name, o.symbol, o.signature, o.user_metadata, e.doc});

  // 2. Retarget when the bitcode is another platform's.
  const Tier &baseline = platform->tiers.front();
  if (source->platform != host.platform) {
    auto moved = retarget(bitcode, *source, *platform, baseline, exports);
    if (!moved)
      return moved.takeError();
    bitcode = std::move(*moved);
  }

  // 3. The host as a tier.
  std::string cpu = isKnownCpu(host.platform, host.cpu) ? host.cpu : baseline.cpu;
  std::string features;
  for (const char *name : platform->detectable) {
    bool has = std::find(host.features.begin(), host.features.end(), name) != host.features.end();
    features += (features.empty() ? "" : ",") + std::string(has ? "+" : "-") + name;
  }
  std::string tierName = "host-" + (host.cpu.empty() ? std::string("unknown") : host.cpu);
  unsigned rank = 0;
  for (const Variant &v : meta.variants)
    if (v.platform == host.platform && !v.specialized)
      rank = std::max(rank, v.rank + 1);
  Tier tier{tierName.c_str(), rank, cpu.c_str(), features.c_str(), 0};

  // 4. Compile and link.
  CodegenOptions codegen;
  codegen.opt_level = opt_level;
  auto builtins = builtinsObject(*platform);
  if (!builtins)
    return builtins.takeError();
  auto objects = compileVariant(bitcode, *platform, tier, exports, codegen, *builtins);
  if (!objects)
    return objects.takeError();
  objects->push_back(std::move(*builtins));
  auto image = linkSharedLibrary(*platform, meta.library, *objects);
  if (!image)
    return image.takeError();

  SpecializedVariant out;
  Variant &v = out.variant;
  v.platform = platform->name;
  v.triple = platform->triple;
  v.tier = tierName;
  v.rank = rank;
  v.cpu = cpu;
  for (llvm::StringRef f : llvm::split(features, ','))
    v.features.push_back(f.str());
  v.required = host.features;
  std::sort(v.required.begin(), v.required.end());
  v.binary_format = binaryFormatName(platform->format);
  v.specialized = true;
  out.image = std::move(*image);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  char account[256];
  // Read after "compiled (" in the loader's explanation and pixie-build's line.
  std::snprintf(account, sizeof account, "from %s bitcode%s, cpu %s, -O%u, %.1f ms",
                source->platform.c_str(), source->platform != host.platform ? " (retargeted)" : "", cpu.c_str(),
                opt_level, ms);
  out.account = account;
  return out;
}

llvm::Expected<std::vector<uint8_t>> addSpecializedVariant(const FatBinaryReader &file, const SpecializedVariant &v) {
  const Metadata &meta = file.metadata();
  FatBinaryContents contents;
  contents.meta = meta;
  contents.meta.variants.clear();
  for (size_t i = 0; i < meta.variants.size(); ++i) {
    if (meta.variants[i].specialized && meta.variants[i].platform == v.variant.platform)
      continue;
    auto image = file.readVariant(i);
    if (!image)
      return toLlvm(image.error());
    contents.meta.variants.push_back(meta.variants[i]);
    contents.variant_images.push_back(std::move(*image));
  }
  contents.meta.variants.push_back(v.variant);
  contents.variant_images.push_back(v.image);
  for (size_t i = 0; i < meta.bitcode.size(); ++i) {
    auto bc = file.readBitcode(i);
    if (!bc)
      return toLlvm(bc.error());
    contents.bitcode_images.push_back(std::move(*bc));
  }
  auto bytes = writeFatBinary(contents);
  if (!bytes)
    return toLlvm(bytes.error());
  return std::move(*bytes);
}

llvm::Expected<SpecializedVariant> specializeFile(const std::string &in, const std::string &out,
                                                  const HostTarget &host, unsigned opt_level) {
  auto source = FileSource::open(in);
  if (!source)
    return toLlvm(source.error());
  auto file = FatBinaryReader::open((*source)->bytes(), source->get());
  if (!file)
    return llvm::createStringError("%s: %s", in.c_str(), file.error().message().c_str());
  auto variant = specializeForHost(*file, host, opt_level);
  if (!variant)
    return llvm::createStringError("%s: %s", in.c_str(), llvm::toString(variant.takeError()).c_str());
  auto copy = addSpecializedVariant(*file, *variant);
  if (!copy)
    return copy.takeError();
  if (Error e = writeFileAtomic(out, *copy))
    return toLlvm(e);
  return variant;
}

} // namespace pixie
