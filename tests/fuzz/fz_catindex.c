/*
 * fz_catindex: the catalog index, built from any JSON text, and read back
 * from any index text beside a good catalog.  Never a crash; every model
 * the index gives can be found again by its id.
 *
 * Input: byte 0 even: the rest is the catalog JSON, indexed in memory.
 * Odd: the rest is the index's model lines (made 30 fields each), given
 * the head that matches a small good catalog, so that they are read and
 * not rebuilt.  The id, slug and name a filter reads from an index line
 * without filling the model (catindex_text) are the model's.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "catalog.h"
#include "catindex.h"
#include "fz.h"

static const char good[] =
    "{\"data\":[{\"id\":\"a/b\",\"canonical_slug\":\"a/b-1\",\"name\":\"B\","
    "\"created\":1700000000,\"context_length\":8192,"
    "\"pricing\":{\"prompt\":\"0.000001\",\"completion\":\"0.000002\"}},"
    "{\"id\":\"c/d:free\",\"name\":\"D\",\"pricing\":{\"prompt\":\"0\","
    "\"completion\":\"0\"}}]}\n";

static char dir[64], json[96], goodjson[96], idx[96], head[128];

static void
put(const char *path, const void *p, size_t n)
{
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    (n > 0 && write(fd, p, n) != (ssize_t)n) || close(fd) == -1)
		abort();
}

static void
cleanup(void)
{
	unlink(json);
	unlink(goodjson);
	unlink(idx);
	rmdir(dir);
}

static void
setup(void)
{
	struct stat st;

	/* In memory where there is a tmpfs for it. */
	snprintf(dir, sizeof dir, "%s/fz_catindex.XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(json, sizeof json, "%s/models.json", dir);
	snprintf(goodjson, sizeof goodjson, "%s/good.json", dir);
	snprintf(idx, sizeof idx, "%s/good.idx", dir);
	put(goodjson, good, sizeof good - 1);
	if (stat(goodjson, &st) == -1)
		abort();
	snprintf(head, sizeof head, "orkit-catalog-index 2\t%lld\t%lld.%09ld\n",
	    (long long)st.st_size, (long long)st.st_mtim.tv_sec,
	    st.st_mtim.tv_nsec);
	atexit(cleanup);
}

/*
 * The index: the head, then the input as lines of exactly 30 fields (tabs
 * added or turned to blanks), so that it is read as it is and never
 * rebuilt (and saved, with an fsync) in its place.
 */
static void
lines(const uint8_t *p, size_t n)
{
	struct fz_buf b = { 0 };
	size_t i;
	int tabs = 0;

	fz_add(&b, head, strlen(head));
	for (i = 0; i <= n; i++) {
		if (i == n || p[i] == '\n') {
			if (i == n && (n == 0 || p[n - 1] == '\n'))
				break;
			for (; tabs < 29; tabs++)
				fz_add(&b, "\t", 1);
			fz_add(&b, "\n", 1);
			tabs = 0;
		} else if (p[i] == '\t' && tabs++ >= 29)
			fz_add(&b, " ", 1);
		else
			fz_add(&b, p + i, 1);
	}
	put(idx, b.p, b.n);
	free(b.p);
}

static void
walk(struct catindex *ci)
{
	const struct cat_model *m, *f;
	const char *t, *want;
	size_t i, n = catindex_count(ci), len;
	int k;

	for (i = 0; i < n; i++) {
		/* The fields a filter reads unfilled are the model's. */
		for (k = 0; k < 3; k++)
			catindex_text(ci, i, k, &len);
		FZ_CHECK(!catindex_is(ci, i, NULL));
		FZ_CHECK((m = catindex_model(ci, i)) != NULL);
		FZ_CHECK(catindex_is(ci, i, m));
		for (k = 0; k < 3; k++) {
			t = catindex_text(ci, i, k, &len);
			want = k == 0 ? m->id : k == 1 ? m->canonical_slug :
			    m->name;
			FZ_CHECK(want != NULL && strlen(want) == len &&
			    memcmp(t, want, len) == 0);
		}
		if (m->id == NULL)
			continue;
		f = catindex_find(ci, 0, m->id, strlen(m->id));
		FZ_CHECK(f != NULL);
		FZ_CHECK(strcmp(f->id, m->id) == 0);
	}
	FZ_CHECK(catindex_model(ci, n) == NULL);
	catindex_find(ci, 1, "a/b-1", 5);
	catindex_find(ci, 0, "", 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct catindex *ci;
	char why[256];
	int rc;

	if (!ready) {
		setup();
		ready = 1;
	}
	if (size < 1)
		return 0;
	if ((data[0] & 1) == 0) {
		put(json, data + 1, size - 1);
		rc = catindex_open(json, NULL, &ci, why, sizeof why);
	} else {
		lines(data + 1, size - 1);
		rc = catindex_open(goodjson, idx, &ci, why, sizeof why);
	}
	if (rc != 0) {
		FZ_CHECK(memchr(why, '\0', sizeof why) != NULL);
		return 0;
	}
	walk(ci);
	catindex_close(ci);
	return 0;
}
