/* strings.h for pixie kernels: the POSIX functions, the same on every
 * platform and implemented by pixie's library (musl's sources). */
#ifndef _PIXIE_STRINGS_H
#define _PIXIE_STRINGS_H

#define __need_size_t
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

int strcasecmp(const char *s1, const char *s2);
int strncasecmp(const char *s1, const char *s2, size_t n);
void bzero(void *s, size_t n);
int bcmp(const void *s1, const void *s2, size_t n);
int ffs(int i);

#ifdef __cplusplus
}
#endif

#endif
