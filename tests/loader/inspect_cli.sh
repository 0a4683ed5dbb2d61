#!/bin/bash
# pixie-inspect, tested the mold way: run the tool, grep its output, compare
# bytes. Needs: PIXIE_INSPECT, FIXTURE (hand-packed), FIXTURE_DIR (the .so
# files it was packed from), EXAMPLES (pixie-build output).
set -eu  # no pipefail: `grep -q` may close a pipe early
fail() { echo "FAIL: $*" >&2; exit 1; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
I=$PIXIE_INSPECT

# Listing: every variant, with its requirements; every overload.
$I "$FIXTURE" > $t/list
grep -q "^$FIXTURE: library 'kernels', uuid [0-9a-f-]\{36\}, format 1.0, " $t/list || fail "header"
for tier in x86-64 x86-64-v2 x86-64-v3 x86-64-v4; do
  grep -q "^  linux-64 *$tier  " $t/list || fail "variant $tier missing"
done
grep -q "^  dot *f64(const f64\*, const f64\*, i64) *symbol dot_f64$" $t/list || fail "dot f64 overload"
grep -q "^ *f32(const f32\*, const f32\*, i64) *symbol dot_f32$" $t/list || fail "dot f32 overload"
grep -q "requires: neon fp-armv8$" $t/list || fail "aarch64 requirements"

# Array signatures: columns as wide as their entries (a long name on a line
# of its own, a long signature ending its column), each C ABI below its
# signature; --json carries the lowered signature and the extents' parameters.
ARRAYS=$FIXTURE_DIR/arrays.pixie
$I "$ARRAYS" | sed -n '/^exports:$/,/^$/p' > $t/exports
diff -u - $t/exports <<'EOF' || fail "array listing"
exports:
  calls            i64()                                                    symbol calls
  a_long_export_name_that_would_run_into_its_signature
                   i64()                                                    symbol calls
  matmul           void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c)  symbol matmul_f32
                     C ABI: void(const f32* a, const f32* b, f32* c, i64 m, i64 k, i64 n)
  axpy             void(i64 n, f64 alpha, const f64[n] x, f64[n] y)         symbol axpy_f64
                     C ABI: void(i64 n, f64 alpha, const f64* x, f64* y)
  stencil3d        void(const f64[n, n, n] a, f64[n, n, n] b)               symbol stencil3d
                     C ABI: void(const f64* a, f64* b, i64 n)
  mv3              f64(const f64[3, 3] w, const f64[3] v, f64[3] out)       symbol mv3
                     C ABI: f64(const f64* w, const f64* v, f64* out)
  sum_u8n          i32(u8 n, const i32[n] x)                                symbol sum_u8n
                     C ABI: i32(u8 n, const i32* x)
  scaled_sum       f32(const f32[n] x, f32 scale)                           symbol scaled_sum
                     C ABI: f32(const f32* x, f32 scale, i64 n)
  pair_sums        void(const i16[r, 2], i64[r] out, const f64* unused)     symbol pair_sums
                     C ABI: void(const i16*, i64* out, const f64* unused, i64 r)
  pair_sums_named  void(const i16[rows, 2] pairs_of_values, i64[rows] sums_of_pairs, const f64* unused)  symbol pair_sums
                     C ABI: void(const i16* pairs_of_values, i64* sums_of_pairs, const f64* unused, i64 rows)

EOF
$I "$ARRAYS" | grep -q "^$ARRAYS: library 'arrays', uuid [0-9a-f-]\{36\}, format 1.1, " || fail "arrays: format 1.1"
$I --json "$ARRAYS" | python3 -c "
import json, sys
d = json.load(sys.stdin)
o = {e['name']: e['overloads'][0] for e in d['exports']}
assert o['matmul']['signature'] == 'void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c)', o['matmul']
assert o['matmul']['c_abi'] == {'signature': 'void(const f32* a, const f32* b, f32* c, i64 m, i64 k, i64 n)',
    'extents': [{'name': 'm', 'parameter': 3, 'appended': True}, {'name': 'k', 'parameter': 4, 'appended': True},
                {'name': 'n', 'parameter': 5, 'appended': True}]}, o['matmul']
assert o['axpy']['c_abi']['extents'] == [{'name': 'n', 'parameter': 0, 'appended': False}], o['axpy']
assert o['mv3']['c_abi'] == {'signature': 'f64(const f64* w, const f64* v, f64* out)', 'extents': []}, o['mv3']
assert 'c_abi' not in o['calls'], o['calls']
" || fail "arrays --json"

# --extract gives back exactly the library that was packed.
$I --extract linux-64/x86-64-v3 -o $t/v3.so "$FIXTURE" > /dev/null
cmp $t/v3.so "$FIXTURE_DIR/kernels_x86-64-v3.so" || fail "extracted bytes differ"
$I --extract linux-aarch64/armv8-a -o $t/a64.so "$FIXTURE" > /dev/null
cmp $t/a64.so "$FIXTURE_DIR/kernels_armv8-a.so" || fail "extracted aarch64 bytes differ"
if $I --extract linux-64/x86-64-v9 -o $t/x "$FIXTURE" 2> $t/err; then fail "unknown variant accepted"; fi
grep -q "^pixie-inspect: error: no variant linux-64/x86-64-v9; the file has: linux-64/x86-64, linux-64/x86-64-v2," $t/err \
  || fail "unknown variant message: $(cat $t/err)"

# --explain tells the truth: the expected tier is derived here from the
# kernel's own flags, independently of pixie's detector.
flags=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
has() { for f in "$@"; do [[ "$flags" == *" $f "* ]] || return 1; done; }
expect=x86-64
has pni ssse3 sse4_1 sse4_2 popcnt cx16 lahf_lm && expect=x86-64-v2
[ $expect = x86-64-v2 ] && has avx avx2 bmi1 bmi2 f16c fma abm movbe xsave && expect=x86-64-v3
[ $expect = x86-64-v3 ] && has avx512f avx512bw avx512cd avx512dq avx512vl && expect=x86-64-v4
$I --explain "$FIXTURE" > $t/explain
grep -q "^  \* linux-64/$expect (rank [0-9]): runnable$" $t/explain || fail "explain chose other than $expect: $(cat $t/explain)"
grep -q "^decision: $expect (rank [0-9]) is the highest-ranked linux-64 variant" $t/explain || fail "decision line"
PIXIE_USE_ISA=x86-64 $I --explain "$FIXTURE" | grep -q "^  \* linux-64/x86-64 (rank 0): runnable$" || fail "forced tier"
if PIXIE_USE_ISA=bogus $I --explain "$FIXTURE" > /dev/null 2> $t/err; then fail "bogus tier accepted"; fi
grep -q "^pixie-inspect: error: PIXIE_USE_ISA=bogus: 'kernels' has no such tier for linux-64" $t/err || fail "bogus tier message"
$I --explain --json "$FIXTURE" | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['host']['platform'] == 'linux-64', d['host']
assert d['variants'][d['chosen']]['tier'] == '$expect', d['chosen']
" || fail "explain --json"

# --host: what the loader sees, the same facts as the kernel's flags.
$I --host > $t/host
grep -q "^platform: linux-64 (linux/x86_64)$" $t/host || fail "--host platform"
has avx2 && { grep -q "^features:.* avx2" $t/host || fail "--host lacks avx2"; }
has avx2 || { if grep -q " avx2" $t/host; then fail "--host claims avx2"; fi; }
$I --host --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['platform'] == 'linux-64' and 'sse2' in d['features'], d
" || fail "--host --json"

# --json listing parses and is complete.
$I --json "$EXAMPLES" | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert len(d['variants']) == 16, len(d['variants'])
assert {e['name'] for e in d['exports']} == {'primes', 'fused', 'saxpy', 'dot', 'norm'}
assert all(v['section']['raw_size'] > 0 for v in d['variants'])
" || fail "listing --json"

# --disasm decodes the shipped bytes: 512-bit code in v4, 256-bit in v3, SVE
# on neoverse-v1, and every binary format.
$I --disasm saxpy_f32 --variant linux-64/x86-64-v4 "$EXAMPLES" | grep -q zmm || fail "no zmm in v4"
$I --disasm saxpy_f32 --variant linux-64/x86-64-v3 "$EXAMPLES" > $t/v3.s
grep -q ymm $t/v3.s || fail "no ymm in v3"
if grep -q zmm $t/v3.s; then fail "zmm in v3"; fi
$I --disasm saxpy_f32 --variant linux-aarch64/neoverse-v1 "$EXAMPLES" | grep -qE "whilelo|ld1w" || fail "no SVE in neoverse-v1"
$I --disasm dot --variant osx-arm64/apple-m1 "$EXAMPLES" | grep -q "^dot_f64 in osx-arm64/apple-m1 (arm64-apple-macosx11.0" || fail "macho"
$I --disasm dot --variant win-64/x86-64-v3 "$EXAMPLES" | grep -q "vfmadd" || fail "coff"
if $I --disasm nosuch "$EXAMPLES" 2> $t/err; then fail "unknown symbol accepted"; fi
grep -q "^pixie-inspect: error: no export or symbol 'nosuch'; exports: primes, fused, saxpy, dot, norm$" $t/err || fail "nosuch message"

# --ir and --asm work from the embedded bitcode.
$I --ir norm "$EXAMPLES" | grep -q "^define double @norm_f64(" || fail "--ir"
$I --asm saxpy --variant linux-64/x86-64-v4 "$EXAMPLES" > $t/asm
grep -q "^saxpy_f32:" $t/asm && grep -q "^saxpy_f64:" $t/asm || fail "--asm overloads"
grep -q zmm $t/asm || fail "--asm v4 without zmm"
echo OK
