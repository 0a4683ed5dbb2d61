/* ctype.h for pixie kernels: the same declarations on every platform. The
 * functions are pixie's library's, which knows only the "C" locale (ASCII),
 * so there is no per-platform table behind macros: these are plain calls. */
#ifndef _PIXIE_CTYPE_H
#define _PIXIE_CTYPE_H

#ifdef __cplusplus
extern "C" {
#endif

int isalnum(int c);
int isalpha(int c);
int isblank(int c);
int iscntrl(int c);
int isdigit(int c);
int isgraph(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int isspace(int c);
int isupper(int c);
int isxdigit(int c);
int tolower(int c);
int toupper(int c);

#ifdef __cplusplus
}
#endif

#endif
