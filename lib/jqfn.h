/*
 * jqfn: the libjq functions orkit calls, through one table, so that libjq
 * (and libonig behind it) is loaded with dlopen only when a request body is
 * built.
 *
 * Every module that uses jv includes this header instead of <jv.h>.  Each
 * jv_* name below is a macro calling through jqfn_tab; until libjq is
 * loaded, the table holds stubs that load it (jq_dl.c) and then call the
 * real function, so the first jv call of a run pays for the loading and
 * --help, --version, errors before a body is built and orstream --sse never
 * do.  If libjq cannot be loaded, that first call prints one line naming
 * the file and exits 69 (EX_UNAVAILABLE).  The file loaded is the Makefile's
 * JQ_SONAME.  Built with -DJQFN_LINK (make JQ_LINK=1) there are no macros:
 * the calls go to libjq, linked as usual.  jv ownership is libjq's own
 * (jq's src/jv.h): a jv argument is consumed, jv_copy keeps one.
 */
#ifndef JQFN_H
#define JQFN_H

#include <stdarg.h>
#include <stddef.h>

#include <jv.h>

/* X(return type, name, parameters, arguments): the table, in one list. */
#define JQFN_LIST(X) \
	X(jv, jv_array, (void), ()) \
	X(jv, jv_array_append, (jv a, jv b), (a, b)) \
	X(jv, jv_array_concat, (jv a, jv b), (a, b)) \
	X(jv, jv_array_get, (jv a, int i), (a, i)) \
	X(int, jv_array_length, (jv a), (a)) \
	X(jv, jv_array_set, (jv a, int i, jv b), (a, i, b)) \
	X(jv, jv_copy, (jv a), (a)) \
	X(jv, jv_dump_string, (jv a, int f), (a, f)) \
	X(jv, jv_false, (void), ()) \
	X(jv_kind, jv_get_kind, (jv a), (a)) \
	X(jv, jv_invalid, (void), ()) \
	X(jv, jv_invalid_get_msg, (jv a), (a)) \
	X(jv, jv_invalid_with_msg, (jv a), (a)) \
	X(jv, jv_null, (void), ()) \
	X(jv, jv_number, (double d), (d)) \
	X(double, jv_number_value, (jv a), (a)) \
	X(jv, jv_object, (void), ()) \
	X(jv, jv_object_get, (jv a, jv k), (a, k)) \
	X(int, jv_object_has, (jv a, jv k), (a, k)) \
	X(int, jv_object_iter, (jv a), (a)) \
	X(jv, jv_object_iter_key, (jv a, int i), (a, i)) \
	X(int, jv_object_iter_next, (jv a, int i), (a, i)) \
	X(int, jv_object_iter_valid, (jv a, int i), (a, i)) \
	X(jv, jv_object_iter_value, (jv a, int i), (a, i)) \
	X(int, jv_object_length, (jv a), (a)) \
	X(jv, jv_object_merge, (jv a, jv b), (a, b)) \
	X(jv, jv_object_set, (jv a, jv k, jv v), (a, k, v)) \
	X(jv, jv_parse, (const char *s), (s)) \
	X(jv, jv_parse_sized, (const char *s, int n), (s, n)) \
	X(jv, jv_string, (const char *s), (s)) \
	X(int, jv_string_length_bytes, (jv a), (a)) \
	X(jv, jv_string_sized, (const char *s, int n), (s, n)) \
	X(const char *, jv_string_value, (jv a), (a)) \
	X(jv, jv_string_vfmt, (const char *f, va_list ap), (f, ap)) \
	X(jv, jv_true, (void), ())

#define JQFN_FIELD(r, n, p, a) r (*n) p;

struct jqfn {
	JQFN_LIST(JQFN_FIELD)
	void	(*jv_free)(jv);
};

/*
 * The table: stubs until libjq is loaded, its functions after (or libjq's
 * own from the start with JQFN_LINK).
 */
extern struct jqfn jqfn_tab;

/*
 * Load libjq now if it is not loaded: 0, or -1 with a message in err.
 * The stubs call it; nothing else needs to.
 */
int	jqfn_load(char *err, size_t errsize);

/* jv_string_fmt through the table's jv_string_vfmt. */
jv	jqfn_string_fmt(const char *fmt, ...) JV_PRINTF_LIKE(1, 2);

/* jq_dl.c, which fills the table, defines JQFN_TABLE to see the names. */
#if !defined(JQFN_LINK) && !defined(JQFN_TABLE)
#define jv_array(...)			(jqfn_tab.jv_array(__VA_ARGS__))
#define jv_array_append(...)		(jqfn_tab.jv_array_append(__VA_ARGS__))
#define jv_array_concat(...)		(jqfn_tab.jv_array_concat(__VA_ARGS__))
#define jv_array_get(...)		(jqfn_tab.jv_array_get(__VA_ARGS__))
#define jv_array_length(...)		(jqfn_tab.jv_array_length(__VA_ARGS__))
#define jv_array_set(...)		(jqfn_tab.jv_array_set(__VA_ARGS__))
#define jv_copy(...)			(jqfn_tab.jv_copy(__VA_ARGS__))
#define jv_dump_string(...)		(jqfn_tab.jv_dump_string(__VA_ARGS__))
#define jv_false(...)			(jqfn_tab.jv_false(__VA_ARGS__))
#define jv_free(...)			(jqfn_tab.jv_free(__VA_ARGS__))
#define jv_get_kind(...)		(jqfn_tab.jv_get_kind(__VA_ARGS__))
#define jv_invalid(...)			(jqfn_tab.jv_invalid(__VA_ARGS__))
#define jv_invalid_get_msg(...)		(jqfn_tab.jv_invalid_get_msg(__VA_ARGS__))
#define jv_invalid_with_msg(...)	(jqfn_tab.jv_invalid_with_msg(__VA_ARGS__))
/* jv.h's own jv_is_valid is a static function calling libjq directly. */
#define jv_is_valid(x)			(jv_get_kind(x) != JV_KIND_INVALID)
#define jv_null(...)			(jqfn_tab.jv_null(__VA_ARGS__))
#define jv_number(...)			(jqfn_tab.jv_number(__VA_ARGS__))
#define jv_number_value(...)		(jqfn_tab.jv_number_value(__VA_ARGS__))
#define jv_object(...)			(jqfn_tab.jv_object(__VA_ARGS__))
#define jv_object_get(...)		(jqfn_tab.jv_object_get(__VA_ARGS__))
#define jv_object_has(...)		(jqfn_tab.jv_object_has(__VA_ARGS__))
#define jv_object_iter(...)		(jqfn_tab.jv_object_iter(__VA_ARGS__))
#define jv_object_iter_key(...)		(jqfn_tab.jv_object_iter_key(__VA_ARGS__))
#define jv_object_iter_next(...)	(jqfn_tab.jv_object_iter_next(__VA_ARGS__))
#define jv_object_iter_valid(...)	(jqfn_tab.jv_object_iter_valid(__VA_ARGS__))
#define jv_object_iter_value(...)	(jqfn_tab.jv_object_iter_value(__VA_ARGS__))
#define jv_object_length(...)		(jqfn_tab.jv_object_length(__VA_ARGS__))
#define jv_object_merge(...)		(jqfn_tab.jv_object_merge(__VA_ARGS__))
#define jv_object_set(...)		(jqfn_tab.jv_object_set(__VA_ARGS__))
#define jv_parse(...)			(jqfn_tab.jv_parse(__VA_ARGS__))
#define jv_parse_sized(...)		(jqfn_tab.jv_parse_sized(__VA_ARGS__))
#define jv_string(...)			(jqfn_tab.jv_string(__VA_ARGS__))
#define jv_string_fmt			jqfn_string_fmt
#define jv_string_length_bytes(...)	(jqfn_tab.jv_string_length_bytes(__VA_ARGS__))
#define jv_string_sized(...)		(jqfn_tab.jv_string_sized(__VA_ARGS__))
#define jv_string_value(...)		(jqfn_tab.jv_string_value(__VA_ARGS__))
#define jv_string_vfmt(...)		(jqfn_tab.jv_string_vfmt(__VA_ARGS__))
#define jv_true(...)			(jqfn_tab.jv_true(__VA_ARGS__))
#endif

#endif
