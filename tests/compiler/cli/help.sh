# --help lists pixie-build's options and hides LLVM's own.
. "$(dirname "$0")/common.inc"
"$PIXIE_BUILD" --help > help.txt
for flag in -o --export= --manifest= --platform= --tier= -j --passes= --load-pass-plugin= --quiet; do
  grep -q -- " $flag" help.txt || fail "--help lacks $flag"
done
for llvm_flag in print-after-all x86-asm-syntax mattr debug-pass stats; do
  ! grep -q -- "$llvm_flag" help.txt || fail "--help shows LLVM's $llvm_flag"
done
"$PIXIE_BUILD" --version | grep -q '^pixie-build [0-9.]* (LLVM 19\.' || fail "--version"
