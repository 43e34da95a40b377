"""Finding 3: an ingest by another process (add, update, remove a document) never breaks
a running app, on the embedded store and on a Chroma server; the change is answerable
at once, without a restart."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from launcher import ask_api, launch_app, start_chroma, stop_app  # type: ignore[import-not-found]

pytestmark = pytest.mark.slow

QUESTION = "Hvad har DSI drøftet med Viborg Kommune?"
GENERAL = "Hvad er en resultatbetalingsfond?"
FIRST = (
    "# Notat om Viborg\n\nDSI har drøftet en social investering i Viborg Kommune om ensomme unge.\n"
)
SECOND = (
    "# Notat om Viborg\n\nDSI har drøftet en social investering i Viborg Kommune om "
    "hjemløse kvinder med børn.\n"
)


def ingest(info: dict[str, Any]) -> str:
    """``dsi ingest`` in another process, on the app's corpus and index."""
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest"],
        env=info["env"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(params=["embedded", "server"])
def running(
    request: pytest.FixtureRequest, tmp_path: Path, built_index: Path
) -> Iterator[dict[str, Any]]:
    """The app over its own index, on local disk or on a real ``chroma run``."""
    extra: dict[str, str] = {}
    chroma = None
    if request.param == "server":
        (tmp_path / "chroma").mkdir()
        chroma, extra["DSI_CHROMA_URL"] = start_chroma(tmp_path / "chroma")
    app, info = launch_app(tmp_path / "app", built_index, extra, cache_only=True)
    yield info
    stop_app(app)
    if chroma is not None:
        chroma.terminate()
        chroma.wait(timeout=20)


def test_add_update_remove_in_another_process(running: dict[str, Any]) -> None:
    url, note = running["url"], Path(running["corpus"]) / "viborg.md"
    assert ask_api(url, QUESTION)["refused"]

    note.write_text(FIRST, encoding="utf-8")
    assert "1 added" in ingest(running)
    added = ask_api(url, QUESTION)
    assert added["status"] == 200 and added["citations"][0]["doc"] == "viborg.md"
    assert ask_api(url, GENERAL)["status"] == 200

    note.write_text(SECOND, encoding="utf-8")
    assert "1 updated" in ingest(running)
    updated = ask_api(url, QUESTION)
    assert updated["status"] == 200, updated
    assert "hjemløse kvinder" in updated["citations"][0]["text"]
    assert ask_api(url, GENERAL)["status"] == 200

    note.unlink()
    assert "1 removed" in ingest(running)
    removed = ask_api(url, QUESTION)
    assert removed["status"] == 200, removed
    assert all(c["doc"] != "viborg.md" for c in removed["citations"])
    general = ask_api(url, GENERAL)
    assert general["status"] == 200 and not general["refused"]
