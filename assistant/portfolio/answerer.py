"""The portfolio answerer: exact answers computed from the portfolio rows, cited.

``plan`` says whether (part of) a question is a portfolio question: a follow-up to an
earlier portfolio question on a new subject ("Hvad med Roskilde?"), or clauses that ask
for totals, counts, extremes or lists of the rows. ``answer`` computes each part and
cites the rows; the part of the question that is not about the rows is left to the
documents (``Plan.rest``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace

from assistant.conversation import elliptical
from assistant.index.keyword import stem_terms
from assistant.lang import pack
from assistant.portfolio import answer as cited
from assistant.portfolio.compute import compute
from assistant.portfolio.data import Portfolio, PortfolioRow
from assistant.portfolio.scope import DEVELOPMENT
from assistant.portfolio.understand import (
    Expand,
    PortfolioQuery,
    names_kind,
    recognise,
    refocus,
    same,
    select,
    split_clauses,
)
from assistant.types import Answer, Chunk, Hit

Passages = Callable[[str], list[Hit]]  # a document id -> its passages
Specific = Callable[[str], bool]
REST_MIN_WORDS = 3  # a clause this long that no row answers is a question for the documents


@dataclass(frozen=True)
class Plan:
    """The portfolio parts of a question, and whether the documents answer the rest."""

    parts: tuple[PortfolioQuery, ...]
    rest: bool


class PortfolioAnswerer:
    """Computes answers from the rows of one snapshot."""

    def __init__(
        self,
        portfolio: Portfolio,
        row_sources: Mapping[PortfolioRow, Chunk],
        specific: Specific,
        passages: Passages,
        expand: Expand = same,
        common: Specific = lambda _: False,
    ) -> None:
        self._rows = (*portfolio.rows, *portfolio.history)  # a year asked may need older ones
        self._sources = row_sources
        self._specific = specific  # a stemmed term names a particular subject of the documents
        self._passages = passages  # a document's passages, for a total it states
        self._expand = expand  # the documents' words for an English question's words
        self._common = common  # a stemmed term is a frequent word of the documents

    def plan(self, text: str, previous: str) -> Plan | None:
        """The portfolio parts of the question ``text`` (after ``previous``, the question
        it follows up, if any); None when it is no portfolio question."""
        follow_up = self._follow_up(text, previous) if previous else None
        if follow_up is not None:
            return Plan((follow_up,), rest=False)
        searched = f"{previous} {text}" if previous else text
        parts = [(c, self._recognise(c)) for c in split_clauses(searched)]
        found = tuple(q for _, q in parts if q is not None)
        if not found:
            return None
        rest = any(q is None and len(c.split()) >= REST_MIN_WORDS for c, q in parts)
        return Plan(found, rest)

    def answer(self, plan: Plan, language: str, question: str = "") -> Answer:
        """The computed answer to every part, citations numbered across them, with the
        wider reading of ``question`` offered when it read "investments" by default."""
        result: Answer | None = None
        for part in plan.parts:
            result = cited.combine(result, self._computed(part, language))
        assert result is not None  # a plan has at least one part
        return replace(result, alternatives=self._alternatives(plan, question, language))

    def _alternatives(self, plan: Plan, question: str, language: str) -> tuple[str, ...]:
        """The question with the development partnerships included, when it was read as
        the investment partnerships alone and including them changes the rows."""
        if len(plan.parts) != 1 or not plan.parts[0].defaulted or not question:
            return ()
        wider = replace(plan.parts[0], kinds=(*plan.parts[0].kinds, DEVELOPMENT))
        if len(select(wider, self._rows)) == len(select(plan.parts[0], self._rows)):
            return ()
        clause = pack(language).portfolio["including_development"]
        return (f"{question.rstrip(' ?.')} {clause}?",)

    def stream(self, plan: Plan, language: str) -> Iterator[Answer]:
        """The computed answer, whole (the arithmetic is shown at once)."""
        yield self.answer(plan, language)

    def _recognise(self, text: str) -> PortfolioQuery | None:
        return recognise(text, self._rows, stem_terms, self._specific, self._expand, self._common)

    def _follow_up(self, text: str, previous: str) -> PortfolioQuery | None:
        """The previous portfolio question's operation on the subject named now."""
        base = self._recognise(previous)
        if base is None:
            return None  # the previous turn was no portfolio question
        alone = recognise(text, self._rows, stem_terms, expand=self._expand)
        if alone is None:
            return refocus(base, text, self._rows, stem_terms, self._expand)
        if elliptical(text) and not names_kind(text):  # "and by municipality?": its rows
            return replace(alone, kinds=base.kinds, defaulted=False)
        return None  # this one stands alone

    def _computed(self, parsed: PortfolioQuery, language: str) -> Answer:
        result = compute(parsed, self._rows, language, stem_terms)
        citations = [
            cited.row_citation(i + 1, row, self._sources.get(row))
            for i, row in enumerate(result.rows)
        ]
        note, note_citation = cited.stated_note(
            parsed, result, language, self._passages, len(citations) + 1
        )
        return cited.build(result, citations, note, note_citation, language)
