/*
 * mtable: tables and JSON records, model columns, filters and sorts for the
 * commands that read the catalog.
 */
#include <err.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "catalog.h"
#include "error.h"
#include "jscan.h"
#include "money.h"
#include "mtable.h"
#include "util.h"

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Does s contain pat, ASCII case ignored? */
static int
icontains(const char *s, const char *pat)
{
	size_t i;

	if (*pat == '\0')
		return 1;
	for (; *s; s++) {
		for (i = 0; pat[i] && lower((unsigned char)s[i]) ==
		    lower((unsigned char)pat[i]); i++)
			;
		if (pat[i] == '\0')
			return 1;
	}
	return 0;
}

/* ---- tables ---------------------------------------------------------- */

struct mt_table {
	size_t		  ncols;
	char		**heads;
	unsigned	 *flags;
	int		  human;
	char		**cells;	/* rows * ncols, row after row */
	size_t		  nrows, cap;
	FILE		 *stream;	/* rows go straight here (mt_table_stream) */
};

struct mt_table *
mt_table_new(size_t ncols, const char *const *heads, const unsigned *flags,
    int human)
{
	struct mt_table *t = xcalloc(1, sizeof *t);
	size_t i;

	t->ncols = ncols;
	t->human = human;
	t->heads = xcalloc(ncols, sizeof t->heads[0]);
	t->flags = xcalloc(ncols, sizeof t->flags[0]);
	for (i = 0; i < ncols; i++) {
		t->heads[i] = xstrdup(heads[i] ? heads[i] : "");
		t->flags[i] = flags ? flags[i] : 0;
	}
	return t;
}

int
mt_table_human(const struct mt_table *t)
{
	return t->human;
}

void
mt_table_stream(struct mt_table *t, FILE *fp)
{
	if (!t->human)
		t->stream = fp;
}

static void
tsv_row(FILE *fp, const char *const *cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		fputs(cells[i] ? cells[i] : "", fp);
		putc(i + 1 < n ? '\t' : '\n', fp);
	}
}

void
mt_table_add(struct mt_table *t, const char *const *cells)
{
	size_t i;

	if (t->stream) {
		tsv_row(t->stream, cells, t->ncols);
		t->nrows++;
		return;
	}
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->cells = xrealloc(t->cells, t->cap * t->ncols *
		    sizeof t->cells[0]);
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] =
		    xstrdup(cells[i] ? cells[i] : "");
	t->nrows++;
}

size_t
mt_table_rows(const struct mt_table *t)
{
	return t->nrows;
}

/*
 * Counting characters, not bytes, keeps names with accents or curly quotes
 * in line.  East Asian wide characters would need wcwidth(3) and a UTF-8
 * locale, which LC_ALL=C pipelines do not have; the catalog's names are
 * Latin text, so the approximation holds where it matters.
 */
size_t
mt_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

static void
pad(FILE *fp, size_t n)
{
	while (n-- > 0)
		putc(' ', fp);
}

int
mt_table_write(const struct mt_table *t, FILE *fp, int colour)
{
	size_t *w, r, i, cw;
	const char *s;

	if (!t->human) {
		for (r = 0; r < t->nrows && !t->stream; r++)
			tsv_row(fp, (const char *const *)t->cells + r *
			    t->ncols, t->ncols);
		return ferror(fp) ? -1 : 0;
	}
	w = xcalloc(t->ncols, sizeof *w);
	for (i = 0; i < t->ncols; i++)
		w[i] = mt_width(t->heads[i]);
	for (r = 0; r < t->nrows; r++)
		for (i = 0; i < t->ncols; i++)
			if ((cw = mt_width(t->cells[r * t->ncols + i])) > w[i])
				w[i] = cw;
	/* Row 0 is the header, row r the cells of row r - 1. */
	for (r = 0; r <= t->nrows; r++) {
		if (r == 0 && colour)
			fputs("\033[1m", fp);
		for (i = 0; i < t->ncols; i++) {
			s = r == 0 ? t->heads[i] : t->cells[(r - 1) * t->ncols +
			    i];
			cw = mt_width(s);
			if (t->flags[i] & MT_RIGHT)
				pad(fp, w[i] - cw);
			fputs(s, fp);
			/* No trailing blanks after the last column. */
			if (i + 1 < t->ncols) {
				if (!(t->flags[i] & MT_RIGHT))
					pad(fp, w[i] - cw);
				fputs("  ", fp);
			}
		}
		if (r == 0 && colour)
			fputs("\033[0m", fp);
		putc('\n', fp);
	}
	free(w);
	return ferror(fp) ? -1 : 0;
}

void
mt_table_free(struct mt_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows * t->ncols && !t->stream; i++)
		free(t->cells[i]);
	for (i = 0; i < t->ncols; i++)
		free(t->heads[i]);
	free(t->cells);
	free(t->heads);
	free(t->flags);
	free(t);
}

void
mt_json_begin(struct mt_json *j, FILE *fp, int lines)
{
	j->fp = fp;
	j->lines = lines;
	j->n = 0;
}

/* The text is a validated JSON value: drop whitespace outside strings. */
void
mt_json_add(struct mt_json *j, const char *p, size_t len)
{
	const char *end = p + len, *run;
	int in = 0;

	if (!j->lines)
		fputs(j->n ? ",\n" : "[\n", j->fp);
	j->n++;
	while (p < end) {
		for (run = p; p < end; p++) {
			if (in) {
				if (*p == '\\' && p + 1 < end)
					p++;
				else if (*p == '"')
					in = 0;
			} else if (*p == '"')
				in = 1;
			else if (*p == ' ' || *p == '\t' || *p == '\n' ||
			    *p == '\r')
				break;
		}
		fwrite(run, 1, p - run, j->fp);
		while (p < end && !in && (*p == ' ' || *p == '\t' ||
		    *p == '\n' || *p == '\r'))
			p++;
	}
	if (j->lines)
		putc('\n', j->fp);
}

void
mt_json_end(struct mt_json *j)
{
	if (!j->lines)
		fputs(j->n ? "\n]\n" : "[]\n", j->fp);
}

/* ---- columns --------------------------------------------------------- */

static const struct {
	const char	*name;
	const char	*head;
	unsigned	 flags;
	int		 price;		/* CP_* field, or -1 */
	const char	*what;
} coltab[MC_NCOLS] = {
	[MC_ID] = { "id", "ID", 0, -1, "model id, the slug to send" },
	[MC_SLUG] = { "slug", "CANONICAL SLUG", 0, -1,
	    "permanent (often dated) slug" },
	[MC_NAME] = { "name", "NAME", 0, -1, "display name" },
	[MC_CREATED] = { "created", "CREATED", 0, -1,
	    "date added to OpenRouter (UTC)" },
	[MC_CONTEXT] = { "context", "CONTEXT", MT_RIGHT, -1,
	    "context length in tokens" },
	[MC_MAX_OUTPUT] = { "max-output", "MAX OUTPUT", MT_RIGHT, -1,
	    "most completion tokens per request" },
	[MC_PROMPT] = { "prompt", "PROMPT $/M", MT_RIGHT, CP_PROMPT,
	    "USD per million input tokens" },
	[MC_COMPLETION] = { "completion", "COMPLETION $/M", MT_RIGHT,
	    CP_COMPLETION, "USD per million output tokens" },
	[MC_REASONING] = { "reasoning", "REASONING $/M", MT_RIGHT,
	    CP_INTERNAL_REASONING, "USD per million reasoning tokens" },
	[MC_CACHE_READ] = { "cache-read", "CACHE READ $/M", MT_RIGHT,
	    CP_CACHE_READ, "USD per million cached input tokens read" },
	[MC_CACHE_WRITE] = { "cache-write", "CACHE WRITE $/M", MT_RIGHT,
	    CP_CACHE_WRITE, "USD per million input tokens cached" },
	[MC_CACHE_WRITE_1H] = { "cache-write-1h", "CACHE WRITE 1H $/M",
	    MT_RIGHT, CP_CACHE_WRITE_1H,
	    "the same, with a one-hour cache lifetime" },
	[MC_REQUEST] = { "request", "REQUEST $", MT_RIGHT, CP_REQUEST,
	    "USD per request" },
	[MC_IMAGE] = { "image", "IMAGE $", MT_RIGHT, CP_IMAGE,
	    "USD per input image" },
	[MC_WEB_SEARCH] = { "web-search", "WEB SEARCH $", MT_RIGHT,
	    CP_WEB_SEARCH, "USD per web search" },
	[MC_MODALITY] = { "modality", "MODALITY", 0, -1,
	    "text+image->text" },
	[MC_INPUT] = { "input", "INPUT", 0, -1, "input modalities" },
	[MC_OUTPUT] = { "output", "OUTPUT", 0, -1, "output modalities" },
	[MC_TOKENIZER] = { "tokenizer", "TOKENIZER", 0, -1, "tokenizer" },
	[MC_CUTOFF] = { "cutoff", "KNOWLEDGE CUTOFF", 0, -1,
	    "knowledge cutoff date" },
	[MC_MODERATED] = { "moderated", "MODERATED", 0, -1,
	    "yes: inputs may be refused by moderation" },
	[MC_SUPPORTS] = { "supports", "SUPPORTS", 0, -1,
	    "supported request parameters" },
};

/* Other names people will reach for, from the API's own field names. */
static const struct {
	const char	*alias;
	enum mt_col	 c;
} col_alias[] = {
	{ "canonical-slug", MC_SLUG },
	{ "context-length", MC_CONTEXT },
	{ "max-completion-tokens", MC_MAX_OUTPUT },
	{ "input-modalities", MC_INPUT },
	{ "output-modalities", MC_OUTPUT },
	{ "knowledge-cutoff", MC_CUTOFF },
	{ "internal-reasoning", MC_REASONING },
	{ "input-cache-read", MC_CACHE_READ },
	{ "input-cache-write", MC_CACHE_WRITE },
	{ "supported-parameters", MC_SUPPORTS },
};

const char *
mt_col_name(enum mt_col c)
{
	return coltab[c].name;
}

static int
col_lookup(const char *s, size_t n, enum mt_col *out)
{
	char name[64];
	size_t i;

	if (n == 0 || n >= sizeof name)
		return -1;
	for (i = 0; i < n; i++)
		name[i] = s[i] == '_' ? '-' : s[i];
	name[n] = '\0';
	for (i = 0; i < MC_NCOLS; i++)
		if (strcmp(name, coltab[i].name) == 0) {
			*out = i;
			return 0;
		}
	for (i = 0; i < sizeof col_alias / sizeof col_alias[0]; i++)
		if (strcmp(name, col_alias[i].alias) == 0) {
			*out = col_alias[i].c;
			return 0;
		}
	return -1;
}

int
mt_columns(const char *list, enum mt_col *cols, size_t max, char *err,
    size_t errsize)
{
	size_t n = 0, len;
	const char *p = list;

	for (;;) {
		len = strcspn(p, ",");
		if (n == max) {
			snprintf(err, errsize, "more than %zu columns", max);
			return -1;
		}
		if (col_lookup(p, len, &cols[n]) == -1) {
			snprintf(err, errsize, "no column '%.*s' (see --help)",
			    (int)(len > 40 ? 40 : len), p);
			return -1;
		}
		n++;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	return (int)n;
}

void
mt_columns_usage(FILE *fp)
{
	size_t i;

	for (i = 0; i < MC_NCOLS; i++)
		fprintf(fp, "  %-16s %s\n", coltab[i].name, coltab[i].what);
}

struct mt_table *
mt_model_table(const enum mt_col *cols, size_t n, int human)
{
	const char *heads[MT_MAXCOLS];
	unsigned flags[MT_MAXCOLS];
	size_t i;

	for (i = 0; i < n && i < MT_MAXCOLS; i++) {
		heads[i] = coltab[cols[i]].head;
		flags[i] = coltab[cols[i]].flags;
	}
	return mt_table_new(i, heads, flags, human);
}

/*
 * image_output is priced per token in every catalog (0.00003 for an image
 * model is $30 per million output tokens, as the providers list it), not
 * per image as some documentation says.
 */
int
mt_price_per_token(int field)
{
	return field != CP_REQUEST && field != CP_IMAGE &&
	    field != CP_WEB_SEARCH && field != CP_DISCOUNT;
}

void
mt_read_prices(const char *obj, size_t len, struct cat_price *p)
{
	struct jscan_val v;
	char tmp[64];
	money_t x;
	size_t n;
	int i;

	memset(p, 0, sizeof *p);
	for (i = 0; i < CP_NFIELDS; i++) {
		if (jscan_get(obj, len, cat_price_name(i), &v) != 1)
			continue;
		if (v.kind == JSCAN_STRING) {
			n = jscan_unescape(v.p, v.len, tmp, sizeof tmp);
			if (n >= sizeof tmp || money_parse(tmp, n, &x) != 0)
				continue;
		} else if (v.kind != JSCAN_NUMBER ||
		    money_parse(v.p, v.len, &x) != 0)
			continue;	/* unreadable: as if absent */
		p->have |= 1u << i;
		if (x < 0)
			p->variable |= 1u << i;	/* "-1": not knowable */
		else
			p->v[i] = x;
	}
}

char *
mt_price(const struct cat_price *p, int field, char *buf, size_t size)
{
	char tmp[MONEY_FMTSIZE];

	if (p->variable & (1u << field))
		snprintf(buf, size, "-");
	else if (mt_price_per_token(field))
		snprintf(buf, size, "%s", money_fmt_per_million(p->v[field],
		    tmp, sizeof tmp));
	else
		snprintf(buf, size, "%s", money_fmt(p->v[field], tmp,
		    sizeof tmp));
	return buf;
}

char *
mt_count(long long v, int human, char *buf, size_t size)
{
	char digits[32];
	size_t n, i, o = 0;

	if (v < 0) {
		snprintf(buf, size, "-");
		return buf;
	}
	n = (size_t)snprintf(digits, sizeof digits, "%lld", v);
	if (!human || size < n + n / 3 + 1) {
		snprintf(buf, size, "%s", digits);
		return buf;
	}
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/*
 * Text from the catalog, cleaned for a terminal; "-" when empty.  Nearly
 * every id and name is printable ASCII, which needs no copy: a listing
 * does this for every row.
 */
static const char *
text(const char *s, char *buf, size_t size)
{
	const unsigned char *p;

	if (s == NULL || *s == '\0')
		return "-";
	for (p = (const unsigned char *)s; *p >= 0x20 && *p < 0x7f; p++)
		;
	return *p == '\0' ? s : sanitize(buf, size, s, strlen(s));
}

void
mt_model_row(struct mt_table *t, const struct cat_model *m,
    const enum mt_col *cols, size_t n)
{
	static char store[MT_MAXCOLS][512];
	const char *cells[MT_MAXCOLS];
	int human = mt_table_human(t);
	size_t i;
	time_t tt;

	for (i = 0; i < n && i < MT_MAXCOLS; i++) {
		char *b = store[i];
		size_t bs = sizeof store[i];

		if (coltab[cols[i]].price >= 0) {
			cells[i] = mt_price(&m->price, coltab[cols[i]].price, b,
			    bs);
			continue;
		}
		switch (cols[i]) {
		case MC_ID:
			cells[i] = text(m->id, b, bs);
			break;
		case MC_SLUG:
			cells[i] = text(m->canonical_slug, b, bs);
			break;
		case MC_NAME:
			cells[i] = text(m->name, b, bs);
			break;
		case MC_CREATED:
			tt = (time_t)m->created;
			if (m->created < 0 || strftime(b, bs, "%Y-%m-%d",
			    gmtime(&tt)) == 0)
				snprintf(b, bs, "-");
			cells[i] = b;
			break;
		case MC_CONTEXT:
			cells[i] = mt_count(m->context_length, human, b, bs);
			break;
		case MC_MAX_OUTPUT:
			cells[i] = mt_count(m->max_output, human, b, bs);
			break;
		case MC_MODALITY:
			cells[i] = text(m->modality, b, bs);
			break;
		case MC_INPUT:
			cells[i] = text(m->input_modalities, b, bs);
			break;
		case MC_OUTPUT:
			cells[i] = text(m->output_modalities, b, bs);
			break;
		case MC_TOKENIZER:
			cells[i] = text(m->tokenizer, b, bs);
			break;
		case MC_CUTOFF:
			cells[i] = text(m->knowledge_cutoff, b, bs);
			break;
		case MC_MODERATED:
			cells[i] = m->moderated < 0 ? "-" : m->moderated ?
			    "yes" : "no";
			break;
		case MC_SUPPORTS:
			/* Long: kept whole, since a pipe wants all of it. */
			cells[i] = m->supported_parameters &&
			    *m->supported_parameters ?
			    m->supported_parameters : "-";
			break;
		default:
			cells[i] = "-";
			break;
		}
	}
	mt_table_add(t, cells);
}

/* ---- one model ------------------------------------------------------- */

#define CARD_WIDTH	80
#define DOT		" \xc2\xb7 "	/* U+00B7, as the model pages have it */

/* "Nov 6, 2023": the same in every locale. */
static void
day(long long t, char *buf, size_t size)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL)
		snprintf(buf, size, "?");
	else
		snprintf(buf, size, "%s %d, %d", mon[tm.tm_mon], tm.tm_mday,
		    tm.tm_year + 1900);
}

/*
 * One line of text, cleaned of control characters; on a terminal, cut
 * into lines of at most CARD_WIDTH characters at blanks (a longer word
 * stands alone).
 */
static void
card_line(FILE *fp, const char *s, size_t len, int human)
{
	char *clean = xmalloc(len + 1), *p, *word, *brk, save;
	size_t col = 0, w;

	/* sanitize() never grows the text: "?" or " " stand for one byte. */
	sanitize(clean, len + 1, s, len);
	if (!human) {
		fprintf(fp, "%s\n", clean);
		free(clean);
		return;
	}
	for (p = clean; *p; ) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		word = p;
		brk = p + strcspn(p, " ");
		p = brk;
		save = *brk;
		*brk = '\0';
		w = mt_width(word);
		*brk = save;
		if (col > 0 && col + 1 + w > CARD_WIDTH) {
			putc('\n', fp);
			col = 0;
		} else if (col > 0) {
			putc(' ', fp);
			col++;
		}
		fwrite(word, 1, brk - word, fp);
		col += w;
	}
	putc('\n', fp);
	free(clean);
}

/* Text of several lines (the description): each line as card_line. */
static void
card_text(FILE *fp, const char *s, size_t len, int human)
{
	const char *end = s + len, *nl;

	while (s < end) {
		if ((nl = memchr(s, '\n', end - s)) == NULL)
			nl = end;
		card_line(fp, s, nl - s, human);
		s = nl + 1;
	}
}

/* How each price reads on the card, in the order it is listed. */
static const struct {
	int		 field;
	const char	*what;
} card_price[] = {
	{ CP_PROMPT, "input tokens" },
	{ CP_COMPLETION, "output tokens" },
	{ CP_INTERNAL_REASONING, "reasoning tokens" },
	{ CP_CACHE_READ, "cache reads" },
	{ CP_CACHE_WRITE, "cache writes" },
	{ CP_CACHE_WRITE_1H, "one-hour cache writes" },
	{ CP_AUDIO, "audio input tokens" },
	{ CP_AUDIO_CACHE, "cached audio input tokens" },
	{ CP_AUDIO_OUTPUT, "audio output tokens" },
	{ CP_IMAGE_OUTPUT, "image output tokens" },
	{ CP_IMAGE, "input image" },
	{ CP_REQUEST, "request" },
	{ CP_WEB_SEARCH, "web search" },
};

/* "$10/M input tokens", "$0.01 per web search", "... at a variable price". */
static void
price_words(struct buf *b, const struct cat_price *p, size_t i, size_t lead)
{
	char n[MONEY_FMTSIZE], line[160];
	int f = card_price[i].field;

	if (p->variable & (1u << f))
		snprintf(line, sizeof line, "%s%s at a variable price",
		    mt_price_per_token(f) ? "" : "each ", card_price[i].what);
	else
		snprintf(line, sizeof line, mt_price_per_token(f) ?
		    "$%s/M %s" : "$%s per %s", mt_price(p, f, n, sizeof n),
		    card_price[i].what);
	if (b->len > lead)
		buf_adds(b, DOT);
	buf_adds(b, line);
}

#define NCARD_PRICE	(sizeof card_price / sizeof card_price[0])

/*
 * The prices of p among card_price[from..to): every one given (all), or
 * those worth a word (not zero), after a dot if the buffer has more than
 * its first lead bytes (a label such as "Also ").  Returns how many.
 */
static int
price_list(struct buf *b, const struct cat_price *p, size_t from, size_t to,
    int all, size_t lead)
{
	size_t i;
	int f, n = 0;

	for (i = from; i < to; i++) {
		f = card_price[i].field;
		if (!(p->have & (1u << f)))
			continue;
		if (all || (p->variable & (1u << f)) || p->v[f] != 0) {
			price_words(b, p, i, lead);
			n++;
		}
	}
	return n;
}

/*
 * Write the parts joined by dots as one line, if there are any.  On a
 * terminal, a line too long breaks after a dot, so that no part
 * ("$22.5/M output tokens") is cut in two.
 */
static void
flush_line(FILE *fp, struct buf *b, int human)
{
	char *p, *next, *clean;
	size_t col = 0, w;

	if (b->len == 0)
		return;
	if (!human) {
		card_line(fp, b->p, b->len, 0);
		buf_reset(b);
		return;
	}
	clean = xmalloc(b->len + 1);
	sanitize(clean, b->len + 1, b->p, b->len);
	for (p = clean; p; p = next) {
		if ((next = strstr(p, DOT)) != NULL) {
			*next = '\0';
			next += strlen(DOT);
		}
		w = mt_width(p);
		/* Room for " · " before, and " ·" after if more follow. */
		if (col > 0 && col + 3 + w + (next ? 2 : 0) > CARD_WIDTH) {
			fputs(" \xc2\xb7\n", fp);
			col = 0;
		} else if (col > 0) {
			fputs(DOT, fp);
			col += 3;
		}
		fputs(p, fp);
		col += w;
	}
	putc('\n', fp);
	free(clean);
	buf_reset(b);
}

static long long
raw_int(const char *obj, size_t len, const char *key)
{
	struct jscan_val v;
	long long n;

	if (jscan_get(obj, len, key, &v) != 1)
		return -1;
	return jscan_llong(&v, 0, LLONG_MAX, &n) == 0 ? n : -1;
}

/* "Above 200,000 prompt tokens: $6/M input tokens · ..." per override. */
static void
card_overrides(FILE *fp, const struct cat_model *m, int human)
{
	struct jscan_val ovs, ov;
	struct cat_price p;
	struct buf b;
	char n[32];
	long long min, start, end;
	size_t pos = 0;

	if (!m->has_overrides || jscan_get(m->json, m->jsonlen,
	    "pricing.overrides", &ovs) != 1 || ovs.kind != JSCAN_ARRAY)
		return;
	buf_init(&b, 0);
	while (jscan_iter(ovs.p, ovs.len, &pos, NULL, &ov) == 1) {
		if (ov.kind != JSCAN_OBJECT)
			continue;
		buf_reset(&b);
		min = raw_int(ov.p, ov.len, "min_prompt_tokens");
		start = raw_int(ov.p, ov.len, "utc_start");
		end = raw_int(ov.p, ov.len, "utc_end");
		if (min >= 0) {
			buf_adds(&b, "Above ");
			buf_adds(&b, mt_count(min, 1, n, sizeof n));
			buf_adds(&b, " prompt tokens");
		}
		if (start >= 0 && end >= 0) {
			snprintf(n, sizeof n, "%02lld:%02lld",
			    start / 100 % 100, start % 100);
			buf_adds(&b, min >= 0 ? ", from " : "From ");
			buf_adds(&b, n);
			snprintf(n, sizeof n, "%02lld:%02lld", end / 100 % 100,
			    end % 100);
			buf_adds(&b, " to ");
			buf_adds(&b, n);
			buf_adds(&b, " UTC");
		}
		if (b.len == 0)
			buf_adds(&b, "Under other conditions");
		buf_adds(&b, ": ");
		mt_read_prices(ov.p, ov.len, &p);
		price_list(&b, &p, 0, NCARD_PRICE, 1, b.len);
		flush_line(fp, &b, human);
	}
	buf_free(&b);
}

static void
part(struct buf *b, const char *s1, const char *s2)
{
	if (b->len)
		buf_adds(b, DOT);
	buf_adds(b, s1);
	buf_adds(b, s2);
}

void
mt_card(FILE *fp, const struct cat_model *m, int human, int colour)
{
	const char *name = m->name && *m->name ? m->name : m->id;
	struct jscan_val v;
	struct buf b;
	char n[64], title[512], *desc;
	const char *p;
	long long t;
	size_t len;

	buf_init(&b, 0);
	buf_adds(&b, colour ? "\033[1m" : "");
	buf_adds(&b, sanitize(title, sizeof title, name, strlen(name)));
	buf_adds(&b, colour ? "\033[0m" : "");
	fprintf(fp, "%s\n", b.p);
	buf_reset(&b);

	buf_adds(&b, m->id);
	if (*m->canonical_slug && strcmp(m->canonical_slug, m->id) != 0)
		part(&b, "canonical slug ", m->canonical_slug);
	flush_line(fp, &b, human);

	if (m->created >= 0) {
		day(m->created, n, sizeof n);
		part(&b, "Released ", n);
	}
	if (m->context_length >= 0)
		part(&b, mt_count(m->context_length, 1, n, sizeof n),
		    " context");
	price_list(&b, &m->price, 0, 2, 1, 0);
	flush_line(fp, &b, human);

	if (jscan_get(m->json, m->jsonlen, "description", &v) == 1 &&
	    v.kind == JSCAN_STRING && v.len > 2) {
		len = jscan_unescape(v.p, v.len, NULL, 0);
		desc = xmalloc(len + 1);
		jscan_unescape(v.p, v.len, desc, len + 1);
		card_text(fp, desc, len, human);
		free(desc);
	}

	if (*m->modality)
		part(&b, "Modality ", m->modality);
	if (*m->tokenizer)
		part(&b, "tokenizer ", m->tokenizer);
	if (m->max_output >= 0)
		part(&b, "max output ", mt_count(m->max_output, 1, n,
		    sizeof n));
	if (m->moderated >= 0)
		part(&b, m->moderated ? "moderated" : "not moderated", "");
	flush_line(fp, &b, human);

	if (*m->knowledge_cutoff) {
		/* A date as the release date reads; anything else as is. */
		if (mt_parse_date(m->knowledge_cutoff, &t) == 0)
			day(t, n, sizeof n);
		else
			snprintf(n, sizeof n, "%s", m->knowledge_cutoff);
		part(&b, "Knowledge cutoff ", n);
		flush_line(fp, &b, human);
	}
	buf_adds(&b, "Also ");
	if (price_list(&b, &m->price, 2, NCARD_PRICE, 0, b.len) == 0)
		buf_reset(&b);
	flush_line(fp, &b, human);
	card_overrides(fp, m, human);

	if (*m->supported_parameters) {
		buf_adds(&b, "Supports ");
		for (p = m->supported_parameters; *p; p++) {
			buf_add(&b, p, 1);
			if (*p == ',')
				buf_adds(&b, " ");
		}
		/* No dots here: a list of words, broken between words. */
		card_line(fp, b.p, b.len, human);
	}
	buf_free(&b);
}

/* Edit distance of a and b, ASCII case ignored; long ids are cut. */
static size_t
distance(const char *a, const char *b)
{
	size_t row[129], la = strlen(a), lb = strlen(b), i, j, diag, up;

	if (la > 128)
		la = 128;
	if (lb > 128)
		lb = 128;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			row[j] = diag + (lower((unsigned char)a[i - 1]) !=
			    lower((unsigned char)b[j - 1]));
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[lb];
}

size_t
mt_suggest(const struct catalog *c, const char *id,
    const struct cat_model **out, size_t max)
{
	size_t best[16], i, k, n = 0, d, d2, limit;
	size_t count = catalog_count(c);
	const struct cat_model *m;
	const char *slash;

	if (max > sizeof best / sizeof best[0])
		max = sizeof best / sizeof best[0];
	/* Close means a typo or two, or a part of the id left out. */
	limit = strlen(id) / 3 + 1;
	for (i = 0; i < count; i++) {
		m = catalog_model(c, i);
		d = distance(id, m->id);
		/* "claude-sonnet-4.5" is close to the id without its author. */
		if ((slash = strchr(m->id, '/')) != NULL &&
		    strchr(id, '/') == NULL && (d2 = distance(id, slash + 1)) < d)
			d = d2;
		if (icontains(m->id, id))
			d = d < 1 ? d : 1;
		if (d > limit)
			continue;
		/* Insert in order of distance, then id. */
		for (k = n; k > 0 && (best[k - 1] > d || (best[k - 1] == d &&
		    strcmp(out[k - 1]->id, m->id) > 0)); k--)
			if (k < max) {
				best[k] = best[k - 1];
				out[k] = out[k - 1];
			}
		if (k < max) {
			best[k] = d;
			out[k] = m;
			if (n < max)
				n++;
		}
	}
	return n;
}

/* ---- filters and sorts ----------------------------------------------- */

void
mt_filter_init(struct mt_filter *f)
{
	memset(f, 0, sizeof *f);
	f->since = -1;
}

void
mt_words_free(struct mt_words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	w->v = NULL;
	w->n = 0;
}

void
mt_filter_free(struct mt_filter *f)
{
	mt_words_free(&f->pat);
	mt_words_free(&f->any);
	mt_words_free(&f->input);
	mt_words_free(&f->output);
	mt_words_free(&f->supports);
	free(f->anym);
	free(f->tokenizer);
	mt_filter_init(f);
}

void
mt_words_add(struct mt_words *w, const char *s, int split)
{
	size_t len;

	for (;;) {
		len = split ? strcspn(s, ",") : strlen(s);
		if (len > 0) {
			w->v = xrealloc(w->v, (w->n + 1) * sizeof w->v[0]);
			w->v[w->n++] = xstrndup(s, len);
		}
		if (s[len] == '\0')
			break;
		s += len + 1;
	}
}

static int
iequal(const char *a, const char *b)
{
	for (; *a && lower((unsigned char)*a) == lower((unsigned char)*b);
	    a++, b++)
		;
	return *a == '\0' && *b == '\0';
}

/* Is word an element of the comma list? (case ignored) */
static int
in_list(const char *list, const char *word)
{
	size_t n = strlen(word), len;

	while (list && *list) {
		len = strcspn(list, ",");
		if (len == n) {
			size_t i;

			for (i = 0; i < n && lower((unsigned char)list[i]) ==
			    lower((unsigned char)word[i]); i++)
				;
			if (i == n)
				return 1;
		}
		list += len;
		if (*list == ',')
			list++;
	}
	return 0;
}

static int
pattern_match(const struct cat_model *m, const char *p)
{
	return icontains(m->id, p) || (m->name && icontains(m->name, p));
}

void
mt_filter_prepare(struct mt_filter *f, const struct catalog *c)
{
	size_t i;

	free(f->anym);
	f->anym = xcalloc(f->any.n, sizeof f->anym[0]);
	for (i = 0; i < f->any.n; i++)
		f->anym[i] = catalog_find(c, f->any.v[i]);
}

/*
 * A price under a ceiling given per million tokens.  A variable price
 * (a router's "-1") cannot be shown to be under anything.
 */
static int
price_under(const struct cat_price *p, int field, money_t max)
{
	money_t perm;

	if (p->variable & (1u << field))
		return 0;
	if (money_mul_int(p->v[field], 1000000, &perm) != MONEY_OK)
		return 0;
	return money_cmp(perm, max) <= 0;
}

static int
is_free(const struct cat_price *p)
{
	int f[] = { CP_PROMPT, CP_COMPLETION, CP_REQUEST };
	size_t i;

	for (i = 0; i < sizeof f / sizeof f[0]; i++)
		if ((p->variable & (1u << f[i])) || p->v[f[i]] != 0)
			return 0;
	return 1;
}

int
mt_match(const struct mt_filter *f, const struct cat_model *m)
{
	size_t i;
	int hit;

	for (i = 0; i < f->pat.n; i++)
		if (!pattern_match(m, f->pat.v[i]))
			return 0;
	if (f->have_any) {
		for (hit = 0, i = 0; i < f->any.n && !hit; i++)
			hit = f->anym && f->anym[i] ? f->anym[i] == m :
			    pattern_match(m, f->any.v[i]);
		if (!hit)
			return 0;
	}
	if (f->min_context > 0 && m->context_length < f->min_context)
		return 0;
	if (f->have_max_prompt &&
	    !price_under(&m->price, CP_PROMPT, f->max_prompt))
		return 0;
	if (f->have_max_completion &&
	    !price_under(&m->price, CP_COMPLETION, f->max_completion))
		return 0;
	if (f->free && !is_free(&m->price))
		return 0;
	for (i = 0; i < f->input.n; i++)
		if (!in_list(m->input_modalities, f->input.v[i]))
			return 0;
	for (i = 0; i < f->output.n; i++)
		if (!in_list(m->output_modalities, f->output.v[i]))
			return 0;
	for (i = 0; i < f->supports.n; i++)
		if (!in_list(m->supported_parameters, f->supports.v[i]))
			return 0;
	if (f->tokenizer && !(m->tokenizer && iequal(m->tokenizer,
	    f->tokenizer)))
		return 0;
	if (f->since >= 0 && m->created < f->since)
		return 0;
	return 1;
}

int
mt_parse_tokens(const char *s, long long *out)
{
	long long whole = 0, frac = 0, fscale = 1, mul = 1, v;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (whole > LLONG_MAX / 10 - 10)
			return -1;
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return -1;
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (fscale < 1000000000LL) {
				frac = frac * 10 + (*p - '0');
				fscale *= 10;
			}
	}
	if (*p == 'k' || *p == 'K')
		mul = 1000, p++;
	else if (*p == 'm' || *p == 'M')
		mul = 1000000, p++;
	if (*p != '\0' || whole > LLONG_MAX / mul / 2)
		return -1;
	v = whole * mul + frac * mul / fscale;
	/* "1.5" tokens is no count; a fraction needs a k or M. */
	if (mul == 1 && frac != 0)
		return -1;
	*out = v;
	return 0;
}

int
mt_parse_usd(const char *s, money_t *out)
{
	money_t v;

	if (*s == '$')
		s++;
	if (money_parse(s, strlen(s), &v) != MONEY_OK || v < 0)
		return -1;
	*out = v;
	return 0;
}

int
mt_parse_date(const char *s, long long *out)
{
	struct tm tm;
	time_t t;
	int y, mo, d, i;

	/* Exactly YYYY-MM-DD: digits where digits go, nothing more. */
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return -1;
	if (s[10] != '\0')
		return -1;
	y = atoi(s);
	mo = atoi(s + 5);
	d = atoi(s + 8);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	if (mo < 1 || mo > 12 || d < 1 || (t = timegm(&tm)) == (time_t)-1 ||
	    tm.tm_mday != d)
		return -1;	/* 2025-02-30 came back as March 2 */
	*out = t;
	return 0;
}

static const char *const sort_name[] = {
	[MS_ID] = "id", [MS_NAME] = "name", [MS_CREATED] = "created",
	[MS_CONTEXT] = "context", [MS_PROMPT] = "prompt",
	[MS_COMPLETION] = "completion",
};

int
mt_sort_parse(const char *s, enum mt_sort *out)
{
	size_t i;

	for (i = 0; i < sizeof sort_name / sizeof sort_name[0]; i++)
		if (strcmp(s, sort_name[i]) == 0) {
			*out = i;
			return 0;
		}
	return -1;
}

/* qsort(3) takes no context: the key of the sort in progress. */
static enum mt_sort sort_key;
static int sort_rev;

/* -1, 0 or 1, as a is below, at or above b. */
static int
cmp_ll(long long a, long long b)
{
	return a < b ? -1 : a > b;
}

static int
price_known(const struct cat_model *m, int f)
{
	return !(m->price.variable & (1u << f));
}

static int
cmp_model(const void *pa, const void *pb)
{
	const struct cat_model *a = *(const struct cat_model *const *)pa;
	const struct cat_model *b = *(const struct cat_model *const *)pb;
	int ka = 1, kb = 1, r = 0, f;

	switch (sort_key) {
	case MS_ID:
		break;
	case MS_NAME:
		r = strcasecmp(a->name ? a->name : "", b->name ? b->name : "");
		break;
	case MS_CREATED:
		ka = a->created >= 0, kb = b->created >= 0;
		r = cmp_ll(a->created, b->created);
		break;
	case MS_CONTEXT:
		ka = a->context_length >= 0, kb = b->context_length >= 0;
		r = cmp_ll(a->context_length, b->context_length);
		break;
	case MS_PROMPT:
	case MS_COMPLETION:
		f = sort_key == MS_PROMPT ? CP_PROMPT : CP_COMPLETION;
		ka = price_known(a, f), kb = price_known(b, f);
		r = money_cmp(a->price.v[f], b->price.v[f]);
		break;
	}
	/* The unknown last, whichever way the known are ordered. */
	if (ka != kb)
		return ka ? -1 : 1;
	if (!ka)
		r = 0;
	if (r == 0)
		r = strcmp(a->id, b->id);
	return sort_rev ? -r : r;
}

void
mt_sort(const struct cat_model **v, size_t n, enum mt_sort key, int reverse)
{
	sort_key = key;
	sort_rev = reverse;
	qsort(v, n, sizeof v[0], cmp_model);
}

/* ---- options --------------------------------------------------------- */

int
mt_filter_opt(struct mt_filter *f, int ch, const char *arg)
{
	switch (ch) {
	case MT_OPT_MIN_CONTEXT:
		if (mt_parse_tokens(arg, &f->min_context) == -1)
			errx(EX_USAGE_, "--min-context: not a number of tokens "
			    "(128000, 128k, 1M): %s", arg);
		return 1;
	case MT_OPT_MAX_PROMPT:
	case MT_OPT_MAX_COMPLETION:
		if (mt_parse_usd(arg, ch == MT_OPT_MAX_PROMPT ?
		    &f->max_prompt : &f->max_completion) == -1)
			errx(EX_USAGE_, "--max-%s-price: not an amount of USD "
			    "per million tokens: %s", ch == MT_OPT_MAX_PROMPT ?
			    "prompt" : "completion", arg);
		if (ch == MT_OPT_MAX_PROMPT)
			f->have_max_prompt = 1;
		else
			f->have_max_completion = 1;
		return 1;
	case MT_OPT_FREE:
		f->free = 1;
		return 1;
	case MT_OPT_INPUT:
		mt_words_add(&f->input, arg, 1);
		return 1;
	case MT_OPT_OUTPUT:
		mt_words_add(&f->output, arg, 1);
		return 1;
	case MT_OPT_SUPPORTS:
		mt_words_add(&f->supports, arg, 1);
		return 1;
	case MT_OPT_TOKENIZER:
		free(f->tokenizer);
		f->tokenizer = xstrdup(arg);
		return 1;
	case MT_OPT_SINCE:
		if (mt_parse_date(arg, &f->since) == -1)
			errx(EX_USAGE_, "--since: not a date YYYY-MM-DD: %s",
			    arg);
		return 1;
	}
	return 0;
}

void
mt_filter_usage(FILE *fp)
{
	fputs(
"Filters (a model must pass all):\n"
"      --min-context N      context of at least N tokens (128000, 128k, 1M)\n"
"      --max-prompt-price USD      at most USD per million input tokens\n"
"      --max-completion-price USD  at most USD per million output tokens\n"
"      --free               free to use (prompt and completion at 0)\n"
"      --input MOD          takes MOD as input: text, image, file, audio,\n"
"                           video (repeatable; a comma list is all of them)\n"
"      --output MOD         produces MOD: text, image, audio, embeddings...\n"
"      --supports PARAM     supports the request parameter PARAM: tools,\n"
"                           structured_outputs, reasoning... (repeatable)\n"
"      --tokenizer NAME     uses tokenizer NAME (GPT, Claude, Llama3...)\n"
"      --since DATE         added on or after DATE (YYYY-MM-DD, UTC)\n",
	    fp);
}

int
mt_catalog_opt(struct mt_catopts *c, int ch, const char *arg)
{
	switch (ch) {
	case MT_OPT_CATALOG:
		c->file = arg;
		return 1;
	case MT_OPT_OFFLINE:
		c->flags |= CAT_OFFLINE;
		return 1;
	case MT_OPT_REFRESH:
		c->flags |= CAT_REFRESH;
		return 1;
	}
	return 0;
}

void
mt_catalog_usage(FILE *fp)
{
	fputs(
"Catalog:\n"
"      --catalog FILE       read the catalog from FILE only (ORKIT_CATALOG)\n"
"      --refresh            fetch the catalog now, however fresh the cache\n"
"      --offline            never fetch: the cache, however old, or the\n"
"                           bundled snapshot\n",
	    fp);
}

void
mt_not_found(const struct catalog *c, const char *id)
{
	const struct cat_model *near[3];
	char clean[256];
	size_t n, i;

	sanitize(clean, sizeof clean, id, strlen(id));
	n = mt_suggest(c, id, near, 3);
	fprintf(stderr, "%s: %s: no such model%s", progname(), clean,
	    n ? "; closest:" : "");
	for (i = 0; i < n; i++)
		fprintf(stderr, "%s %s", i ? "," : "", near[i]->id);
	fputc('\n', stderr);
}
