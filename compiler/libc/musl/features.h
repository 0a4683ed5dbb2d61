/* What musl's sources expect of their build (src/include/features.h and the
 * internal declarations of src/include/ there). weak_alias defines nothing:
 * Darwin has no aliases, so the names pixie's headers declare are the
 * definitions themselves (the build renames __lgamma_r, __signgam and __qsort_r), and
 * musl's extra aliases (drem, pow10, strcasecmp_l...) are not part of
 * pixie's library. Locales do not exist for kernels: every function works in
 * the C locale. */
#ifndef _PIXIE_MUSL_FEATURES_H
#define _PIXIE_MUSL_FEATURES_H
#include <stddef.h>
#include <strings.h>
#include <sys/types.h>
#include <stdarg.h>
#define hidden __attribute__((__visibility__("hidden")))
#define weak
#define weak_alias(old, new)
#define NL_ARGMAX 9 /* positional printf arguments, as musl's limits.h says */
typedef struct __locale_struct *locale_t;
char *__strchrnul(const char *, int);
char *__stpcpy(char *__restrict, const char *__restrict);
char *__stpncpy(char *__restrict, const char *__restrict, size_t);
void *__memrchr(const void *, int, size_t);
size_t strlcpy(char *, const char *, size_t);
void qsort_r(void *, size_t, size_t, int (*)(const void *, const void *, void *), void *);
#endif
