/*
 * prompt: gathering what is sent -- the messages from their sources.
 *
 * The prompt from the arguments and stdin, the messages of -M and of the
 * conversation file, the system prompt, the images and files attached
 * (their MIME type sniffed, their bytes in base64 data: URLs), the tools
 * and the schema: read, checked and turned into req->messages and the
 * other jv members chatopt left for the inputs.  Only prompt_prepare reads
 * files; the rest take bytes and do no I/O.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "chatopt.h"
#include "error.h"
#include "json.h"
#include "prompt.h"
#include "util.h"

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int
prompt_is_url(const char *s)
{
	return strncasecmp(s, "https://", 8) == 0 ||
	    strncasecmp(s, "http://", 7) == 0 ||
	    strncasecmp(s, "data:", 5) == 0;
}

/* Read a named file whole, for an input; 66 if it cannot be. */
static int
slurp(const char *what, const char *path, struct buf *b, struct or_error *e)
{
	int err, ret;

	buf_init(b, PROMPT_INPUT_MAX);
	if (read_file(path, b) == 0)
		return 0;
	err = errno;
	buf_free(b);
	if (err == EFBIG)
		ret = error_set(e, EX_DATAERR, "%s %s: larger than %u MiB",
		    what, path, PROMPT_INPUT_MAX >> 20);
	else
		ret = error_set(e, EX_NOINPUT, "%s %s: %s", what, path,
		    strerror(err));
	errno = err;	/* for the caller to tell ENOENT */
	return ret;
}

static int
all_space(const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++, n--;
	return n == 0;
}

/* A JSON document from b, or 65 naming where it came from. */
static int
parse_doc(const char *what, const struct buf *b, jv *out, struct or_error *e)
{
	char perr[160];

	*out = json_parse(b->p ? b->p : "", b->len, perr, sizeof perr);
	if (jv_is_valid(*out))
		return 0;
	return error_set(e, EX_DATAERR, "%s: not JSON: %s", what, perr);
}

/*
 * The messages of a document: itself if an array, else its "messages".
 * Each must be an object with a role.  Consumes doc.
 */
static int
messages_of(const char *what, jv doc, jv *out, struct or_error *e)
{
	jv m;
	int i, n;

	if (jv_get_kind(doc) == JV_KIND_OBJECT)
		m = jv_object_get(jv_copy(doc), jv_string("messages"));
	else
		m = jv_copy(doc);
	jv_free(doc);
	if (jv_get_kind(m) != JV_KIND_ARRAY) {
		jv_free(m);
		return error_set(e, EX_DATAERR, "%s: not a JSON array of "
		    "messages, nor an object with \"messages\"", what);
	}
	n = jv_array_length(jv_copy(m));
	for (i = 0; i < n; i++) {
		jv x = jv_array_get(jv_copy(m), i);
		int okay = jv_get_kind(x) == JV_KIND_OBJECT &&
		    json_str(x, "role") != NULL;

		jv_free(x);
		if (!okay) {
			jv_free(m);
			return error_set(e, EX_DATAERR, "%s: message %d is "
			    "not an object with a \"role\"", what, i + 1);
		}
	}
	*out = m;
	return 0;
}

/* The messages of doc (consumed) become the request's. */
static int
take_messages(struct chat_req *r, const char *what, jv doc,
    struct or_error *e)
{
	jv m;
	int ret;

	if ((ret = messages_of(what, doc, &m, e)))
		return ret;
	jv_free(r->messages);
	r->messages = m;
	return 0;
}

/*
 * The conversation file, locked from its reading to its rewriting so that
 * two commands on one file take turns and neither's paid turn is lost.
 * One a process: prompt_prepare takes it, prompt_conversation_done (or
 * the process's end) lets it go.
 */
static struct {
	int	 fd;		/* holds the flock(2); -1: none */
	int	 created;	/* made here, empty: removed if left empty */
	char	 path[PATH_MAX];	/* the file, its links followed */
} conv = { -1, 0, "" };

void
prompt_conversation_done(void)
{
	if (conv.fd != -1)
		close(conv.fd);
	conv.fd = -1;
	conv.created = 0;
}

/* At exit: a file made for a turn that never came goes, still locked. */
static void
conv_atexit(void)
{
	struct stat fst, pst;

	if (conv.fd != -1 && conv.created && fstat(conv.fd, &fst) == 0 &&
	    stat(conv.path, &pst) == 0 && fst.st_dev == pst.st_dev &&
	    fst.st_ino == pst.st_ino && pst.st_size == 0)
		unlink(conv.path);
	prompt_conversation_done();
}

/*
 * Lock the conversation file (made empty, 0600, when missing) and point
 * r->conversation at the file itself, a symbolic link followed, for the
 * rewrite to keep the link.  The lock is on the file, which the rewrite
 * replaces: one who waited for it checks that the file it locked is
 * still the one at the path, else locks the new one.  A file that cannot
 * be opened (no such directory, no permission) is not locked: reading or
 * writing it says why, as before.
 */
static int
conv_lock(struct chat_req *r, struct or_error *e)
{
	static int registered;
	struct stat fst, pst;
	int fd, created, tries;

	prompt_conversation_done();
	if (link_target(r->conversation, conv.path, sizeof conv.path) == -1)
		return error_set(e, EX_NOINPUT, "--conversation %s: %s",
		    r->conversation, strerror(errno));
	r->conversation = conv.path;
	if (!registered++)
		atexit(conv_atexit);
	for (tries = 0; tries < 1000; tries++) {
		created = 0;
		fd = open(conv.path, O_RDONLY | O_CLOEXEC);
		if (fd == -1 && errno == ENOENT) {
			fd = open(conv.path, O_WRONLY | O_CREAT | O_EXCL |
			    O_CLOEXEC, 0600);
			if (fd == -1 && errno == EEXIST)
				continue;
			created = fd != -1;
		}
		if (fd == -1)
			return 0;
		if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
			if (errno != EWOULDBLOCK) {	/* cannot lock here */
				close(fd);
				return 0;
			}
			if (isatty(2))
				warnx("--conversation %s: waiting for another "
				    "command using it", conv.path);
			while (flock(fd, LOCK_EX) == -1 && errno == EINTR)
				;
		}
		if (fstat(fd, &fst) == 0 && stat(conv.path, &pst) == 0 &&
		    fst.st_dev == pst.st_dev && fst.st_ino == pst.st_ino) {
			conv.fd = fd;
			conv.created = created;
			return 0;
		}
		close(fd);	/* replaced while we waited: lock the new one */
	}
	return error_set(e, EX_TEMPFAIL, "--conversation %s: cannot lock it",
	    conv.path);
}

/* -c: a missing or empty file is a new conversation. */
static int
load_conversation(struct chat_req *r, struct or_error *e)
{
	struct buf b;
	jv doc;
	int ret;

	if ((ret = slurp("--conversation", r->conversation, &b, e))) {
		if (e->exit == EX_NOINPUT && errno == ENOENT)
			return 0;
		return ret;
	}
	if (all_space(b.p, b.len)) {
		buf_free(&b);
		return 0;
	}
	ret = parse_doc(r->conversation, &b, &doc, e);
	buf_free(&b);
	if (ret)
		return ret;
	jv_free(r->conv_doc);
	r->conv_doc = jv_copy(doc);
	return take_messages(r, r->conversation, doc, e);
}

static int
load_messages(struct chat_req *r, int fd, struct or_error *e)
{
	struct buf b;
	jv doc;
	int ret;

	if (isatty(fd))
		return error_set(e, OR_EX_USAGE, "--messages: the messages are "
		    "read from standard input, which is a terminal");
	buf_init(&b, PROMPT_INPUT_MAX);
	if (read_fd(fd, &b) == -1) {
		buf_free(&b);
		return error_set(e, errno == EFBIG ? EX_DATAERR : EX_NOINPUT,
		    "stdin: %s", strerror(errno));
	}
	ret = parse_doc("stdin", &b, &doc, e);
	buf_free(&b);
	if (ret)
		return ret;
	return take_messages(r, "stdin", doc, e);
}

/* The instruction from the arguments, then stdin's content. */
static int
read_prompt(const struct chat_req *r, int argc, char *const argv[], int fd,
    struct buf *p, struct or_error *e)
{
	struct buf in;
	int i;

	for (i = 0; i < argc; i++)
		if ((i && buf_add(p, " ", 1) == -1) ||
		    buf_adds(p, argv[i]) == -1)
			return error_set(e, OR_EX_USAGE, "prompt larger than %u "
			    "MiB", PROMPT_INPUT_MAX >> 20);
	if (r->messages_stdin || isatty(fd))
		return 0;
	buf_init(&in, PROMPT_INPUT_MAX);
	if (read_fd(fd, &in) == -1) {
		buf_free(&in);
		return error_set(e, errno == EFBIG ? OR_EX_USAGE : EX_NOINPUT,
		    "stdin: %s", errno == EFBIG ? "prompt larger than 32 MiB" :
		    strerror(errno));
	}
	/* A person at a terminal who sent a file's bytes meant to attach it. */
	if (isatty(1) && (memchr(in.p ? in.p : "", '\0', in.len) ||
	    prompt_mime("", in.p ? in.p : "", in.len))) {
		buf_free(&in);
		return error_set(e, OR_EX_USAGE, "stdin holds binary data, not "
		    "a prompt: attach a file with -i FILE (an image) or "
		    "--file FILE");
	}
	if (in.len && ((p->len && buf_add(p, "\n\n", 2) == -1) ||
	    buf_add(p, in.p, in.len) == -1)) {
		buf_free(&in);
		return error_set(e, OR_EX_USAGE, "prompt larger than %u MiB",
		    PROMPT_INPUT_MAX >> 20);
	}
	buf_free(&in);
	return 0;
}

void
prompt_base64(struct buf *out, const void *in, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *s = in;
	char q[4];
	unsigned long v;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned long)s[i] << 16 | s[i + 1] << 8 | s[i + 2];
		q[0] = tab[v >> 18];
		q[1] = tab[v >> 12 & 63];
		q[2] = tab[v >> 6 & 63];
		q[3] = tab[v & 63];
		buf_add(out, q, 4);
	}
	if (i < n) {
		v = (unsigned long)s[i] << 16;
		if (i + 1 < n)
			v |= s[i + 1] << 8;
		q[0] = tab[v >> 18];
		q[1] = tab[v >> 12 & 63];
		q[2] = i + 1 < n ? tab[v >> 6 & 63] : '=';
		q[3] = '=';
		buf_add(out, q, 4);
	}
}

const char *
prompt_mime(const char *name, const void *data, size_t len)
{
	static const struct {
		const char *ext, *mime;
	} exts[] = {
		{ "png", "image/png" }, { "jpg", "image/jpeg" },
		{ "jpeg", "image/jpeg" }, { "gif", "image/gif" },
		{ "webp", "image/webp" }, { "pdf", "application/pdf" },
		{ "txt", "text/plain" }, { "md", "text/markdown" },
		{ "csv", "text/csv" }, { "html", "text/html" },
		{ "htm", "text/html" }, { "json", "application/json" },
		{ "xml", "application/xml" },
	};
	const unsigned char *d = data;
	const char *dot;
	size_t i;

	/* The bytes say what a file is better than its name does. */
	if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		return "image/jpeg";
	if (len >= 6 && (memcmp(d, "GIF87a", 6) == 0 ||
	    memcmp(d, "GIF89a", 6) == 0))
		return "image/gif";
	if (len >= 12 && memcmp(d, "RIFF", 4) == 0 &&
	    memcmp(d + 8, "WEBP", 4) == 0)
		return "image/webp";
	if (len >= 5 && memcmp(d, "%PDF-", 5) == 0)
		return "application/pdf";
	if ((dot = strrchr(base_name(name), '.')) == NULL)
		return NULL;
	for (i = 0; i < sizeof exts / sizeof exts[0]; i++)
		if (strcasecmp(dot + 1, exts[i].ext) == 0)
			return exts[i].mime;
	return NULL;
}

static void
data_url(struct buf *u, const char *mime, const void *data, size_t len)
{
	buf_adds(u, "data:");
	buf_adds(u, mime);
	buf_adds(u, ";base64,");
	prompt_base64(u, data, len);
}

/* A jv string of a buf's bytes; frees the buf. */
static jv
buf_string(struct buf *b)
{
	jv s = jv_string_sized(b->p ? b->p : "", (int)b->len);

	buf_free(b);
	return s;
}

int
prompt_image_part(const char *name, const void *data, size_t len, jv *part,
    struct or_error *e)
{
	const char *mime = NULL;
	struct buf u;
	jv url;

	if (data == NULL)
		url = jv_string(name);
	else {
		mime = prompt_mime(name, data, len);
		if (mime == NULL || strncmp(mime, "image/", 6) != 0)
			return error_set(e, EX_DATAERR, "--image %s: not a "
			    "PNG, JPEG, GIF or WebP image", name);
		buf_init(&u, 0);
		data_url(&u, mime, data, len);
		url = buf_string(&u);
	}
	*part = json_set_key(json_set_key(jv_object(), "type",
	    jv_string("image_url")), "image_url", json_set_key(jv_object(),
	    "url", url));
	return 0;
}

jv
prompt_file_part(const char *name, const void *data, size_t len)
{
	const char *mime, *fname;
	struct buf u;
	jv file;

	if (data == NULL) {
		/* A URL: its last path segment names the file. */
		fname = name + strcspn(name, "?#");
		while (fname > name && fname[-1] != '/')
			fname--;
		file = json_set_key(jv_object(), "filename",
		    jv_string_sized(fname, (int)strcspn(fname, "?#")));
		file = json_set_key(file, "file_data", jv_string(name));
	} else {
		if ((mime = prompt_mime(name, data, len)) == NULL)
			mime = "application/octet-stream";
		buf_init(&u, 0);
		data_url(&u, mime, data, len);
		file = json_set_key(jv_object(), "filename",
		    jv_string(base_name(name)));
		file = json_set_key(file, "file_data", buf_string(&u));
	}
	return json_set_key(json_set_key(jv_object(), "type",
	    jv_string("file")), "file", file);
}

/* -i and --file, in the order given, as content parts. */
static int
attachments(const struct chat_req *r, jv *parts, struct or_error *e)
{
	struct buf b;
	size_t i;
	jv part;
	int ret;

	for (i = 0; i < r->nimages; i++) {
		if (prompt_is_url(r->images[i]))
			ret = prompt_image_part(r->images[i], NULL, 0, &part, e);
		else if ((ret = slurp("--image", r->images[i], &b, e)) == 0) {
			ret = prompt_image_part(r->images[i], b.p ? b.p : "",
			    b.len, &part, e);
			buf_free(&b);
		}
		if (ret)
			return ret;
		*parts = jv_array_append(*parts, part);
	}
	for (i = 0; i < r->nfiles; i++) {
		if (prompt_is_url(r->files[i]))
			part = prompt_file_part(r->files[i], NULL, 0);
		else if ((ret = slurp("--file", r->files[i], &b, e)) == 0) {
			part = prompt_file_part(r->files[i], b.p ? b.p : "",
			    b.len);
			buf_free(&b);
		} else
			return ret;
		*parts = jv_array_append(*parts, part);
	}
	return 0;
}

jv
prompt_user_message(const char *text, size_t len, jv parts)
{
	jv content;

	if (jv_array_length(jv_copy(parts)) == 0) {
		jv_free(parts);
		content = jv_string_sized(text ? text : "", (int)len);
	} else {
		content = jv_array();
		if (len)
			content = jv_array_append(content,
			    json_set_key(json_set_key(jv_object(), "type",
			    jv_string("text")), "text",
			    jv_string_sized(text, (int)len)));
		content = jv_array_concat(content, parts);
	}
	return json_set_key(json_set_key(jv_object(), "role",
	    jv_string("user")), "content", content);
}

/* The system prompt replaces a leading system message, else leads. */
static void
set_system(struct chat_req *r, jv text)
{
	jv first = jv_array_get(jv_copy(r->messages), 0);
	const char *role = jv_is_valid(first) &&
	    jv_get_kind(first) == JV_KIND_OBJECT ? json_str(first, "role") :
	    NULL;
	jv msg = json_set_key(json_set_key(jv_object(), "role",
	    jv_string("system")), "content", text);

	if (role && strcmp(role, "system") == 0)
		r->messages = jv_array_set(r->messages, 0, msg);
	else
		r->messages = jv_array_concat(jv_array_append(jv_array(), msg),
		    r->messages);
	jv_free(first);
}

static int
load_system(struct chat_req *r, struct or_error *e)
{
	struct buf b;
	int ret;

	if (r->system) {
		set_system(r, jv_string(r->system));
		return 0;
	}
	if (r->system_file == NULL)
		return 0;
	if ((ret = slurp("--system-file", r->system_file, &b, e)))
		return ret;
	/* The file's last newline ends the file, not the prompt. */
	while (b.len && b.p[b.len - 1] == '\n')
		b.len--;
	set_system(r, buf_string(&b));
	return 0;
}

static int
load_tools(struct chat_req *r, struct or_error *e)
{
	struct buf b;
	jv doc, t;
	int ret, i, n;

	if (r->tools_file == NULL)
		return 0;
	if ((ret = slurp("--tools", r->tools_file, &b, e)))
		return ret;
	ret = parse_doc(r->tools_file, &b, &doc, e);
	buf_free(&b);
	if (ret)
		return ret;
	if (jv_get_kind(doc) == JV_KIND_OBJECT)
		doc = jv_object_get(doc, jv_string("tools"));
	if (jv_get_kind(doc) != JV_KIND_ARRAY) {
		jv_free(doc);
		return error_set(e, EX_DATAERR, "%s: not a JSON array of "
		    "tools, nor an object with \"tools\"", r->tools_file);
	}
	n = jv_array_length(jv_copy(doc));
	for (i = 0; i < n; i++) {
		t = jv_array_get(jv_copy(doc), i);
		ret = jv_get_kind(t) != JV_KIND_OBJECT ||
		    json_str(t, "type") == NULL;
		jv_free(t);
		if (ret) {
			jv_free(doc);
			return error_set(e, EX_DATAERR, "%s: tool %d is not "
			    "an object with a \"type\"", r->tools_file, i + 1);
		}
	}
	jv_free(r->tools);
	r->tools = doc;
	return 0;
}

/* The schema's name: the file's, in the characters the API allows. */
static jv
schema_name(const char *path)
{
	const char *s = base_name(path);
	char name[65];
	size_t n = 0;

	for (; *s && *s != '.' && n < sizeof name - 1; s++)
		name[n++] = (*s >= 'a' && *s <= 'z') || (*s >= 'A' &&
		    *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ? *s :
		    '_';
	name[n] = '\0';
	return jv_string(n ? name : "schema");
}

/*
 * --schema FILE: a JSON Schema, or a whole json_schema object
 * ({"name", "schema", "strict"?}) as the API takes it.  Strict either way
 * unless the file says otherwise.
 */
static int
load_schema(struct chat_req *r, struct or_error *e)
{
	struct buf b;
	jv doc, cfg, sub;
	int ret;

	if (r->schema_file == NULL)
		return 0;
	if ((ret = slurp("--schema", r->schema_file, &b, e)))
		return ret;
	ret = parse_doc(r->schema_file, &b, &doc, e);
	buf_free(&b);
	if (ret)
		return ret;
	if (jv_get_kind(doc) != JV_KIND_OBJECT) {
		jv_free(doc);
		return error_set(e, EX_DATAERR, "%s: not a JSON Schema "
		    "object", r->schema_file);
	}
	sub = json_get(doc, "schema");
	if (jv_get_kind(sub) == JV_KIND_OBJECT && json_str(doc, "name")) {
		cfg = doc;
		if (!jv_object_has(jv_copy(cfg), jv_string("strict")))
			cfg = json_set_key(cfg, "strict", jv_true());
	} else {
		cfg = json_set_key(jv_object(), "name",
		    schema_name(r->schema_file));
		cfg = json_set_key(json_set_key(cfg, "strict", jv_true()),
		    "schema", doc);
	}
	jv_free(sub);
	jv_free(r->response_format);
	r->response_format = json_set_key(json_set_key(jv_object(), "type",
	    jv_string("json_schema")), "json_schema", cfg);
	/* Only providers that can honour the schema. */
	r->provider = json_set_key(r->provider, "require_parameters",
	    jv_true());
	return 0;
}

static int
conflicts(const struct chat_req *r, struct or_error *e)
{
	if (r->json_mode && r->schema_file)
		return error_set(e, OR_EX_USAGE, "--json-mode and --schema "
		    "exclude each other");
	if (r->system && r->system_file)
		return error_set(e, OR_EX_USAGE, "--system and --system-file "
		    "exclude each other");
	if (r->conversation && r->messages_stdin)
		return error_set(e, OR_EX_USAGE, "--conversation and --messages "
		    "exclude each other");
	if (jv_object_has(jv_copy(r->reasoning), jv_string("effort")) &&
	    jv_object_has(jv_copy(r->reasoning), jv_string("max_tokens")))
		return error_set(e, OR_EX_USAGE, "--reasoning-effort and "
		    "--reasoning-max-tokens exclude each other");
	return 0;
}

int
prompt_prepare(struct chat_req *r, int argc, char *const argv[], int in_fd,
    struct or_error *e)
{
	struct buf prompt;
	jv parts;
	int ret;

	chatopt_jv(r);
	parts = jv_array();
	memset(e, 0, sizeof *e);
	buf_init(&prompt, PROMPT_INPUT_MAX);
	if ((ret = conflicts(r, e)) ||
	    (r->conversation && !r->dry_run && (ret = conv_lock(r, e))) ||
	    (r->conversation && (ret = load_conversation(r, e))) ||
	    (r->messages_stdin && (ret = load_messages(r, in_fd, e))) ||
	    (ret = read_prompt(r, argc, argv, in_fd, &prompt, e)) ||
	    (ret = attachments(r, &parts, e)))
		goto out;
	/* White space alone is no prompt: nothing to send, or to pay for. */
	if (all_space(prompt.p, prompt.len) && prompt.len &&
	    jv_array_length(jv_copy(parts)) == 0 && !r->messages_stdin) {
		ret = error_set(e, OR_EX_USAGE, "no prompt: the prompt is only "
		    "white space");
		goto out;
	}
	if (all_space(prompt.p, prompt.len))
		prompt.len = 0;
	if (prompt.len || jv_array_length(jv_copy(parts))) {
		r->messages = jv_array_append(r->messages,
		    prompt_user_message(prompt.p, prompt.len, parts));
		parts = jv_array();
	} else if (!r->messages_stdin) {
		ret = error_set(e, OR_EX_USAGE, "no prompt: give it as arguments "
		    "or on stdin");
		goto out;
	}
	if ((ret = load_system(r, e)) || (ret = load_tools(r, e)) ||
	    (ret = load_schema(r, e)))
		goto out;
	if (r->json_mode) {
		jv_free(r->response_format);
		r->response_format = json_set_key(jv_object(), "type",
		    jv_string("json_object"));
	}
	if (jv_array_length(jv_copy(r->messages)) == 0)
		ret = error_set(e, OR_EX_USAGE, "no messages: stdin holds an "
		    "empty list and there is no prompt");
out:
	jv_free(parts);
	buf_free(&prompt);
	return ret;
}

int
prompt_prepare_base(struct chat_req *r, struct or_error *e)
{
	jv parts;
	int ret;

	chatopt_jv(r);
	memset(e, 0, sizeof *e);
	if (r->conversation)
		return error_set(e, OR_EX_USAGE, "--batch and --conversation "
		    "exclude each other");
	if (r->messages_stdin)
		return error_set(e, OR_EX_USAGE, "--batch and --messages "
		    "exclude each other: a line may hold \"messages\"");
	parts = jv_array();
	if ((ret = conflicts(r, e)) || (ret = attachments(r, &parts, e))) {
		jv_free(parts);
		return ret;
	}
	if (jv_array_length(jv_copy(parts)))
		r->messages = jv_array_append(r->messages,
		    prompt_user_message("", 0, parts));
	else
		jv_free(parts);
	if ((ret = load_system(r, e)) || (ret = load_tools(r, e)) ||
	    (ret = load_schema(r, e)))
		return ret;
	if (r->json_mode) {
		jv_free(r->response_format);
		r->response_format = json_set_key(jv_object(), "type",
		    jv_string("json_object"));
	}
	return 0;
}
