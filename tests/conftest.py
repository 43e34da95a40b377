"""Shared fixtures: a real index of the real corpus, built once per session with the real
default embedder in a temporary directory. Tests that change an index copy the embedding
cache into their own directory, so they pay for Chroma writes but not for re-embedding."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.documents import Expected, write_all  # type: ignore[import-not-found]
from fixtures.library import copy_library  # type: ignore[import-not-found]
from launcher import free_port, launch_app, stop_app  # type: ignore[import-not-found]

from assistant import Assistant, Settings
from assistant.evalsets import fixture_settings
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


@pytest.fixture(scope="session")
def fixture_docs(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Assistant, dict[str, Expected]]:
    """The four fixture documents (DOCX, PDF, Markdown, HTML) ingested into a new index,
    once per session."""
    root = tmp_path_factory.mktemp("fixture-docs")
    expected = write_all(root / "corpus")
    assistant = Assistant.load(Settings(corpus_dir=root / "corpus", index_dir=root / "index"))
    report = assistant.ingest()
    assert report.count("added") == len(expected) and not report.count("failed"), report
    return assistant, expected


@pytest.fixture(scope="session")
def whole_library(tmp_path_factory: pytest.TempPathFactory, built_index: Path) -> Assistant:
    """corpus/ plus the four fixture documents in one index, as the dev and held-out
    evaluation sets ask them (``dsi eval --set dev``), once per session."""
    work = tmp_path_factory.mktemp("whole-library")
    settings = fixture_settings(Settings(corpus_dir=CORPUS, index_dir=built_index), work)
    assistant = Assistant.load(settings)
    report = assistant.ingest()
    assert not report.count("failed"), report
    return assistant


@pytest.fixture()
def fresh(tmp_path: Path, built_index: Path):  # type: ignore[no-untyped-def]
    """Build a private corpus copy and an empty index that shares the embedding cache."""

    def make(extra: dict[str, str] | None = None) -> tuple[Settings, Path]:
        return copy_library(tmp_path, built_index, extra)

    return make


@pytest.fixture()
def port() -> int:
    """A free loopback port for a server a test starts."""
    return free_port()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, built_index: Path):  # type: ignore[no-untyped-def]
    """``python app.py`` on a free loopback port, over copies of the corpus and the index
    (uploads and re-index change those copies only). Yields url, root, corpus, index, env."""
    process, info = launch_app(tmp_path_factory.mktemp("app"), built_index)
    yield info
    stop_app(process)


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Headless Chromium from Debian's package, driven by Playwright (no browser download).
    Per module: Playwright's sync API runs an event loop in this thread while it is open,
    and a later ``asyncio.run`` in another module would fail beside it."""
    import os

    if not CHROMIUM.exists():
        if os.environ.get("DSI_REQUIRE_BROWSER"):
            pytest.fail("/usr/bin/chromium is missing: apt-get install -y chromium")
        pytest.skip("needs Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        yield instance
        instance.close()
