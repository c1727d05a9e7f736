#!/bin/sh
# Trust and the catalog (issue 11): an answer that is not a catalog never
# reaches the cache, which is private; model ids that could leave
# /models/ are refused; an installed binary never reads a stray
# PREFIX/data/models.json; TLS and configuration failures and a failed
# --refresh are errors, not warnings; control bytes in ids, huge dates,
# an unmappable index and no cache directory crash nothing; unreadable
# prices are unknown, never free.
. "${0%/*}/lib.sh"
mock_start

FX=$TOP/tests/fixtures/models
NEW=$FX/models_2026-08-08.json
C=$XDG_CACHE_HOME/orkit
D=deepseek/deepseek-v3.2
om() { run "$BIN/ormodels" "$@"; }
first() { printf '%s\n' "$1" | head -1; }
crashed() { [ "$rc" -ge 128 ] && [ "$rc" -ne 130 ]; }
mode() { stat -c %a "$1" 2>/dev/null || stat -f %Lp "$1"; }
MOCK_ROOT=http://127.0.0.1:$MOCK_PORT

# ---- 2. an answer that is not a catalog is never cached ----------------
om -o id gpt-4o-mini
is "$rc" 0 "a first fetch: 0"
is "$(mode "$C/models.json")" 600 "the cached catalog is 0600"
is "$(mode "$C/models.idx")" 600 "its index is 0600"
om -e "$D"
is "$(mode "$C/endpoints/deepseek%2Fdeepseek-v3.2.json")" 600 \
    "cached endpoints are 0600"
touch -d '3 days ago' "$C/models.json"
om --base-url "$MOCK_ROOT/_s/echo/api/v1" -o id gpt-4o-mini
is "$rc" 0 "an answer echoing the request, a stale cache: 0"
like "$err" "using the cached catalog of" "the stale cache, with a warning"
contains "$out" openai/gpt-4o-mini "which answers"
cmp -s "$C/models.json" "$NEW"
ok $? "the good cache is kept"
grep -rqF "$TEST_KEY" "$C"
ok $((!$?)) "the key never lands in the cache"
printf '{"data":[{"id":"a/b"},{"name":"no id"}]}' >"$T/noid.json"
mkdir -p "$T/root/tests/fixtures/models"
cp "$T/noid.json" "$T/root/tests/fixtures/models/models_2026-08-08.json"
mock_stop
mock_start --root "$T/root"
om -o id gpt-4o-mini
cmp -s "$C/models.json" "$NEW"
ok $? "a data array with a model without an id is no catalog either"
mock_stop
mock_start
MOCK_ROOT=http://127.0.0.1:$MOCK_PORT
om --refresh -o id gpt-4o-mini
is "$rc" 0 "a good answer is cached again"

# ---- 10. ids that could leave /models/ --------------------------------
for id in ../x ../../key a/.. ./x a/../../x .a/b 'a/b/c' 'a/%2e%2e' \
    'a/b c' "$(printf 'a/b\001')" a/ /b a; do
	n=$(mock_requests)
	om -e "$id"
	is "$rc.$(mock_requests)" "2.$n" "-e '$id': 2, no request"
	is "$(lines "$err")" 1 "  in one line"
done
like "$err" "^ormodels: a: not a model id" "saying so"
ls "$C/endpoints" | grep -v '^[a-z]' | grep -q .
ok $((!$?)) "no stray cache file"
om -e "$D"
is "$rc" 0 "a good id still works"

# ---- 11. a stray PREFIX/data/models.json --------------------------------
mkdir -p "$T/pfx/bin" "$T/pfx/data"
cp "$BIN/ormodels" "$T/pfx/bin/"
sed 's|"id": *"openai/gpt-4o-mini"|"id":"stray/planted"|' "$NEW" \
    >"$T/pfx/data/models.json"
grep -q stray/planted "$T/pfx/data/models.json"
ok $? "(a planted catalog)"
XDG_CACHE_HOME=$T/empty run "$T/pfx/bin/ormodels" --offline -o id stray/planted
unlike "$out" stray/planted "an installed binary ignores PREFIX/data/models.json"
om --offline --catalog /dev/null -o id gpt-4o-mini
XDG_CACHE_HOME=$T/empty run "$BIN/ormodels" --offline -o id gpt-4o-mini
is "$rc.$(first "$out")" "0.openai/gpt-4o-mini" "the build tree still has its snapshot"

# ---- 17. TLS, configuration and --refresh failures ----------------------
touch -d '3 days ago' "$C/models.json"
om --base-url http://openrouter.example/api/v1 -o id gpt-4o-mini
is "$rc" 78 "a refused base URL: 78, not the stale cache"
is "$out" "" "  nothing listed"
is "$(lines "$err")" 1 "  one line"
run "$BIN/orcost" --base-url http://openrouter.example/api/v1 \
    -m openai/gpt-4o-mini -p 10
is "$rc" 78 "orcost: a refused base URL: 78"
om --base-url http://openrouter.example/api/v1 -e "$D" --refresh
is "$rc" 78 "-e: a refused base URL: 78"
om --retries 0 --base-url http://127.0.0.1:9/api/v1 --refresh -o id gpt-4o-mini
[ "$rc" -ne 0 ] && [ "$rc" -ne 78 ]
ok $? "a failed --refresh: its status ($rc), not 0"
is "$out" "" "  nothing listed"
om --retries 0 --base-url http://127.0.0.1:9/api/v1 -o id gpt-4o-mini
is "$rc" 0 "server down without --refresh: the stale cache, 0"
om --retries 0 --base-url http://127.0.0.1:9/api/v1 -e "$D" --refresh
[ "$rc" -ne 0 ]
ok $? "-e: a failed --refresh: its status ($rc)"
om --retries 0 --base-url "$MOCK_ROOT/_s/status:503/api/v1" --refresh -o id gpt-4o-mini
is "$rc" 75 "--refresh answered 503: its status, 75"
if command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	    -addext subjectAltName=IP:127.0.0.1 -keyout "$T/tls.key" \
	    -out "$T/tls.crt" >/dev/null 2>&1
	mock_stop
	mock_start --tls "$T/tls.crt" "$T/tls.key"
	om --retries 0 -o id gpt-4o-mini
	is "$rc" 78 "an unverifiable certificate: 78, not the stale cache"
	like "$err" "(certificate|SSL)" "  saying why"
	rm -rf "$C"
	om --retries 0 -o id gpt-4o-mini
	is "$rc" 78 "  nor the bundled snapshot"
	run "$BIN/orcost" --retries 0 -m openai/gpt-4o-mini -p 10
	is "$rc" 78 "orcost: 78 too"
	om --retries 0 -e "$D"
	is "$rc" 78 "-e: 78 too"
	mock_stop
	mock_start
else
	for i in 1 2 3 4 5; do skip "no openssl"; done
fi

# ---- 23. control bytes in ids, in a catalog and in a damaged index ------
cat >"$T/nul.json" <<'J'
{"data":[
{"id":"evil\u0000x/y","name":"n\u0000m","created":1,"pricing":{"prompt":"0.5","completion":"0.5"}},
{"id":"e\u0001v/il","pricing":{"prompt":"0.5","completion":"0.5"}},
{"id":"ok/model","name":"a\u0000b","created":1700000000,"context_length":1000,
 "pricing":{"prompt":"0.000002","completion":"0.000003"}}]}
J
om --catalog "$T/nul.json" -o id,context,prompt,completion ok/model
is "$rc" 0 "a catalog with NUL in an id: 0"
is "$out" "$(printf 'ok/model\t1000\t2\t3')" "  the columns stay in place"
om --catalog "$T/nul.json" no/such
is "$rc" 1 "  a look-up that fails: 1, no crash"
om --catalog "$T/nul.json" -o id
unlike "$out" "evil|e.v/il" "  ids with control bytes are left out"
om -o id gpt-4o-mini
python3 - "$C/models.idx" <<'P'
import sys
p = sys.argv[1]
b = open(p, "rb").read()
b = b.replace(b"\nopenai/gpt-4o\t", b"\nopenai/gpt-4o\x00x\t", 1)
open(p, "wb").write(b)
P
grep -ac "gpt-4o.x" "$C/models.idx" | grep -q 1
ok $? "(a NUL planted in the index)"
om no/such-model
crashed
ok $((!$?)) "a damaged index: no crash ($rc)"
om -o id,prompt,completion openai/gpt-4o
is "$rc.$(first "$out")" "$(printf '0.openai/gpt-4o\t2.5\t10')" "  and the right answer"

# ---- 24. a created date beyond gmtime ---------------------------------
cat >"$T/huge.json" <<'J'
{"data":[{"id":"a/huge","created":9223372036854775807},
{"id":"a/neg","created":-9223372036854775807},{"id":"a/big","created":1e300}]}
J
om --catalog "$T/huge.json" -o id,created
is "$rc" 0 "a huge created date: 0"
is "$out" "$(printf 'a/big\t-\na/huge\t-\na/neg\t-')" "  shown as -"
om --catalog "$T/huge.json" -l a/huge
crashed
ok $((!$?)) "  its card: no crash ($rc)"

# ---- 25. an unmappable index, no cache directory -----------------------
printf 'garbage' >"$C/models.json"
rm -f "$C/models.idx"
mkdir "$C/models.idx"
om --offline -o id gpt-4o-mini
crashed
ok $((!$?)) "a broken cache beside an unmappable index: no crash ($rc)"
is "$rc" 0 "  the bundled snapshot answers"
rm -rf "$C"
# The API down too (with it up, the catalog is fetched into memory: 0705).
(unset HOME XDG_CACHE_HOME; OPENROUTER_BASE_URL=http://127.0.0.1:9/api/v1 \
    exec "$BIN/ormodels" -o id gpt-4o-mini) >"$OUT" 2>"$ERR"
rc=$? out=$(cat "$OUT") err=$(cat "$ERR")
is "$rc.$(first "$out")" "0.openai/gpt-4o-mini" "no HOME, no XDG_CACHE_HOME: the bundled snapshot"
like "$err" "^ormodels: [ -~]*bundled catalog[ -~]*$" "  with one clean line"
(unset HOME XDG_CACHE_HOME; exec "$BIN/orcost" --offline -m openai/gpt-4o -p 1M) \
    >"$OUT" 2>"$ERR"
is "$?.$(cat "$OUT")" "0.2.5" "  orcost too"
(unset HOME XDG_CACHE_HOME; exec "$BIN/ormodels" --catalog "$NEW" -o id gpt-4o-mini) \
    >"$OUT" 2>"$ERR"
is "$?.$(head -1 "$OUT").$(cat "$ERR")" "0.openai/gpt-4o-mini." "  --catalog, quietly"

# ---- 31. unreadable prices are unknown, never free ----------------------
cat >"$T/price.json" <<'J'
{"data":[
{"id":"p/huge","pricing":{"prompt":"1e999","completion":"0.000001"}},
{"id":"p/long","pricing":{"prompt":"0.0000000000000000000000001","completion":"0"}},
{"id":"p/range","pricing":{"prompt":"100000000000000000000000000000","completion":"0"}},
{"id":"p/array","pricing":{"prompt":["0.000001"],"completion":"0"}},
{"id":"p/bool","pricing":{"prompt":true,"completion":"0"}},
{"id":"p/ok","pricing":{"prompt":"0.000001","completion":"0"}}]}
J
om --catalog "$T/price.json" -o id,prompt
is "$out" "$(printf 'p/array\t-\np/bool\t-\np/huge\t-\np/long\t-\np/ok\t1\np/range\t-')" \
    "unreadable prices are listed as -"
om --catalog "$T/price.json" --free -o id
unlike "$out" "p/(huge|long|range|array|bool)" "  and are not free"
for m in huge long range array bool; do
	run "$BIN/orcost" --catalog "$T/price.json" -m p/$m -p 1000
	[ "$rc" -ne 0 ] && [ -z "$out" ]
	ok $? "orcost -m p/$m: refused ($rc)"
	like "$err" "^orcost: p/$m: .*prompt.*unreadable" "  naming the model and field"
done
run "$BIN/orcost" --catalog "$T/price.json" -m p/ok -p 1M
is "$rc.$out" "0.1" "a readable price still prices"

done_testing
