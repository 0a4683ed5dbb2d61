/* sys/time.h for pixie kernels: struct timeval and gettimeofday, the timer
 * most benchmark code (PolyBench's among it) uses. tv_usec is each
 * platform's suseconds_t; the time zone argument is ignored, as POSIX
 * allows, and struct timezone exists only so old code that passes one
 * compiles. */
#ifndef _PIXIE_SYS_TIME_H
#define _PIXIE_SYS_TIME_H

#define _PIXIE_NEED_time_t
#define _PIXIE_NEED_suseconds_t
#include "../bits/types.h"

#ifdef __cplusplus
extern "C" {
#endif

struct timeval {
  time_t tv_sec;
  suseconds_t tv_usec;
};

struct timezone {
  int tz_minuteswest;
  int tz_dsttime;
};

int gettimeofday(struct timeval *__restrict tp, void *__restrict tzp);

#ifdef __cplusplus
}
#endif

#endif
