/* What musl's sources expect of their build (src/include/features.h there).
 * weak_alias defines nothing: Darwin has no aliases, so the names pixie's
 * headers declare are the definitions themselves (the build renames
 * __lgamma_r and __signgam), and BSD-only aliases (drem, pow10) are not
 * part of pixie's library. */
#ifndef _PIXIE_MUSL_FEATURES_H
#define _PIXIE_MUSL_FEATURES_H
#define hidden __attribute__((__visibility__("hidden")))
#define weak
#define weak_alias(old, new)
#endif
