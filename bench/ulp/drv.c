/* Array drivers for one ISA's vmath functions (compiled per ISA with the
 * same -DVMATH_ISA / -march as vmath.c).  n must be a multiple of 16. */
#include <stddef.h>
#include <string.h>

#define VM_CAT_(a, b) a##b
#define VM_CAT(a, b) VM_CAT_(a, b)
#define VMATH_ISA_ID_b 1
#define VMATH_ISA_ID_d 2
#define VMATH_ISA_ID_e 3
#define VMATH_ISA_ID_n 4
#if VM_CAT(VMATH_ISA_ID_, VMATH_ISA) == 2
#define VB 32
#define DN 4
#define FN 8
#elif VM_CAT(VMATH_ISA_ID_, VMATH_ISA) == 3
#define VB 64
#define DN 8
#define FN 16
#else
#define VB 16
#define DN 2
#define FN 4
#endif
/* -DVM_OLD: the functions of a second vmath build whose symbols run.sh
 * renamed to old_ZGV..., in the table vm_drv_<isa>_old */
#ifdef VM_OLD
#define VM_PFX old_ZGV
#define VM_TAB(isa) VM_CAT(VM_CAT(vm_drv_, isa), _old)
#else
#define VM_PFX _ZGV
#define VM_TAB(isa) VM_CAT(vm_drv_, isa)
#endif
#define VNAME(lanes, params, name) \
  VM_CAT(VM_CAT(VM_CAT(VM_CAT(VM_PFX, VMATH_ISA), N), lanes), VM_CAT(params, VM_CAT(_, name)))

typedef double vd __attribute__((vector_size(VB)));
typedef float vf __attribute__((vector_size(VB)));

typedef void (*drv_d)(const double *, const double *, double *, size_t);
typedef void (*drv_f)(const float *, const float *, float *, size_t);
struct vm_drv { const char *name; drv_d d; drv_f f; };

#define D1(fn)                                                                 \
  vd VNAME(DN, v, fn)(vd);                                                     \
  vf VNAME(FN, v, fn##f)(vf);                                                  \
  static void d_##fn(const double *x, const double *y, double *r, size_t n) {  \
    (void)y;                                                                   \
    for (size_t i = 0; i < n; i += DN) {                                       \
      vd a; memcpy(&a, x + i, sizeof a);                                       \
      a = VNAME(DN, v, fn)(a); memcpy(r + i, &a, sizeof a);                    \
    }                                                                          \
  }                                                                            \
  static void f_##fn(const float *x, const float *y, float *r, size_t n) {     \
    (void)y;                                                                   \
    for (size_t i = 0; i < n; i += FN) {                                       \
      vf a; memcpy(&a, x + i, sizeof a);                                       \
      a = VNAME(FN, v, fn##f)(a); memcpy(r + i, &a, sizeof a);                 \
    }                                                                          \
  }
#define D2(fn)                                                                 \
  vd VNAME(DN, vv, fn)(vd, vd);                                                \
  vf VNAME(FN, vv, fn##f)(vf, vf);                                             \
  static void d_##fn(const double *x, const double *y, double *r, size_t n) {  \
    for (size_t i = 0; i < n; i += DN) {                                       \
      vd a, b; memcpy(&a, x + i, sizeof a); memcpy(&b, y + i, sizeof b);       \
      a = VNAME(DN, vv, fn)(a, b); memcpy(r + i, &a, sizeof a);                \
    }                                                                          \
  }                                                                            \
  static void f_##fn(const float *x, const float *y, float *r, size_t n) {     \
    for (size_t i = 0; i < n; i += FN) {                                       \
      vf a, b; memcpy(&a, x + i, sizeof a); memcpy(&b, y + i, sizeof b);       \
      a = VNAME(FN, vv, fn##f)(a, b); memcpy(r + i, &a, sizeof a);             \
    }                                                                          \
  }
#define FUNCS(X1, X2) X1(exp) X1(log) X1(sin) X1(cos) X2(pow) X1(tanh) X1(erf) \
  X1(exp2) X1(log2) X1(log10) X1(expm1) X1(log1p) X1(tan) X1(sinh) X1(cosh)  \
  X1(atan) X1(asin) X1(acos) X2(atan2) X1(cbrt)
FUNCS(D1, D2)
#define ENT(fn) {#fn, d_##fn, f_##fn},
struct vm_drv VM_TAB(VMATH_ISA)[] = { FUNCS(ENT, ENT) {0, 0, 0} };
