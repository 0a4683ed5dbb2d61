/* signal.h for pixie kernels: declarations only, so code that installs a
 * handler compiles; a kernel receives no signals of its own. The numbers are
 * each platform's (they agree except SIGABRT, 22 on Windows). */
#ifndef _PIXIE_SIGNAL_H
#define _PIXIE_SIGNAL_H

#ifdef __cplusplus
extern "C" {
#endif

typedef int sig_atomic_t;

#define SIGINT 2
#define SIGILL 4
#define SIGFPE 8
#define SIGSEGV 11
#define SIGTERM 15
#ifdef _WIN32
#define SIGABRT 22
#else
#define SIGABRT 6
#endif

#define SIG_DFL ((void (*)(int))0)
#define SIG_IGN ((void (*)(int))1)
#define SIG_ERR ((void (*)(int))-1)

void (*signal(int sig, void (*func)(int)))(int);
int raise(int sig);

#ifdef __cplusplus
}
#endif

#endif
