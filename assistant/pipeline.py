"""Assistant: wires the parts together. ``load()``, ``ingest()``, ``ask()``.

Data flows one way: load -> chunk -> embed/store -> retrieve -> answer. This module only
connects the stages; each stage lives in its own module.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answer import extractive as answering
from assistant.config import Settings
from assistant.conversation import Turn, answer_language, condense
from assistant.errors import BadQuestion, IndexCorrupt, IndexMissing
from assistant.index import keyword
from assistant.index.cache import EmbeddingCache
from assistant.index.embeddings import CachedEmbedder, LlamaEmbedding, make_embedder
from assistant.index.retrieval import Retriever
from assistant.index.store import (
    ChromaStore,
    Manifest,
    check_embedder,
    read_manifest,
    require_manifest,
)
from assistant.ingest import run as ingesting
from assistant.lang.detect import (
    DANISH_WORDS,
    ENGLISH_WORDS,
    answer_type,
    expand_for_keywords,
    translations,
)
from assistant.portfolio import answer as computed
from assistant.portfolio import data as portfolio_data
from assistant.portfolio import understand as portfolio_qa
from assistant.types import Answer, Chunk, Citation, IngestReport

COMMON_DF = 0.3  # terms in more than this share of chunks say little about relevance
SUBJECT_DF = 0.1  # a term this rare names a specific subject (a place, a partner, a topic)
NOT_NAMES = frozenset(
    {"i", "english", "danish", "dansk", "engelsk", "please", "ok", "hi", "hej", "tak"}
)


class Assistant:
    """The DSI knowledge assistant over one index."""

    def __init__(self, settings: Settings, embedder: CachedEmbedder, store: ChromaStore) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self._retriever: Retriever | None = None
        self._stamp: tuple[int, int] | None = None
        self._own_commit: tuple[int, int] | None = None  # this process's last ingest
        self._reopen_lock = threading.Lock()
        self._bm25: Any = None
        self._portfolio = portfolio_data.Portfolio()
        self._portfolio_words: frozenset[str] = frozenset()
        self._row_sources: dict[portfolio_data.PortfolioRow, Chunk] = {}

    @classmethod
    def load(cls, settings: Settings | None = None) -> Assistant:
        """Open the index with settings from the environment (or those given)."""
        settings = settings or Settings()
        manifest = read_manifest(settings.index_dir)
        inner = make_embedder(settings.embedder)
        if manifest is not None:
            check_embedder(manifest, inner.name, inner.dim)
        cache = EmbeddingCache(settings.index_dir / "embeddings.sqlite")
        store = ChromaStore(settings.index_dir, settings.chroma_url or None)
        return cls(settings, CachedEmbedder(inner, cache), store)

    # -- ingestion -------------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[Path] | None = None,
        progress: ingesting.Progress | None = None,
        rebuild: bool = False,
    ) -> IngestReport:
        """Ingest the corpus (or ``paths``); returns the per-file report."""
        report = ingesting.run(
            self.settings,
            self.store,
            self.embedder,
            list(paths) if paths is not None else None,
            progress,
            rebuild,
        )
        self._own_commit = _manifest_stamp(self.settings.index_dir)
        self._retriever = None  # reopen on the new commit
        return report

    def has_index(self) -> bool:
        """Whether a committed index exists."""
        manifest = read_manifest(self.settings.index_dir)
        return manifest is not None and bool(manifest.docs)

    def manifest(self) -> Manifest:
        """The committed manifest, or IndexMissing."""
        return require_manifest(self.settings.index_dir)

    # -- questions -------------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: Sequence[Turn] | None = None,
        doc: str | None = None,
        section: str | None = None,
    ) -> Answer:
        """Answer one question, with citations, or refuse."""
        started = time.perf_counter()
        question = self._validate(question)
        history = self._validate_history(history)
        self._open()
        language = answer_language(question, history)
        query = condense(question, history, self._has_subject(question))
        result = None
        # a search limited to one document or section is a document question
        if not (doc or section or self._unknown_names(question, self._vocab())):
            result = self._follow_up_portfolio(question, query, language)
            result = result or self._ask_portfolio(query, language, doc, section)
        if result is None:
            result = self._ask_documents(question, query, language, doc, section)
        elapsed = (time.perf_counter() - started) * 1000
        return replace(result, query=query, latency_ms=elapsed)

    def ask_stream(
        self,
        question: str,
        history: Sequence[Turn] | None = None,
        doc: str | None = None,
        section: str | None = None,
    ) -> Iterator[Answer]:
        """The answer as it grows: each item a whole answer so far (text and its
        citations), the last one complete. Errors are raised before the first item."""
        yield self.ask(question, history, doc, section)

    def portfolio(self) -> tuple[portfolio_data.PortfolioRow, ...]:
        """The portfolio rows from the last ingest, as typed records."""
        return self._snapshot().rows

    def row_source(self, row: portfolio_data.PortfolioRow) -> Citation:
        """Where a portfolio row stands: the table-row passage of its source document
        (text = that passage, quote = the row's name), else the CSV row itself."""
        self._open()
        source = self._row_sources.get(row)
        citation = computed.row_citation(1, row, source)
        return citation if source is None else replace(citation, text=source.text, quote=row.name)

    def portfolio_errors(self) -> tuple[portfolio_data.RowError, ...]:
        """The portfolio rows the last ingest left out, with line numbers."""
        return self._snapshot().errors

    def _snapshot(self) -> portfolio_data.Portfolio:
        """The portfolio loaded with the committed index (read from disk only when there
        is no index to open)."""
        try:
            self._open()
        except IndexMissing:
            return portfolio_data.load(self.settings.index_dir)
        return self._portfolio

    def _ask_documents(
        self, question: str, query: str, language: str, doc: str | None, section: str | None
    ) -> Answer:
        hits = self._open().search(query, self.settings.answer_pool, doc=doc, section=section)
        return self._answer_hits(question, query, hits, language)

    def _answer_hits(self, question: str, query: str, hits: list[Any], language: str) -> Answer:
        evidence = self._evidence(question, query, hits)
        return answering.answer(hits, evidence, language, keyword.stem_terms, self.settings)

    def _follow_up_portfolio(self, question: str, query: str, language: str) -> Answer | None:
        """A follow-up to a portfolio question, on the subject it names now."""
        if query == question or not query.endswith(question):
            return None  # not condensed: not a follow-up
        previous = query[: -len(question)].strip()
        rows = self._portfolio.rows
        base = portfolio_qa.recognise(previous, rows, keyword.stem_terms, self._specific)
        if base is None or portfolio_qa.recognise(question, rows, keyword.stem_terms):
            return None  # the previous turn was no portfolio question, or this one stands alone
        parsed = portfolio_qa.refocus(base, question, rows, keyword.stem_terms)
        return self._computed(parsed, language) if parsed is not None else None

    def _ask_portfolio(
        self, query: str, language: str, doc: str | None, section: str | None
    ) -> Answer | None:
        """The computed answer when (part of) the question is a portfolio question."""
        rows = self._portfolio.rows
        parts = [
            (clause, portfolio_qa.recognise(clause, rows, keyword.stem_terms, self._specific))
            for clause in portfolio_qa.split_clauses(query)
        ]
        if not any(q for _, q in parts):
            return None
        answer: Answer | None = None
        for _, parsed in parts:
            if parsed is not None:
                answer = computed.combine(answer, self._computed(parsed, language))
        # The other part goes to the documents with the whole question, which holds its
        # subject ("…i Roskilde, og hvad er formålet?").
        if any(q is None and len(c.split()) >= 3 for c, q in parts):
            answer = computed.combine(
                answer, self._ask_documents(query, query, language, doc, section)
            )
        return answer

    def _computed(self, parsed: portfolio_qa.PortfolioQuery, language: str) -> Answer:
        result = portfolio_qa.compute(parsed, self._portfolio.rows, language, keyword.stem_terms)
        citations = [
            computed.row_citation(i + 1, row, self._row_sources.get(row))
            for i, row in enumerate(result.rows)
        ]
        note, note_citation = computed.stated_note(
            parsed,
            result,
            language,
            lambda q: self._open().search(q, self.settings.answer_pool),
            len(citations) + 1,
        )
        return computed.build(result, citations, note, note_citation, language)

    def search(self, question: str, k: int | None = None) -> list[Any]:
        """Retrieval only: the top hits for ``question``."""
        return self._open().search(self._validate(question), k or self.settings.top_k)

    def retriever(self, sides: str = "hybrid") -> Retriever:
        """A retriever over the committed index: hybrid, or one side alone ("dense",
        "keyword"), for comparisons."""
        self._open()
        return self._make_retriever(self.manifest(), sides)

    def answer_from(self, question: str, hits: list[Any]) -> Answer:
        """The document answer to ``question`` from the given hits (any retriever's)."""
        self._open()
        return self._answer_hits(question, question, hits, answer_language(question, None))

    def _validate(self, question: str) -> str:
        if not isinstance(question, str) or not question.strip():
            raise BadQuestion("the question is empty; type a question about DSI")
        if len(question) > self.settings.max_question_chars:
            raise BadQuestion(
                f"the question is {len(question):,} characters; the limit is "
                f"{self.settings.max_question_chars:,}. Shorten it to the question itself."
            )
        _require_utf8(question, "the question")
        return " ".join(question.split())

    def _validate_history(self, history: Sequence[Turn] | None) -> list[Turn]:
        """The conversation so far, refused when it is malformed or over the limits: every
        turn is searched and language-checked, so an unbounded history stalls everyone."""
        if history is not None and not isinstance(history, (list, tuple)):
            raise BadQuestion("the history must be a list of {'role', 'content'} turns")
        turns = list(history or [])
        limit, chars = self.settings.max_history_turns, self.settings.max_history_chars
        if len(turns) > limit:
            raise BadQuestion(
                f"the history has {len(turns):,} turns; the limit is {limit:,}. "
                "Send only the most recent turns."
            )
        if not all(_is_turn(t) for t in turns):
            raise BadQuestion("each history turn must be {'role': '...', 'content': '...'}")
        total = sum(len(t["content"]) for t in turns)
        if total > chars:
            raise BadQuestion(
                f"the history holds {total:,} characters; the limit is {chars:,}. "
                "Send only the most recent turns, or shorten them."
            )
        for turn in turns:
            _require_utf8(turn["content"], "the history")
            if (
                turn.get("role") == "user"
                and len(turn["content"]) > self.settings.max_question_chars
            ):
                raise BadQuestion(
                    f"an earlier question in the history is over the "
                    f"{self.settings.max_question_chars:,}-character limit for questions"
                )
        return turns

    def _open(self) -> Retriever:
        """The retriever over the committed index; reopened when another process (or this
        one) commits a new ingest, which a changed manifest file shows."""
        retriever = self._retriever
        if retriever is not None and _manifest_stamp(self.settings.index_dir) == self._stamp:
            return retriever
        with self._reopen_lock:  # the UI and API threads share one assistant
            stamp = _manifest_stamp(self.settings.index_dir)
            if self._retriever is not None and stamp == self._stamp:
                return self._retriever
            manifest = require_manifest(self.settings.index_dir)
            check_embedder(manifest, self.embedder.name, self.embedder.dim)
            if self._stamp is not None and stamp != self._own_commit:
                self.store.reopen()  # another process wrote the store
            self._bm25 = _load_keyword(self.settings, manifest)
            self._retriever = self._make_retriever(manifest, "hybrid")
            self._load_portfolio()
            self._stamp = stamp
            return self._retriever

    def _make_retriever(self, manifest: Manifest, sides: str) -> Retriever:
        return Retriever(
            self.store.vector_store(),
            LlamaEmbedding(self.embedder),
            self._bm25,
            manifest.active_shas(),
            self.settings.candidates,
            sides,
        )

    def _load_portfolio(self) -> None:
        """The portfolio snapshot, each row checked against the table-row passages of the
        documents (only the rows that stand in one cite one), and its vocabulary."""
        loaded = portfolio_data.load(self.settings.index_dir)
        table_rows = keyword.chunks_of_kind(self._bm25, "table_row")
        rows, self._row_sources = computed.verify(loaded.rows, table_rows)
        self._portfolio = replace(loaded, rows=rows)
        words = {
            w
            for r in self._portfolio.rows
            for text in (r.name, *r.municipalities, *r.partners, *r.areas)
            for w in re.findall(r"\w+", text.lower())
        }
        self._portfolio_words = frozenset(words)

    # -- evidence --------------------------------------------------------------------
    def _vocab(self) -> dict[str, int]:
        """The BM25 vocabulary (stem -> token id); read-only, so not copied per query."""
        vocab: dict[str, int] = self._bm25.bm25.vocab_dict
        return vocab

    def _has_subject(self, question: str) -> bool:
        """Whether the question names something specific the corpus knows."""
        vocab = self._vocab()
        return any(
            t in vocab and self._df(vocab[t]) < SUBJECT_DF for t in self._content_terms(question)
        )

    def _specific(self, term: str) -> bool:
        """Whether a stemmed term names a particular subject in the documents."""
        vocab = self._vocab()
        return term in vocab and self._df(vocab[term]) < SUBJECT_DF

    def _content_terms(self, text: str) -> list[str]:
        words = [
            w
            for w in re.findall(r"\w+", expand_for_keywords(text).lower())
            if w not in DANISH_WORDS and w not in ENGLISH_WORDS and len(w) > 1
        ]
        return list(keyword.stemmer().stemWords(words))

    def _df(self, token_id: int) -> float:
        scores = self._bm25.bm25.scores
        indptr = scores["indptr"]
        return float(indptr[token_id + 1] - indptr[token_id]) / max(1, int(scores["num_docs"]))

    def _evidence(self, question: str, query: str, hits: list[Any]) -> answering.Evidence:
        vocab = self._vocab()
        dfs = {t: self._df(vocab[t]) for t in self._content_terms(query) if t in vocab}
        terms = {t: math.log(1 / max(df, 1e-3)) for t, df in dfs.items() if df < COMMON_DF}
        sentences = [s for h in hits for s in h.chunk.sentences]
        return answering.Evidence(
            query_vector=np.asarray(self.embedder.query(query), dtype=np.float32),
            sentence_vectors=self.embedder.cached(sentences),
            query_terms=terms,
            question_words=frozenset(keyword.stem_terms(question)),
            unknown_terms=self._unknown_names(question, vocab),
            wants=answer_type(question),
        )

    def _unknown_names(self, question: str, vocab: dict[str, int]) -> tuple[str, ...]:
        """Names, and glossary concepts, in the question that no document mentions."""
        unknown: list[str] = []
        for first, word in _words_with_position(question):
            name = re.sub(r"(?i)['’]s$", "", word)
            concept = bool(translations(name)) and name.islower()
            if name.lower() in NOT_NAMES or not (concept or _looks_like_name(name, first)):
                continue
            if not self._known(name, vocab):
                unknown.append(name)
        return tuple(unknown)

    def _known(self, word: str, vocab: dict[str, int]) -> bool:
        """Whether the corpus uses ``word``, its parts, or a Danish translation of it."""
        parts = [p for p in word.split("-") if p] or [word]
        if all(p.lower() in self._portfolio_words for p in parts):
            return True  # named in the portfolio data
        for part in parts:
            forms = [part.lower(), *translations(part)]
            if not any(s in vocab for s in keyword.stemmer().stemWords(forms)):
                return False
        return True


def _load_keyword(settings: Settings, manifest: Manifest) -> Any:
    """The committed BM25 snapshot, or IndexCorrupt saying how to rebuild it."""
    path = settings.index_dir / manifest.bm25_dir
    try:
        return keyword.load(path, settings.candidates)
    except Exception as exc:  # any reader error of a damaged snapshot: say how to fix it
        raise IndexCorrupt(
            f"the keyword index {path} is unreadable ({type(exc).__name__}); "
            "rebuild it with: dsi ingest --rebuild"
        ) from exc


def _is_turn(value: object) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("role"), str)
        and isinstance(value.get("content"), str)
    )


def _require_utf8(text: str, what: str) -> None:
    """Refuse text that is not valid Unicode (a lone surrogate from a broken client)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadQuestion(
            f"{what} holds characters that are not valid Unicode ({exc.reason}); "
            "send it as UTF-8 text"
        ) from exc


def _manifest_stamp(index_dir: Path) -> tuple[int, int] | None:
    """The manifest file's (mtime, size): a cheap check for a new commit."""
    try:
        info = (index_dir / "manifest.json").stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


def _words_with_position(text: str) -> list[tuple[bool, str]]:
    """Words with a flag for "first in its sentence" (capitalised for grammar, not a name)."""
    out: list[tuple[bool, str]] = []
    for sentence in re.split(r"(?<=[.!?;:])\s+", text):
        words = re.findall(r"[\w’'-]+", sentence)
        out.extend((i == 0, w.strip("-'’")) for i, w in enumerate(words))
    return out


def _looks_like_name(word: str, first: bool) -> bool:
    if len(word) < 3 or word.isdigit():
        return False
    if word.isupper():
        return True  # acronyms, even first in the question
    return not first and word[0].isupper()
