"""The committed index, opened as one consistent snapshot for the threads that ask.

A ``Snapshot`` bundles what one question reads: the manifest, the keyword index, the
hybrid retriever and the portfolio rows (checked against the documents' table rows).
``Library.current()`` returns the snapshot of the latest commit; when a new manifest
appears (an ingest by this process or another) it opens a new one under a lock, while
questions already running finish on the snapshot they started with.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.config import Settings
from assistant.errors import IndexCorrupt
from assistant.fit import criteria as fit_criteria
from assistant.fit.criteria import Criteria
from assistant.index.bridge import TermBridge
from assistant.index.embeddings import CachedEmbedder, LlamaEmbedding
from assistant.index.keyword import KeywordIndex
from assistant.index.retrieval import Retriever
from assistant.index.store import ChromaStore, Manifest, check_embedder, require_manifest
from assistant.ingest.sections import ROW_PREFIX
from assistant.lang import UNIT_WORDS
from assistant.portfolio import data as portfolio_data
from assistant.portfolio.answer import verify
from assistant.portfolio.current import date_rows, split
from assistant.portfolio.extract import DatedDoc, dated, rows_from
from assistant.types import Chunk, Hit

Stamp = tuple[int, ...]


@dataclass(frozen=True)
class Snapshot:
    """Everything a question reads, from one commit of the index."""

    stamp: Stamp | None
    manifest: Manifest
    keyword: KeywordIndex
    retriever: Retriever
    portfolio: portfolio_data.Portfolio  # rows marked verified where a document holds them
    row_sources: Mapping[portfolio_data.PortfolioRow, Chunk]  # a row's table-row passage
    names: frozenset[str]  # words of the portfolio's names, places, partners and areas
    bridge: TermBridge  # English words -> the Danish words of these documents
    quotable: Mapping[str, Chunk]  # a passage id -> the passage with its quotable sentences
    following: Mapping[str, tuple[Chunk, ...]]  # a passage id -> the (quotable) ones after it
    openings: Mapping[str, str]  # a document id -> its title and first passage, lower-cased
    tables: Mapping[str, tuple[Chunk, ...]]  # a table row's id -> every row of its table
    fit: Criteria  # the fit check's criteria, their quotes verified against these passages
    # a table row's id -> the sentence before its table that gives its numbers' unit
    units: Mapping[str, str] = field(default_factory=dict)

    def in_context(self, hit: Hit) -> Hit:
        """``hit`` with the passages that follow it, and without the sentences no quote
        may be: a line that repeats a heading of its document (a table of contents, a
        heading run into the text) says where something is, not what it says. Both are
        worked out once, when the snapshot opens."""
        chunk = self.quotable.get(hit.chunk.id, hit.chunk)
        return replace(
            hit,
            chunk=chunk,
            following=self.following.get(hit.chunk.id, ()),
            opening=self.openings.get(hit.chunk.doc_id, ""),
            table=self.tables.get(hit.chunk.id, ()),
            unit=self.units.get(hit.chunk.id, ""),
        )


class Library:
    """Opens the committed index and reopens it when a new commit appears."""

    def __init__(self, settings: Settings, store: ChromaStore, embedder: CachedEmbedder) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self._current: Snapshot | None = None
        self._own_commit: Stamp | None = None  # this process's last ingest
        self._writers = 0  # this process's ingests under way
        self._lock = threading.Lock()

    def current(self) -> Snapshot:
        """The snapshot of the latest commit (IndexMissing when there is none)."""
        opened = self._current
        if opened is not None and manifest_stamp(self.settings.index_dir) == opened.stamp:
            return opened
        with self._lock:  # one reopen at a time; the others wait and share it
            stamp = manifest_stamp(self.settings.index_dir)
            if self._current is not None and stamp == self._current.stamp:
                return self._current
            foreign = stamp != self._own_commit and not self._writers
            if self._current is not None and foreign:
                self.store.reopen()  # another process wrote the store
            self._current = self._open(stamp)
            return self._current

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Around this process's own ingest: its commits need no reopening of the store
        (reopening it would pull the store from under the questions being answered)."""
        with self._lock:
            self._writers += 1
        try:
            yield
        finally:
            with self._lock:
                self._writers -= 1
                self._own_commit = manifest_stamp(self.settings.index_dir)
                self._current = None  # open what was written, whatever changed

    def retriever(self, sides: str) -> Retriever:
        """A retriever over the current snapshot: "hybrid", "dense" or "keyword" alone."""
        opened = self.current()
        return self._retriever(opened.manifest, opened.keyword, sides)

    def _open(self, stamp: Stamp | None) -> Snapshot:
        manifest = require_manifest(self.settings.index_dir)
        check_embedder(manifest, self.embedder.name, self.embedder.dim)
        keyword = _load_keyword(self.settings, manifest)
        chunks = keyword.chunks()
        found = headings(chunks)
        clean = [quotable(c, found.get(c.doc_id, frozenset())) for c in chunks]
        portfolio, sources = self._portfolio(chunks)
        return Snapshot(
            stamp=stamp,
            manifest=manifest,
            keyword=keyword,
            retriever=self._retriever(manifest, keyword, "hybrid"),
            portfolio=portfolio,
            row_sources=sources,
            names=_name_words(portfolio) | _title_words(chunks),
            bridge=TermBridge.build(
                [*(c.text for c in chunks), *_row_texts(portfolio)], self.embedder
            ),
            quotable={c.id: c for c in clean},
            following=following(clean),
            openings=openings(chunks),
            tables=tables(clean),
            units=units(clean),
            fit=fit_criteria.load(self.settings.corpus_dir, chunks),
        )

    def _portfolio(
        self, chunks: list[Chunk]
    ) -> tuple[portfolio_data.Portfolio, dict[portfolio_data.PortfolioRow, Chunk]]:
        """The curated rows (checked against the documents' table rows) and the rows of
        the documents' own investment tables, all dated; each investment's newest figures
        current, the older ones its history (issue 13)."""
        loaded = portfolio_data.load(self.settings.index_dir)
        table_rows = [c for c in chunks if c.kind == "table_row"]
        curated, sources = verify(loaded.rows, table_rows)
        first = {c.doc_id: c for c in reversed(chunks)}
        file_date = _file_dates(self.settings.corpus_dir)

        def date_of(doc_id: str) -> DatedDoc | None:
            chunk = first.get(doc_id)
            return dated(chunk, file_date) if chunk else None

        found = rows_from(table_rows, file_date, curated)
        sources.update({row: chunk for row, chunk in found})
        current, history = split([*date_rows(curated, date_of), *(r for r, _ in found)])
        dated_sources = {r: sources[r] for r in [*current, *history] if r in sources}
        return replace(loaded, rows=tuple(current), history=tuple(history)), dated_sources

    def _retriever(self, manifest: Manifest, keyword: KeywordIndex, sides: str) -> Retriever:
        return Retriever(
            self.store.vector_store(),
            LlamaEmbedding(self.embedder),
            keyword,
            manifest.active_shas(),
            self.settings.candidates,
            sides,
        )


# Passages kept after each one: enough for a list or a table announced at the end of a
# passage (a table's rows are passages of their own, one per row).
FOLLOWING = 8


def following(chunks: list[Chunk]) -> dict[str, tuple[Chunk, ...]]:
    """Each passage's id -> the next ``FOLLOWING`` passages of the same document."""
    out: dict[str, tuple[Chunk, ...]] = {}
    for i, chunk in enumerate(chunks):
        after = [c for c in chunks[i + 1 : i + 1 + FOLLOWING] if c.doc_id == chunk.doc_id]
        out[chunk.id] = tuple(after)
    return out


# A sentence that names a unit of amounts and states no number: "Alle beløb er i mio.
# kr.", "Beløb i 1.000 kr." has a number, the unit after it, and is no such sentence.
UNIT_WORD = re.compile(UNIT_WORDS, re.I)


def units(chunks: list[Chunk]) -> dict[str, str]:
    """Each table row's id -> the sentence just before its table (in the passage before
    its first row, same document) that gives the unit of its numbers and states none
    itself: a budget table whose cells say "0,5" under "Alle beløb er i mio. kr."."""
    out: dict[str, str] = {}
    before: Chunk | None = None
    for chunk in chunks:
        if chunk.kind != "table_row":
            before = chunk
            continue
        if before is None or before.doc_id != chunk.doc_id:
            continue
        stated = [s for s in before.sentences if UNIT_WORD.search(s) and not re.search(r"\d", s)]
        if stated:
            out[chunk.id] = stated[-1]
    return out


def tables(chunks: list[Chunk]) -> dict[str, tuple[Chunk, ...]]:
    """Each table row's id -> the rows of its table (same document and section, same
    caption before the cells), in document order."""
    groups: dict[tuple[str, str, str], list[Chunk]] = {}
    for chunk in chunks:
        if chunk.kind == "table_row":
            caption = chunk.text.split(ROW_PREFIX, 1)[0] if ROW_PREFIX in chunk.text else ""
            groups.setdefault((chunk.doc_id, chunk.section, caption), []).append(chunk)
    return {c.id: tuple(rows) for rows in groups.values() for c in rows}


def openings(chunks: list[Chunk]) -> dict[str, str]:
    """Each document's title and first passage, lower-cased (``Hit.opening``)."""
    out: dict[str, str] = {}
    for chunk in chunks:
        if chunk.doc_id not in out:
            title = chunk.meta.get("title", "")
            out[chunk.doc_id] = f"{title} {chunk.section} {chunk.text}".lower()
    return out


def headings(chunks: list[Chunk]) -> dict[str, frozenset[str]]:
    """Each document's headings (every level of its passages' section paths)."""
    out: dict[str, set[str]] = {}
    for chunk in chunks:
        out.setdefault(chunk.doc_id, set()).update(
            _norm(part) for part in chunk.section.split(" › ") if part.strip()
        )
    return {doc: frozenset(found) for doc, found in out.items()}


def quotable(chunk: Chunk, headings: frozenset[str]) -> Chunk:
    """``chunk`` without the sentences that repeat one of ``headings``."""
    if chunk.kind == "table_row" or not headings:
        return chunk
    pages = chunk.sentence_pages or (None,) * len(chunk.sentences)
    kept = [
        (s, p) for s, p in zip(chunk.sentences, pages, strict=False) if _norm(s) not in headings
    ]
    if len(kept) == len(chunk.sentences):
        return chunk
    return replace(
        chunk,
        sentences=tuple(s for s, _ in kept),
        sentence_pages=tuple(p for _, p in kept) if chunk.sentence_pages else (),
    )


def _norm(text: str) -> str:
    return " ".join(text.split()).strip(" .:").lower()


def _row_texts(portfolio: portfolio_data.Portfolio) -> list[str]:
    return [
        text for r in portfolio.rows for text in (r.name, *r.municipalities, *r.partners, *r.areas)
    ]


def _file_dates(corpus: Path) -> Callable[[str], str | None]:
    """``doc_id -> "YYYY-MM-DD"``: a document file's modification date (the last resort
    for dating its tables), None when the file is gone."""

    def file_date(doc_id: str) -> str | None:
        try:
            stamp = (corpus / doc_id).stat().st_mtime
        except OSError:
            return None
        return time.strftime("%Y-%m-%d", time.gmtime(stamp))

    return file_date


def _title_words(chunks: list[Chunk]) -> frozenset[str]:
    """Words of the documents' file names and titles ("faq" of faq.html): a question may
    name a document by them."""
    return frozenset(
        w
        for c in chunks
        for text in (c.doc_id.rsplit(".", 1)[0], c.meta.get("title", ""))
        for w in re.findall(r"[^\W\d_]+", text.lower())
    )


def _name_words(portfolio: portfolio_data.Portfolio) -> frozenset[str]:
    return frozenset(w for text in _row_texts(portfolio) for w in re.findall(r"\w+", text.lower()))


def _load_keyword(settings: Settings, manifest: Manifest) -> KeywordIndex:
    """The committed BM25 snapshot, or IndexCorrupt saying how to rebuild it."""
    path = settings.index_dir / manifest.bm25_dir
    try:
        return KeywordIndex.load(path, settings.candidates)
    except Exception as exc:  # any reader error of a damaged snapshot: say how to fix it
        raise IndexCorrupt(
            f"the keyword index {path} is unreadable ({type(exc).__name__}); "
            "rebuild it with: dsi ingest --rebuild"
        ) from exc


def manifest_stamp(index_dir: Path) -> Stamp | None:
    """The (mtime, size) of the manifest and of the portfolio snapshot: a cheap check for
    a new commit (an ingest that only adds a portfolio CSV leaves the manifest as it was)."""
    stamp: list[int] = []
    for name in ("manifest.json", portfolio_data.SNAPSHOT):
        try:
            info = (index_dir / name).stat()
        except OSError:
            if name == "manifest.json":
                return None
            stamp += [0, 0]
            continue
        stamp += [info.st_mtime_ns, info.st_size]
    return tuple(stamp)
