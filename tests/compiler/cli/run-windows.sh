# The win-64 variants run under wine, loaded by a mingw-built program through
# LoadLibrary: the example kernels agree with the Linux baseline on every tier
# this CPU has (x86-64-v4 needs AVX-512), a 32 KiB stack frame is probed
# through the builtins' __chkstk, and the pass plugin's effect shows.
# Without wine and mingw-w64 it fails.
. "$(dirname "$0")/common.inc"
: "${PIXIE_SOURCE_DIR:?}" "${PIXIE_TEST_PLUGIN:?}"
for tool in wine x86_64-w64-mingw32-gcc gcc; do
  command -v $tool >/dev/null || fail "no $tool on PATH: run 'make deps'"
done
# Creating a wine prefix takes seconds: keep one between runs.
export WINEPREFIX="${TMPDIR:-/tmp}/pixie-compiler-test-wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="

cat > run.c <<'C'
// Prints what each kernel computes; inputs are small multiples of 1/4, so
// every product and sum is exact and tiers cannot disagree by rounding.
#include <stdint.h>
#include <stdio.h>
#ifdef _WIN32
#include <windows.h>
#define OPEN(path) (void *)LoadLibraryA(path)
#define SYM(lib, name) (void *)GetProcAddress((HMODULE)lib, name)
#else
#include <dlfcn.h>
#define OPEN(path) dlopen(path, RTLD_NOW)
#define SYM(lib, name) dlsym(lib, name)
#endif
#define N 1003
int main(int argc, char **argv) {
  void *lib = OPEN(argv[1]);
  if (!lib) { fprintf(stderr, "cannot load %s\n", argv[1]); return 2; }
  int64_t (*primes)(uint8_t *, int64_t) = (int64_t (*)(uint8_t *, int64_t))SYM(lib, "sieve_primes");
  void (*fused)(const double *, const double *, uint8_t *, int64_t) =
      (void (*)(const double *, const double *, uint8_t *, int64_t))SYM(lib, "fused_expr");
  double (*dot)(const double *, const double *, int64_t) =
      (double (*)(const double *, const double *, int64_t))SYM(lib, "dot_f64");
  double (*norm)(const double *, int64_t) = (double (*)(const double *, int64_t))SYM(lib, "norm_f64");
  static uint8_t flags[N], out[N];
  static double a[N], b[N];
  for (int k = 0; k < N; k++) {
    a[k] = 0.25 * (k % 17);
    b[k] = 0.5 * (k % 13) - 3;
  }
  long ones = 0;
  fused(a, b, out, N);
  for (int k = 0; k < N; k++) ones += out[k];
  printf("primes %lld fused %ld dot %.17g norm %.17g\n", (long long)primes(flags, N), ones,
         dot(a, b, N), norm(a, N));
  return 0;
}
C
x86_64-w64-mingw32-gcc -O1 -o run.exe run.c
gcc -O1 -o run-linux run.c -ldl

extract() { # PIXIE PLATFORM TIER OUT, through the spec's own reader
  /usr/bin/python3 - "$PIXIE_SOURCE_DIR/spec" "$@" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import reader
f = reader.PixieFile(open(sys.argv[2], "rb").read())
v = [v for v in f.metadata["variants"] if (v["platform"], v["tier"]) == (sys.argv[3], sys.argv[4])][0]
open(sys.argv[5], "wb").write(f.read(v["section"]))
PY
}

"$PIXIE_BUILD" -o kernels.pixie --manifest "$PIXIE_SOURCE_DIR/examples/kernels/kernels.json" \
  --platform linux-64,win-64 --quiet
extract kernels.pixie linux-64 x86-64 base.so
./run-linux ./base.so > expected.txt
grep -q '^primes 168 fused ' expected.txt || fail "Linux baseline: $(cat expected.txt)"
for tier in x86-64 x86-64-v2 x86-64-v3; do
  extract kernels.pixie win-64 "$tier" "kernels-$tier.dll"
  wine run.exe "kernels-$tier.dll" | tr -d '\r' > got.txt || fail "win-64/$tier under wine"
  diff -u expected.txt got.txt || fail "win-64/$tier computes differently"
done

cat > big.c <<'C'
#include <stdint.h>
double big(const double *x, int64_t n) {
  volatile double frame[4096]; // 32 KiB: eight guard pages to probe in order
  for (int64_t i = 0; i < 4096; i++) frame[i] = x[i % n];
  double s = 0;
  for (int64_t i = 0; i < 4096; i++) s += frame[i];
  return s;
}
double scale(double x) { return x * 0.1; }
C
cat > call.c <<'C'
#include <stdio.h>
#include <windows.h>
int main(int argc, char **argv) {
  HMODULE lib = LoadLibraryA(argv[1]);
  if (!lib) { fprintf(stderr, "cannot load %s\n", argv[1]); return 2; }
  double x[] = {1, 2, 3};
  double (*big)(const double *, long long) = (double (*)(const double *, long long))GetProcAddress(lib, "big");
  double (*scale)(double) = (double (*)(double))GetProcAddress(lib, "scale");
  printf("big %.17g scale %.17g\n", big(x, 3), scale(2.0));
  return 0;
}
C
x86_64-w64-mingw32-gcc -O1 -o call.exe call.c
args=(big.c --export 'big=big:f64(const f64*, i64)' --export 'scale=scale:f64(f64)'
      --platform win-64 --tier x86-64,x86-64-v2,x86-64-v3 --quiet)
"$PIXIE_BUILD" -o big.pixie "${args[@]}"
# With the plugin every constant gains 1, the sum's initial 0.0 included.
"$PIXIE_BUILD" -o plugged.pixie "${args[@]}" --load-pass-plugin="$PIXIE_TEST_PLUGIN"
for tier in x86-64 x86-64-v2 x86-64-v3; do
  extract big.pixie win-64 "$tier" big.dll
  [ "$(wine call.exe big.dll | tr -d '\r')" = "big 8191 scale 0.20000000000000001" ] ||
    fail "big frame on win-64/$tier: $(wine call.exe big.dll)"
  extract plugged.pixie win-64 "$tier" plugged.dll
  [ "$(wine call.exe plugged.dll | tr -d '\r')" = "big 8192 scale 2.2000000000000002" ] ||
    fail "plugin on win-64/$tier: $(wine call.exe plugged.dll)"
done
