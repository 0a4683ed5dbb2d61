/* pixie's __trunctfdf2 and __extenddftf2 (compiler/libc/src/compiler_rt.c,
 * renamed pixie_trunc and pixie_extend by trunctfdf2.sh) against libgcc's,
 * on random values weighted towards the double subnormal range, where
 * rounding is hardest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double pixie_trunc(long double x);
long double pixie_extend(double x);

int main(void) {
  srand(1);
  unsigned long bad = 0, n = 1000000;
  for (unsigned long i = 0; i < n; i++) {
    unsigned char b[16];
    for (int k = 0; k < 16; k++)
      b[k] = (unsigned char)rand();
    if (i % 4 == 1) { /* exponents just below and around 2^-1022 */
      b[15] = (unsigned char)((b[15] & 0x80) | 0x3f);
      b[14] = (unsigned char)(0xff - rand() % 60);
    } else if (i % 4 == 2) { /* ordinary doubles */
      b[15] = (unsigned char)((b[15] & 0x80) | 0x3c);
    }
    long double x;
    memcpy(&x, b, sizeof x);
    double got = pixie_trunc(x), want = (double)x;
    if (memcmp(&got, &want, sizeof got) && !(got != got && want != want) && bad++ < 5)
      printf("mismatch: %La -> %a, libgcc %a\n", x, got, want);
    double d;
    memcpy(&d, b + 8, sizeof d);
    long double wide = pixie_extend(d), exact = (long double)d;
    if (memcmp(&wide, &exact, sizeof wide) && !(d != d) && bad++ < 5)
      printf("mismatch: %a -> %La, libgcc %La\n", d, wide, exact);
  }
  printf("%lu of %lu differ\n", bad, n);
  return bad != 0;
}
