/*
 * dl: one symbol of a library loaded with dlopen, for the tables of
 * curl_dl.c (libcurl) and jq_dl.c (libjq).
 */
#ifndef DL_H
#define DL_H

#include <stddef.h>

/*
 * Look name up in lib (a dlopen handle; libname, its file, for the
 * message) and copy its address into slot, a function pointer of size
 * bytes: ISO C does not convert a data pointer to a function pointer, so
 * the bytes are copied.  0, or -1 with "LIBNAME: no symbol NAME" in err.
 */
int	 dl_sym(void *lib, const char *libname, const char *name, void *slot,
	    size_t size, char *err, size_t errsize);

#endif
