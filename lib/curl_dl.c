/*
 * curl_dl: the libcurl table loaded with dlopen on first use, so that the
 * look-up commands do not pay for libcurl on runs that need no network.
 * Built with -DCURLFN_LINK (make CURL_LINK=1), the table is libcurl's own
 * functions, linked as usual.
 */
#include <stdio.h>
#include <string.h>

#include "curlfn.h"

#ifdef CURLFN_LINK

const struct curlfn *
curlfn_get(char *err, size_t errsize)
{
	static const struct curlfn fn = {
		.global_init = curl_global_init,
		.easy_init = curl_easy_init,
		.easy_setopt = curl_easy_setopt,
		.easy_perform = curl_easy_perform,
		.easy_getinfo = curl_easy_getinfo,
		.easy_reset = curl_easy_reset,
		.easy_cleanup = curl_easy_cleanup,
		.easy_strerror = curl_easy_strerror,
		.slist_append = curl_slist_append,
		.slist_free_all = curl_slist_free_all,
		.version = curl_version,
		.version_info = curl_version_info,
		.multi_init = curl_multi_init,
		.multi_setopt = curl_multi_setopt,
		.multi_add_handle = curl_multi_add_handle,
		.multi_remove_handle = curl_multi_remove_handle,
		.multi_perform = curl_multi_perform,
		.multi_poll = curl_multi_poll,
		.multi_info_read = curl_multi_info_read,
		.multi_cleanup = curl_multi_cleanup,
	};
	static int inited;

	if (!inited) {
		fn.global_init(CURL_GLOBAL_DEFAULT);
		inited = 1;
	}
	return &fn;
}

#else

#include <dlfcn.h>

#include "dl.h"

/*
 * The file dlopen looks for; the Makefile sets it for the system (uname).
 * Linux's is the SONAME of libcurl 7.16 and later, whatever its TLS backend.
 */
#ifndef CURL_SONAME
#define CURL_SONAME "libcurl.so.4"
#endif

static struct curlfn fn;

#define SYM(f) \
	dl_sym(lib, CURL_SONAME, "curl_" #f, &fn.f, sizeof fn.f, err, errsize)

const struct curlfn *
curlfn_get(char *err, size_t errsize)
{
	static int state;	/* 0 not tried, 1 loaded, -1 failed */
	void *lib;

	if (state == 1)
		return &fn;
	if (state == -1 || (lib = dlopen(CURL_SONAME, RTLD_LAZY)) == NULL) {
		snprintf(err, errsize, "cannot load %s: %s", CURL_SONAME,
		    state == -1 ? "failed before" : dlerror());
		state = -1;
		return NULL;
	}
	if (SYM(global_init) || SYM(easy_init) || SYM(easy_setopt) ||
	    SYM(easy_perform) || SYM(easy_getinfo) || SYM(easy_reset) ||
	    SYM(easy_cleanup) || SYM(easy_strerror) || SYM(slist_append) ||
	    SYM(slist_free_all) || SYM(version) || SYM(version_info) ||
	    SYM(multi_init) || SYM(multi_setopt) || SYM(multi_add_handle) ||
	    SYM(multi_remove_handle) || SYM(multi_perform) ||
	    SYM(multi_poll) || SYM(multi_info_read) || SYM(multi_cleanup)) {
		state = -1;
		return NULL;
	}
	fn.global_init(CURL_GLOBAL_DEFAULT);
	state = 1;
	return &fn;
}

#endif
