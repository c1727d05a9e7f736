#!/bin/sh
# Every conformance case through orstream --sse (see tests/sse_conformance.py).
cd "${0%/*}/.." && exec python3 tests/sse_conformance.py bin/orstream tests/conformance
