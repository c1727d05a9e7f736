# orkit -- Unix filters for the OpenRouter API.
# Runs with GNU make 4+ and BSD make (bmake, FreeBSD's, NetBSD's, OpenBSD's):
# "!=" and $(VAR_$(X)) are in both, conditionals are not, so a choice is a
# variable named after its value (SAN_1, CURL_LINK_1) or a shell command.
.POSIX:
.SUFFIXES:
.SUFFIXES: .c .o

PREFIX	= /usr/local
BINDIR	= $(PREFIX)/bin
MANDIR	= $(PREFIX)/share/man
DATADIR	= $(PREFIX)/share/orkit
# Where bash-completion and zsh's compinit look for completion files.
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/site-functions

CC	= cc
CFLAGS	= -O2 -g
# Warnings in their own variable, so that a CFLAGS of your own keeps them.
WARN	= -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	  -Wno-unused-parameter
# libcurl's headers; the library itself is loaded with dlopen (lib/curlfn.h).
CURL_CFLAGS != pkg-config --cflags libcurl 2>/dev/null || true
# The file dlopen loads, by uname -s: Linux's SONAME, the BSDs' unversioned
# name (their packages have no -dev split), macOS's; and the library with
# dlopen in it (in libc itself on the BSDs and macOS).
CURL_SONAME != case `uname -s` in Darwin) echo libcurl.4.dylib ;; \
	*BSD|DragonFly) echo libcurl.so ;; *) echo libcurl.so.4 ;; esac
DL_LIBS	!= case `uname -s` in Linux|GNU*) echo -ldl ;; esac
# make CURL_LINK=1: link libcurl as usual instead of loading it with dlopen.
CURL_LINK =
CURL_LIBS != pkg-config --libs libcurl 2>/dev/null || echo -lcurl
CURL_LINK_CFLAGS_ = -DCURL_SONAME='"$(CURL_SONAME)"'
CURL_LINK_CFLAGS_1 = -DCURLFN_LINK
CURL_LINK_LIBS_ =
CURL_LINK_LIBS_1 = $(CURL_LIBS)
# libjq (and libonig behind it) is loaded the same way, when the first
# request body is built (lib/jqfn.h); JQ_SONAME as CURL_SONAME.
JQ_SONAME != case `uname -s` in Darwin) echo libjq.1.dylib ;; \
	*BSD|DragonFly) echo libjq.so ;; *) echo libjq.so.1 ;; esac
# Debian 12's libjq-dev ships no libjq.pc.
JQ_CFLAGS =
JQ_LIBS	= -ljq
# make JQ_LINK=1: link libjq as usual instead of loading it with dlopen.
JQ_LINK =
JQ_LINK_CFLAGS_ = -DJQ_SONAME='"$(JQ_SONAME)"'
JQ_LINK_CFLAGS_1 = -DJQFN_LINK
JQ_LINK_LIBS_ =
JQ_LINK_LIBS_1 = $(JQ_LIBS)
LOAD_CFLAGS = $(CURL_LINK_CFLAGS_$(CURL_LINK)) $(JQ_LINK_CFLAGS_$(JQ_LINK))
LOAD_LIBS = $(CURL_LINK_LIBS_$(CURL_LINK)) $(JQ_LINK_LIBS_$(JQ_LINK)) \
	  $(DL_LIBS)

# make SANITIZE=1: AddressSanitizer and UndefinedBehaviorSanitizer.
SANITIZE =
SAN_1	= -fsanitize=address,undefined -fno-omit-frame-pointer \
	  -fno-sanitize-recover=all
SAN	= $(SAN_$(SANITIZE))

# BUILDDIR: a binary run from BUILDDIR/bin reads the snapshot in
# BUILDDIR/data; an installed one only DATADIR's.  (pwd, not GNU make's
# CURDIR, which BSD make does not set.)
BUILDDIR != pwd
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -DDATADIR='"$(DATADIR)"' \
	  -DBUILDDIR='"$(BUILDDIR)"' \
	  -Ilib $(CURL_CFLAGS) $(LOAD_CFLAGS) $(JQ_CFLAGS) $(WARN) $(CFLAGS) \
	  $(SAN)
ALL_LDFLAGS = $(LDFLAGS) $(SAN)

LIBOBJ	= lib/account.o lib/activity.o lib/archive.o lib/auth.o lib/batch.o lib/batchio.o lib/call.o lib/catalog.o \
	  lib/catindex.o lib/chart.o lib/chat.o lib/chatopt.o lib/compat.o lib/cost.o \
	  lib/costopt.o lib/costrec.o lib/costout.o lib/costprov.o \
	  lib/dl.o lib/endpoints.o lib/error.o lib/history.o lib/http.o lib/httpmulti.o lib/jscan.o \
	  lib/jq_dl.o lib/json.o lib/jw.o lib/ledger.o lib/linein.o lib/mfilter.o lib/money.o lib/mview.o \
	  lib/opts.o lib/prompt.o lib/rcache.o lib/resume.o lib/sha256.o lib/spend.o \
	  lib/sse.o lib/stream.o \
	  lib/streamopt.o lib/table.o lib/textout.o lib/util.o lib/xfer.o
HDR	= lib/account.h lib/activity.h lib/archive.h lib/auth.h lib/batch.h lib/batchio.h lib/call.h lib/catalog.h lib/catindex.h lib/chart.h \
	  lib/chat.h lib/chatopt.h lib/compat.h lib/cost.h lib/costopt.h \
	  lib/costout.h lib/costrec.h lib/costprov.h lib/curlfn.h lib/dl.h \
	  lib/endpoints.h lib/error.h lib/history.h lib/http.h lib/httpmulti.h lib/jlex.h lib/jqfn.h lib/jscan.h \
	  lib/json.h lib/jw.h lib/ledger.h lib/linein.h lib/mfilter.h lib/money.h \
	  lib/mview.h lib/opts.h lib/prompt.h lib/rcache.h lib/resume.h lib/sha256.h \
	  lib/spend.h lib/sse.h \
	  lib/stream.h lib/streamopt.h lib/table.h lib/textout.h lib/util.h \
	  lib/xfer.h
LIB	= lib/liborkit.a
BIN	= bin/orchat bin/orstream bin/ormodels bin/orcost
MAN	= man/orkit.7 man/orchat.1 man/orstream.1 man/ormodels.1 man/orcost.1
UNIT	= tests/unit/t_auth tests/unit/t_batchio tests/unit/t_catalog tests/unit/t_chart tests/unit/t_chat \
	  tests/unit/t_cost tests/unit/t_costout tests/unit/t_error \
	  tests/unit/t_http tests/unit/t_jscan tests/unit/t_json \
	  tests/unit/t_jw tests/unit/t_money tests/unit/t_mview \
	  tests/unit/t_opts tests/unit/t_rcache tests/unit/t_sse \
	  tests/unit/t_stream tests/unit/t_streamdiff \
	  tests/unit/t_table tests/unit/t_util

all: $(BIN)

# Rebuild everything when the flags change (e.g. SANITIZE=1 and back).
.flags: FORCE
	@echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' > .flags.new; \
	if cmp -s .flags.new .flags; then rm -f .flags.new; \
	else mv .flags.new .flags; fi
FORCE:

.c.o:
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBOBJ) lib/curl_dl.o cmd/orchat.o cmd/orstream.o \
cmd/ormodels.o cmd/orcost.o: $(HDR) .flags

$(LIB): $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

# Every command loads libcurl with dlopen when it first needs the network,
# and libjq when it first builds a request body, so that --help, --version,
# --dry-run and cached look-ups start in a millisecond or two instead of
# paying for libcurl's 30-odd shared objects and libjq's relocations.
bin/orchat: cmd/orchat.o
bin/orstream: cmd/orstream.o
bin/ormodels: cmd/ormodels.o
bin/orcost: cmd/orcost.o
$(BIN): lib/curl_dl.o $(LIB)
	@mkdir -p bin
	$(CC) $(ALL_LDFLAGS) -o $@ cmd/$(@F).o lib/curl_dl.o \
	    $(LIB) $(LOAD_LIBS)

# Unit tests: one TAP-printing program per module.
$(UNIT): $(LIB) lib/curl_dl.o tests/unit/tap.h tests/unit/tutil.h .flags
	$(CC) $(ALL_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $@.c \
	    lib/curl_dl.o $(LIB) $(LOAD_LIBS)
tests/unit/t_auth: tests/unit/t_auth.c
tests/unit/t_batchio: tests/unit/t_batchio.c
tests/unit/t_catalog: tests/unit/t_catalog.c
tests/unit/t_chart: tests/unit/t_chart.c
tests/unit/t_chat: tests/unit/t_chat.c
tests/unit/t_cost: tests/unit/t_cost.c
tests/unit/t_costout: tests/unit/t_costout.c
tests/unit/t_error: tests/unit/t_error.c
tests/unit/t_http: tests/unit/t_http.c
tests/unit/t_jscan: tests/unit/t_jscan.c
tests/unit/t_json: tests/unit/t_json.c
tests/unit/t_jw: tests/unit/t_jw.c
tests/unit/t_money: tests/unit/t_money.c
tests/unit/t_mview: tests/unit/t_mview.c
tests/unit/t_opts: tests/unit/t_opts.c
tests/unit/t_rcache: tests/unit/t_rcache.c
tests/unit/t_sse: tests/unit/t_sse.c
tests/unit/t_stream: tests/unit/t_stream.c
tests/unit/t_streamdiff: tests/unit/t_streamdiff.c
tests/unit/t_table: tests/unit/t_table.c
tests/unit/t_util: tests/unit/t_util.c

# Fuzzing (tests/fuzz/README): one harness per parser of outside bytes.
# The normal build of each replays tests/fuzz/regress/ in the suite; make
# fuzz builds them with clang's libFuzzer and runs each FUZZ_SECONDS.
FZ	= tests/fuzz/fz_sse tests/fuzz/fz_jscan tests/fuzz/fz_stream \
	  tests/fuzz/fz_cost tests/fuzz/fz_money tests/fuzz/fz_error \
	  tests/fuzz/fz_catindex tests/fuzz/fz_opts tests/fuzz/fz_history \
	  tests/fuzz/fz_batchio tests/fuzz/fz_rcache tests/fuzz/fz_streamdiff \
	  tests/fuzz/fz_activity
FZ_LF	= tests/fuzz/lf/fz_sse tests/fuzz/lf/fz_jscan tests/fuzz/lf/fz_stream \
	  tests/fuzz/lf/fz_cost tests/fuzz/lf/fz_money tests/fuzz/lf/fz_error \
	  tests/fuzz/lf/fz_catindex tests/fuzz/lf/fz_opts \
	  tests/fuzz/lf/fz_history tests/fuzz/lf/fz_batchio \
	  tests/fuzz/lf/fz_rcache tests/fuzz/lf/fz_streamdiff \
	  tests/fuzz/lf/fz_activity
FUZZ_SECONDS = 10
FUZZ_CC	= clang
# libFuzzer builds link libjq as usual (JQFN_LINK).
FUZZ_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -DDATADIR='"$(DATADIR)"' \
	  -Ilib -Itests/fuzz $(CURL_CFLAGS) $(LOAD_CFLAGS) -DJQFN_LINK \
	  $(JQ_CFLAGS) \
	  $(WARN) -O1 -g -fno-omit-frame-pointer \
	  -fsanitize=address,undefined -fno-sanitize-recover=all
# What would end the command comes back to the harness instead.
FZ_LINK_fz_opts = -Wl,--wrap=exit,--wrap=errx,--wrap=warnx,--wrap=out_close

$(FZ): $(LIB) lib/curl_dl.o tests/fuzz/fz.h tests/fuzz/replay.c .flags
	$(CC) $(ALL_CFLAGS) -Itests/fuzz $(ALL_LDFLAGS) $(FZ_LINK_$(@F)) \
	    -o $@ $@.c tests/fuzz/replay.c lib/curl_dl.o $(LIB) $(LOAD_LIBS)
tests/fuzz/fz_sse tests/fuzz/lf/fz_sse: tests/fuzz/fz_sse.c
tests/fuzz/fz_jscan tests/fuzz/lf/fz_jscan: tests/fuzz/fz_jscan.c
tests/fuzz/fz_stream tests/fuzz/lf/fz_stream: tests/fuzz/fz_stream.c
tests/fuzz/fz_cost tests/fuzz/lf/fz_cost: tests/fuzz/fz_cost.c
tests/fuzz/fz_money tests/fuzz/lf/fz_money: tests/fuzz/fz_money.c
tests/fuzz/fz_error tests/fuzz/lf/fz_error: tests/fuzz/fz_error.c
tests/fuzz/fz_catindex tests/fuzz/lf/fz_catindex: tests/fuzz/fz_catindex.c
tests/fuzz/fz_opts tests/fuzz/lf/fz_opts: tests/fuzz/fz_opts.c
tests/fuzz/fz_history tests/fuzz/lf/fz_history: tests/fuzz/fz_history.c
tests/fuzz/fz_batchio tests/fuzz/lf/fz_batchio: tests/fuzz/fz_batchio.c
tests/fuzz/fz_rcache tests/fuzz/lf/fz_rcache: tests/fuzz/fz_rcache.c
tests/fuzz/fz_streamdiff tests/fuzz/lf/fz_streamdiff: tests/fuzz/fz_streamdiff.c
tests/fuzz/fz_activity tests/fuzz/lf/fz_activity: tests/fuzz/fz_activity.c

# The library once more, instrumented for libFuzzer.
tests/fuzz/lf/liborkit.a: $(LIBOBJ:.o=.c) lib/curl_dl.c $(HDR)
	rm -rf tests/fuzz/lf/obj
	mkdir -p tests/fuzz/lf/obj
	for f in $(LIBOBJ:.o=.c) lib/curl_dl.c; do \
	    $(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c \
	    -o tests/fuzz/lf/obj/`basename $$f .c`.o $$f || exit 1; done
	rm -f $@
	ar rcs $@ tests/fuzz/lf/obj/*.o
$(FZ_LF): tests/fuzz/lf/liborkit.a tests/fuzz/fz.h
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FZ_LINK_$(@F)) \
	    -o $@ tests/fuzz/$(@F).c tests/fuzz/lf/liborkit.a $(JQ_LIBS) \
	    $(LOAD_LIBS)

fuzz: $(FZ_LF)
	sh tests/fuzz/run $(FUZZ_SECONDS)

PROVE	= prove
PROVEFLAGS = -j2
# make check VALGRIND=1: every command the tests run goes through
# valgrind's memcheck (tests/lib.sh); an error or a definite leak fails the
# test that ran it.  Slow: allow an hour on two CPUs.
VALGRIND =

# The whole suite through prove: unit tests, then the commands against the
# mock server on 127.0.0.1.  Never the network.  A test that builds runs
# this make with these flags.  check is the same, by its GNU name.
TESTMAKEFLAGS = SANITIZE=$(SANITIZE) CC=$(CC) CURL_LINK=$(CURL_LINK) \
	  JQ_LINK=$(JQ_LINK)
test: $(BIN) $(UNIT) $(FZ)
	VALGRIND='$(VALGRIND)' ORKIT_MAKE='$(MAKE)' \
	ORKIT_MAKEFLAGS='$(TESTMAKEFLAGS)' \
	    $(PROVE) $(PROVEFLAGS) $(UNIT) tests/*.t
check: test

lint:
	mandoc -Tlint -Wwarning $(MAN)

# One completion file for bash, installed under each command's name, since
# bash-completion loads a command's completion by the command's name.
install: $(BIN) install-man
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)
	install -m 0644 data/models.json data/archive.json data/history.tsv \
	    $(DESTDIR)$(DATADIR)
	mkdir -p $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	for c in orchat orstream ormodels orcost; do \
	    install -m 0644 completions/orkit.bash $(DESTDIR)$(BASHCOMPDIR)/$$c \
	    || exit 1; done
	install -m 0644 completions/_orkit $(DESTDIR)$(ZSHCOMPDIR)

# The pages name the default data directory; the installed ones name
# DATADIR.
install-man:
	mkdir -p $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	for p in $(MAN); do \
	    s=$${p##*.}; \
	    sed 's|/usr/local/share/orkit|$(DATADIR)|g' $$p \
	    >$(DESTDIR)$(MANDIR)/man$$s/$${p##*/} && \
	    chmod 0644 $(DESTDIR)$(MANDIR)/man$$s/$${p##*/} || exit 1; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/orchat $(DESTDIR)$(BINDIR)/orstream \
	    $(DESTDIR)$(BINDIR)/ormodels $(DESTDIR)$(BINDIR)/orcost
	rm -f $(DESTDIR)$(MANDIR)/man1/orchat.1 \
	    $(DESTDIR)$(MANDIR)/man1/orstream.1 \
	    $(DESTDIR)$(MANDIR)/man1/ormodels.1 \
	    $(DESTDIR)$(MANDIR)/man1/orcost.1 $(DESTDIR)$(MANDIR)/man7/orkit.7
	rm -f $(DESTDIR)$(DATADIR)/models.json \
	    $(DESTDIR)$(DATADIR)/archive.json $(DESTDIR)$(DATADIR)/history.tsv
	-rmdir $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(BASHCOMPDIR)/orchat $(DESTDIR)$(BASHCOMPDIR)/orstream \
	    $(DESTDIR)$(BASHCOMPDIR)/ormodels $(DESTDIR)$(BASHCOMPDIR)/orcost \
	    $(DESTDIR)$(ZSHCOMPDIR)/_orkit

# What the build and the tests need, installed from Debian when missing:
# .ci/deps says what it installs, and needs root or sudo.
deps:
	@sh .ci/deps

# The quick start: dependencies, build, then the tools at work (offline
# unless OPENROUTER_API_KEY is set).
demo: deps
	@$(MAKE) all
	@sh tests/demo.sh

bench: $(BIN)
	sh bench/run

clean:
	rm -f $(LIBOBJ) lib/curl_dl.o cmd/*.o $(LIB) $(BIN) \
	    $(UNIT) $(FZ) .flags .flags.new
	rm -rf bin tests/fuzz/lf

.PHONY: all test check lint install install-man uninstall deps demo bench \
	clean fuzz FORCE
