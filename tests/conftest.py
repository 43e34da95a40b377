"""Shared fixtures: a real index of the real corpus, built once per session with the real
default embedder in a temporary directory. Tests that change an index copy the embedding
cache into their own directory, so they pay for Chroma writes but not for re-embedding."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.offline import ensure_offline

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

ensure_offline()


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of corpus/ built once for the whole session."""
    index = tmp_path_factory.mktemp("index")
    assistant = Assistant.load(Settings(corpus_dir=CORPUS, index_dir=index))
    report = assistant.ingest()
    assert report.count("added") == 2 and not report.count("failed"), report  # text + CSV
    return index


@pytest.fixture(scope="session")
def assistant(built_index: Path) -> Assistant:
    """An assistant over the session index."""
    return Assistant.load(Settings(corpus_dir=CORPUS, index_dir=built_index))


@pytest.fixture()
def fresh(tmp_path: Path, built_index: Path):  # type: ignore[no-untyped-def]
    """Build a private corpus copy and an empty index that shares the embedding cache."""

    def make(extra: dict[str, str] | None = None) -> tuple[Settings, Path]:
        corpus = tmp_path / "corpus"
        shutil.copytree(CORPUS, corpus)
        for name, text in (extra or {}).items():
            (corpus / name).write_text(text, encoding="utf-8")
        index = tmp_path / "index"
        index.mkdir()
        shutil.copy(built_index / "embeddings.sqlite", index / "embeddings.sqlite")
        return Settings(corpus_dir=corpus, index_dir=index), corpus

    return make


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def port() -> int:
    """A free loopback port for a server a test starts."""
    return free_port()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, built_index: Path):  # type: ignore[no-untyped-def]
    """``python app.py`` on a free loopback port, over copies of the corpus and the index
    (uploads and re-index change those copies only). Yields (url, settings-like env)."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    root = tmp_path_factory.mktemp("app")
    corpus, index = root / "corpus", root / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(built_index, index)
    port = free_port()
    env = {
        **os.environ,
        "DSI_CORPUS_DIR": str(corpus),
        "DSI_INDEX_DIR": str(index),
        "DSI_PORT": str(port),
        "DSI_ADMIN_PASSWORD": "test-admin",
        "DSI_MAX_FILE_MB": "1",
        "DSI_FEEDBACK_PATH": str(root / "feedback.jsonl"),
    }
    log = (root / "app.log").open("w")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
        assert process.poll() is None, (root / "app.log").read_text()
    else:
        process.kill()
        raise AssertionError("the app did not start: " + (root / "app.log").read_text())
    yield {"url": url, "root": root, "corpus": corpus, "index": index}
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:  # open client connections keep uvicorn waiting
        process.kill()
        process.wait(timeout=10)
