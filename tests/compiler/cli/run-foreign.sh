# The example variants run, and agree, on CPUs this machine does not have:
# every linux-aarch64 tier under qemu-aarch64 (-cpu max has SVE2), the x86
# tiers under qemu-x86_64 -cpu Nehalem (SSE4.2, no AVX). A tier's code really
# needs its tier: neoverse-v1 dies with SIGILL on a Cortex-A53 (no SVE), and
# x86-64-v3 on a Nehalem. Without qemu-user and an aarch64 gcc it fails.
. "$(dirname "$0")/common.inc"
: "${PIXIE_SOURCE_DIR:?}"
for tool in qemu-aarch64 qemu-x86_64 aarch64-linux-gnu-gcc gcc; do
  command -v $tool >/dev/null || fail "no $tool on PATH: run 'make deps'"
done

cat > run.c <<'C'
// Loads a variant and prints what each example kernel computes. The inputs
// are small multiples of 1/4, so every product and sum is exact and fused
// multiply-adds cannot make tiers disagree.
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#define N 1003
int main(int argc, char **argv) {
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) { fprintf(stderr, "%s\n", dlerror()); return 2; }
  int64_t (*primes)(uint8_t *, int64_t) = (int64_t (*)(uint8_t *, int64_t))dlsym(lib, "sieve_primes");
  void (*fused)(const double *, const double *, uint8_t *, int64_t) =
      (void (*)(const double *, const double *, uint8_t *, int64_t))dlsym(lib, "fused_expr");
  void (*saxpy)(double, const double *, double *, int64_t) =
      (void (*)(double, const double *, double *, int64_t))dlsym(lib, "saxpy_f64");
  double (*dot)(const double *, const double *, int64_t) =
      (double (*)(const double *, const double *, int64_t))dlsym(lib, "dot_f64");
  double (*norm)(const double *, int64_t) = (double (*)(const double *, int64_t))dlsym(lib, "norm_f64");
  static uint8_t flags[N], out[N];
  static double a[N], b[N], y[N];
  for (int k = 0; k < N; k++) {
    a[k] = 0.25 * (k % 17);
    b[k] = 0.5 * (k % 13) - 3;
    y[k] = k;
  }
  long ones = 0;
  double total = 0;
  fused(a, b, out, N);
  for (int k = 0; k < N; k++) ones += out[k];
  saxpy(0.5, a, y, N);
  for (int k = 0; k < N; k++) total += y[k];
  printf("primes %lld fused %ld saxpy %.17g dot %.17g norm %.17g\n", (long long)primes(flags, N),
         ones, total, dot(a, b, N), norm(a, N));
  return 0;
}
C
aarch64-linux-gnu-gcc -O1 -o run-a64 run.c -ldl
gcc -O1 -o run-x86 run.c -ldl
"$PIXIE_BUILD" -o kernels.pixie --manifest "$PIXIE_SOURCE_DIR/examples/kernels/kernels.json" \
  --platform linux-64,linux-aarch64 --quiet

# extract PLATFORM TIER OUT [PIXIE]: one variant, through the spec's own reader.
extract() {
  /usr/bin/python3 - "$PIXIE_SOURCE_DIR/spec" "${4:-kernels.pixie}" "$1" "$2" "$3" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import reader
f = reader.PixieFile(open(sys.argv[2], "rb").read())
v = [v for v in f.metadata["variants"] if (v["platform"], v["tier"]) == (sys.argv[3], sys.argv[4])][0]
open(sys.argv[5], "wb").write(f.read(v["section"]))
PY
}

./run-x86 /dev/null 2>/dev/null && fail "the runner loads anything"
extract linux-64 x86-64 base.so
./run-x86 ./base.so > expected.txt
grep -q '^primes 168 fused [0-9]* saxpy ' expected.txt || fail "host run: $(cat expected.txt)"

a64() { qemu-aarch64 -L /usr/aarch64-linux-gnu -cpu "$1" ./run-a64 "./$2"; }
for tier in armv8-a 'armv8.2-a+fp16+dotprod' neoverse-v1 neoverse-v2; do
  extract linux-aarch64 "$tier" "a64-$tier.so"
  a64 max "a64-$tier.so" > got.txt || fail "$tier under qemu -cpu max"
  diff -u expected.txt got.txt || fail "$tier computes differently"
done
a64 cortex-a53 a64-armv8-a.so > got.txt || fail "armv8-a on a Cortex-A53"
a64 neoverse-n1 'a64-armv8.2-a+fp16+dotprod.so' > got.txt || fail "armv8.2-a on a Neoverse N1"
rc=0; a64 neoverse-n1 a64-neoverse-v1.so >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 132 ] || fail "neoverse-v1 on a Neoverse N1 (no SVE): exit $rc, expected SIGILL (132)"

x86() { qemu-x86_64 -cpu Nehalem ./run-x86 "./$1"; }
for tier in x86-64 x86-64-v2; do
  extract linux-64 "$tier" "x86-$tier.so"
  x86 "x86-$tier.so" > got.txt || fail "$tier on a Nehalem"
  diff -u expected.txt got.txt || fail "$tier computes differently"
done
extract linux-64 x86-64-v3 x86-v3.so
rc=0; x86 x86-v3.so >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 132 ] || fail "x86-64-v3 on a Nehalem: exit $rc, expected SIGILL (132)"

# The pass plugin's effect, computed by each of these variants.
: "${PIXIE_TEST_PLUGIN:?}"
cat > scale.c <<'C'
double scale(double x) { return x * 0.1; }
C
cat > call.c <<'C'
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv) {
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) { fprintf(stderr, "%s\n", dlerror()); return 2; }
  printf("%.17g\n", ((double (*)(double))dlsym(lib, "scale"))(2.0));
  return 0;
}
C
aarch64-linux-gnu-gcc -O1 -o call-a64 call.c -ldl
gcc -O1 -o call-x86 call.c -ldl
"$PIXIE_BUILD" -o scale.pixie scale.c --export 'scale=scale:f64(f64)' --quiet \
  --platform linux-64,linux-aarch64 --load-pass-plugin="$PIXIE_TEST_PLUGIN"
for tier in armv8-a 'armv8.2-a+fp16+dotprod' neoverse-v1 neoverse-v2; do
  extract linux-aarch64 "$tier" s.so scale.pixie
  [ "$(qemu-aarch64 -L /usr/aarch64-linux-gnu -cpu max ./call-a64 ./s.so)" = 2.2000000000000002 ] ||
    fail "plugin effect on linux-aarch64/$tier"
done
for tier in x86-64 x86-64-v2; do
  extract linux-64 "$tier" s.so scale.pixie
  [ "$(qemu-x86_64 -cpu Nehalem ./call-x86 ./s.so)" = 2.2000000000000002 ] ||
    fail "plugin effect on linux-64/$tier"
done
