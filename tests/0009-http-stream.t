#!/bin/sh
# Streaming requests through lib/http against the mock server: the cases
# are in tests/unit/t_http.c, which this runs with the mock's URL and log.
. "${0%/*}/lib.sh"
mock_start
export MOCK_LOG
cd "$TOP" && tests/unit/t_http stream
