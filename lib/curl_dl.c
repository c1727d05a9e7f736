/*
 * curl_dl: the libcurl table loaded with dlopen on first use, so that the
 * look-up commands do not pay for libcurl on runs that need no network.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "curlfn.h"

/* The SONAME of libcurl 7.16 and later, whatever its TLS backend. */
#ifndef CURL_SONAME
#define CURL_SONAME "libcurl.so.4"
#endif

static struct curlfn fn;

/* ISO C forbids converting a data pointer to a function pointer: copy it. */
static int
sym(void *lib, const char *name, void *slot, size_t size, char *err,
    size_t errsize)
{
	void *p = dlsym(lib, name);

	if (p == NULL) {
		snprintf(err, errsize, "libcurl: no symbol %s", name);
		return -1;
	}
	memcpy(slot, &p, size);
	return 0;
}

#define SYM(f) sym(lib, "curl_" #f, &fn.f, sizeof fn.f, err, errsize)

const struct curlfn *
curlfn_get(char *err, size_t errsize)
{
	static int state;	/* 0 not tried, 1 loaded, -1 failed */
	void *lib;

	if (state == 1)
		return &fn;
	if (state == -1 || (lib = dlopen(CURL_SONAME, RTLD_NOW)) == NULL) {
		snprintf(err, errsize, "cannot load %s: %s", CURL_SONAME,
		    state == -1 ? "failed before" : dlerror());
		state = -1;
		return NULL;
	}
	if (SYM(global_init) || SYM(easy_init) || SYM(easy_setopt) ||
	    SYM(easy_perform) || SYM(easy_getinfo) || SYM(easy_reset) ||
	    SYM(easy_cleanup) || SYM(easy_strerror) || SYM(slist_append) ||
	    SYM(slist_free_all) || SYM(version)) {
		state = -1;
		return NULL;
	}
	fn.global_init(CURL_GLOBAL_DEFAULT);
	state = 1;
	return &fn;
}
