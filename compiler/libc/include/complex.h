/* complex.h for pixie kernels: C99 complex arithmetic, the same on every
 * platform. The functions are pixie's libm (musl's complex functions), as
 * for math.h; the long double ones are declared but not provided. */
#ifndef _PIXIE_COMPLEX_H
#define _PIXIE_COMPLEX_H

#ifdef __cplusplus
extern "C" {
#endif

#define complex _Complex
#define _Complex_I (__extension__ 1.0iF)
#define I _Complex_I

#define CMPLX(x, y) __builtin_complex((double)(x), (double)(y))
#define CMPLXF(x, y) __builtin_complex((float)(x), (float)(y))
#define CMPLXL(x, y) __builtin_complex((long double)(x), (long double)(y))

#define _PIXIE_CPLX1(name) \
  double _Complex name(double _Complex); float _Complex name##f(float _Complex); \
  long double _Complex name##l(long double _Complex);
#define _PIXIE_CREAL(name) \
  double name(double _Complex); float name##f(float _Complex); \
  long double name##l(long double _Complex);

_PIXIE_CPLX1(cacos) _PIXIE_CPLX1(casin) _PIXIE_CPLX1(catan)
_PIXIE_CPLX1(ccos) _PIXIE_CPLX1(csin) _PIXIE_CPLX1(ctan)
_PIXIE_CPLX1(cacosh) _PIXIE_CPLX1(casinh) _PIXIE_CPLX1(catanh)
_PIXIE_CPLX1(ccosh) _PIXIE_CPLX1(csinh) _PIXIE_CPLX1(ctanh)
_PIXIE_CPLX1(cexp) _PIXIE_CPLX1(clog) _PIXIE_CPLX1(csqrt)
_PIXIE_CPLX1(conj) _PIXIE_CPLX1(cproj)
_PIXIE_CREAL(cabs) _PIXIE_CREAL(carg) _PIXIE_CREAL(cimag) _PIXIE_CREAL(creal)
double _Complex cpow(double _Complex, double _Complex);
float _Complex cpowf(float _Complex, float _Complex);
long double _Complex cpowl(long double _Complex, long double _Complex);

#undef _PIXIE_CPLX1
#undef _PIXIE_CREAL

#ifndef __cplusplus
#define creal(x) ((double)(x))
#define crealf(x) ((float)(x))
#define creall(x) ((long double)(x))
#define cimag(x) __imag__ (x)
#define cimagf(x) __imag__ (x)
#define cimagl(x) __imag__ (x)
#endif

#ifdef __cplusplus
}
#endif

#endif
