#!/bin/sh
# make install / uninstall honour PREFIX and DESTDIR; every option in a
# command's --help is in its manual page, and the pages lint clean.
. "${0%/*}/lib.sh"

# make install PREFIX=... must rebuild the commands, whose data directory
# is compiled in; done in the source tree, that would relink bin/* under
# the tests running beside this one.  So the sources are copied, and built
# and installed from the copy, with the suite's own flags.
S=$T/src
mkdir -p "$S/lib" "$S/cmd"
cp "$TOP/Makefile" "$S/"
cp "$TOP"/lib/*.[ch] "$S/lib/"
cp "$TOP"/cmd/*.c "$S/cmd/"
cp -R "$TOP/man" "$TOP/data" "$TOP/completions" "$S/"
# The make that runs the suite (GNU make or bmake), with its flags.
mk() { ${ORKIT_MAKE:-make} -s -C "$S" ${ORKIT_MAKEFLAGS:-} "$@"; }
before=$(ls -l --time-style=full-iso "$TOP"/bin/orchat)

D=$T/dest
mk install DESTDIR="$D" PREFIX=/opt/ork >"$OUT" 2>"$ERR"
is "$?" 0 "make install DESTDIR=... PREFIX=/opt/ork"
for f in bin/orchat bin/orstream bin/ormodels bin/orcost \
    share/man/man1/orchat.1 share/man/man1/orstream.1 \
    share/man/man1/ormodels.1 share/man/man1/orcost.1 \
    share/man/man7/orkit.7 share/orkit/models.json \
    share/bash-completion/completions/orchat \
    share/bash-completion/completions/orstream \
    share/bash-completion/completions/ormodels \
    share/bash-completion/completions/orcost \
    share/zsh/site-functions/_orkit; do
	[ -f "$D/opt/ork/$f" ]
	ok $? "installed $f"
done
[ -x "$D/opt/ork/bin/orchat" ] && ok 0 "binaries are executable" ||
    ok 1 "binaries are executable"
mode=$(stat -c %a "$D/opt/ork/share/man/man1/orchat.1")
is "$mode" 644 "pages are 0644"
run "$D/opt/ork/bin/orcost" --version
is "$rc" 0 "an installed binary runs"
mk uninstall DESTDIR="$D" PREFIX=/opt/ork >"$OUT" 2>"$ERR"
is "$?" 0 "make uninstall"
left=$(find "$D" -type f | wc -l | tr -d ' ')
is "$left" 0 "uninstall leaves no file behind"
is "$(ls -l --time-style=full-iso "$TOP"/bin/orchat)" "$before" \
    "the build the other tests run is left as it was"

for cmd in orchat orstream ormodels orcost; do
	page=$TOP/man/$cmd.1
	"$BIN/$cmd" --help | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u >"$T/opts"
	missing=
	while read -r opt; do
		grep -q -- "Fl ${opt#-}\( \|$\)" "$page" || missing="$missing $opt"
	done <"$T/opts"
	is "$missing" "" "$cmd.1 documents every option of --help"
done

if command -v mandoc >/dev/null; then
	run mandoc -Tlint -Wwarning "$TOP"/man/*.1 "$TOP"/man/*.7
	is "$out$err" "" "mandoc -Tlint is clean"
else
	skip "no mandoc"
fi

done_testing
