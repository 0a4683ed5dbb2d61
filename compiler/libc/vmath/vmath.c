/* pixie vector libm: one portable C source, compiled once per ISA into the
 * Vector Function ABI names (_ZGV<isa>N<lanes><v|vv>_<name>).
 *
 *   -DVMATH_ISA=b   x86 SSE2 / x86-64-v2   2 doubles / 4 floats
 *   -DVMATH_ISA=d   x86 AVX2 (+FMA)       4 doubles / 8 floats
 *   -DVMATH_ISA=e   x86 AVX-512           8 doubles / 16 floats
 *   -DVMATH_ISA=n   AArch64 AdvSIMD       2 doubles / 4 floats
 * (without -DVMATH_ISA the ISA is picked from the target macros).
 *
 * Only clang vector extensions are used (no target intrinsics).  Every
 * function computes all lanes on a branch-free fast path; lanes outside
 * the fast-path domain (NaN, Inf, huge, subnormal, ...) are flagged in an
 * integer mask and, if any lane is flagged, recomputed by calling the
 * scalar libm function for just those lanes.  See README.md.
 */
#include <stdint.h>

#define VM_CAT_(a, b) a##b
#define VM_CAT(a, b) VM_CAT_(a, b)

#define VMATH_ISA_ID_b 1
#define VMATH_ISA_ID_d 2
#define VMATH_ISA_ID_e 3
#define VMATH_ISA_ID_n 4

#ifndef VMATH_ISA
#if defined(__AVX512F__)
#define VMATH_ISA e
#elif defined(__AVX2__)
#define VMATH_ISA d
#elif defined(__aarch64__)
#define VMATH_ISA n
#else
#define VMATH_ISA b
#endif
#endif

#if VM_CAT(VMATH_ISA_ID_, VMATH_ISA) == 1
#define VB 16
#define DN 2
#define FN 4
#elif VM_CAT(VMATH_ISA_ID_, VMATH_ISA) == 2
#define VB 32
#define DN 4
#define FN 8
#elif VM_CAT(VMATH_ISA_ID_, VMATH_ISA) == 3
#define VB 64
#define DN 8
#define FN 16
#elif VM_CAT(VMATH_ISA_ID_, VMATH_ISA) == 4
#define VB 16
#define DN 2
#define FN 4
#else
#error "VMATH_ISA must be one of b d e n"
#endif

/* _ZGV <isa> N <lanes> <params> _ <name> */
#define VNAME(lanes, params, name) \
  VM_CAT(VM_CAT(VM_CAT(VM_CAT(_ZGV, VMATH_ISA), N), lanes), VM_CAT(params, VM_CAT(_, name)))

#if defined(__FMA__) || defined(__aarch64__)
#define VM_HAVE_FMA 1
#else
#define VM_HAVE_FMA 0
#endif

#define VM_INLINE static inline __attribute__((always_inline))
#define VM_COLD static __attribute__((noinline, cold))

/* Scalar libm, resolved at link time: used for special lanes only. */
#define VM_SCALAR1(fn) double fn(double); float fn##f(float);
VM_SCALAR1(exp) VM_SCALAR1(exp2) VM_SCALAR1(expm1) VM_SCALAR1(log) VM_SCALAR1(log2)
VM_SCALAR1(log10) VM_SCALAR1(log1p) VM_SCALAR1(sin) VM_SCALAR1(cos) VM_SCALAR1(tan)
VM_SCALAR1(tanh) VM_SCALAR1(sinh) VM_SCALAR1(cosh) VM_SCALAR1(atan) VM_SCALAR1(asin)
VM_SCALAR1(acos) VM_SCALAR1(erf) VM_SCALAR1(cbrt)
double pow(double, double); float powf(float, float);
double atan2(double, double); float atan2f(float, float);

/* Types: width 1 = one ABI vector of doubles (DN lanes); width 2 = 2*DN
 * doubles, used to evaluate the float functions (FN = 2*DN lanes) in double. */
typedef double vd1 __attribute__((vector_size(VB)));
typedef int64_t vl1 __attribute__((vector_size(VB)));
typedef uint64_t vu1 __attribute__((vector_size(VB)));
typedef uint32_t vh1 __attribute__((vector_size(VB / 2)));
typedef double vd2 __attribute__((vector_size(2 * VB)));
typedef int64_t vl2 __attribute__((vector_size(2 * VB)));
typedef uint64_t vu2 __attribute__((vector_size(2 * VB)));
typedef uint32_t vh2 __attribute__((vector_size(VB)));
typedef float vf __attribute__((vector_size(VB)));
typedef int32_t vi __attribute__((vector_size(VB)));
typedef uint32_t vui __attribute__((vector_size(VB)));

#include "vmath_consts.h"

/* The 2*DN-lane kernels are always_inline (never a real call), so the
 * by-value wide vector ABI warning does not apply. */
#pragma clang diagnostic ignored "-Wpsabi"

/* double kernels, instantiated at both widths */
#define VD vd1
#define VL vl1
#define VU vu1
#define VH vh1
#define NL DN
#define F(n) VM_CAT(n, _1)
#include "vmath_d.inc"
#undef VD
#undef VL
#undef VU
#undef VH
#undef NL
#undef F

#define VD vd2
#define VL vl2
#define VU vu2
#define VH vh2
#define NL FN
#define F(n) VM_CAT(n, _2)
#include "vmath_d.inc"

/* float kernels (native with FMA, else through the double kernels) */
#include "vmath_f.inc"

/* ---- special-lane fix-ups: scalar libm for flagged lanes only ---- */
VM_COLD vd1 fix1(double (*f)(double), vd1 x, vd1 r, vl1 m) {
  for (int i = 0; i < DN; i++)
    if (m[i]) r[i] = f(x[i]);
  return r;
}
VM_COLD vd1 fix2(double (*f)(double, double), vd1 x, vd1 y, vd1 r, vl1 m) {
  for (int i = 0; i < DN; i++)
    if (m[i]) r[i] = f(x[i], y[i]);
  return r;
}
VM_COLD vf fixf1(float (*f)(float), vf x, vf r, vi m) {
  for (int i = 0; i < FN; i++)
    if (m[i]) r[i] = f(x[i]);
  return r;
}
VM_COLD vf fixf2(float (*f)(float, float), vf x, vf y, vf r, vi m) {
  for (int i = 0; i < FN; i++)
    if (m[i]) r[i] = f(x[i], y[i]);
  return r;
}

/* double function + float function evaluated through the double kernel */
#define DEF_D1(fn)                                                   \
  vd1 VNAME(DN, v, fn)(vd1 x) {                                      \
    vl1 sp;                                                          \
    vd1 r = k_##fn##_1(x, &sp);                                      \
    if (__builtin_reduce_or(sp)) r = fix1(fn, x, r, sp);             \
    return r;                                                        \
  }
#define DEF_F1_VIA_D(fn)                                             \
  vf VNAME(FN, v, fn##f)(vf x) {                                     \
    vl2 sp;                                                          \
    vd2 r = k_##fn##_2(__builtin_convertvector(x, vd2), &sp);        \
    vf rf = __builtin_convertvector(r, vf);                          \
    vi spf = __builtin_convertvector(sp, vi);                        \
    if (__builtin_reduce_or(spf)) rf = fixf1(fn##f, x, rf, spf);     \
    return rf;                                                       \
  }
#define DEF_F1_NATIVE(fn)                                            \
  vf VNAME(FN, v, fn##f)(vf x) {                                     \
    vi sp;                                                           \
    vf r = kf_##fn(x, &sp);                                          \
    if (__builtin_reduce_or(sp)) r = fixf1(fn##f, x, r, sp);         \
    return r;                                                        \
  }
#define DEF_D2(fn)                                                   \
  vd1 VNAME(DN, vv, fn)(vd1 x, vd1 y) {                              \
    vl1 sp;                                                          \
    vd1 r = k_##fn##_1(x, y, &sp);                                   \
    if (__builtin_reduce_or(sp)) r = fix2(fn, x, y, r, sp);          \
    return r;                                                        \
  }
#define DEF_F2_NATIVE(fn)                                            \
  vf VNAME(FN, vv, fn##f)(vf x, vf y) {                              \
    vi sp;                                                           \
    vf r = kf_##fn(x, y, &sp);                                       \
    if (__builtin_reduce_or(sp)) r = fixf2(fn##f, x, y, r, sp);      \
    return r;                                                        \
  }
#define DEF_F2_VIA_D(fn)                                             \
  vf VNAME(FN, vv, fn##f)(vf x, vf y) {                              \
    vl2 sp;                                                          \
    vd2 r = k_##fn##_2(__builtin_convertvector(x, vd2),              \
                       __builtin_convertvector(y, vd2), &sp);        \
    vf rf = __builtin_convertvector(r, vf);                          \
    vi spf = __builtin_convertvector(sp, vi);                        \
    if (__builtin_reduce_or(spf)) rf = fixf2(fn##f, x, y, rf, spf);  \
    return rf;                                                       \
  }

DEF_D1(exp)   DEF_F1_NATIVE(exp)
DEF_D1(exp2)  DEF_F1_NATIVE(exp2)
DEF_D1(expm1) DEF_F1_VIA_D(expm1)
DEF_D1(log)   DEF_F1_NATIVE(log)
DEF_D1(log2)  DEF_F1_NATIVE(log2)
DEF_D1(log10) DEF_F1_NATIVE(log10)
DEF_D1(log1p) DEF_F1_VIA_D(log1p)
DEF_D1(sin)   DEF_F1_NATIVE(sin)
DEF_D1(cos)   DEF_F1_NATIVE(cos)
DEF_D1(tan)   DEF_F1_VIA_D(tan)
DEF_D1(tanh)  DEF_F1_NATIVE(tanh)
DEF_D1(sinh)  DEF_F1_VIA_D(sinh)
DEF_D1(cosh)  DEF_F1_VIA_D(cosh)
DEF_D1(atan)  DEF_F1_VIA_D(atan)
DEF_D1(asin)  DEF_F1_VIA_D(asin)
DEF_D1(acos)  DEF_F1_VIA_D(acos)
DEF_D1(erf)   DEF_F1_VIA_D(erf)
DEF_D1(cbrt)  DEF_F1_VIA_D(cbrt)
DEF_D2(pow)   DEF_F2_NATIVE(pow)
DEF_D2(atan2) DEF_F2_VIA_D(atan2)
