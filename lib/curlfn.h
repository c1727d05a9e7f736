/*
 * curlfn: the libcurl functions http.c, xfer.c and httpmulti.c call,
 * through one table.
 *
 * Loading libcurl with its TLS, HTTP/2, IDN, LDAP and Kerberos libraries is
 * some 30 shared objects: measured on the 2-core machine it costs more than
 * the whole rest of a run (bench/RESULTS.md).  ormodels and orcost mostly
 * answer from a cached catalog, and every command has --help, --version and
 * offline modes, so curl_dl.c loads libcurl with dlopen the first time a
 * request is made (the file it loads is the Makefile's CURL_SONAME, or with
 * make CURL_LINK=1 libcurl is linked as usual and nothing is loaded).
 * Nothing else in orkit names a curl function.
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
	curl_version_info_data *(*version_info)(CURLversion);
	/* The multi interface, for many requests at once (orchat --batch). */
	CURLM		*(*multi_init)(void);
	CURLMcode	 (*multi_setopt)(CURLM *, CURLMoption, ...);
	CURLMcode	 (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode	 (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode	 (*multi_perform)(CURLM *, int *);
	CURLMcode	 (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int,
			    int, int *);
	CURLMsg		*(*multi_info_read)(CURLM *, int *);
	CURLMcode	 (*multi_cleanup)(CURLM *);
};

/*
 * The table, initialised (curl_global_init) on first use; NULL with a
 * message in err when libcurl cannot be loaded.
 */
const struct curlfn *curlfn_get(char *err, size_t errsize);

#endif
