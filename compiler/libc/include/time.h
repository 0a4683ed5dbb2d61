/* time.h for pixie kernels: the same declarations on every platform, with
 * each platform's clock_t and CLOCKS_PER_SEC (a Windows clock() ticks in
 * milliseconds) and clock ids (Darwin numbers them differently; Windows has
 * none of its own and takes Linux's). time_t is 64-bit everywhere, and
 * struct tm has musl's layout, which pixie's library (musl's sources)
 * implements. */
#ifndef _PIXIE_TIME_H
#define _PIXIE_TIME_H

#define __need_size_t
#define __need_NULL
#include <stddef.h>
#define _PIXIE_NEED_time_t
#define _PIXIE_NEED_clock_t
#define _PIXIE_NEED_clockid_t
#include "bits/types.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef _WIN32
#define CLOCKS_PER_SEC ((clock_t)1000)
#else
#define CLOCKS_PER_SEC ((clock_t)1000000)
#endif
#define TIME_UTC 1

#ifdef __APPLE__
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_MONOTONIC 6
#define CLOCK_PROCESS_CPUTIME_ID 12
#define CLOCK_THREAD_CPUTIME_ID 16
#else
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#endif

struct timespec {
  time_t tv_sec;
  long tv_nsec;
};

struct tm {
  int tm_sec;
  int tm_min;
  int tm_hour;
  int tm_mday;
  int tm_mon;
  int tm_year;
  int tm_wday;
  int tm_yday;
  int tm_isdst;
  long __tm_gmtoff;
  const char *__tm_zone;
};

clock_t clock(void);
time_t time(time_t *timer);
double difftime(time_t time1, time_t time0);
time_t mktime(struct tm *timeptr);
int timespec_get(struct timespec *ts, int base);
char *asctime(const struct tm *timeptr);
char *ctime(const time_t *timer);
struct tm *gmtime(const time_t *timer);
struct tm *localtime(const time_t *timer);
struct tm *gmtime_r(const time_t *__restrict timer, struct tm *__restrict result);
struct tm *localtime_r(const time_t *__restrict timer, struct tm *__restrict result);
size_t strftime(char *__restrict s, size_t maxsize, const char *__restrict format,
                const struct tm *__restrict timeptr);

int clock_gettime(clockid_t clock_id, struct timespec *tp);
int clock_getres(clockid_t clock_id, struct timespec *res);
int nanosleep(const struct timespec *rqtp, struct timespec *rmtp);

#ifdef __cplusplus
}
#endif

#endif
