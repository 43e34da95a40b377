"""Incremental ingestion: load, chunk, embed what changed, store, then commit.

Order matters for crash safety (see ``store``): new chunks and the BM25 snapshot are
written first, the manifest is replaced atomically, and only then are stale chunks and
snapshots deleted. An unchanged file costs one read and one hash, so re-ingesting an
unchanged corpus embeds nothing. One ingest runs at a time per index (see ``lock``), and
embeddings reach the cache a batch at a time, so a killed ingest resumes where it stopped.

One bad file never stops an ingest: every stage of a file (load, chunk, embed, store) runs
inside that file's error handling, and a failure becomes a "failed" line in the report with
the reason while every other file is ingested and committed. A file that failed keeps its
previous version in the index, if it had one. Only errors about the index itself (an
``AssistantError`` other than ``BadDocument``, e.g. a corrupt embedding cache) end the run.

A file named from outside the corpus is first copied into ``corpus/added/`` (under a safe
name) and ingested from there, so that the next plain ingest keeps it (see ``added``).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
from llama_index.core.schema import TextNode

from assistant.config import Settings
from assistant.errors import AssistantError, BadDocument
from assistant.index.embeddings import CachedEmbedder
from assistant.index.keyword import KeywordIndex
from assistant.index.nodes import embed_text, to_node
from assistant.index.store import (
    ChromaStore,
    DocEntry,
    Manifest,
    read_manifest,
    snapshot_present,
    write_manifest,
)
from assistant.ingest.added import Copy, as_named, place
from assistant.ingest.chunking import chunk_document
from assistant.ingest.loaders import (
    discover,
    doc_id_for,
    links_out,
    load,
    load_metadata,
)
from assistant.ingest.lock import ingest_lock
from assistant.portfolio import data as portfolio_data
from assistant.types import FileResult, IngestReport

# (file, done, total); total 0 with a message is a notice, e.g. waiting for another ingest
Progress = Callable[[str, int, int], None]
# Texts embedded between two cache writes: a kill loses at most one batch of work.
EMBED_BATCH = 64
OUTSIDE = "symlink to outside the corpus; skipped"


def run(
    settings: Settings,
    store: ChromaStore,
    embedder: CachedEmbedder,
    paths: list[Path] | None = None,
    progress: Progress | None = None,
    rebuild: bool = False,
) -> IngestReport:
    """Bring the index in line with the corpus (or with ``paths`` only) and commit."""

    def notice(message: str) -> None:
        if progress:
            progress(message, 0, 0)

    with ingest_lock(settings.index_dir, settings.ingest_lock_wait_s, notice):
        # Read the manifest only now: a run we waited for may have just committed.
        return _run(settings, store, embedder, paths, progress, rebuild)


def _run(
    settings: Settings,
    store: ChromaStore,
    embedder: CachedEmbedder,
    paths: list[Path] | None,
    progress: Progress | None,
    rebuild: bool,
) -> IngestReport:
    started = time.perf_counter()
    before = embedder.embedded
    old = read_manifest(settings.index_dir)
    if old is None or rebuild:
        old = Manifest(embedder.name, embedder.dim, old.generation if old else 0)
    corpus = settings.corpus_dir
    missing: list[FileResult] = []
    copies: dict[str, Copy] = {}
    if paths is None:
        files = discover(corpus)
    else:
        files, missing, copies = place(paths, settings)
    tables = [p for p in files if p.suffix.lower() == ".csv"]
    files = [p for p in files if p.suffix.lower() != ".csv"]
    docs, results, fresh = _process(settings, store, embedder, old, files, progress)
    results = missing + results
    if paths is None or tables:
        results += _portfolio(settings, tables)
    if paths is None:
        results += _removed(old, docs, files, corpus)
        results += [FileResult(str(p), "skipped", message=OUTSIDE) for p in links_out(corpus)]
    if paths is not None:  # the report in the order the files were named, by those names
        results = as_named(results, copies)
        order = {str(p): i for i, p in enumerate(paths)}
        results.sort(key=lambda r: order.get(r.path, len(order)))
    changed = bool(fresh) or any(r.status == "removed" for r in results) or rebuild
    if changed or not snapshot_present(settings.index_dir, old):
        _commit(settings, store, old, docs, fresh)
    return IngestReport(tuple(results), embedder.embedded - before, time.perf_counter() - started)


def _process(
    settings: Settings,
    store: ChromaStore,
    embedder: CachedEmbedder,
    old: Manifest,
    files: list[Path],
    progress: Progress | None,
) -> tuple[dict[str, DocEntry], list[FileResult], list[TextNode]]:
    meta = _safe_metadata(settings.corpus_dir)
    docs = dict(old.docs)
    results: list[FileResult] = []
    fresh: list[TextNode] = []
    for i, path in enumerate(files):
        if progress:
            progress(path.name, i, len(files))
        result, entry, nodes = _one(settings, store, embedder, old, meta, path)
        results.append(result)
        if entry is not None:
            docs[doc_id_for(path, settings.corpus_dir)] = entry
            fresh.extend(nodes)
    if progress:
        progress("", len(files), len(files))
    return docs, results, fresh


def _one(
    settings: Settings,
    store: ChromaStore,
    embedder: CachedEmbedder,
    old: Manifest,
    meta: dict[str, dict[str, str]],
    path: Path,
) -> tuple[FileResult, DocEntry | None, list[TextNode]]:
    """Load, chunk, embed and store one file: its report line, and its new manifest entry
    and nodes (none when it is unchanged or failed; a failed file keeps its old entry)."""
    doc_id = doc_id_for(path, settings.corpus_dir)
    stage = "loading"
    try:
        doc = load(
            path,
            doc_id,
            meta.get(doc_id, {}),
            settings.max_file_mb,
            settings.max_unpacked_mb,
            settings.max_file_chars,
        )
        if doc_id in old.docs and old.docs[doc_id].sha256 == doc.sha256:
            return FileResult(str(path), "unchanged", len(old.docs[doc_id].chunk_ids)), None, []
        stage = "chunking"
        chunks = chunk_document(doc, settings.chunk_chars)
        nodes = [to_node(c, doc.sha256) for c in chunks]
        stage = "embedding"
        _embed(embedder, nodes, [s for c in chunks for s in c.sentences])
        stage = "storing"
        _store(store, nodes)
    except BadDocument as exc:
        return FileResult(str(path), "failed", message=str(exc)), None, []
    except AssistantError:
        raise  # about the index, not this file (e.g. a corrupt cache): the CLI says what to do
    except Exception as exc:  # whatever goes wrong in one file, the others still go in
        return FileResult(str(path), "failed", message=_reason(stage, exc)), None, []
    entry = DocEntry(doc.sha256, tuple(n.node_id for n in nodes), doc.title, doc.meta)
    status = "updated" if doc_id in old.docs else "added"
    return FileResult(str(path), status, len(nodes)), entry, nodes


def _reason(stage: str, exc: Exception) -> str:
    """The report's reason for an exception in ``stage``: one line, never a traceback."""
    if stage == "loading" and isinstance(exc, OSError):
        return f"cannot read the file ({exc})"
    detail = " ".join(str(exc).split())
    if len(detail) > 200:
        detail = detail[:199] + "…"
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return f"{stage} failed ({what}); please report this file"


def _portfolio(settings: Settings, extra: list[Path]) -> list[FileResult]:
    """Validate every portfolio CSV (the corpus's and any named) and snapshot the rows."""
    found = portfolio_data.discover(settings.corpus_dir)
    files = list({p.resolve(): p for p in [*found, *extra]}.values())
    before = portfolio_data.load(settings.index_dir)
    merged, failed = portfolio_data.read_files(files, settings.corpus_dir, settings.max_file_mb)
    portfolio_data.save(merged, settings.index_dir)  # no files: an empty portfolio
    results: list[FileResult] = []
    for path in files:
        if str(path) in failed:
            results.append(FileResult(str(path), "failed", message=failed[str(path)]))
            continue
        name = doc_id_for(path, settings.corpus_dir)
        rows = [r for r in merged.rows if r.file == name]
        old_rows = [r for r in before.rows if r.file == name]
        status = "unchanged" if rows == old_rows else ("updated" if old_rows else "added")
        errors = [str(e) for e in merged.errors if e.file == name]
        message = f"{len(errors)} row(s) left out: " + "; ".join(errors) if errors else ""
        results.append(FileResult(str(path), status, len(rows), message))
    return results


def _safe_metadata(corpus_dir: Path) -> dict[str, dict[str, str]]:
    try:
        return load_metadata(corpus_dir)
    except BadDocument:
        return {}


def _embed(embedder: CachedEmbedder, nodes: list[TextNode], sentences: list[str]) -> None:
    """Embed passages and their sentences (through the cache); the vectors go on the nodes."""
    vectors = _embed_in_batches(embedder, [embed_text(n) for n in nodes])
    for node, vector in zip(nodes, vectors, strict=True):
        node.embedding = [float(x) for x in vector]
    _embed_in_batches(embedder, sentences)  # quoted-sentence scoring at query time reads these


def _store(store: ChromaStore, nodes: list[TextNode]) -> None:
    """Add the nodes the store does not hold yet (uncommitted until the manifest names them)."""
    known = store.existing_ids([n.node_id for n in nodes])
    new = [n for n in nodes if n.node_id not in known]
    if new:
        store.vector_store().add(new)


def _embed_in_batches(embedder: CachedEmbedder, texts: list[str]) -> list[np.ndarray]:
    """Passage vectors for ``texts``; each batch is in the cache as soon as it is done."""
    return [
        vector
        for start in range(0, len(texts), EMBED_BATCH)
        for vector in embedder.passages(texts[start : start + EMBED_BATCH])
    ]


def _removed(
    old: Manifest, docs: dict[str, DocEntry], files: list[Path], corpus_dir: Path
) -> list[FileResult]:
    present = {doc_id_for(p, corpus_dir) for p in files}
    gone = [d for d in old.docs if d not in present]
    for doc_id in gone:
        del docs[doc_id]
    return [FileResult(d, "removed", len(old.docs[d].chunk_ids)) for d in gone]


def _commit(
    settings: Settings,
    store: ChromaStore,
    old: Manifest,
    docs: dict[str, DocEntry],
    fresh: list[TextNode],
) -> None:
    generation = old.generation + 1
    bm25_dir = f"bm25-{generation}"
    active = [cid for d in docs.values() for cid in d.chunk_ids]
    if active:
        fresh_ids = {n.node_id: n for n in fresh}
        stored = store.get_nodes([c for c in active if c not in fresh_ids])
        nodes = [*stored, *fresh_ids.values()]
        KeywordIndex.build(nodes, settings.candidates).save(settings.index_dir / bm25_dir)
    manifest = replace(old, generation=generation, bm25_dir=bm25_dir if active else "", docs=docs)
    write_manifest(settings.index_dir, manifest)
    _cleanup(settings.index_dir, store, set(active), bm25_dir)


def _cleanup(index_dir: Path, store: ChromaStore, active: set[str], keep: str) -> None:
    """Delete what the committed manifest no longer names (also leftovers of a crash)."""
    stale = sorted(store.all_ids() - active)
    if stale:
        store.delete(stale)
    for path in index_dir.glob("bm25-*"):
        if path.name != keep:
            shutil.rmtree(path, ignore_errors=True)
