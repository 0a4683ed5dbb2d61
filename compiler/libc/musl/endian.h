/* Every pixie target is little-endian. */
#ifndef _PIXIE_MUSL_ENDIAN_H
#define _PIXIE_MUSL_ENDIAN_H
#define __LITTLE_ENDIAN 1234
#define __BIG_ENDIAN 4321
#define __BYTE_ORDER __LITTLE_ENDIAN
#endif
