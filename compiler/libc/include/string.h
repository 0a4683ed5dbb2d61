/* string.h for pixie kernels: C11's string.h plus the POSIX functions
 * portable code uses, the same on every platform and implemented by pixie's
 * library (musl's sources). */
#ifndef _PIXIE_STRING_H
#define _PIXIE_STRING_H

#define __need_size_t
#define __need_NULL
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void *memcpy(void *__restrict s1, const void *__restrict s2, size_t n);
void *memmove(void *s1, const void *s2, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *s1, const void *s2, size_t n);
void *memchr(const void *s, int c, size_t n);

char *strcpy(char *__restrict s1, const char *__restrict s2);
char *strncpy(char *__restrict s1, const char *__restrict s2, size_t n);
char *strcat(char *__restrict s1, const char *__restrict s2);
char *strncat(char *__restrict s1, const char *__restrict s2, size_t n);
int strcmp(const char *s1, const char *s2);
int strncmp(const char *s1, const char *s2, size_t n);
int strcoll(const char *s1, const char *s2);
size_t strxfrm(char *__restrict s1, const char *__restrict s2, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strcspn(const char *s1, const char *s2);
size_t strspn(const char *s1, const char *s2);
char *strpbrk(const char *s1, const char *s2);
char *strstr(const char *s1, const char *s2);
char *strtok(char *__restrict s1, const char *__restrict s2);
size_t strlen(const char *s);
char *strerror(int errnum);

char *strdup(const char *s);
char *strndup(const char *s, size_t size);
size_t strnlen(const char *s, size_t maxlen);
char *strtok_r(char *__restrict s, const char *__restrict sep, char **__restrict state);
void *memccpy(void *__restrict s1, const void *__restrict s2, int c, size_t n);
char *stpcpy(char *__restrict s1, const char *__restrict s2);
char *stpncpy(char *__restrict s1, const char *__restrict s2, size_t n);

#ifdef __cplusplus
}
#endif

#endif
