"""The security suite: the real app (``python app.py``) on loopback, attacked as a
red-teamer would. One app with a non-ASCII admin password, one behind a non-ASCII login."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from launcher import launch_app, stop_app  # type: ignore[import-not-found]

ADMIN = "hemmelig-æøå"
AUTH_USER, AUTH_PASSWORD = "bruger", "kodeørd"
CANARY = "DSI-CANARY-7f3a9c"


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory, built_index: Path):  # type: ignore[no-untyped-def]
    """The app with no login and a Danish admin password."""
    root = tmp_path_factory.mktemp("secure-app")
    process, info = launch_app(root, built_index, {"DSI_ADMIN_PASSWORD": ADMIN})
    yield info
    stop_app(process)


@pytest.fixture(scope="session")
def auth_app(tmp_path_factory: pytest.TempPathFactory, built_index: Path):  # type: ignore[no-untyped-def]
    """The app behind ``DSI_AUTH`` with Danish letters in the password, read-only."""
    root = tmp_path_factory.mktemp("auth-app")
    # read-only (no admin password): the upload route must be closed too
    env = {"DSI_AUTH": f"{AUTH_USER}:{AUTH_PASSWORD}", "DSI_ADMIN_PASSWORD": ""}
    process, info = launch_app(root, built_index, env)
    yield info
    stop_app(process)


@pytest.fixture(scope="session")
def canaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Secret files outside Gradio's cache: in a temp folder and next to the app."""
    folder = tmp_path_factory.mktemp("canary")
    secret = folder / "secret.txt"
    secret.write_text(f"{CANARY} the server's secret\n", encoding="utf-8")
    hidden = folder / ".env"
    hidden.write_text(f"DSI_ADMIN_PASSWORD={CANARY}\n", encoding="utf-8")
    return {"token": CANARY, "paths": [str(secret), str(hidden)]}
