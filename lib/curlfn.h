/*
 * curlfn: the libcurl functions http.c calls, through one table.
 *
 * orchat and orstream always talk to the network and link libcurl as usual
 * (curl_link.c).  ormodels and orcost mostly answer from a cached catalog;
 * loading libcurl and its TLS stack costs them 3-4 ms of dynamic linking on
 * every run, so they dlopen it only when they fetch (curl_dl.c).  Exactly one
 * of the two objects is linked into each binary; nothing else in orkit names
 * a curl function.
 */
#ifndef CURLFN_H
#define CURLFN_H

#include <stddef.h>

#include <curl/curl.h>

struct curlfn {
	CURLcode	 (*global_init)(long);
	CURL		*(*easy_init)(void);
	CURLcode	 (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode	 (*easy_perform)(CURL *);
	CURLcode	 (*easy_getinfo)(CURL *, CURLINFO, ...);
	void		 (*easy_reset)(CURL *);
	void		 (*easy_cleanup)(CURL *);
	const char	*(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void		 (*slist_free_all)(struct curl_slist *);
	char		*(*version)(void);
};

/*
 * The table, initialised (curl_global_init) on first use; NULL with a
 * message in err when libcurl cannot be loaded.
 */
const struct curlfn *curlfn_get(char *err, size_t errsize);

#endif
