/* Kernels run in the C locale, whose characters are the 7-bit ones: %lc and
 * %ls format those and fail (EILSEQ) on any other, as C's wctomb does. */
#include <errno.h>
#include <stdlib.h>

int wctomb(char *s, wchar_t wc) {
  if (!s)
    return 0; /* no shift states */
  if ((unsigned)wc > 0x7f) {
    errno = EILSEQ;
    return -1;
  }
  *s = (char)wc;
  return 1;
}
