# tests/history.sh -- sourced by the tests of the catalog's history
# (0704, 0706), after lib.sh and mock_start: the two catalogs a refresh
# moves between, the cache they land in, the URL that serves the older
# one, a model only the older one lists, and ormodels run as run does.

FX=$TOP/tests/fixtures/models
MAR=$FX/models_2026-03-11.json
NEW=$FX/models_2026-08-08.json
C=$XDG_CACHE_HOME/orkit
MARURL=http://127.0.0.1:$MOCK_PORT/_s/fixture:2026-03-11/api/v1
SEED=openai/gpt-4-1106-preview
om() { run "$BIN/ormodels" "$@"; }
