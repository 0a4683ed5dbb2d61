// The freestanding builtins object.
//
// Code generators emit calls the source never wrote: memcpy/memmove/memset for
// struct copies and idiom-recognised loops, bzero and memset_patternN on
// Darwin, a reference to _fltused whenever an MSVC object uses floating point,
// and __chkstk for Windows frames over 4 KiB. A variant must import nothing
// (it is loaded from memory, on systems whose C library we do not know), so
// every variant is linked with these definitions, hidden so they are never
// exported. They are written in target-neutral IR (all our targets are
// 64-bit) and compiled per platform at O2 under "no-builtins", which stops
// LLVM from turning the loops back into calls to themselves.
#include "builtins.h"

#include "codegen.h"
#include "pipeline.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SourceMgr.h"

namespace pixie {
namespace {

constexpr const char kCommonIR[] = R"IR(
define hidden ptr @memcpy(ptr noalias %d, ptr noalias %s, i64 %n) #0 {
entry:
  %z = icmp eq i64 %n, 0
  br i1 %z, label %done, label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %loop ]
  %sp = getelementptr inbounds i8, ptr %s, i64 %i
  %b = load i8, ptr %sp
  %dp = getelementptr inbounds i8, ptr %d, i64 %i
  store i8 %b, ptr %dp
  %i1 = add nuw i64 %i, 1
  %more = icmp ult i64 %i1, %n
  br i1 %more, label %loop, label %done
done:
  ret ptr %d
}

; Copies forward when the destination is below the source, else backward, so
; overlapping ranges are moved as if through a temporary.
define hidden ptr @memmove(ptr %d, ptr %s, i64 %n) #0 {
entry:
  %z = icmp eq i64 %n, 0
  br i1 %z, label %done, label %dir
dir:
  %di = ptrtoint ptr %d to i64
  %si = ptrtoint ptr %s to i64
  %fwd = icmp ult i64 %di, %si
  br i1 %fwd, label %forward, label %backward
forward:
  %i = phi i64 [ 0, %dir ], [ %i1, %forward ]
  %sp = getelementptr inbounds i8, ptr %s, i64 %i
  %b = load i8, ptr %sp
  %dp = getelementptr inbounds i8, ptr %d, i64 %i
  store i8 %b, ptr %dp
  %i1 = add nuw i64 %i, 1
  %more = icmp ult i64 %i1, %n
  br i1 %more, label %forward, label %done
backward:
  %j = phi i64 [ %n, %dir ], [ %j1, %backward ]
  %j1 = sub nuw i64 %j, 1
  %sq = getelementptr inbounds i8, ptr %s, i64 %j1
  %c = load i8, ptr %sq
  %dq = getelementptr inbounds i8, ptr %d, i64 %j1
  store i8 %c, ptr %dq
  %left = icmp ne i64 %j1, 0
  br i1 %left, label %backward, label %done
done:
  ret ptr %d
}

define hidden ptr @memset(ptr %d, i32 %v, i64 %n) #0 {
entry:
  %byte = trunc i32 %v to i8
  %z = icmp eq i64 %n, 0
  br i1 %z, label %done, label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %loop ]
  %dp = getelementptr inbounds i8, ptr %d, i64 %i
  store i8 %byte, ptr %dp
  %i1 = add nuw i64 %i, 1
  %more = icmp ult i64 %i1, %n
  br i1 %more, label %loop, label %done
done:
  ret ptr %d
}

attributes #0 = { nounwind "no-builtins" }
)IR";

// LoopIdiomRecognize targets these on Darwin (libSystem has them).
constexpr const char kDarwinIR[] = R"IR(
define hidden void @bzero(ptr %d, i64 %n) #0 {
  %r = call ptr @memset(ptr %d, i32 0, i64 %n)
  ret void
}

define internal void @fill(ptr %d, ptr %pattern, i64 %size, i64 %n) #0 {
entry:
  %z = icmp eq i64 %n, 0
  br i1 %z, label %done, label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %loop ]
  %k = urem i64 %i, %size
  %pp = getelementptr inbounds i8, ptr %pattern, i64 %k
  %b = load i8, ptr %pp
  %dp = getelementptr inbounds i8, ptr %d, i64 %i
  store i8 %b, ptr %dp
  %i1 = add nuw i64 %i, 1
  %more = icmp ult i64 %i1, %n
  br i1 %more, label %loop, label %done
done:
  ret void
}

define hidden void @memset_pattern4(ptr %d, ptr %p, i64 %n) #0 {
  call void @fill(ptr %d, ptr %p, i64 4, i64 %n)
  ret void
}

define hidden void @memset_pattern8(ptr %d, ptr %p, i64 %n) #0 {
  call void @fill(ptr %d, ptr %p, i64 8, i64 %n)
  ret void
}

define hidden void @memset_pattern16(ptr %d, ptr %p, i64 %n) #0 {
  call void @fill(ptr %d, ptr %p, i64 16, i64 %n)
  ret void
}
)IR";

// __chkstk probes each page of a frame of %rax bytes below the caller's stack
// pointer, in order, so the guard page grows the stack; it moves nothing
// (the same contract as MSVC's and compiler-rt's ___chkstk_ms).
constexpr const char kWindowsIR[] = R"IR(
@_fltused = hidden global i32 0

module asm ".text"
module asm ".globl __chkstk"
module asm "__chkstk:"
module asm "  pushq %rcx"
module asm "  pushq %rax"
module asm "  cmpq $0x1000, %rax"
module asm "  leaq 24(%rsp), %rcx"
module asm "  jb 1f"
module asm "2:"
module asm "  subq $0x1000, %rcx"
module asm "  testq %rcx, (%rcx)"
module asm "  subq $0x1000, %rax"
module asm "  cmpq $0x1000, %rax"
module asm "  ja 2b"
module asm "1:"
module asm "  subq %rax, %rcx"
module asm "  testq %rcx, (%rcx)"
module asm "  popq %rax"
module asm "  popq %rcx"
module asm "  retq"
)IR";

} // namespace

llvm::Expected<std::vector<char>> builtinsObject(const Platform &platform) {
  auto machine = createTargetMachine(platform, platform.tiers.front(), 2);
  if (!machine)
    return machine.takeError();

  std::string text = kCommonIR;
  if (platform.format == BinaryFormat::MachO)
    text += kDarwinIR;
  if (platform.format == BinaryFormat::Coff)
    text += kWindowsIR;

  llvm::LLVMContext context;
  llvm::SMDiagnostic diag;
  std::unique_ptr<llvm::Module> module = llvm::parseAssemblyString(text, diag, context);
  if (!module)
    return llvm::createStringError("builtins IR, line %d: %s", diag.getLineNo(),
                                   diag.getMessage().str().c_str());
  module->setTargetTriple(platform.triple);
  module->setDataLayout((*machine)->createDataLayout());
  if (llvm::Error e = optimizeModule(*module, **machine, 2, "", {}))
    return e;
  return emitObject(*module, **machine);
}

} // namespace pixie
