"""Embedding cache keyed by content hash, in one SQLite file beside the index.

Re-ingesting unchanged text therefore embeds nothing, and a changed document pays only for
its changed passages. Keys include the embedder name, so two embedders never share vectors,
and ``dsi ingest --rebuild`` keeps the cache. An unreadable file raises IndexCorrupt.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import numpy as np

from assistant.errors import IndexCorrupt

CACHE_FILE = "embeddings.sqlite"


def content_key(embedder: str, kind: str, text: str) -> str:
    """The cache key of one text embedded as ``kind`` ("query" or "passage")."""
    return hashlib.sha256(f"{embedder}\0{kind}\0{text}".encode()).hexdigest()


class EmbeddingCache:
    """A persistent map from content key to float32 vector."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        with self._guard():
            self._db = sqlite3.connect(str(path), check_same_thread=False)
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB)")
            self._db.commit()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn SQLite's 'not a database' and 'malformed' errors into IndexCorrupt."""
        try:
            yield
        except sqlite3.OperationalError:  # locked, read-only, out of disk: not corruption
            raise
        except sqlite3.DatabaseError as exc:
            raise IndexCorrupt(
                f"the embedding cache {self.path} is unreadable ({exc}); "
                "rebuild the index with: dsi ingest --rebuild"
            ) from exc

    def get_many(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        """The cached vectors among ``keys``."""
        keys = list(keys)
        found: dict[str, np.ndarray] = {}
        with self._lock, self._guard():
            for start in range(0, len(keys), 500):
                batch = keys[start : start + 500]
                marks = ",".join("?" * len(batch))
                rows = self._db.execute(
                    f"SELECT key, vec FROM vectors WHERE key IN ({marks})", batch
                ).fetchall()
                found.update({k: np.frombuffer(v, dtype=np.float32) for k, v in rows})
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        """Store vectors; one transaction, so a crash leaves the cache consistent."""
        with self._lock, self._guard():
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
            )
            self._db.commit()

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()


def readable(path: Path) -> bool:
    """Whether ``path`` is missing or an SQLite file that passes its quick check."""
    if not path.exists():
        return True
    try:
        with closing(sqlite3.connect(str(path))) as db:
            return bool(db.execute("PRAGMA quick_check").fetchone()[0] == "ok")
    except sqlite3.DatabaseError:
        return False
