/* The POSIX types several of pixie's headers share, each written once. A
 * header defines _PIXIE_NEED_<type> for the ones it must provide and then
 * includes this file, which defines each type at most once per translation
 * unit (C99 forbids repeating a typedef) and forgets the requests. Widths
 * follow each platform's C ABI where it has one: time_t is 64-bit everywhere,
 * clock_t is long on Linux and Windows (32-bit there) and unsigned long on
 * Darwin, suseconds_t is int on Darwin; ssize_t is as wide as a pointer. */

#if defined(_PIXIE_NEED_ssize_t) && !defined(_PIXIE_HAVE_ssize_t)
#define _PIXIE_HAVE_ssize_t
typedef __PTRDIFF_TYPE__ ssize_t;
#endif

#if defined(_PIXIE_NEED_off_t) && !defined(_PIXIE_HAVE_off_t)
#define _PIXIE_HAVE_off_t
typedef __INT64_TYPE__ off_t;
#endif

#if defined(_PIXIE_NEED_time_t) && !defined(_PIXIE_HAVE_time_t)
#define _PIXIE_HAVE_time_t
#ifdef __LP64__
typedef long time_t;
#else
typedef long long time_t;
#endif
#endif

#if defined(_PIXIE_NEED_clock_t) && !defined(_PIXIE_HAVE_clock_t)
#define _PIXIE_HAVE_clock_t
#ifdef __APPLE__
typedef unsigned long clock_t;
#else
typedef long clock_t;
#endif
#endif

#if defined(_PIXIE_NEED_clockid_t) && !defined(_PIXIE_HAVE_clockid_t)
#define _PIXIE_HAVE_clockid_t
typedef int clockid_t;
#endif

#if defined(_PIXIE_NEED_pid_t) && !defined(_PIXIE_HAVE_pid_t)
#define _PIXIE_HAVE_pid_t
typedef int pid_t;
#endif

#if defined(_PIXIE_NEED_useconds_t) && !defined(_PIXIE_HAVE_useconds_t)
#define _PIXIE_HAVE_useconds_t
typedef unsigned useconds_t;
#endif

#if defined(_PIXIE_NEED_suseconds_t) && !defined(_PIXIE_HAVE_suseconds_t)
#define _PIXIE_HAVE_suseconds_t
#ifdef __APPLE__
typedef int suseconds_t;
#else
typedef long suseconds_t;
#endif
#endif

#undef _PIXIE_NEED_ssize_t
#undef _PIXIE_NEED_off_t
#undef _PIXIE_NEED_time_t
#undef _PIXIE_NEED_clock_t
#undef _PIXIE_NEED_clockid_t
#undef _PIXIE_NEED_pid_t
#undef _PIXIE_NEED_useconds_t
#undef _PIXIE_NEED_suseconds_t
