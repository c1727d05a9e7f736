#!/bin/sh
# orchat's input: the prompt from arguments and stdin, the system prompt,
# --messages, images and files -- each asserted on the request the mock
# server received.
. "${0%/*}/lib.sh"
. "${0%/*}/orchat.sh"
mock_start

run "$BIN/orchat" hello world
is "$rc" 0 "arguments only: exit 0"
want_sent 'b["messages"]' '[{"role":"user","content":"hello world"}]' \
    "arguments joined with spaces are the user message"
is "$out" "Why did the scarecrow win an award?

Because he was outstanding in his field!" "the reply on stdout"

printf 'some text\nover lines\n' >"$T/in.txt"
run_in "$T/in.txt" "$BIN/orchat"
is "$rc" 0 "stdin only: exit 0"
want_sent 'json.dumps(b["messages"][0]["content"])' '"some text\nover lines\n"' \
    "stdin alone is the prompt, sent whole"
run_in "$T/in.txt" "$BIN/orchat" summarise this
want_sent 'json.dumps(b["messages"][0]["content"])' \
    '"summarise this\n\nsome text\nover lines\n"' \
    "arguments, a blank line, then stdin"

n=$(mock_requests)
run "$BIN/orchat"
is "$rc" 2 "no prompt at all: exit 2"
is "$err" "orchat: no prompt: give it as arguments or on stdin" "says so in one line"
is "$(mock_requests)" "$n" "and sends nothing"
: >"$T/empty"
run_in "$T/empty" "$BIN/orchat"
is "$rc" 2 "empty stdin and no arguments: exit 2"

# --system, --system-file
run "$BIN/orchat" -s "Be terse." hi
want_sent 'b["messages"]' '[{"role":"system","content":"Be terse."},{"role":"user","content":"hi"}]' \
    "-s: a system message first"
printf 'You are a poet.\n' >"$T/sys.txt"
run "$BIN/orchat" --system-file "$T/sys.txt" hi
want_sent 'b["messages"][0]' '{"role":"system","content":"You are a poet."}' \
    "--system-file: the file, without its last newline"
n=$(mock_requests)
run "$BIN/orchat" --system-file "$T/nope.txt" hi
is "$rc" 66 "--system-file missing: exit 66"
like "$err" "^orchat: --system-file .*nope.txt: No such file" "names the file"
is "$(mock_requests)" "$n" "nothing sent"
run "$BIN/orchat" -s a --system-file "$T/sys.txt" hi
is "$rc" 2 "-s and --system-file together: exit 2"

# --messages
cat >"$T/msgs.json" <<'EOF'
[{"role":"system","content":"old system"},
 {"role":"user","content":"What is 2+2?"},
 {"role":"assistant","content":"4"},
 {"role":"user","content":"And 3+3?"}]
EOF
run_in "$T/msgs.json" "$BIN/orchat" -M
is "$rc" 0 "-M: exit 0"
want_sent 'b["messages"]' '[{"role":"system","content":"old system"},{"role":"user","content":"What is 2+2?"},{"role":"assistant","content":"4"},{"role":"user","content":"And 3+3?"}]' \
    "-M: stdin's messages, as they are"
run_in "$T/msgs.json" "$BIN/orchat" --messages -s "new system" and 4+4
want_sent '[m["content"] for m in b["messages"]]' \
    '["new system","What is 2+2?","4","And 3+3?","and 4+4"]' \
    "-M with arguments: a user message after them; -s replaces the system message"
printf '{"messages":[{"role":"user","content":"x"}],"note":"kept"}' >"$T/obj.json"
run_in "$T/obj.json" "$BIN/orchat" -M
want_sent 'b["messages"]' '[{"role":"user","content":"x"}]' "-M: an object with messages"
printf '[{"role":"user","content":"x"}' >"$T/bad.json"
n=$(mock_requests)
run_in "$T/bad.json" "$BIN/orchat" -M
is "$rc" 65 "-M: broken JSON is exit 65"
like "$err" "^orchat: stdin: not JSON: line 1, column" "says where"
printf '{"x":1}' >"$T/notmsgs.json"
run_in "$T/notmsgs.json" "$BIN/orchat" -M
is "$rc" 65 "-M: JSON that holds no messages is exit 65"
printf '[{"content":"x"}]' >"$T/norole.json"
run_in "$T/norole.json" "$BIN/orchat" -M
is "$rc" 65 "-M: a message without a role is exit 65"
contains "$err" "message 1" "names the message"
printf '[]' >"$T/none.json"
run_in "$T/none.json" "$BIN/orchat" -M
is "$rc" 2 "-M: no messages and no prompt: exit 2"
is "$(mock_requests)" "$n" "none of these sent anything"
run_in "$T/none.json" "$BIN/orchat" -M now
want_sent 'b["messages"]' '[{"role":"user","content":"now"}]' "-M []: the arguments alone"

# Images: a PNG, a JPEG named .png, a URL; in order, after the text.
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' >"$T/dot.png"
printf '\377\330\377\340\000\020JFIF' >"$T/photo.png"
run "$BIN/orchat" -i "$T/dot.png" --image https://example.com/cat.webp \
    -i "$T/photo.png" "what is this?"
is "$rc" 0 "-i: exit 0"
b64=$(python3 -c 'import base64,sys; print(base64.b64encode(open(sys.argv[1],"rb").read()).decode())' "$T/dot.png")
b64j=$(python3 -c 'import base64,sys; print(base64.b64encode(open(sys.argv[1],"rb").read()).decode())' "$T/photo.png")
want_sent 'b["messages"][0]["content"]' "[{\"type\":\"text\",\"text\":\"what is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,$b64\"}},{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.webp\"}},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/jpeg;base64,$b64j\"}}]" \
    "-i: data URLs typed by their bytes, URLs as given, in order"
run "$BIN/orchat" -i "$T/dot.png"
want_sent 'b["messages"][0]["content"]' "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,$b64\"}}]" \
    "an image alone is a prompt"
n=$(mock_requests)
run "$BIN/orchat" -i "$T/dot.png" -i "$T/missing.png" hi
is "$rc" 66 "-i missing file: exit 66"
like "$err" "^orchat: --image .*missing.png: No such file or directory$" "one line naming it"
run "$BIN/orchat" -i "$T/in.txt" hi
is "$rc" 65 "-i of a text file: exit 65"
contains "$err" "not a PNG, JPEG, GIF or WebP image" "says why"
is "$(mock_requests)" "$n" "nothing sent before a missing or wrong image"

# Files
printf '%%PDF-1.4\n%%\342\343\n1 0 obj\n' >"$T/report.pdf"
b64p=$(python3 -c 'import base64,sys; print(base64.b64encode(open(sys.argv[1],"rb").read()).decode())' "$T/report.pdf")
run "$BIN/orchat" --file "$T/report.pdf" --file https://example.com/a/b.pdf?x=1 summarise
is "$rc" 0 "--file: exit 0"
want_sent 'b["messages"][0]["content"][1:]' "[{\"type\":\"file\",\"file\":{\"filename\":\"report.pdf\",\"file_data\":\"data:application/pdf;base64,$b64p\"}},{\"type\":\"file\",\"file\":{\"filename\":\"b.pdf\",\"file_data\":\"https://example.com/a/b.pdf?x=1\"}}]" \
    "--file: a PDF as a data URL with its name; a URL as given"
run "$BIN/orchat" --file "$T/gone.pdf" hi
is "$rc" 66 "--file missing: exit 66"
like "$err" "^orchat: --file .*gone.pdf: No such file" "names it"

check_sent
done_testing
