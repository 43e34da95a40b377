"""The CLI contract, through ``python -m assistant``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

pytestmark = pytest.mark.slow


def run(
    args: list[str], index: Path, stdin: str = "", corpus: Path = CORPUS
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DSI_INDEX_DIR": str(index), "DSI_CORPUS_DIR": str(corpus)}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        text=True,
        capture_output=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_ask_jsonl_contract(built_index: Path) -> None:
    lines = [
        {"question": "Hvor stor er DSI's pipeline?"},
        {
            "question": "Who are the partners?",
            "history": [{"role": "user", "content": "Tell me about the Brøndby investment"}],
        },
        {"question": "What is the capital of France?"},
    ]
    result = run(
        ["ask", "--jsonl", "-"], built_index, "\n".join(json.dumps(x) for x in lines) + "\n"
    )
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 3
    for item in out:
        assert {"answer", "refused", "citations", "latency_ms"} <= set(item)
        for c in item["citations"]:
            assert {"n", "doc", "section", "page", "text"} <= set(c)
    assert not out[0]["refused"] and "25 mio. kr." in out[0]["answer"]
    assert "TUBA" in out[1]["answer"]
    assert out[2]["refused"]


def test_ask_json_and_errors(built_index: Path, tmp_path: Path) -> None:
    result = run(["ask", "Hvad er en social investering?", "--json"], built_index)
    assert result.returncode == 0 and json.loads(result.stdout)["citations"]
    empty = run(["ask", "  "], built_index)
    assert empty.returncode == 1 and "empty" in empty.stderr


def test_ask_builds_a_missing_index_first(tmp_path: Path) -> None:
    result = run(["ask", "Hvor stor er DSI's pipeline?"], tmp_path / "new")
    assert result.returncode == 0, result.stderr
    assert "No index yet" in result.stderr and "25 mio. kr." in result.stdout


ODENSE = (
    "# Notat om Odense\n\n"
    "DSI har undersøgt en social investering i Odense Kommune om ensomhed blandt ældre.\n"
)


def test_ingest_exits_1_and_names_the_files_that_failed(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "odense.md").write_text(ODENSE, encoding="utf-8")
    (corpus / "bad.xlsx").write_bytes(b"PK\x03\x04 not a document we read")
    named = [str(corpus / "bad.xlsx"), str(tmp_path / "missing.md"), str(corpus / "odense.md")]
    result = run(["ingest", *named], index, corpus=corpus)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert f"failed    {corpus / 'bad.xlsx'}: unsupported file type '.xlsx'" in "\n".join(lines)
    assert f"failed    {tmp_path / 'missing.md'}: no such file" in lines
    assert lines[-1] == (
        f"Error: 2 file(s) failed, see the reasons above: {corpus / 'bad.xlsx'}, "
        f"{tmp_path / 'missing.md'}"
    )
    assert "1 added, 0 updated, 0 unchanged, 0 removed, 2 failed" in result.stdout

    again = run(["ingest"], index, corpus=corpus)  # the corpus itself is fine: exit 0
    assert again.returncode == 0, again.stderr
    assert "0 added, 0 updated, 1 unchanged, 0 removed, 0 failed" in again.stdout
