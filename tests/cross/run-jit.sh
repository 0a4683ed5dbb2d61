# The three PIXIE_JIT policies through the C ABI, with the real libpixie_jit:
#   always  host-tuned code (256- or 512-bit vectors and FMA in saxpy, as
#           this CPU has them), compiled once, then a cache hit, same results;
#   auto    a file with only linux-aarch64 variants and bitcode runs here,
#           its bitcode retargeted to this host, same results;
#   never   that file is refused as having no variant for this host.
. "$(dirname "$0")/common.inc"
: "${PIXIE_HOST_DRIVER:?}" "${PIXIE_JIT_LIBRARY:?}" "${PIXIE_BUILD:?}" "${PIXIE_INSPECT:?}"
export PIXIE_CACHE_DIR=$scratch/cache
cpu_tier() { head -1 "$scratch/out.txt" | sed -n 's/^selected linux-64 \(host-[^ ]*\) via jit$/\1/p'; }

PIXIE_JIT=always "$PIXIE_HOST_DRIVER" -v kernels.pixie > "$scratch/out.txt" 2> "$scratch/err.txt" ||
  fail "PIXIE_JIT=always: $(cat "$scratch/err.txt")"
[ -n "$(cpu_tier)" ] || fail "PIXIE_JIT=always: $(head -1 "$scratch/out.txt")"
grep -q "^loaded via: jit (compiled (from linux-64 bitcode, cpu " "$scratch/err.txt" ||
  fail "PIXIE_JIT=always did not compile: $(tail -1 "$scratch/err.txt")"
tail -n +2 "$scratch/out.txt" | diff -u expected.txt - || fail "host-tuned code computes differently"
tier=$(cpu_tier)
entry=$(ls "$PIXIE_CACHE_DIR"/jit/*.pixie)
"$PIXIE_INSPECT" "$entry" --disasm saxpy_f64 --variant "linux-64/$tier" > "$scratch/saxpy.s"
if grep -qw avx2 <(grep -m1 '^flags' /proc/cpuinfo); then
  grep -Eq '%?[yz]mm[0-9]' "$scratch/saxpy.s" || fail "host-tuned saxpy uses no 256/512-bit vectors"
  grep -q "vfmadd" "$scratch/saxpy.s" || fail "host-tuned saxpy uses no FMA"
fi

PIXIE_JIT=always "$PIXIE_HOST_DRIVER" -v kernels.pixie > "$scratch/out.txt" 2> "$scratch/err.txt"
grep -q "^loaded via: jit (cache hit $PIXIE_CACHE_DIR/jit/" "$scratch/err.txt" ||
  fail "the second start missed the cache: $(tail -1 "$scratch/err.txt")"
tail -n +2 "$scratch/out.txt" | diff -u expected.txt - || fail "the cached code computes differently"

"$PIXIE_BUILD" --quiet --platform linux-aarch64 -o "$scratch/arm.pixie" \
  --manifest "$PIXIE_SOURCE_DIR/examples/kernels/kernels.json"
PIXIE_JIT=auto "$PIXIE_HOST_DRIVER" -v "$scratch/arm.pixie" > "$scratch/out.txt" 2> "$scratch/err.txt" ||
  fail "PIXIE_JIT=auto on an aarch64-only file: $(cat "$scratch/err.txt")"
grep -q "from linux-aarch64 bitcode (retargeted)" "$scratch/err.txt" || fail "not retargeted: $(tail -1 "$scratch/err.txt")"
tail -n +2 "$scratch/out.txt" | diff -u expected.txt - || fail "retargeted code computes differently"

rc=0
PIXIE_JIT=never "$PIXIE_HOST_DRIVER" "$scratch/arm.pixie" > /dev/null 2> "$scratch/err.txt" || rc=$?
[ $rc -eq 1 ] || fail "PIXIE_JIT=never: exit $rc, expected 1: $(cat "$scratch/err.txt")"
grep -q "^pixie error no_variant: .*no variant of .kernels. fits this host.*PIXIE_JIT=never forbids compiling the bitcode$" "$scratch/err.txt" || fail "PIXIE_JIT=never: $(cat "$scratch/err.txt")"
echo "C ABI: always compiled and then hit the cache, auto retargeted aarch64 bitcode, never refused"
