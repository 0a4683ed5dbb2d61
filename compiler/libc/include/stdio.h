/* stdio.h for pixie kernels: the same declarations on every platform,
 * implemented by pixie's library (musl's sources), so FILE is musl's opaque
 * struct _IO_FILE and the constants are musl's everywhere. stdin, stdout and
 * stderr are macros over const objects, as in musl, so that they cannot be
 * reassigned. Formats are checked by clang. */
#ifndef _PIXIE_STDIO_H
#define _PIXIE_STDIO_H

#define __need_size_t
#define __need_NULL
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _IO_FILE FILE;
typedef union { char __opaque[16]; long long __lldata; double __align; } fpos_t;

#define EOF (-1)
#define BUFSIZ 1024
#define FILENAME_MAX 4096
#define FOPEN_MAX 1000
#define L_tmpnam 20
#define TMP_MAX 10000
#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

extern FILE *const stdin;
extern FILE *const stdout;
extern FILE *const stderr;
#define stdin (stdin)
#define stdout (stdout)
#define stderr (stderr)

#define _PIXIE_PRINTF(f, a) __attribute__((__format__(__printf__, f, a)))
#define _PIXIE_SCANF(f, a) __attribute__((__format__(__scanf__, f, a)))

int remove(const char *filename);
int rename(const char *oldpath, const char *newpath);
FILE *tmpfile(void);
char *tmpnam(char *s);
int fclose(FILE *stream);
int fflush(FILE *stream);
FILE *fopen(const char *__restrict filename, const char *__restrict mode);
FILE *freopen(const char *__restrict filename, const char *__restrict mode,
              FILE *__restrict stream);
void setbuf(FILE *__restrict stream, char *__restrict buf);
int setvbuf(FILE *__restrict stream, char *__restrict buf, int mode, size_t size);

_PIXIE_PRINTF(2, 3) int fprintf(FILE *__restrict stream, const char *__restrict format, ...);
_PIXIE_PRINTF(1, 2) int printf(const char *__restrict format, ...);
_PIXIE_PRINTF(3, 4) int snprintf(char *__restrict s, size_t n, const char *__restrict format, ...);
_PIXIE_PRINTF(2, 3) int sprintf(char *__restrict s, const char *__restrict format, ...);
_PIXIE_PRINTF(2, 0) int vfprintf(FILE *__restrict stream, const char *__restrict format,
                                 __builtin_va_list arg);
_PIXIE_PRINTF(1, 0) int vprintf(const char *__restrict format, __builtin_va_list arg);
_PIXIE_PRINTF(3, 0) int vsnprintf(char *__restrict s, size_t n, const char *__restrict format,
                                  __builtin_va_list arg);
_PIXIE_PRINTF(2, 0) int vsprintf(char *__restrict s, const char *__restrict format,
                                 __builtin_va_list arg);
_PIXIE_SCANF(2, 3) int fscanf(FILE *__restrict stream, const char *__restrict format, ...);
_PIXIE_SCANF(1, 2) int scanf(const char *__restrict format, ...);
_PIXIE_SCANF(2, 3) int sscanf(const char *__restrict s, const char *__restrict format, ...);
_PIXIE_SCANF(2, 0) int vfscanf(FILE *__restrict stream, const char *__restrict format,
                               __builtin_va_list arg);
_PIXIE_SCANF(1, 0) int vscanf(const char *__restrict format, __builtin_va_list arg);
_PIXIE_SCANF(2, 0) int vsscanf(const char *__restrict s, const char *__restrict format,
                               __builtin_va_list arg);

int fgetc(FILE *stream);
char *fgets(char *__restrict s, int n, FILE *__restrict stream);
int fputc(int c, FILE *stream);
int fputs(const char *__restrict s, FILE *__restrict stream);
int getc(FILE *stream);
int getchar(void);
int putc(int c, FILE *stream);
int putchar(int c);
int puts(const char *s);
int ungetc(int c, FILE *stream);
size_t fread(void *__restrict ptr, size_t size, size_t nmemb, FILE *__restrict stream);
size_t fwrite(const void *__restrict ptr, size_t size, size_t nmemb, FILE *__restrict stream);
int fgetpos(FILE *__restrict stream, fpos_t *__restrict pos);
int fseek(FILE *stream, long offset, int whence);
int fsetpos(FILE *stream, const fpos_t *pos);
long ftell(FILE *stream);
void rewind(FILE *stream);
void clearerr(FILE *stream);
int feof(FILE *stream);
int ferror(FILE *stream);
void perror(const char *s);
int fileno(FILE *stream);

#undef _PIXIE_PRINTF
#undef _PIXIE_SCANF

#ifdef __cplusplus
}
#endif

#endif
