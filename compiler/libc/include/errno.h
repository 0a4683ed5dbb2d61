/* errno.h for pixie kernels. errno is per thread and lives in pixie's
 * library, reached through __pixie_errno(). The E* values are each
 * platform's own (Linux, Darwin, Windows UCRT), so a code a kernel returns or
 * stores means what the host's errno means: the historical Unix codes 1-34
 * agree everywhere except EAGAIN, the rest differ. */
#ifndef _PIXIE_ERRNO_H
#define _PIXIE_ERRNO_H

#ifdef __cplusplus
extern "C" {
#endif
int *__pixie_errno(void);
#ifdef __cplusplus
}
#endif
#define errno (*__pixie_errno())

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define EXDEV 18
#define ENODEV 19
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define ENFILE 23
#define EMFILE 24
#define ENOTTY 25
#define EFBIG 27
#define ENOSPC 28
#define ESPIPE 29
#define EROFS 30
#define EMLINK 31
#define EPIPE 32
#define EDOM 33
#define ERANGE 34

#if defined(_WIN32)
#define EAGAIN 11
#define EDEADLK 36
#define ENAMETOOLONG 38
#define ENOLCK 39
#define ENOSYS 40
#define ENOTEMPTY 41
#define EILSEQ 42
#define ECANCELED 105
#define ENOTSUP 129
#define EOPNOTSUPP 130
#define EOVERFLOW 132
#define ETIMEDOUT 138
#define ETXTBSY 139
#define EWOULDBLOCK 140
#elif defined(__APPLE__)
#define EDEADLK 11
#define ETXTBSY 26
#define EAGAIN 35
#define ENOTSUP 45
#define ETIMEDOUT 60
#define ENAMETOOLONG 63
#define ENOTEMPTY 66
#define ENOLCK 77
#define ENOSYS 78
#define EOVERFLOW 84
#define ECANCELED 89
#define EILSEQ 92
#define EOPNOTSUPP 102
#define EWOULDBLOCK EAGAIN
#else /* Linux, x86-64 and AArch64 alike */
#define EAGAIN 11
#define ETXTBSY 26
#define EDEADLK 35
#define ENAMETOOLONG 36
#define ENOLCK 37
#define ENOSYS 38
#define ENOTEMPTY 39
#define EOVERFLOW 75
#define EILSEQ 84
#define ENOTSUP 95
#define EOPNOTSUPP 95
#define ETIMEDOUT 110
#define ECANCELED 125
#define EWOULDBLOCK EAGAIN
#endif

#endif
