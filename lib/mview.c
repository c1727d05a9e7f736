/*
 * mview: a model as the catalog commands show it -- the columns of a
 * listing (-o LIST) and their cells, a model's card (-l), and the table of
 * its provider endpoints.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"
#include "endpoints.h"
#include "jscan.h"
#include "mfilter.h"
#include "money.h"
#include "mview.h"
#include "table.h"
#include "util.h"

static const struct {
	const char	*name;
	const char	*head;
	unsigned	 flags;
	int		 price;		/* CP_* field, or -1 */
	const char	*what;
} coltab[MV_NCOLS] = {
	[MV_ID] = { "id", "ID", 0, -1, "model id, the slug to send" },
	[MV_SLUG] = { "slug", "CANONICAL SLUG", 0, -1,
	    "permanent (often dated) slug" },
	[MV_NAME] = { "name", "NAME", 0, -1, "display name" },
	[MV_CREATED] = { "created", "CREATED", 0, -1,
	    "date added to OpenRouter (UTC)" },
	[MV_CONTEXT] = { "context", "CONTEXT", TABLE_RIGHT, -1,
	    "context length in tokens" },
	[MV_MAX_OUTPUT] = { "max-output", "MAX OUTPUT", TABLE_RIGHT, -1,
	    "most completion tokens per request" },
	[MV_PROMPT] = { "prompt", "PROMPT $/M", TABLE_RIGHT, CP_PROMPT,
	    "USD per million input tokens" },
	[MV_COMPLETION] = { "completion", "COMPLETION $/M", TABLE_RIGHT,
	    CP_COMPLETION, "USD per million output tokens" },
	[MV_REASONING] = { "reasoning", "REASONING $/M", TABLE_RIGHT,
	    CP_INTERNAL_REASONING, "USD per million reasoning tokens" },
	[MV_CACHE_READ] = { "cache-read", "CACHE READ $/M", TABLE_RIGHT,
	    CP_CACHE_READ, "USD per million cached input tokens read" },
	[MV_CACHE_WRITE] = { "cache-write", "CACHE WRITE $/M", TABLE_RIGHT,
	    CP_CACHE_WRITE, "USD per million input tokens cached" },
	[MV_CACHE_WRITE_1H] = { "cache-write-1h", "CACHE WRITE 1H $/M",
	    TABLE_RIGHT, CP_CACHE_WRITE_1H,
	    "the same, with a one-hour cache lifetime" },
	[MV_REQUEST] = { "request", "REQUEST $", TABLE_RIGHT, CP_REQUEST,
	    "USD per request" },
	[MV_IMAGE] = { "image", "IMAGE $", TABLE_RIGHT, CP_IMAGE,
	    "USD per input image" },
	[MV_WEB_SEARCH] = { "web-search", "WEB SEARCH $", TABLE_RIGHT,
	    CP_WEB_SEARCH, "USD per web search" },
	[MV_MODALITY] = { "modality", "MODALITY", 0, -1,
	    "text+image->text" },
	[MV_INPUT] = { "input", "INPUT", 0, -1, "input modalities" },
	[MV_OUTPUT] = { "output", "OUTPUT", 0, -1, "output modalities" },
	[MV_TOKENIZER] = { "tokenizer", "TOKENIZER", 0, -1, "tokenizer" },
	[MV_CUTOFF] = { "cutoff", "KNOWLEDGE CUTOFF", 0, -1,
	    "knowledge cutoff date" },
	[MV_MODERATED] = { "moderated", "MODERATED", 0, -1,
	    "yes: inputs may be refused by moderation" },
	[MV_SUPPORTS] = { "supports", "SUPPORTS", 0, -1,
	    "supported request parameters" },
	[MV_WITHDRAWN] = { "withdrawn", "WITHDRAWN", 0, -1,
	    "day last listed, for a withdrawn model; else -" },
};

/* Other names people will reach for, from the API's own field names. */
static const struct {
	const char	*alias;
	enum mview_col	 c;
} col_alias[] = {
	{ "canonical-slug", MV_SLUG },
	{ "context-length", MV_CONTEXT },
	{ "max-completion-tokens", MV_MAX_OUTPUT },
	{ "input-modalities", MV_INPUT },
	{ "output-modalities", MV_OUTPUT },
	{ "knowledge-cutoff", MV_CUTOFF },
	{ "internal-reasoning", MV_REASONING },
	{ "input-cache-read", MV_CACHE_READ },
	{ "input-cache-write", MV_CACHE_WRITE },
	{ "supported-parameters", MV_SUPPORTS },
};

static int
col_lookup(const char *s, size_t n, enum mview_col *out)
{
	char name[64];
	size_t i;

	if (n == 0 || n >= sizeof name)
		return -1;
	for (i = 0; i < n; i++)
		name[i] = s[i] == '_' ? '-' : s[i];
	name[n] = '\0';
	for (i = 0; i < MV_NCOLS; i++)
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
mview_columns(const char *list, enum mview_col *cols, size_t max, char *err,
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
mview_columns_usage(FILE *fp)
{
	size_t i;

	for (i = 0; i < MV_NCOLS; i++)
		fprintf(fp, "  %-16s %s\n", coltab[i].name, coltab[i].what);
}

struct table *
mview_table(const enum mview_col *cols, size_t n, int human)
{
	const char *heads[MVIEW_MAXCOLS];
	unsigned flags[MVIEW_MAXCOLS];
	size_t i;

	for (i = 0; i < n && i < MVIEW_MAXCOLS; i++) {
		heads[i] = coltab[cols[i]].head;
		flags[i] = coltab[cols[i]].flags;
	}
	return table_new(i, heads, flags, human);
}

/*
 * image_output is priced per token in every catalog (0.00003 for an image
 * model is $30 per million output tokens, as the providers list it), not
 * per image as some documentation says.
 */
int
mview_price_per_token(int field)
{
	return field != CP_REQUEST && field != CP_IMAGE &&
	    field != CP_WEB_SEARCH && field != CP_DISCOUNT;
}

char *
mview_price(const struct cat_price *p, int field, char *buf, size_t size)
{
	char tmp[MONEY_FMTSIZE], *s;
	int pt = mview_price_per_token(field);

	if (p->variable & (1u << field)) {
		snprintf(buf, size, "-");
		return buf;
	}
	/* Straight into buf when it has room for any amount: every row. */
	if (size >= MONEY_FMTSIZE)
		return pt ? money_fmt_per_million(p->v[field], buf, size) :
		    money_fmt(p->v[field], buf, size);
	s = pt ? money_fmt_per_million(p->v[field], tmp, sizeof tmp) :
	    money_fmt(p->v[field], tmp, sizeof tmp);
	snprintf(buf, size, "%s", s);
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
mview_row(struct table *t, const struct cat_model *m,
    const enum mview_col *cols, size_t n)
{
	static char store[MVIEW_MAXCOLS][512];
	const char *cells[MVIEW_MAXCOLS];
	int human = table_human(t);
	size_t i;
	time_t tt;
	struct tm tm;

	for (i = 0; i < n && i < MVIEW_MAXCOLS; i++) {
		char *b = store[i];
		size_t bs = sizeof store[i];

		if (coltab[cols[i]].price >= 0) {
			cells[i] = mview_price(&m->price, coltab[cols[i]].price,
			    b, bs);
			continue;
		}
		switch (cols[i]) {
		case MV_ID:
			cells[i] = text(m->id, b, bs);
			break;
		case MV_SLUG:
			cells[i] = text(m->canonical_slug, b, bs);
			break;
		case MV_NAME:
			cells[i] = text(m->name, b, bs);
			break;
		case MV_CREATED:
			/* gmtime has a range: a date beyond it is "-". */
			tt = (time_t)m->created;
			if (m->created < 0 || (long long)tt != m->created ||
			    gmtime_r(&tt, &tm) == NULL ||
			    strftime(b, bs, "%Y-%m-%d", &tm) == 0)
				snprintf(b, bs, "-");
			cells[i] = b;
			break;
		case MV_CONTEXT:
			cells[i] = table_count(m->context_length, human, b, bs);
			break;
		case MV_MAX_OUTPUT:
			cells[i] = table_count(m->max_output, human, b, bs);
			break;
		case MV_MODALITY:
			cells[i] = text(m->modality, b, bs);
			break;
		case MV_INPUT:
			cells[i] = text(m->input_modalities, b, bs);
			break;
		case MV_OUTPUT:
			cells[i] = text(m->output_modalities, b, bs);
			break;
		case MV_TOKENIZER:
			cells[i] = text(m->tokenizer, b, bs);
			break;
		case MV_CUTOFF:
			cells[i] = text(m->knowledge_cutoff, b, bs);
			break;
		case MV_MODERATED:
			cells[i] = m->moderated < 0 ? "-" : m->moderated ?
			    "yes" : "no";
			break;
		case MV_SUPPORTS:
			/* Long: kept whole, since a pipe wants all of it. */
			cells[i] = m->supported_parameters &&
			    *m->supported_parameters ?
			    m->supported_parameters : "-";
			break;
		case MV_WITHDRAWN:
			cells[i] = m->withdrawn ? m->withdrawn : "-";
			break;
		default:
			cells[i] = "-";
			break;
		}
	}
	table_add(t, cells);
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
		w = table_width(word);
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
		snprintf(line, sizeof line, "%s%s at %s price",
		    mview_price_per_token(f) ? "" : "each ",
		    card_price[i].what, p->unknown & (1u << f) ?
		    "an unknown (unreadable)" : "a variable");
	else
		snprintf(line, sizeof line, mview_price_per_token(f) ?
		    "$%s/M %s" : "$%s per %s", mview_price(p, f, n, sizeof n),
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
		w = table_width(p);
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
			buf_adds(&b, table_count(min, 1, n, sizeof n));
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
		catalog_read_prices(ov.p, ov.len, &p);
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
mview_card(FILE *fp, const struct cat_model *m, int human, int colour)
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
	if (m->withdrawn)
		fprintf(fp, "Withdrawn: last listed %s\n", m->withdrawn);

	if (m->created >= 0) {
		day(m->created, n, sizeof n);
		part(&b, "Released ", n);
	}
	if (m->context_length >= 0)
		part(&b, table_count(m->context_length, 1, n, sizeof n),
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
		part(&b, "max output ", table_count(m->max_output, 1, n,
		    sizeof n));
	if (m->moderated >= 0)
		part(&b, m->moderated ? "moderated" : "not moderated", "");
	flush_line(fp, &b, human);

	if (*m->knowledge_cutoff) {
		/* A date as the release date reads; anything else as is. */
		if (mfilter_parse_date(m->knowledge_cutoff, &t) == 0)
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

void
mview_list(FILE *fp, const struct cat_model **v, size_t n,
    const enum mview_col *cols, size_t ncols, int human, int colour)
{
	struct table *t;
	size_t i;

	if (n == 0)
		return;
	t = mview_table(cols, ncols, human);
	table_stream(t, fp);
	for (i = 0; i < n; i++)
		mview_row(t, v[i], cols, ncols);
	table_write(t, fp, colour);
	table_free(t);
}

void
mview_cards(FILE *fp, const struct cat_model **v, size_t n, int human,
    int colour)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			putc('\n', fp);
		mview_card(fp, v[i], human, colour);
	}
}

void
mview_json(FILE *fp, const struct cat_model **v, size_t n, int lines)
{
	struct table_json j;
	size_t i;

	table_json_begin(&j, fp, lines);
	for (i = 0; i < n; i++)
		table_json_add(&j, v[i]->json, v[i]->jsonlen);
	table_json_end(&j);
}

/* ---- endpoints ------------------------------------------------------- */

struct table *
mview_endpoints(const struct ep_list *l, int human, int bars)
{
	static const char *const heads[] = {
		"PROVIDER", "TAG", "CONTEXT", "MAX OUTPUT", "QUANT",
		"PROMPT $/M", "COMPLETION $/M", "CACHE READ $/M",
		"CACHE WRITE $/M", "UPTIME 30M %", "LATENCY MS", "TOKENS/S",
		"STATUS", "UPTIME 1D %"
	};
	static const unsigned flags[] = {
		0, 0, TABLE_RIGHT, TABLE_RIGHT, 0, TABLE_RIGHT, TABLE_RIGHT,
		TABLE_RIGHT, TABLE_RIGHT, TABLE_RIGHT, TABLE_RIGHT, TABLE_RIGHT,
		TABLE_RIGHT, TABLE_RIGHT
	};
	/* With bars, the day's uptime after the half hour's (ep_bar). */
	static const size_t plain[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
		11, 12 }, barred[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 10,
		11, 12 };
	enum { NC = sizeof heads / sizeof heads[0] };
	char b[NC][EP_BARSIZE > 256 ? EP_BARSIZE : 256];
	const char *cells[NC], *h[NC], *row[NC];
	unsigned f[NC];
	const size_t *col = bars >= 0 ? barred : plain;
	size_t nc = bars >= 0 ? NC : NC - 1;
	struct table *t;
	const struct ep *e;
	size_t i, k;

	for (k = 0; k < nc; k++) {
		h[k] = heads[col[k]];
		f[k] = flags[col[k]];
	}
	t = table_new(nc, h, f, human);
	for (i = 0; i < l->n; i++) {
		e = &l->v[i];
		for (k = 0; k < NC; k++)
			cells[k] = b[k];
		sanitize(b[0], sizeof b[0], e->provider, strlen(e->provider));
		sanitize(b[1], sizeof b[1], e->tag, strlen(e->tag));
		table_count(e->context, human, b[2], sizeof b[2]);
		table_count(e->max_output, human, b[3], sizeof b[3]);
		sanitize(b[4], sizeof b[4], e->quantization,
		    strlen(e->quantization));
		mview_price(&e->price, CP_PROMPT, b[5], sizeof b[5]);
		mview_price(&e->price, CP_COMPLETION, b[6], sizeof b[6]);
		mview_price(&e->price, CP_CACHE_READ, b[7], sizeof b[7]);
		mview_price(&e->price, CP_CACHE_WRITE, b[8], sizeof b[8]);
		snprintf(b[9], sizeof b[9], "%s", e->uptime);
		snprintf(b[10], sizeof b[10], "%s", e->latency);
		snprintf(b[11], sizeof b[11], "%s", e->throughput);
		snprintf(b[12], sizeof b[12], "%lld", e->status);
		if (!e->has_status)
			b[12][0] = '\0';
		b[13][0] = '\0';
		if (bars >= 0) {
			ep_bar(l, i, CP_PROMPT, bars, b[5]);
			ep_bar(l, i, CP_COMPLETION, bars, b[6]);
			ep_bar(l, i, EP_BAR_UPTIME, bars, b[9]);
			ep_bar(l, i, EP_BAR_UPTIME_1D, bars, b[13]);
		}
		/* Every cell says something: "-" for what is not known. */
		for (k = 0; k < NC; k++)
			if (b[k][0] == '\0')
				cells[k] = "-";
		for (k = 0; k < nc; k++)
			row[k] = cells[col[k]];
		table_add(t, row);
	}
	return t;
}

void
mview_endpoints_json(FILE *fp, const struct ep_list *l, int lines)
{
	struct table_json j;
	size_t i;

	table_json_begin(&j, fp, lines);
	for (i = 0; i < l->n; i++)
		table_json_add(&j, l->v[i].json, l->v[i].jsonlen);
	table_json_end(&j);
}
