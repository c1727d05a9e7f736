/*
 * jq_dl: the libjq table (jqfn.h) loaded with dlopen on the first jv call,
 * so that runs which build no request body never map libjq and libonig.
 * Built with -DJQFN_LINK (make JQ_LINK=1), the table is libjq's own
 * functions, linked as usual.
 */
#define JQFN_TABLE
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "jqfn.h"

#ifdef JQFN_LINK

#define JQFN_REAL(r, n, p, a) .n = n,

struct jqfn jqfn_tab = {
	JQFN_LIST(JQFN_REAL)
	.jv_free = jv_free,
};

int
jqfn_load(char *err, size_t errsize)
{
	return 0;
}

#else

#include <dlfcn.h>

#include "dl.h"

/* The file dlopen looks for; the Makefile sets it for the system. */
#ifndef JQ_SONAME
#define JQ_SONAME "libjq.so.1"
#endif

/* The first call of a run: load libjq or end the command. */
static void
need(void)
{
	char err[512];

	if (jqfn_load(err, sizeof err) == -1)
		errx(EX_UNAVAILABLE, "%s", err);
}

#define JQFN_STUB(r, n, p, a) \
	static r stub_##n p { need(); return jqfn_tab.n a; }
JQFN_LIST(JQFN_STUB)

static void
stub_jv_free(jv a)
{
	need();
	jqfn_tab.jv_free(a);
}

#define JQFN_STUBREF(r, n, p, a) .n = stub_##n,

struct jqfn jqfn_tab = {
	JQFN_LIST(JQFN_STUBREF)
	.jv_free = stub_jv_free,
};

#define JQFN_SYM(r, n, p, a) \
	if (dl_sym(lib, JQ_SONAME, #n, &t.n, sizeof t.n, err, \
	    errsize) == -1) \
		goto fail;

int
jqfn_load(char *err, size_t errsize)
{
	static int state;	/* 0 not tried, 1 loaded, -1 failed */
	struct jqfn t;
	void *lib;

	if (state == 1)
		return 0;
	if (state == -1 || (lib = dlopen(JQ_SONAME, RTLD_LAZY)) == NULL) {
		snprintf(err, errsize, "cannot load %s: %s", JQ_SONAME,
		    state == -1 ? "failed before" : dlerror());
		state = -1;
		return -1;
	}
	JQFN_LIST(JQFN_SYM)
	if (dl_sym(lib, JQ_SONAME, "jv_free", &t.jv_free, sizeof t.jv_free,
	    err, errsize) == -1)
		goto fail;
	jqfn_tab = t;
	state = 1;
	return 0;
fail:
	state = -1;
	return -1;
}

#endif

jv
jqfn_string_fmt(const char *fmt, ...)
{
	va_list ap;
	jv v;

	va_start(ap, fmt);
	v = jqfn_tab.jv_string_vfmt(fmt, ap);
	va_end(ap);
	return v;
}
