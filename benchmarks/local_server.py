"""Start a server the benchmarks measure (``python app.py`` or ``chroma run``) on a free
loopback port, wait until it answers, and stop it afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_READY = "/api/health"
CHROMA_READY = "/api/v2/heartbeat"


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(
    command: list[str],
    port: int,
    ready: str,
    env: dict[str, str] | None = None,
    limit_s: float = 300,
) -> tuple[subprocess.Popen[bytes], str, float]:
    """Run ``command``; returns the process, its URL and the seconds until ``ready``
    answered (polled every 50 ms). Exits if the process dies or never answers."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    while time.perf_counter() - started < limit_s:
        if process.poll() is not None:
            raise SystemExit(f"{command[1]} exited during start-up")
        try:
            with urllib.request.urlopen(url + ready, timeout=2):
                return process, url, time.perf_counter() - started
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit(f"{command[1]} did not start within {limit_s:g} s")


def start_app(env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str, float]:
    """``python app.py`` on a free port."""
    port = free_port()
    command = [sys.executable, str(ROOT / "app.py")]
    return start(command, port, APP_READY, {"DSI_PORT": str(port), **(env or {})})


def start_chroma(path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``chroma run --path PATH`` on a free port."""
    port = free_port()
    chroma = str(Path(sys.executable).parent / "chroma")
    command = [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    process, url, _ = start(command, port, CHROMA_READY)
    return process, url


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate; kill if open connections keep it waiting."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)
