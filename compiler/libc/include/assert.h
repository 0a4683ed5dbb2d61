/* assert.h for pixie kernels. Deliberately without an include guard: the C
 * standard has assert follow NDEBUG afresh at every inclusion. A failed
 * assertion calls pixie's library, which traps; there is no stderr to print
 * to inside a kernel. */
#undef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : __pixie_assert_fail(#e, __FILE__, __LINE__, __func__))
#endif

#ifndef _PIXIE_ASSERT_H
#define _PIXIE_ASSERT_H
#ifdef __cplusplus
extern "C" {
#endif
__attribute__((__noreturn__)) void __pixie_assert_fail(const char *expr, const char *file,
                                                       int line, const char *func);
#ifdef __cplusplus
}
#endif
/* C23 made static_assert a keyword; clang's MSVC mode makes it one in C11. */
#if !defined(__cplusplus) && !defined(_MSC_VER) && __STDC_VERSION__ >= 201112L && \
    __STDC_VERSION__ < 202311L
#define static_assert _Static_assert
#endif
#endif
