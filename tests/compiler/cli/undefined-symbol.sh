# A call nothing defines fails the build once, naming the function and the
# export that reaches it, whatever the number of variants.
. "$(dirname "$0")/common.inc"
cat > e.c <<'C'
double missing(double);
double e(double x) { return missing(x); }
C
expect_error "pixie-build: error: export 'e' calls missing, which nothing defines (not the inputs, not pixie's C library)" \
  "$PIXIE_BUILD" -o e.pixie e.c --export 'e=e:f64(f64)'
