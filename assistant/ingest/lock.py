"""One ingest at a time per index: an OS file lock on ``index/.ingest.lock``.

Two ingests that both read the manifest, add a document each and commit would each write a
manifest without the other's document. The lock is ``flock``, so the operating system drops
it when the holder dies (even by ``kill -9``); a stale lock file never blocks anyone. Not
handled: Windows (no ``fcntl``; ingests there are not serialised) and index folders on NFS,
where ``flock`` may be local to one machine.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from assistant.errors import IngestBusy

LOCK_FILE = ".ingest.lock"
POLL_S = 0.2


@contextmanager
def ingest_lock(index_dir: Path, wait_s: float, notice: Callable[[str], None]) -> Iterator[None]:
    """Hold the index's ingest lock, waiting up to ``wait_s`` (telling ``notice``) for it."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK_FILE, "a+b") as handle:
        if not _try_lock(handle):
            notice(f"another ingest is running in {index_dir}; waiting up to {wait_s:g} s…")
            _wait(handle, index_dir, wait_s)
        try:
            yield
        finally:
            _unlock(handle)


def _wait(handle: IO[bytes], index_dir: Path, wait_s: float) -> None:
    deadline = time.monotonic() + wait_s
    while not _try_lock(handle):
        if time.monotonic() >= deadline:
            raise IngestBusy(
                f"another ingest is still running in {index_dir} after {wait_s:g} s; "
                "let it finish and run this one again, or raise DSI_INGEST_LOCK_WAIT_S"
            )
        time.sleep(POLL_S)


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: see the module docstring
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
