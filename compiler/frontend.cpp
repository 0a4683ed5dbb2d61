// The front end: sources -> one unoptimised module per platform.
//
// C and C++ go through clang once per platform triple, because the source
// means different things on each: `long` is 32-bit on Windows, struct layout
// and argument lowering follow each ABI, and #ifdefs see the target. Clang
// runs with -O3 -Xclang -disable-llvm-passes: the IR carries O3's attributes
// but no optimisation yet, so a variant (or a later JIT) can vectorise for its
// own CPU; bitcode optimised for SSE2 would stay 128-bit forever.
//
// The front-end flags make a variant self-contained:
//   -nostdlibinc -isystem pixie's C and C++ headers (libc/include) and clang's
//                         own (stdint.h, stddef.h, immintrin.h, ...): the same
//                         on every platform, no SDK needed, and declarations
//                         only of what pixie's C library provides or refuses
//                         with a clear message (libc.cpp);
//   -fno-math-errno       __builtin_sqrt and friends become instructions,
//                         not libm calls that set errno;
//   -fno-stack-protector  no __stack_chk_* imports;
//   -fno-exceptions (C++) no personality routine or unwinder imports.
//
// .ll and .bc inputs are parsed and retargeted: triple and data layout set to
// the platform's. Every input's functions lose target-cpu, target-features
// and tune-cpu, which would otherwise override the variant's TargetMachine.
// The linked module must need no load-time code (global constructors).
#include "frontend.h"

#include <algorithm>

#include "codegen.h"
#include "exports.h"
#include "libc.h"
#include "pixie/compiler.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/IRReader/IRReader.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace pixie {
namespace {

enum class InputKind { IR, C, Cxx };

llvm::Expected<InputKind> inputKind(llvm::StringRef path) {
  std::string ext = llvm::sys::path::extension(path).lower();
  if (ext == ".ll" || ext == ".bc")
    return InputKind::IR;
  if (ext == ".c")
    return InputKind::C;
  if (ext == ".cpp" || ext == ".cc" || ext == ".cxx")
    return InputKind::Cxx;
  return llvm::createStringError("%s: unknown input kind (expected .ll, .bc, .c, .cpp, .cc or .cxx)",
                                 path.str().c_str());
}

llvm::Expected<std::string> findClang() {
  if (const char *env = std::getenv("PIXIE_CLANG"))
    return std::string(env);
  llvm::SmallString<256> beside(PIXIE_CLANG_DIR);
  llvm::sys::path::append(beside, "clang");
  if (llvm::sys::fs::can_execute(beside))
    return std::string(beside);
  if (auto found = llvm::sys::findProgramByName("clang-19"))
    return *found;
  return llvm::createStringError("cannot find clang-19 (set PIXIE_CLANG to its path)");
}

// Removes its files when it goes out of scope.
struct TempFiles {
  ~TempFiles() {
    for (const std::string &p : paths)
      llvm::sys::fs::remove(p);
  }
  llvm::Expected<std::string> make(llvm::StringRef suffix) {
    llvm::SmallString<128> path;
    if (std::error_code ec = llvm::sys::fs::createTemporaryFile("pixie-clang", suffix, path))
      return llvm::createStringError(ec, "cannot create a temporary file: %s",
                                     ec.message().c_str());
    paths.push_back(std::string(path));
    return paths.back();
  }
  std::vector<std::string> paths;
};

// Returns clang's bitcode; its warnings, if any, are appended to `warnings`.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
runClang(const Platform &platform, const std::string &input, InputKind kind,
         const std::vector<std::string> &clang_args, std::string &warnings) {
  auto clang = findClang();
  if (!clang)
    return clang.takeError();
  TempFiles temps;
  auto output = temps.make("bc");
  if (!output)
    return output.takeError();
  auto messages = temps.make("txt");
  if (!messages)
    return messages.takeError();

  std::vector<std::string> args = {*clang, std::string("--target=") + platform.triple,
                                   "-O3", "-Xclang", "-disable-llvm-passes", "-emit-llvm", "-c",
                                   "-nostdlibinc", "-isystem", libcIncludeDir(),
                                   "-fno-math-errno", "-fno-stack-protector"};
  if (kind == InputKind::Cxx) {
    args.push_back("-fno-exceptions");
    args.push_back("-fno-rtti");
    // One language everywhere: clang's default for the MSVC target is C++14,
    // where `new` ignores an over-aligned type's alignment.
    if (std::none_of(clang_args.begin(), clang_args.end(),
                     [](const std::string &a) { return llvm::StringRef(a).starts_with("-std="); }))
      args.push_back("-std=gnu++17");
  }
  if (platform.format == BinaryFormat::Elf)
    args.push_back("-fPIC");
  // Debug information carries the declared C types (pointee types, sign)
  // that the export check compares with the signatures; it is stripped from
  // the module once checked.
  args.insert(args.end(), {"-g", "-gno-column-info"});
  args.insert(args.end(), clang_args.begin(), clang_args.end());
  args.insert(args.end(), {"-o", *output, "--", input}); // "--": an input may start with '-'

  std::vector<llvm::StringRef> argv(args.begin(), args.end());
  std::optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), llvm::StringRef(*messages),
                                                llvm::StringRef(*messages)};
  std::string err;
  int rc = llvm::sys::ExecuteAndWait(*clang, argv, std::nullopt, redirects, 0, 0, &err);
  std::string text;
  if (auto buf = llvm::MemoryBuffer::getFile(*messages))
    text = (*buf)->getBuffer().rtrim().str();
  if (rc == 0 && !text.empty())
    warnings += text + "\n";
  if (rc != 0) {
    if (text.empty())
      text = err.empty() ? "exit code " + std::to_string(rc) : err;
    if (llvm::StringRef(text).contains("' file not found"))
      text += "\nnote: kernels see only pixie's platform-neutral headers (and clang's own): " +
              llvm::join(libcHeaders(), " ");
    return llvm::createStringError("clang failed on %s:\n%s", input.c_str(), text.c_str());
  }
  auto bitcode = llvm::MemoryBuffer::getFile(*output, false, false);
  if (!bitcode)
    return llvm::createStringError(bitcode.getError(), "cannot read clang's output for %s",
                                   input.c_str());
  return std::move(*bitcode);
}

llvm::Expected<std::unique_ptr<llvm::Module>> loadInput(const Platform &platform,
                                                        const std::string &input,
                                                        const std::vector<std::string> &clang_args,
                                                        llvm::LLVMContext &context,
                                                        std::string &warnings) {
  auto kind = inputKind(input);
  if (!kind)
    return kind.takeError();
  std::unique_ptr<llvm::MemoryBuffer> buffer;
  if (*kind == InputKind::IR) {
    auto file = llvm::MemoryBuffer::getFile(input, false, false);
    if (!file)
      return llvm::createStringError(file.getError(), "cannot read %s: %s", input.c_str(),
                                     file.getError().message().c_str());
    buffer = std::move(*file);
  } else {
    if (!llvm::sys::fs::exists(input))
      return llvm::createStringError("cannot read %s: No such file or directory", input.c_str());
    auto compiled = runClang(platform, input, *kind, clang_args, warnings);
    if (!compiled)
      return compiled.takeError();
    buffer = std::move(*compiled);
  }

  llvm::SMDiagnostic diag;
  std::unique_ptr<llvm::Module> module = llvm::parseIR(buffer->getMemBufferRef(), diag, context);
  if (!module) {
    if (diag.getLineNo() > 0)
      return llvm::createStringError("%s:%d:%d: %s", input.c_str(), diag.getLineNo(),
                                     diag.getColumnNo() + 1, diag.getMessage().str().c_str());
    return llvm::createStringError("%s: %s", input.c_str(), diag.getMessage().str().c_str());
  }
  return module;
}

void retarget(llvm::Module &module, const Platform &platform, const llvm::DataLayout &layout) {
  module.setTargetTriple(platform.triple);
  module.setDataLayout(layout);
  for (llvm::Function &f : module) {
    f.removeFnAttr("target-cpu");
    f.removeFnAttr("target-features");
    f.removeFnAttr("tune-cpu");
  }
}

} // namespace

llvm::Expected<PlatformIR> buildPlatformBitcode(const Platform &platform,
                                                const std::vector<std::string> &inputs,
                                                const std::vector<std::string> &clang_args,
                                                const std::vector<ExportSpec> &exports) {
  PlatformIR result;
  auto machine = createTargetMachine(platform, platform.tiers.front(), 0);
  if (!machine)
    return machine.takeError();
  llvm::DataLayout layout = (*machine)->createDataLayout();

  // The linker reports through the context's diagnostic handler.
  llvm::LLVMContext context;
  std::string linkMessages;
  context.setDiagnosticHandlerCallBack(
      [](const llvm::DiagnosticInfo *info, void *sink) {
        if (info->getSeverity() != llvm::DS_Error)
          return;
        llvm::raw_string_ostream out(*static_cast<std::string *>(sink));
        llvm::DiagnosticPrinterRawOStream printer(out);
        info->print(printer);
      },
      &linkMessages);

  std::unique_ptr<llvm::Module> linked;
  for (const std::string &input : inputs) {
    auto module = loadInput(platform, input, clang_args, context, result.warnings);
    if (!module)
      return module.takeError();
    retarget(**module, platform, layout);
    if (!linked) {
      linked = std::move(*module);
      continue;
    }
    if (llvm::Linker::linkModules(*linked, std::move(*module)))
      return llvm::createStringError("linking %s: %s", input.c_str(), linkMessages.c_str());
  }
  if (!linked)
    return llvm::createStringError("no input files");

  std::string problems;
  llvm::raw_string_ostream problemStream(problems);
  if (llvm::verifyModule(*linked, &problemStream))
    return llvm::createStringError("the inputs do not form valid IR: %s",
                                   llvm::StringRef(problems).rtrim().str().c_str());
  // ELF and Mach-O loaders would run them, but a DLL built /noentry has no C
  // runtime to: refused everywhere, so a kernel behaves the same on all.
  for (const char *name : {"llvm.global_ctors", "llvm.global_dtors"})
    if (const llvm::GlobalVariable *list = linked->getNamedGlobal(name))
      if (!list->getValueType()->isArrayTy() || list->getValueType()->getArrayNumElements())
        return llvm::createStringError(
            "the inputs need code to run at load time (%s: C++ dynamic initialisation or "
            "destruction of globals), which variants do not run; initialise globals with "
            "constant expressions",
            name);
  if (llvm::Error e = checkExports(*linked, exports))
    return e;
  llvm::StripDebugInfo(*linked);

  llvm::raw_string_ostream out(result.bitcode);
  llvm::WriteBitcodeToFile(*linked, out);
  out.flush();
  return result;
}

} // namespace pixie
