"""Assistant: wires the stages together. ``load()``, ``ingest()``, ``ask()``.

A question flows one way: check -> understand (``query``) -> route -> retrieve
(``index``) -> answer (``answer`` or ``portfolio``). This module only connects the stages;
each lives in its own module, and the index a question reads is one consistent
``snapshot``, even while another thread ingests.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from assistant.answer import Answerer, Explainer, last
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.calibration import calibration
from assistant.config import Settings
from assistant.conversation import Turn
from assistant.errors import IndexMissing
from assistant.fit.form import FitForm, FitInputError
from assistant.fit.intent import asks_fit
from assistant.fit.report import FitReport
from assistant.fit.report import build as build_report
from assistant.fit.similar import closeness
from assistant.fit.texts import TEXTS
from assistant.index.cache import EmbeddingCache
from assistant.index.embeddings import CachedEmbedder, make_embedder
from assistant.index.keyword import stem_terms
from assistant.index.retrieval import Retriever
from assistant.index.store import ChromaStore, Manifest, check_embedder, read_manifest
from assistant.index.store import require_manifest as committed_manifest
from assistant.ingest import run as ingesting
from assistant.lang import DOCUMENTS
from assistant.portfolio import answer as cited
from assistant.portfolio import data as portfolio_data
from assistant.portfolio.answerer import PortfolioAnswerer
from assistant.portfolio.current import known_at
from assistant.query import Query, check, check_history, mentions, specific, understand
from assistant.snapshot import Library, Snapshot
from assistant.types import Answer, Citation, Hit, IngestReport


class Assistant:
    """The DSI knowledge assistant over one index."""

    def __init__(
        self,
        settings: Settings,
        embedder: CachedEmbedder,
        store: ChromaStore,
        answerer: Answerer | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.library = Library(settings, store, embedder)
        self.answerer: Answerer = answerer or self._default_answerer()

    def _default_answerer(self) -> Answerer:
        """The extractive answerer; with ``DSI_LLM_URL`` set, the LLM answerer in front of
        it (imported only then)."""
        extractive = ExtractiveAnswerer(self.embedder, self.settings, stem_terms)
        if not self.settings.llm_url:
            return extractive
        from assistant.llm.answerer import generated

        def translate(english: Sequence[str]) -> dict[str, tuple[str, ...]]:
            return self.library.current().bridge.translate(english)

        return generated(self.settings, extractive, self.embedder, translate)

    @classmethod
    def load(cls, settings: Settings | None = None, answerer: Answerer | None = None) -> Assistant:
        """Open the index with settings from the environment (or those given); documents
        are answered by ``answerer`` (default: the extractive answerer)."""
        settings = settings or Settings()
        manifest = read_manifest(settings.index_dir)
        inner = make_embedder(settings.embedder)
        if manifest is not None:
            check_embedder(manifest, inner.name, inner.dim)
        cache = EmbeddingCache(settings.index_dir / "embeddings.sqlite")
        store = ChromaStore(settings.index_dir, settings.chroma_url or None)
        return cls(settings, CachedEmbedder(inner, cache), store, answerer)

    # -- ingestion -------------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[Path] | None = None,
        progress: ingesting.Progress | None = None,
        rebuild: bool = False,
    ) -> IngestReport:
        """Ingest the corpus (or ``paths``); returns the per-file report. Questions asked
        meanwhile are answered from the previous commit."""
        with self.library.writing():
            return ingesting.run(
                self.settings,
                self.store,
                self.embedder,
                list(paths) if paths is not None else None,
                progress,
                rebuild,
            )

    def has_index(self) -> bool:
        """Whether a committed index exists."""
        manifest = read_manifest(self.settings.index_dir)
        return manifest is not None and bool(manifest.docs)

    def manifest(self) -> Manifest:
        """The committed manifest, or IndexMissing."""
        return committed_manifest(self.settings.index_dir)

    # -- questions -------------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: Sequence[Turn] | None = None,
        doc: str | None = None,
        section: str | None = None,
    ) -> Answer:
        """Answer one question, with citations, or refuse."""
        return last(self.ask_stream(question, history, doc, section))

    def ask_stream(
        self,
        question: str,
        history: Sequence[Turn] | None = None,
        doc: str | None = None,
        section: str | None = None,
    ) -> Iterator[Answer]:
        """The answer as it grows: each item a whole answer so far (text and its
        citations), the last one complete. Errors are raised before the first item."""
        started = time.perf_counter()
        text = check(question, self.settings)
        turns = check_history(history, self.settings)
        opened = self.library.current()
        query = understand(text, turns, opened.keyword, opened.names, doc, section, opened.bridge)
        for answer in self._route(opened, query):
            elapsed = (time.perf_counter() - started) * 1000
            yield replace(answer, query=query.condensed, latency_ms=elapsed)

    def _route(self, opened: Snapshot, query: Query) -> Iterator[Answer]:
        """To the portfolio for questions about its rows; to the documents for the rest
        (and always for a search limited to a document or section)."""
        if asks_fit(query.text) and not query.scoped:  # the fit check answers it
            yield Answer(TEXTS[query.language]["offer"], (), False, query.language, source="fit")
            return
        portfolio = self._portfolio_answerer(opened, query)
        plan = None if query.scoped or query.unknown else portfolio.plan(query.text, query.previous)
        if plan is None:
            yield from self.answerer.stream(query, self._hits(opened, query))
            return
        answer = portfolio.answer(plan, query.language, query.text)
        if not answer.citations and not plan.rest:
            # No row answers it: the documents may, in their text ("Fonden investerer 7,8
            # mio. kr. i …", an investment a news item or an annual report states that no
            # table lists). Their answer when they have one, else the rows' "none".
            found = self.answerer.answer(query, self._hits(opened, query))
            yield answer if found.refused else found
            return
        if plan.rest:  # the part no row answers goes to the documents, whole question given
            answer = cited.combine(answer, self.answerer.answer(query, self._hits(opened, query)))
        elif isinstance(self.answerer, Explainer):  # an LLM puts the computation in words
            yield from self.answerer.explain(query, answer)
            return
        yield answer

    def _hits(self, opened: Snapshot, query: Query) -> list[Hit]:
        """The passages to answer from: the retriever's best ``answer_pool`` of its fused
        ``candidates``, those about the specific subject the question names first
        (``_about_first``)."""
        names = query.specific_names
        hits = opened.retriever.search(
            query.condensed,
            self.settings.candidates if names else self.settings.answer_pool,
            doc=query.doc,
            section=query.section,
            keywords=query.expanded,
            dense_weight=None
            if query.language == DOCUMENTS.code
            else self.settings.cross_dense_weight,
        )
        found = _about_first([opened.in_context(h) for h in hits], names)
        return found[: self.settings.answer_pool]

    def _portfolio_answerer(self, opened: Snapshot, query: Query) -> PortfolioAnswerer:
        return PortfolioAnswerer(
            opened.portfolio,
            opened.row_sources,
            lambda term: specific(term, opened.keyword),
            lambda doc: [Hit(c, 0.0) for c in opened.quotable.values() if c.doc_id == doc],
            query.expand,
            lambda term: opened.keyword.knows(term) and not specific(term, opened.keyword),
        )

    def search(self, question: str, k: int | None = None) -> list[Hit]:
        """Retrieval only: the top hits for ``question``."""
        text = check(question, self.settings)
        opened = self.library.current()
        query = understand(text, None, opened.keyword, opened.names, bridge=opened.bridge)
        return opened.retriever.search(text, k or self.settings.top_k, keywords=query.expanded)

    def retriever(self, sides: str = "hybrid") -> Retriever:
        """A retriever over the committed index: hybrid, or one side alone ("dense",
        "keyword"), for comparisons."""
        return self.library.retriever(sides)

    def answer_from(self, question: str, hits: list[Hit]) -> Answer:
        """The document answer to ``question`` from the given hits (any retriever's)."""
        opened = self.library.current()
        text = check(question, self.settings)
        query = understand(text, None, opened.keyword, opened.names, bridge=opened.bridge)
        return self.answerer.answer(query, hits)

    # -- the fit check -----------------------------------------------------------------
    def fit(self, form: FitForm, language: str = "da") -> FitReport:
        """The fit report for a municipality's answers (issue 14)."""
        opened = self.library.current()
        if not opened.fit.criteria:
            raise FitInputError(
                "no verified fit criteria: add corpus/fit-criteria.json and run dsi ingest "
                f"({'; '.join(opened.fit.problems[:3])})"
            )
        measured = calibration(self.embedder.name)[0]
        floor = measured.fit_floor
        close = closeness(
            form.problem, opened.portfolio.rows, self.embedder, floor, measured.fit_area_floor
        )
        return build_report(form, language, opened.fit, close, opened.row_sources, floor)

    def fit_problems(self) -> tuple[str, ...]:
        """What the criteria file's check left out, and why (``dsi ingest`` prints it)."""
        return self.library.current().fit.problems

    # -- the portfolio -----------------------------------------------------------------
    def portfolio(self, as_of: str = "") -> tuple[portfolio_data.PortfolioRow, ...]:
        """The portfolio rows from the last ingest, as typed records: each investment's
        newest figures, or those known at ``as_of`` (a date, "2023" or "2021-11")."""
        found = self._portfolio()
        return tuple(known_at(found.rows, found.history, as_of)) if as_of else found.rows

    def portfolio_dates(self) -> list[str]:
        """The dates the portfolio's figures were stated at, newest first."""
        found = self._portfolio()
        return sorted({r.as_of for r in (*found.rows, *found.history) if r.as_of}, reverse=True)

    def row_source(self, row: portfolio_data.PortfolioRow) -> Citation:
        """Where a portfolio row stands: the table-row passage of its source document
        (text = that passage, quote = the row's name), else the CSV row itself."""
        source = self.library.current().row_sources.get(row)
        citation = cited.row_citation(1, row, source)
        return citation if source is None else replace(citation, text=source.text, quote=row.name)

    def portfolio_errors(self) -> tuple[portfolio_data.RowError, ...]:
        """The portfolio rows the last ingest left out, with line numbers."""
        return self._portfolio().errors

    def _portfolio(self) -> portfolio_data.Portfolio:
        """The portfolio of the committed index (read from disk only when there is no
        index to open)."""
        try:
            return self.library.current().portfolio
        except IndexMissing:
            return portfolio_data.load(self.settings.index_dir)


def _about_first(hits: list[Hit], names: Sequence[str]) -> list[Hit]:
    """``hits`` with those that name one of ``names`` (in the passage, its headings, its
    document's title or opening) first, each group in retrieval order. The name says which
    passages answer; the dense side weighs the rest of the question, and in another
    language than the documents' ranked the appendix's tables on DSI's investments above
    the one report about Viborg for "Does Viborg have to pay back DSI's investment?"."""
    if not names:
        return hits
    return sorted(hits, key=lambda h: not mentions(names, h.context))  # stable
