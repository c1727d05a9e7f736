#!/bin/sh
# What is not a prompt is not sent, nor paid for (issue 11, item 19): white
# space alone is no prompt (exit 2, one line); binary data on stdin when a
# person is at the terminal (stdout is one) is refused with a hint at -i
# and --file.  A pipeline's stdin goes as it is.
. "${0%/*}/lib.sh"
. "${0%/*}/orchat.sh"
mock_start

n=$(mock_requests)
run "$BIN/orchat" "   "
is "$rc" 2 "a prompt of spaces: exit 2"
is "$err" "orchat: no prompt: the prompt is only white space" "one line"
printf ' \n\t\r\n\n' >"$T/blank"
run_in "$T/blank" "$BIN/orchat"
is "$rc" 2 "white space on stdin: exit 2"
run_in "$T/blank" "$BIN/orchat" " " "	"
is "$rc" 2 "white space as arguments and on stdin: exit 2"
run "$BIN/orstream" "  "
is "$rc" 2 "orstream too"
run "$BIN/orchat" -c "$T/conv.json" "  "
is "$rc" 2 "with a conversation too"
is "$(mock_requests)" "$n" "none of them was sent"

run "$BIN/orchat" -m mock/echo "  hi  "
is "$rc" 0 "a prompt with text in it is sent"
want_sent 'b["messages"][0]["content"]' "  hi  " "as it is, spaces and all"

# Binary stdin, stdout a terminal: refused with a hint.
printf '\211PNG\r\n\032\n\0\0\0\rIHDR' >"$T/img.png"
printf 'text\0more' >"$T/nul.txt"
if script -qec true /dev/null >/dev/null 2>&1; then
	n=$(mock_requests)
	script -qec "'$BIN/orchat' describe <'$T/img.png'" /dev/null \
	    >"$T/tty.out" 2>&1
	is "$?" 2 "an image on stdin, stdout a terminal: exit 2"
	like "$(tr -d '\r' <"$T/tty.out")" \
	    "^orchat: stdin holds binary data, not a prompt: attach a file with -i FILE \(an image\) or --file FILE$" \
	    "one line with the hint"
	script -qec "'$BIN/orchat' describe <'$T/nul.txt'" /dev/null \
	    >"$T/tty.out" 2>&1
	is "$?" 2 "a NUL byte on stdin, stdout a terminal: exit 2"
	printf 'caf\303\251\n' >"$T/utf8.txt"
	script -qec "'$BIN/orchat' -m mock/parrot <'$T/utf8.txt'" /dev/null \
	    >"$T/tty.out" 2>&1
	is "$?" 0 "text on stdin, stdout a terminal: sent"
	is "$(($(mock_requests) - n))" 1 "only the text was sent"
else
	skip "no script(1) to give orchat a terminal"
	skip "no script(1)"
	skip "no script(1)"
	skip "no script(1)"
	skip "no script(1)"
fi
run_in "$T/nul.txt" "$BIN/orchat" -m mock/echo
is "$rc" 0 "in a pipeline, binary stdin is sent as it is"

check_sent
done_testing
