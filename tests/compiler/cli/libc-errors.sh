# What kernels may not call fails the build once per function, naming the
# export that reaches it and why; dead code that calls it does not count.
. "$(dirname "$0")/common.inc"
cat > io.c <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static void print_array(int n, const double *x) { for (int i = 0; i < n; i++) printf("%f\n", x[i]); }
double quiet(double x) { return x * 2; }
double noisy(double x) { printf("%f\n", x); return x; }
double stamped(double x) { return x + (double)time(NULL); }
double leaving(double x) { if (x < 0) exit(3); return x; }
int main(void) { double x[2] = {1, 2}; print_array(2, x); return 0; }
C
# print_array and main are dead once only the exports are kept: this builds.
"$PIXIE_BUILD" --quiet -o quiet.pixie io.c --export 'quiet=quiet:f64(f64)'
rm quiet.pixie
expect_error "pixie-build: error: export 'leaving' calls exit, which kernels cannot call: it acts on the process (exit, signals, environment, sleep), which belongs to the program that loaded the kernel
export 'noisy' calls printf, which kernels cannot call: I/O belongs to the host program (a variant runs inside it and owns no files or streams); return results to the caller instead
export 'stamped' calls time, which kernels cannot call: reading the clock makes a kernel's result depend on when it runs; time the call from the caller instead" \
  "$PIXIE_BUILD" -o io.pixie io.c --export 'noisy=noisy:f64(f64)' \
  --export 'stamped=stamped:f64(f64)' --export 'leaving=leaving:f64(f64)'

# long double: no libm functions for it; on linux-aarch64 it is quad
# precision, computed by soft-float helpers pixie does not have either. The
# variants where it works (long double is double on macOS and Windows) build.
cat > ld.c <<'C'
#include <math.h>
double big(double x) { return (double)expl((long double)x * 2.0L); }
C
expect_error "pixie-build: error: export 'big' calls expl, which kernels cannot call: long double math is not part of pixie's libm; use the double function (in linux-64/x86-64, linux-aarch64/armv8-a)
export 'big' calls __addtf3, which kernels cannot call: long double is quad precision on this platform, computed by runtime functions pixie's C library does not provide; use double (in linux-aarch64/armv8-a)" \
  "$PIXIE_BUILD" -o ld.pixie ld.c --export 'big=big:f64(f64)' --tier x86-64,armv8-a,apple-m1

# A static function cannot be exported by any shared library.
cat > st.c <<'C'
static double twice(double x) { return 2 * x; }
double use(double x) { return twice(x); }
C
expect_error "pixie-build: error: export 'twice' (twice): the function is static (internal to its file), so no shared library can export it; remove 'static'" \
  "$PIXIE_BUILD" -o st.pixie st.c --export 'twice=twice:f64(f64)'

# A header pixie does not provide: clang's error, then one line listing
# what it provides.
printf '#include <pthread.h>\ndouble f(double x) { return x; }\n' > th.c
rc=0
"$PIXIE_BUILD" -o th.pixie th.c --export 'f=f:f64(f64)' 2>stderr.txt || rc=$?
[ "$rc" -eq 1 ] || fail "a missing header: exit code $rc"
grep -q "fatal error: 'pthread.h' file not found" stderr.txt || fail "clang's message is missing"
grep -qx "note: kernels see only pixie's platform-neutral headers (and clang's own): algorithm .* math.h .* stdio.h .* unistd.h utility" stderr.txt ||
  { cat stderr.txt >&2; fail "no note listing the headers"; }
[ "$(grep -c '^note: kernels see only' stderr.txt)" -eq 1 ] || fail "the note is not said once"
