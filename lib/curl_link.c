/*
 * curl_link: the libcurl table for binaries linked with -lcurl.
 */
#include "curlfn.h"

static const struct curlfn fn = {
	curl_global_init,
	curl_easy_init,
	curl_easy_setopt,
	curl_easy_perform,
	curl_easy_getinfo,
	curl_easy_reset,
	curl_easy_cleanup,
	curl_easy_strerror,
	curl_slist_append,
	curl_slist_free_all,
	curl_version,
};

const struct curlfn *
curlfn_get(char *err, size_t errsize)
{
	static int done;

	(void)err;
	(void)errsize;
	if (!done) {
		fn.global_init(CURL_GLOBAL_DEFAULT);
		done = 1;
	}
	return &fn;
}
