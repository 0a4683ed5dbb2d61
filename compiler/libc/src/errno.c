/* errno in a kernel is the host thread's errno: the variant asks the
 * platform's C runtime for it, one documented import (spec/loader.md),
 * since a variant has no thread-local storage of its own. */
#include <errno.h>

#if defined(__linux__)
extern int *__errno_location(void);
int *__pixie_errno(void) { return __errno_location(); }
#elif defined(__APPLE__)
extern int *__error(void);
int *__pixie_errno(void) { return __error(); }
#elif defined(_WIN32)
extern int *_errno(void);
int *__pixie_errno(void) { return _errno(); }
#endif
