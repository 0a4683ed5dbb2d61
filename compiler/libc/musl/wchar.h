/* The part of wchar.h musl's vfprintf uses (%lc and %ls): wctomb, which
 * pixie's C library provides for the C locale (src/wctomb.c). */
#ifndef _PIXIE_MUSL_WCHAR_H
#define _PIXIE_MUSL_WCHAR_H
#include <stddef.h>
int wctomb(char *, wchar_t);
#endif
