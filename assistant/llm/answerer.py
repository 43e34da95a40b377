"""The generated answer: the LLM writes, every sentence is checked, the extractive answer
stands behind it.

The extractive answerer runs first and keeps its refusal decision: a question it refuses
is refused, whatever a model would say. Otherwise the model gets the passages the
extractive answer quoted, then the other top passages, numbered and fenced. Its reply is
split into sentences as it streams; each is checked (``check.py``) and shown only when it
passes, with its citations renumbered in order of use and highlighting the cited
passage's best-supporting sentence. When the model refuses, fails, or too little passes,
the extractive answer is given instead, marked as such.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from assistant.answer import Answerer, last
from assistant.answer.citations import citation
from assistant.calibration import calibration
from assistant.config import Settings
from assistant.errors import LLMUnavailable
from assistant.index.embeddings import CachedEmbedder
from assistant.lang import injection, pack
from assistant.llm.check import Checked, Checker, Floors, Passage, Translate
from assistant.llm.client import ChatModel, OpenAIChat
from assistant.llm.prompt import NO_ANSWER, messages
from assistant.llm.sentences import clean, split
from assistant.query import Query
from assistant.types import Answer, Chunk, Citation, Generation, Hit

MIN_KEPT_SHARE = 0.5  # fewer of the generated sentences passing: the extractive answer


class LLMAnswerer:
    """An ``Answerer`` that generates with a chat model and checks every sentence."""

    def __init__(
        self, fallback: Answerer, model: ChatModel, checker: Checker, passages: int
    ) -> None:
        self._fallback = fallback
        self._model = model
        self._checker = checker
        self._passages = passages  # how many passages the model reads

    def answer(self, query: Query, hits: Sequence[Hit]) -> Answer:
        """The complete answer."""
        return last(self.stream(query, hits))

    def stream(self, query: Query, hits: Sequence[Hit]) -> Iterator[Answer]:
        """Checked sentences as they are generated; the extractive answer on refusal."""
        base = self._fallback.answer(query, hits)
        if base.refused:  # the evidence step's decision stands
            yield base
            return
        yield from self._generate(query, self.passages(base, hits), base)

    def explain(self, query: Query, computed: Answer) -> Iterator[Answer]:
        """A computed portfolio answer in plain words: the model reads the computation
        (passage 1) and the rows' passages, and every figure it writes must stand in
        them; it never computes. The computed answer stands when too little passes."""
        if computed.refused or not computed.citations:
            yield computed
            return
        passages = [Passage(1, Hit(_computation(computed), 0.0))]
        passages += [
            Passage(n, Hit(_row(c), 0.0))
            for n, c in enumerate(computed.citations[: self._passages], start=2)
        ]
        yield from self._generate(query, passages, computed)

    def _generate(
        self, query: Query, passages: Sequence[Passage], base: Answer
    ) -> Iterator[Answer]:
        """Checked sentences from ``passages``; ``base`` when the model fails."""
        chat = messages(query.text, query.condensed, passages, query.language)
        kept: list[Checked] = []
        removed: list[str] = []
        try:
            for sentence in split(self._model.stream(chat)):
                if NO_ANSWER in sentence:
                    yield self._instead(base, "refused", removed)
                    return
                checked = self._checker.check(sentence, passages, query.language, query.text)
                if checked.problem:
                    removed.append(checked.problem)
                    continue
                kept.append(checked)
                yield self._compose(kept, passages, base, removed)
        except LLMUnavailable:
            yield self._instead(base, "unavailable", removed, len(kept))
            return
        if len(kept) < max(1, MIN_KEPT_SHARE * (len(kept) + len(removed))):
            yield self._instead(base, "too little survived", removed, len(kept))
        else:  # the whole answer, with every removal counted
            yield self._compose(kept, passages, base, removed)

    def passages(self, base: Answer, hits: Sequence[Hit]) -> list[Passage]:
        """The passages the model reads, numbered: those the extractive answer quoted
        first, then the rest by rank; none that reads as an instruction to the model."""
        quoted = [c.chunk_id for c in base.citations]
        order = sorted(
            range(len(hits)),
            key=lambda i: (
                hits[i].chunk.id not in quoted,
                quoted.index(hits[i].chunk.id) if hits[i].chunk.id in quoted else i,
            ),
        )
        chosen = [hits[i] for i in order if not injection(hits[i].chunk.text)]
        return [Passage(n, hit) for n, hit in enumerate(chosen[: self._passages], start=1)]

    def _compose(
        self,
        kept: Sequence[Checked],
        passages: Sequence[Passage],
        base: Answer,
        removed: Sequence[str],
    ) -> Answer:
        """The answer so far: kept sentences, citations renumbered in order of use, in
        ``base``'s language and from its source (documents or portfolio)."""
        given = {p.n: p for p in passages}
        numbers: dict[int, int] = {}
        cited: list[Citation] = []
        parts: list[str] = []
        for sentence in kept:
            marks = []
            for n in sentence.cites:
                if n not in numbers:
                    numbers[n] = len(numbers) + 1
                    quote = dict(sentence.supports).get(n) or _first(given[n])
                    cited.append(citation(numbers[n], given[n].hit, quote))
                marks.append(f"[{numbers[n]}]")
            parts.append(_cited(sentence.text, "".join(marks)))
        generation = Generation(self._model.name, len(kept) + len(removed), tuple(removed))
        return Answer(
            text=" ".join(parts),
            citations=tuple(cited),
            refused=False,
            language=base.language,
            source=base.source,
            answerer="llm",
            generation=generation,
        )

    def _instead(self, base: Answer, why: str, removed: Sequence[str], kept: int = 0) -> Answer:
        """The extractive answer, marked with why it stands in for the generated one."""
        generation = Generation(self._model.name, kept + len(removed), tuple(removed), why)
        return replace(base, answerer="extractive", generation=generation)


def _cited(text: str, marks: str) -> str:
    """The sentence with its markers before its final stop: "… risikoen [1]."."""
    if text[-1:] in ".!?":
        return f"{text[:-1].rstrip()} {marks}{text[-1]}"
    return f"{text} {marks}."


def _computation(computed: Answer) -> Chunk:
    """A computed answer as a passage: its lines without their [n] markers."""
    lines = [clean(re.sub(r"\s*\[\d+\]", "", line)) for line in computed.text.splitlines()]
    lines = [line for line in lines if line]
    title = pack(computed.language).portfolio["computation"]
    return Chunk(
        "portfolio:computed",
        "portfolio",
        "\n".join(lines),
        title,
        None,
        "text",
        tuple(lines),
        {"title": title},
    )


def _row(cited: Citation) -> Chunk:
    """A row the computation used, as the passage its citation opens."""
    return Chunk(
        cited.chunk_id,
        cited.doc,
        cited.text,
        cited.section,
        cited.page,
        "table_row",
        (cited.text,),
        {"title": cited.title},
    )


def _first(passage: Passage) -> str:
    sentences = passage.hit.chunk.sentences
    return sentences[0] if sentences else ""


def generated(
    settings: Settings, fallback: Answerer, embedder: CachedEmbedder, translate: Translate
) -> LLMAnswerer:
    """The LLM answerer of ``DSI_LLM_*``, checking with ``embedder``'s calibration and the
    term bridge's ``translate`` (English name forms)."""
    measured, _ = calibration(embedder.name)
    floors = Floors(measured.llm_support, measured.llm_support_cross)
    checker = Checker(embedder.inner.passages, embedder.passages, floors, translate)
    return LLMAnswerer(fallback, OpenAIChat(settings), checker, settings.top_k)
