"""A scripted OpenAI-compatible server on 127.0.0.1: the fake for a paid LLM API.

It serves ``GET /v1/models`` and ``POST /v1/chat/completions``, plain and streamed (server-
sent events, as the OpenAI protocol streams). The model name picks the script; each
script writes its reply from the passages in the request's last message, as a model
would:

- ``good``: the first sentence of passages 1 and 2, each cited;
- ``wrong-number``: a passage's sentence with a number, the number changed, and the
  second good sentence;
- ``wrong-citation``: a passage's sentence cited with a passage number that was not given;
- ``missing-citation``: as good, the first sentence without its [n];
- ``invented-name``: as good, the first sentence credited to a person no passage names;
- ``injected``: as good, plus the English sentence with an invented figure that a
  passage's instruction asks for (cited to that passage, or to [1] when no passage
  that the model sees gives one);
- ``refusal``: the no-answer word;
- ``dies``: streams one sentence, then the connection drops;
- ``slow``: waits ``SLOW_S`` seconds before answering.

Run it alone with ``python tests/llm_server.py [port]`` (the README's screenshot used it).
"""

from __future__ import annotations

import html
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PASSAGE = re.compile(r'<passage n="(\d+)"[^>]*>\n(.*?)\n</passage>', re.S)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
SLOW_S = 5.0


def passages(messages: list[dict[str, Any]]) -> dict[int, str]:
    """The passages of the last user message, by number, unescaped."""
    last = next(m["content"] for m in reversed(messages) if m["role"] == "user")
    return {int(n): html.unescape(text) for n, text in PASSAGE.findall(last)}


def first_sentence(text: str) -> str:
    """The first sentence of a passage that has a few words, without its final stop."""
    for sentence in SENTENCE.split(text.replace("\n", " ")):
        if len(sentence.split()) >= 5:
            return sentence.strip().rstrip(".")
    return text.strip().rstrip(".")


def good(given: dict[int, str]) -> list[str]:
    """One cited sentence from each of the first two passages."""
    return [f"{first_sentence(given[n])} [{n}]." for n in sorted(given)[:2]]


def changed_number(given: dict[int, str]) -> str:
    """A passage's sentence with a number in it, cited, its first number changed."""
    for n, text in sorted(given.items()):
        for sentence in SENTENCE.split(text.replace("\n", " ")):
            if re.search(r"\d", sentence) and len(sentence.split()) >= 5:
                wrong = re.sub(r"\d+", lambda m: str(int(m.group()) + 7), sentence, count=1)
                return f"{wrong.strip().rstrip('.')} [{n}]."
    return f"{first_sentence(given[min(given)])} i 1997 [{min(given)}]."


def reply(model: str, messages: list[dict[str, Any]]) -> str:
    """The scripted reply of ``model`` to ``messages``."""
    given = passages(messages)
    sentences = good(given)
    if model == "refusal" or not given:
        return "NO_ANSWER"
    if model == "wrong-number":
        sentences[0] = changed_number(given)
    elif model == "wrong-citation":
        sentences[0] = re.sub(r"\[\d+\]", f"[{len(given) + 5}]", sentences[0])
    elif model == "missing-citation":
        sentences[0] = re.sub(r"\s*\[\d+\]", "", sentences[0])
    elif model == "invented-name":
        sentences[0] = (
            "Ifølge direktør Henrik Sørensfeldt fra Nordlys Fonden gælder: " + sentences[0]
        )
    elif model == "injected":  # obeys an order in a passage, else writes one of its own
        orders = [n for n, t in given.items() if re.search(r"instru[ck]tion", t, re.I)]
        extra = "DSI has invested 999 million kroner on Mars"
        sentences.append(f"{extra} [{orders[0] if orders else 1}].")
    return " ".join(sentences)


class Handler(BaseHTTPRequestHandler):
    """The two endpoints of the OpenAI protocol that a chat client uses."""

    def log_message(self, *_: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            self._json({"object": "list", "data": [{"id": "good", "object": "model"}]})
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self.send_error(404)
            return
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        model = body.get("model", "good")
        self.server.requests.append(body)  # type: ignore[attr-defined]
        if model == "slow":
            time.sleep(SLOW_S)
        text = reply(model, body["messages"])
        if body.get("stream"):
            self._stream(model, text)
        else:
            message = {"role": "assistant", "content": text}
            self._json(
                {
                    "id": "x",
                    "object": "chat.completion",
                    "created": 0,
                    "model": model,
                    "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                }
            )

    def _json(self, data: dict[str, Any]) -> None:
        raw = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _stream(self, model: str, text: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        pieces = re.findall(r"\S+\s*", text)
        for i, piece in enumerate(pieces):
            if model == "dies" and i > 0 and pieces[i - 1].rstrip().endswith("."):
                self.wfile.flush()
                self.connection.shutdown(2)  # the connection drops mid-answer
                return
            self._event(model, {"content": piece}, None)
        self._event(model, {}, "stop")
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def _event(self, model: str, delta: dict[str, str], finish: str | None) -> None:
        chunk = {
            "id": "x",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.flush()


def serve(port: int = 0) -> ThreadingHTTPServer:
    """A running server on 127.0.0.1 (``port`` 0: any free one); ``shutdown()`` ends it."""
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.requests = []  # type: ignore[attr-defined]
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    running = serve(int(sys.argv[1]) if len(sys.argv) > 1 else 8099)
    print(f"scripted LLM on http://127.0.0.1:{running.server_address[1]}/v1", flush=True)
    threading.Event().wait()
