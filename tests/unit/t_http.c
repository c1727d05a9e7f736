/*
 * t_http: which base URLs may be used.  The exchange itself is tested
 * through the commands against the mock server (the .t files).
 */
#include <string.h>

#include "error.h"
#include "http.h"
#include "tap.h"

int
main(void)
{
	static const struct { const char *url; int insecure, exit; } t[] = {
		{ "https://openrouter.ai/api/v1", 0, 0 },
		{ "HTTPS://openrouter.ai/api/v1", 0, 0 },
		{ "http://127.0.0.1:8080/api/v1", 0, 0 },
		{ "http://127.1.2.3/v1", 0, 0 },
		{ "http://localhost:1234", 0, 0 },
		{ "http://LOCALHOST/", 0, 0 },
		{ "http://[::1]:8080/api", 0, 0 },
		{ "http://user:pw@127.0.0.1/", 0, 0 },
		{ "http://openrouter.ai/api/v1", 0, 78 },
		{ "http://openrouter.ai/api/v1", 1, 0 },
		{ "http://127.0.0.1.example.com/", 0, 78 },
		{ "http://localhost.example.com/", 0, 78 },
		{ "http://127.0.0.1@evil.example/", 0, 78 },
		{ "http://[::2]/", 0, 78 },
		{ "http://127.0.0.256/", 0, 78 },
		{ "ftp://openrouter.ai/", 0, 78 },
		{ "openrouter.ai/api/v1", 0, 78 },
		{ "https://", 0, 78 },
		{ "", 0, 78 },
	};
	struct or_error e;
	size_t i;
	int r;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		e.msg[0] = '\0';
		r = http_check_url(t[i].url, t[i].insecure, &e);
		is_int(r, t[i].exit, "%s%s -> %d", t[i].url,
		    t[i].insecure ? " (--insecure-http)" : "", t[i].exit);
		if (t[i].exit)
			ok(strstr(e.msg, "base URL") != NULL, "  says: %s",
			    e.msg);
	}
	return tap_done();
}
