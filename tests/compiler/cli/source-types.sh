# C and C++ exports are checked against the types the source declares, which
# LLVM's opaque pointers and sign-less integers cannot show: pointee types,
# pointer depth, the sign of integers, array element types. Plain char takes
# either sign (the signature fixes one for every platform); void* takes any
# pointer.
. "$(dirname "$0")/common.inc"
cat > ty.c <<'C'
#include <stdint.h>
typedef double real;
void axpy(const real *x, float *y, int64_t n) { (void)x, (void)y, (void)n; }
unsigned hash(int seed, unsigned char *bytes, const char *text) { return (unsigned)seed + bytes[0] + text[0]; }
void deep(void *p, double **rows) { (void)p, (void)rows; }
struct point { int x, y; };
void move(struct point *p) { p->x++; }
C
expect_error "pixie-build: error: export 'axpy' (axpy): parameter 1 (x) is const f32* in the signature, but the source declares real *" \
  "$PIXIE_BUILD" -o t.pixie ty.c --export 'axpy=axpy:void(const f32*, f32*, i64)'
expect_error "pixie-build: error: export 'axpy' (axpy): parameter 1 (x) is const f32[n] x in the signature, but the source declares real *" \
  "$PIXIE_BUILD" -o t.pixie ty.c --export 'axpy=axpy:void(const f32[n] x, f32[n] y, i64 n)'
expect_error "pixie-build: error: export 'axpy' (axpy): parameter 3 (n) is u64 in the signature, but the source declares int64_t" \
  "$PIXIE_BUILD" -o t.pixie ty.c --export 'axpy=axpy:void(const f64*, f32*, u64)'
expect_error "pixie-build: error: export 'hash' (hash): the return type is i32 in the signature, but the source declares unsigned int" \
  "$PIXIE_BUILD" -o t.pixie ty.c --export 'hash=hash:i32(i32, u8*, u8*)'
expect_error "pixie-build: error: export 'hash' (hash): parameter 2 (bytes) is i8* in the signature, but the source declares unsigned char *" \
  "$PIXIE_BUILD" -o t.pixie ty.c --export 'hash=hash:u32(i32, i8*, u8*)'
expect_error "pixie-build: error: export 'deep' (deep): parameter 2 (rows) is f64* in the signature, but the source declares double **" \
  "$PIXIE_BUILD" -o t.pixie ty.c --export 'deep=deep:void(f64*, f64*)'
expect_error "pixie-build: error: export 'move' (move): parameter 1 (p) is i32* in the signature, but the source declares struct point *" \
  "$PIXIE_BUILD" -o t.pixie ty.c --export 'move=move:void(i32*)'
# What matches builds: typedefs, plain char either way, void* for anything.
"$PIXIE_BUILD" --quiet -o t.pixie ty.c --export 'axpy=axpy:void(const f64[n] x, f32[n] y, i64 n)' \
  --export 'hash=hash:u32(i32, u8*, i8*)' --export 'hash2=hash:u32(i32, u8*, u8*)' \
  --export 'deep=deep:void(f64*, f64**)' --export 'move=move:void(void*)'
