"""Start and stop the real app (``python app.py``) on a free loopback port, for tests."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def launch_app(  # type: ignore[no-untyped-def]
    root: Path, index_from: Path, extra_env: dict[str, str] | None = None, cache_only: bool = False
):
    """Start ``python app.py`` on a free loopback port over copies of the corpus and of the
    index in ``root`` (only its embedding cache with ``cache_only``: the app then builds
    the index first); returns (process, info). The caller stops it with ``stop_app``."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    corpus, index = root / "corpus", root / "index"
    shutil.copytree(CORPUS, corpus)
    if cache_only:
        index.mkdir()
        shutil.copy(index_from / "embeddings.sqlite", index / "embeddings.sqlite")
    else:
        shutil.copytree(index_from, index)
    port = free_port()
    env = {
        **os.environ,
        "DSI_CORPUS_DIR": str(corpus),
        "DSI_INDEX_DIR": str(index),
        "DSI_PORT": str(port),
        "DSI_ADMIN_PASSWORD": "test-admin",
        "DSI_MAX_FILE_MB": "1",
        "DSI_FEEDBACK_PATH": str(root / "feedback.jsonl"),
        "GRADIO_TEMP_DIR": str(root / "gradio-cache"),  # its own, so tests can look inside
        **(extra_env or {}),
    }
    log = (root / "app.log").open("w")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    headers = {}
    if env.get("DSI_AUTH"):
        import base64

        token = base64.b64encode(env["DSI_AUTH"].encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(f"{url}/api/health", headers=headers)
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
        if process.poll() is not None:
            raise AssertionError((root / "app.log").read_text())
    else:
        process.kill()
        raise AssertionError("the app did not start: " + (root / "app.log").read_text())
    info = {"url": url, "root": root, "corpus": corpus, "index": index, "env": env}
    return process, info


def stop_app(process) -> None:  # type: ignore[no-untyped-def]
    """Stop an app started by ``launch_app``."""
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:  # open client connections keep uvicorn waiting
        process.kill()
        process.wait(timeout=10)


def start_chroma(path: Path):  # type: ignore[no-untyped-def]
    """``chroma run --path <path>/data`` on a free loopback port; returns (process, url)."""
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    log = (path / "chroma.log").open("w")
    chroma = Path(sys.executable).parent / "chroma"
    command = [str(chroma), "run", "--path", str(path / "data"), "--host", "127.0.0.1"]
    process = subprocess.Popen([*command, "--port", str(port)], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2):
                return process, url
        except OSError:
            if process.poll() is not None:
                raise AssertionError((path / "chroma.log").read_text()) from None
            time.sleep(0.2)
    process.kill()
    raise AssertionError("chroma run did not start")


def ask_api(url: str, question: str, history: list[dict[str, str]] | None = None) -> dict:  # type: ignore[type-arg]
    """POST /api/ask; the JSON body with the HTTP status added as ``status``."""
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        f"{url}/api/ask",
        data=json.dumps({"question": question, "history": history or []}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return {"status": response.status, **json.loads(response.read())}
    except urllib.error.HTTPError as error:
        return {"status": error.code, "body": error.read().decode()}
