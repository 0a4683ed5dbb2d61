# A call nothing defines is a link error: variants import nothing.
. "$(dirname "$0")/common.inc"
cat > e.c <<'C'
double e(double x) { return __builtin_exp(x); }
C
expect_error "pixie-build: error: linux-64/x86-64: lld failed to link libe.so:
ld.lld: error: undefined symbol: exp
>>> referenced by e.c
>>>               input0.o:(e)
note: a variant imports nothing, so every function it calls must be defined in the inputs" \
  "$PIXIE_BUILD" -o e.pixie e.c --export 'e=e:f64(f64)' --platform linux-64 --tier x86-64
