/* Kernels run in the default floating-point environment and cannot see its
 * flags, so musl's libm is built without exception-flag bookkeeping: no
 * FE_INEXACT (lrint and nearbyint then skip it) and round-to-nearest. */
#ifndef _PIXIE_MUSL_FENV_H
#define _PIXIE_MUSL_FENV_H
#define FE_TONEAREST 0
static inline int fegetround(void) { return FE_TONEAREST; }
#endif
