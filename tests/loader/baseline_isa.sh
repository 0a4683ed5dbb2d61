#!/bin/bash
# The code that decides which ISA is safe must itself be baseline x86-64: no
# VEX/EVEX-encoded instruction (every AVX-class mnemonic starts with "v") may
# appear in the loader library or the runtime. The v3 test kernel is the
# control: it must show some, or this check checks nothing.
#   baseline_isa.sh CONTROL.so BINARY...
set -eu
avx_count() { objdump -d --no-show-raw-insn "$1" | awk -F'\t' 'NF >= 2 { split($2, w, " "); if (w[1] ~ /^v/) n++ } END { print n + 0 }'; }
control=$1; shift
[ "$(avx_count "$control")" -gt 0 ] || { echo "FAIL: control $control shows no AVX instructions"; exit 1; }
for b in "$@"; do
  n=$(avx_count "$b")
  [ "$n" -eq 0 ] || { echo "FAIL: $b has $n AVX-class instructions"; exit 1; }
done
echo OK
