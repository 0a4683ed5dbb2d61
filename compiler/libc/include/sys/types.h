/* sys/types.h for pixie kernels: the POSIX types hosted code reaches for,
 * defined once in bits/types.h with each platform's widths. */
#ifndef _PIXIE_SYS_TYPES_H
#define _PIXIE_SYS_TYPES_H

#define __need_size_t
#include <stddef.h>
#define _PIXIE_NEED_ssize_t
#define _PIXIE_NEED_off_t
#define _PIXIE_NEED_time_t
#define _PIXIE_NEED_clock_t
#define _PIXIE_NEED_clockid_t
#define _PIXIE_NEED_pid_t
#define _PIXIE_NEED_useconds_t
#define _PIXIE_NEED_suseconds_t
#include "../bits/types.h"

#endif
