/* sqrt and sqrtf are one instruction on every pixie target, correctly
 * rounded as C requires; musl's portable versions compute the same bits in
 * software. These replace them, for the calls musl's own functions make. */
#include <math.h>

double sqrt(double x) { return __builtin_sqrt(x); }
float sqrtf(float x) { return __builtin_sqrtf(x); }
