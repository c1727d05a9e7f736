# bench/mksse.py N PATH: N real-shaped chat.completion.chunk events (the
# shape of a captured gpt-4o stream, one "tok" each) and data: [DONE],
# the SSE input of bench/stream.sh and bench/instr.sh.
import json, sys

n, path = int(sys.argv[1]), sys.argv[2]
c = {"id": "gen-1754441342-hIkMo7SMi0ZecQw3oR4d", "provider": "OpenAI",
     "model": "openai/gpt-4o", "object": "chat.completion.chunk",
     "created": 1754441342, "choices": [{"index": 0, "delta": {
         "role": "assistant", "content": "tok"}, "finish_reason": None,
         "native_finish_reason": None, "logprobs": None}]}
line = ("data: " + json.dumps(c, separators=(",", ":")) + "\n\n").encode()
with open(path, "wb") as f:
    for _ in range(n // 1000):
        f.write(line * 1000)
    f.write(line * (n % 1000))
    f.write(b"data: [DONE]\n\n")
