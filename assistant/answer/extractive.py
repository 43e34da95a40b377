"""Hits -> Answer: extractive, grounded, every quoted sentence cited; or a plain refusal.

The default answerer needs no LLM. It scores each sentence (or table row) of the top
passages by its embedding similarity to the question plus its keyword overlap, quotes
the best few verbatim, and cites the passage each came from. A citation is only made for
a sentence that is a substring of its passage, and one passage gets one number.
It refuses when the evidence is weak, or when the question names something (a place, an
organisation) that the knowledge base never mentions. ``stream`` yields the answer as
each quote is chosen, best first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from assistant.answer import last
from assistant.answer.citations import Numbering
from assistant.answer.evidence import Evidence, gather
from assistant.answer.refusal import refusal
from assistant.config import Settings
from assistant.index.embeddings import CachedEmbedder
from assistant.lang import DOCUMENTS, pack
from assistant.query import Query
from assistant.types import Answer, Hit

Terms = Callable[[str], list[str]]

QUOTE_MARGIN = 0.05  # sentences this close to the best one are quoted too
NEIGHBOUR_MARGIN = 0.1  # the sentence after the best one, which often completes it
LEXICAL_WEIGHT = 0.15
RANK_WEIGHT = 0.02
HEADING_WEIGHT = 0.05  # a passage under a heading that restates the question
QUANTITY_WEIGHT = 0.05  # "how many / what share" question, sentence states an amount
# An amount: a number with a unit of money or proportion ("8 pct.", "3,6 mio. kr."), and a
# count: a number in digits or words ("otte investeringer"), in the documents' language.
QUANTITY = re.compile(
    rf"\d[\d.,]*\s*(?:{'|'.join(re.escape(u) for u in DOCUMENTS.amount_units)})", re.I
)
COUNT = re.compile(rf"\b(?:\d+|{'|'.join(DOCUMENTS.number_words)})\b", re.I)
ANSWER_TYPES = {"amount": QUANTITY, "count": COUNT}


@dataclass(frozen=True)
class Candidate:
    """One quotable sentence with the hit it came from."""

    hit_rank: int
    text: str
    similarity: float
    lexical: float
    bonus: float = 0.0

    @property
    def score(self) -> float:
        """Combined ranking score."""
        rank = RANK_WEIGHT / (1 + self.hit_rank)
        return self.similarity + LEXICAL_WEIGHT * self.lexical + rank + self.bonus


def candidates(hits: Sequence[Hit], ev: Evidence, terms_of: Terms) -> list[Candidate]:
    """Every sentence of every hit, scored against the question."""
    out: list[Candidate] = []
    for rank, hit in enumerate(hits):
        bonus = HEADING_WEIGHT if _heading_matches(hit, ev, terms_of) else 0.0
        for sentence in hit.chunk.sentences:
            vector = ev.sentence_vectors.get(sentence)
            sim = float(vector @ ev.query_vector) if vector is not None else 0.0
            lexical = _overlap(ev.query_terms, terms_of, sentence)
            pattern = ANSWER_TYPES.get(ev.wants or "")
            extra = QUANTITY_WEIGHT if pattern and pattern.search(sentence) else 0.0
            out.append(Candidate(rank, sentence, sim, lexical, bonus + extra))
    return sorted(out, key=lambda c: c.score, reverse=True)


def _heading_matches(hit: Hit, ev: Evidence, terms_of: Terms) -> bool:
    heading = (
        set(terms_of(hit.chunk.section.split(" › ")[-1]))
        if hit.chunk.kind != "table_row"
        else set()
    )
    if len(heading) < 2 or not ev.question_words:
        return False
    return len(heading & ev.question_words) / len(heading | ev.question_words) >= 0.6


def _overlap(query_terms: dict[str, float], terms_of: Terms, sentence: str) -> float:
    """IDF-weighted share of the question's terms the sentence uses: a rare word in the
    question ("skalere") says more about the answer than a common one ("børn")."""
    total = sum(query_terms.values())
    if total <= 0:
        return 0.0
    words = set(terms_of(sentence))
    return sum(w for t, w in query_terms.items() if t in words) / total


def is_supported(best: Candidate | None, min_sim: float, min_sim_lexical: float) -> bool:
    """Whether the best sentence is strong enough evidence to answer from."""
    if best is None:
        return False
    if best.similarity >= min_sim:
        return True
    return best.similarity >= min_sim_lexical and best.lexical >= 0.5


def pick(ranked: list[Candidate], hits: Sequence[Hit], max_quotes: int) -> Iterator[Candidate]:
    """The best sentence, the one after it when relevant, and others nearly as good, in
    the order they are chosen."""
    if not ranked:
        return
    best = ranked[0]
    chosen = [best]
    yield best
    following = _next_sentence(ranked, hits, best)
    if following is not None and following.score >= best.score - NEIGHBOUR_MARGIN:
        chosen.append(following)
        yield following
    for cand in ranked[1:]:
        if len(chosen) >= max_quotes or cand.score < best.score - QUOTE_MARGIN:
            break
        if all(cand.text != c.text for c in chosen):
            chosen.append(cand)
            yield cand


def _next_sentence(
    ranked: list[Candidate], hits: Sequence[Hit], best: Candidate
) -> Candidate | None:
    sentences = hits[best.hit_rank].chunk.sentences
    index = sentences.index(best.text) if best.text in sentences else -1
    if index < 0 or index + 1 >= len(sentences):
        return None
    wanted = sentences[index + 1]
    return next((c for c in ranked if c.hit_rank == best.hit_rank and c.text == wanted), None)


def compose(language: str, numbered: list[tuple[Candidate, int]]) -> str:
    """The answer text: an intro in the question's language, then cited quotes."""
    lines = [pack(language).templates["intro"], ""]
    for cand, n in numbered:
        lines.append(f"- «{cand.text}» [{n}]")
    return "\n".join(lines)


class ExtractiveAnswerer:
    """Quotes the sentences of the passages that best answer the question (no LLM)."""

    def __init__(self, embedder: CachedEmbedder, settings: Settings, terms_of: Terms) -> None:
        self._embedder = embedder
        self._settings = settings
        self._terms_of = terms_of  # stemmed words, as the keyword index stems them

    def answer(self, query: Query, hits: Sequence[Hit]) -> Answer:
        """The complete answer or refusal."""
        return last(self.stream(query, hits))

    def stream(self, query: Query, hits: Sequence[Hit]) -> Iterator[Answer]:
        """The answer growing by one cited quote at a time, best quote first."""
        language = query.language
        if query.unknown:
            yield refusal(language, hits, query.unknown)
            return
        ev = gather(query, hits, self._embedder)
        ranked = candidates(hits, ev, self._terms_of)
        best = ranked[0] if ranked else None
        settings = self._settings
        if not is_supported(best, settings.min_evidence, settings.min_evidence_lexical):
            yield refusal(language, hits)
            return
        numbering = Numbering()
        numbered: list[tuple[Candidate, int]] = []
        for cand in pick(ranked, hits, settings.max_quotes):
            n = numbering.number(hits[cand.hit_rank], cand.text)
            if n is None:
                continue
            numbered.append((cand, n))
            yield Answer(
                text=compose(language, numbered),
                citations=tuple(numbering.citations),
                refused=False,
                language=language,
            )
        if not numbered:
            yield refusal(language, hits)
