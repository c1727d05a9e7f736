/*
 * json: jv helpers.
 */
#include <stdio.h>
#include <string.h>

#include "jscan.h"
#include "json.h"
#include "util.h"

jv
json_parse(const char *buf, size_t len, char *err, size_t errsize)
{
	struct jscan_err je;
	jv v;

	if (jscan_validate(buf, len, &je) != 0) {
		snprintf(err, errsize, "line %d, column %d: %s", je.line,
		    je.col, je.what);
		return jv_invalid();
	}
	v = jv_parse_sized(buf, (int)len);
	if (!jv_is_valid(v)) {
		jv msg = jv_invalid_get_msg(v);

		snprintf(err, errsize, "%s", jv_get_kind(msg) == JV_KIND_STRING
		    ? jv_string_value(msg) : "invalid JSON");
		jv_free(msg);
		return jv_invalid();
	}
	return v;
}

/* Is s a non-empty run of digits (an array index)? */
static int
is_index(const char *s, size_t n, int *idx)
{
	size_t i;
	long v = 0;

	if (n == 0 || n > 9)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*idx = (int)v;
	return 1;
}

jv
json_get(jv v, const char *path)
{
	const char *seg, *end;
	size_t n;
	int idx;

	v = jv_copy(v);
	for (seg = path; *seg; seg = *end ? end + 1 : end) {
		end = seg + strcspn(seg, ".");
		n = end - seg;
		if (jv_get_kind(v) == JV_KIND_OBJECT)
			v = jv_object_get(v, jv_string_sized(seg, (int)n));
		else if (jv_get_kind(v) == JV_KIND_ARRAY && is_index(seg, n,
		    &idx))
			v = jv_array_get(v, idx);
		else {
			jv_free(v);
			return jv_invalid();
		}
		if (!jv_is_valid(v))
			return v;
	}
	return v;
}

const char *
json_str(jv v, const char *path)
{
	jv s = json_get(v, path);
	const char *p = NULL;

	/* The parent keeps the string alive after our reference goes. */
	if (jv_get_kind(s) == JV_KIND_STRING)
		p = jv_string_value(s);
	jv_free(s);
	return p;
}

int
json_int(jv v, const char *path, long long *out)
{
	jv n = json_get(v, path);
	double d;
	int r = -1;

	if (jv_get_kind(n) == JV_KIND_NUMBER) {
		d = jv_number_value(n);
		/*
		 * Below 2^53 a double holds every integer; at 2^53 and above
		 * the text may have been rounded on the way in.
		 */
		if (d > -9007199254740992.0 && d < 9007199254740992.0 &&
		    d == (double)(long long)d) {
			*out = (long long)d;
			r = 0;
		}
	}
	jv_free(n);
	return r;
}

int
json_true(jv v, const char *path)
{
	jv x = json_get(v, path);
	jv_kind k = jv_get_kind(x);

	jv_free(x);
	return k != JV_KIND_INVALID && k != JV_KIND_NULL &&
	    k != JV_KIND_FALSE;
}

/* Set path (n bytes of it) in v; consumes v and val. */
static jv
set_path(jv v, const char *path, size_t n, jv val)
{
	size_t seg = strcspn(path, ".");
	jv key, child;

	if (seg > n)
		seg = n;
	if (jv_get_kind(v) == JV_KIND_NULL || !jv_is_valid(v)) {
		jv_free(v);
		v = jv_object();
	}
	if (jv_get_kind(v) != JV_KIND_OBJECT || seg == 0) {
		jv_free(v);
		jv_free(val);
		return jv_invalid_with_msg(jv_string_fmt("cannot set %.*s: "
		    "not an object", (int)n, path));
	}
	key = jv_string_sized(path, (int)seg);
	if (seg == n)
		return jv_object_set(v, key, val);
	child = jv_object_get(jv_copy(v), jv_copy(key));
	child = set_path(child, path + seg + 1, n - seg - 1, val);
	if (!jv_is_valid(child)) {
		jv_free(v);
		jv_free(key);
		return child;
	}
	return jv_object_set(v, key, child);
}

jv
json_set_key(jv obj, const char *key, jv val)
{
	return jv_object_set(obj, jv_string(key), val);
}

jv
json_set(jv v, const char *path, jv val)
{
	return set_path(v, path, strlen(path), val);
}

static char *
dump(jv v, int flags)
{
	jv s = jv_dump_string(jv_copy(v), flags);
	char *p = xstrdup(jv_string_value(s));

	jv_free(s);
	return p;
}

char *
json_dump(jv v)
{
	return dump(v, 0);
}

char *
json_dump_sorted(jv v)
{
	return dump(v, JV_PRINT_SORTED);
}

