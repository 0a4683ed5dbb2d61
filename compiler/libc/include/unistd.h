/* unistd.h for pixie kernels: the few POSIX calls hosted numeric code
 * makes, the same on every platform and implemented by pixie's library
 * (musl's sources), so the _SC_* names carry musl's numbers everywhere. */
#ifndef _PIXIE_UNISTD_H
#define _PIXIE_UNISTD_H

#define __need_size_t
#define __need_NULL
#include <stddef.h>
#define _PIXIE_NEED_ssize_t
#define _PIXIE_NEED_off_t
#define _PIXIE_NEED_pid_t
#define _PIXIE_NEED_useconds_t
#include "bits/types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

#define _SC_CLK_TCK 2
#define _SC_PAGESIZE 30
#define _SC_PAGE_SIZE _SC_PAGESIZE
#define _SC_NPROCESSORS_CONF 83
#define _SC_NPROCESSORS_ONLN 84

ssize_t read(int fildes, void *buf, size_t nbyte);
ssize_t write(int fildes, const void *buf, size_t nbyte);
off_t lseek(int fildes, off_t offset, int whence);
int close(int fildes);
int access(const char *path, int amode);
int unlink(const char *path);
int isatty(int fildes);
unsigned sleep(unsigned seconds);
int usleep(useconds_t usec);
pid_t getpid(void);
long sysconf(int name);

#ifdef __cplusplus
}
#endif

#endif
