"""The vector store: the only module that imports chromadb.

Embedded ``PersistentClient`` at ``index/`` by default. Chroma gets our own vectors
(``embedding_function=None``), otherwise it would try to download its ONNX model.

Crash safety: ``manifest.json`` names the committed document versions and is replaced
atomically at the end of an ingest. Chunks are keyed by content, new ones are written
before the manifest, stale ones deleted after it; queries filter on the committed
document versions. A ``kill -9`` mid-ingest therefore leaves the previous index in force.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from assistant.errors import EmbedderMismatch, IndexCorrupt, IndexMissing
from assistant.offline import ensure_offline

COLLECTION = "dsi_chunks"
MANIFEST = "manifest.json"
SNAPSHOT_NAME = re.compile(r"bm25-\d+")
T = TypeVar("T")


@dataclass(frozen=True)
class DocEntry:
    """One committed document version."""

    sha256: str
    chunk_ids: tuple[str, ...]
    title: str
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Manifest:
    """What the index holds: embedder, generation, documents and the BM25 snapshot."""

    embedder: str
    dim: int
    generation: int = 0
    bm25_dir: str = ""
    docs: dict[str, DocEntry] = field(default_factory=dict)

    def active_shas(self) -> list[str]:
        """The document versions queries may return."""
        return [d.sha256 for d in self.docs.values()]

    def chunk_count(self) -> int:
        """Chunks across all committed documents."""
        return sum(len(d.chunk_ids) for d in self.docs.values())


def read_manifest(index_dir: Path) -> Manifest | None:
    """The committed manifest, None when no index was ever committed here, or IndexCorrupt."""
    path = index_dir / MANIFEST
    if not path.exists():
        return None
    try:
        return _parse_manifest(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())
        raise IndexCorrupt(
            f"the index manifest {path} is unreadable ({reason}); "
            "rebuild the index with: dsi ingest --rebuild"
        ) from exc


def _parse_manifest(raw: Any) -> Manifest:
    """A Manifest from its JSON form, or ValueError/KeyError/TypeError on a wrong shape."""
    docs = {str(k): _parse_doc(v) for k, v in raw["docs"].items()}
    bm25_dir = _typed(raw["bm25_dir"], str)
    if bm25_dir and not SNAPSHOT_NAME.fullmatch(bm25_dir):
        raise ValueError(f"bm25_dir {bm25_dir!r} is not a snapshot name")
    embedder, dim = _typed(raw["embedder"], str), _typed(raw["dim"], int)
    return Manifest(embedder, dim, _typed(raw["generation"], int), bm25_dir, docs)


def _parse_doc(raw: Any) -> DocEntry:
    chunk_ids = tuple(_typed(c, str) for c in _typed(raw["chunk_ids"], list))
    meta = {str(k): str(v) for k, v in _typed(raw.get("meta", {}), dict).items()}
    return DocEntry(_typed(raw["sha256"], str), chunk_ids, _typed(raw["title"], str), meta)


def _typed(value: object, kind: type[T]) -> T:
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"expected {kind.__name__}, found {value!r:.40}")
    return value


def snapshot_present(index_dir: Path, manifest: Manifest) -> bool:
    """Whether the BM25 snapshot the manifest names is on disk (or none is needed)."""
    if not manifest.chunk_count():
        return True
    path = index_dir / manifest.bm25_dir
    return bool(manifest.bm25_dir) and path.is_dir() and any(path.iterdir())


def write_manifest(index_dir: Path, manifest: Manifest) -> None:
    """Replace the manifest atomically: the commit point of an ingest."""
    tmp = index_dir / f".{MANIFEST}.tmp"
    data = asdict(manifest)
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, index_dir / MANIFEST)


def check_embedder(manifest: Manifest, name: str, dim: int) -> None:
    """Refuse to mix vectors from two embedders."""
    if manifest.embedder != name or manifest.dim != dim:
        raise EmbedderMismatch(
            f"the index was built with {manifest.embedder} ({manifest.dim} dims) but "
            f"DSI_EMBEDDER is {name} ({dim} dims); rebuild it with: dsi ingest --rebuild"
        )


class ChromaStore:
    """A Chroma collection, embedded on disk or on a Chroma server."""

    def __init__(self, index_dir: Path, url: str | None = None) -> None:
        ensure_offline()
        self._index_dir = index_dir
        self._url = url
        self._retired: Any = None
        self._client: Any = self._connect()
        self.collection = self._collection()

    def _connect(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if self._url:
            from urllib.parse import urlparse

            parsed = urlparse(self._url)
            return chromadb.HttpClient(
                host=parsed.hostname or "127.0.0.1",
                port=parsed.port or 8000,
                settings=chroma_settings,
            )
        self._index_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(
            path=str(self._index_dir / "chroma"), settings=chroma_settings
        )

    def _collection(self) -> Any:
        return self._client.get_or_create_collection(
            COLLECTION, embedding_function=None, metadata={"hnsw:space": "cosine"}
        )

    def reopen(self) -> None:
        """See what another process committed. An embedded Chroma keeps its vector index
        in memory and never sees another process's writes: its deleted ids then fail
        queries ("Error finding id") and its new ones are never found. A server needs
        nothing. The old client is closed one reopen later, so that a query still running
        on it (another thread's) finishes first."""
        if self._url:
            return
        from chromadb.api.shared_system_client import SharedSystemClient

        if self._retired is not None:
            system = getattr(self._retired, "_system", None)
            self._retired.close()
            if system is not None and system is not getattr(self._client, "_system", None):
                system.stop()  # popped below earlier, so close() alone leaves it running
        # Chroma shares one in-memory system per path within a process; forget it so
        # that the new client loads the index from disk, while the old one keeps serving.
        SharedSystemClient._identifier_to_system.pop(str(self._index_dir / "chroma"), None)
        self._retired, self._client = self._client, self._connect()
        self.collection = self._collection()

    def vector_store(self) -> Any:
        """The llama-index vector store over this collection."""
        from llama_index.vector_stores.chroma import ChromaVectorStore

        return ChromaVectorStore(chroma_collection=self.collection)

    def existing_ids(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` are already stored."""
        found: set[str] = set()
        for start in range(0, len(ids), 1000):
            found.update(self.collection.get(ids=ids[start : start + 1000], include=[])["ids"])
        return found

    def all_ids(self) -> set[str]:
        """Every id in the collection, committed or not."""
        return set(self.collection.get(include=[])["ids"])

    def delete(self, ids: list[str]) -> None:
        """Remove chunks by id."""
        for start in range(0, len(ids), 1000):
            self.collection.delete(ids=ids[start : start + 1000])

    def get_nodes(self, ids: list[str]) -> list[Any]:
        """Stored nodes for ``ids``, in that order."""
        from llama_index.core.vector_stores.utils import metadata_dict_to_node

        by_id: dict[str, Any] = {}
        for start in range(0, len(ids), 1000):
            got = self.collection.get(
                ids=ids[start : start + 1000], include=["documents", "metadatas"]
            )
            for id_, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                node = metadata_dict_to_node(meta, text=text)
                by_id[id_] = node
        return [by_id[i] for i in ids if i in by_id]

    def count(self) -> int:
        """Stored chunks, committed or not."""
        return int(self.collection.count())


def require_manifest(index_dir: Path) -> Manifest:
    """The committed manifest, or IndexMissing saying how to build one."""
    manifest = read_manifest(index_dir)
    if manifest is None or not manifest.docs:
        raise IndexMissing(
            f"no index at {index_dir}; build it with: dsi ingest (reads corpus/), "
            "or set DSI_INDEX_DIR to where it lives"
        )
    if not snapshot_present(index_dir, manifest):
        raise IndexCorrupt(
            f"the keyword index {index_dir / (manifest.bm25_dir or 'bm25-*')} is missing; "
            "run dsi ingest to rebuild it (or dsi ingest --rebuild to rebuild everything)"
        )
    return manifest
