/*
 * endpoints: the providers that serve a model, from
 * GET /models/{author}/{slug}/endpoints -- each with its own context, prices,
 * quantization and health (uptime, latency, throughput, status).
 *
 * Health changes by the minute, so the answer is cached for minutes, not a
 * day: $XDG_CACHE_HOME/orkit/endpoints/, fresh for ORKIT_ENDPOINTS_TTL
 * seconds (default 300), written atomically.  When a fetch fails, a stale
 * answer is used with a warning, unless the API said the model has no
 * endpoints at all.
 *
 * Both shapes parse: the 2025 one (no tag, no health figures, the provider
 * only in "name") and the 2026 one (tag, uptime_last_*, percentile objects
 * for latency and throughput, or bare numbers as older clients saw).
 * Figures are kept as the API wrote them, for printing, and as doubles only
 * for sorting; prices are money_t.
 */
#ifndef ENDPOINTS_H
#define ENDPOINTS_H

#include <stddef.h>

#include "catalog.h"
#include "chart.h"

struct opts;
struct or_error;

#define EP_TTL_DEFAULT	300

struct ep {
	char		 provider[128];	/* provider_name ("Google AI Studio") */
	char		 tag[128];	/* routing slug: "deepinfra/fp8" */
	char		 quantization[32];	/* "fp8" or "" */
	long long	 context;	/* -1 unknown */
	long long	 max_output;	/* max_completion_tokens */
	long long	 max_prompt;	/* max_prompt_tokens */
	struct cat_price price;
	char		 uptime[32];	/* uptime_last_30m, as written */
	char		 uptime_1d[32];	/* uptime_last_1d */
	char		 latency[32];	/* latency_last_30m, p50 ms */
	char		 throughput[32];	/* its p50, tokens/s */
	/* The same as numbers, to sort by; -1 when not known. */
	double		 uptime_v, latency_v, throughput_v, uptime_1d_v;
	long long	 status;	/* 0 normal, negative degraded */
	int		 has_status;
	const char	*json;		/* this endpoint's object, raw */
	size_t		 jsonlen;
	size_t		 order;		/* place in the answer */
};

struct ep_list {
	char		 id[256];	/* data.id: the model */
	char		 name[256];	/* data.name */
	struct ep	*v;
	size_t		 n;
	char		*body;		/* the answer the entries point into */
	size_t		 len;
	const char	*source;	/* "network", "cache" */
};

/*
 * Parse an answer (taking body, which must be malloc'd, over into l).
 * Returns 0, or -1 with a reason in why when it is not an endpoints
 * answer.
 */
int	 ep_parse(char *body, size_t len, struct ep_list *l, char *why,
	    size_t whysize);

/*
 * The endpoints of model id ("author/slug[:variant]"), from the cache when
 * fresh, else fetched.  flags: CAT_REFRESH fetches whatever the cache's
 * age; CAT_OFFLINE never fetches (a cache of any age, else 69); CAT_QUIET
 * silences the warning about stale data.  Returns 0, or an exit status
 * with e filled.
 */
int	 ep_get(const struct opts *, const char *id, unsigned flags,
	    struct ep_list *l, struct or_error *e);
void	 ep_free(struct ep_list *);

enum ep_sort { ES_NONE, ES_PRICE, ES_UPTIME, ES_LATENCY, ES_THROUGHPUT };

/* "price", "uptime", "latency", "throughput"; 0 or -1. */
int	 ep_sort_parse(const char *, enum ep_sort *);
/*
 * Best first: the cheapest (prompt, then completion price), the highest
 * uptime, the lowest latency, the highest throughput; reverse turns that
 * round.  Unknown figures come last either way; ties keep the API's order.
 */
void	 ep_sort(struct ep_list *, enum ep_sort, int reverse);

/*
 * Short bars for the table of a person's terminal (ormodels -e): the
 * figure, a space and a bar of EP_BARCOLS columns, padded, so that the
 * figures line up in a right-aligned column.  Uptimes are bars of 100 %,
 * prices of the dearest endpoint's price in l for that field ("-" and no
 * bar when not known, none for 0).  field is CP_PROMPT or another price,
 * or EP_BAR_UPTIME, EP_BAR_UPTIME_1D.  Returns buf (EP_BARSIZE bytes).
 */
#define EP_BARCOLS	5
#define EP_BARSIZE	(32 + CHART_BARSIZE(EP_BARCOLS) + 64)
enum { EP_BAR_UPTIME = -1, EP_BAR_UPTIME_1D = -2 };
const char *ep_bar(const struct ep_list *l, size_t i, int field,
	    enum chart_style, char *buf);

#endif
