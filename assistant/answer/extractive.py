"""Hits -> Answer: extractive, grounded, every quoted sentence cited; or a plain refusal.

The default answerer needs no LLM. It scores each sentence (or table row) of the top
passages by its embedding similarity to the question plus its keyword overlap, quotes
the best few verbatim, and cites the passage each came from. A citation is only made for
a sentence that is a substring of its passage, and one passage gets one number.
It refuses when the evidence is weak, or when the question names something (a place, an
organisation) that the knowledge base never mentions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.config import Settings
from assistant.types import Answer, Citation, Hit

Terms = Callable[[str], list[str]]

# Prompts and templates are named constants with a worked example of the format.
ANSWER_INTRO = {
    # "Ifølge dokumenterne:\n\n1. «DSI har indtil nu foretaget otte investeringer …» [1]"
    "da": "Ifølge dokumenterne:",
    # "According to the documents (quoted in Danish):\n\n1. «…» [1]"
    "en": "According to the documents (quoted in Danish, the language of the sources):",
}
REFUSAL = {
    "da": "Vidensbasen indeholder ikke et svar på dette spørgsmål, så jeg vil ikke gætte.",
    "en": "The knowledge base does not answer this question, so I will not guess.",
}
UNKNOWN_TERM = {
    "da": "Vidensbasen nævner ikke {terms}, så jeg kan ikke svare på det.",
    "en": "The knowledge base does not mention {terms}, so I cannot answer that.",
}
CLOSEST_NOTE = {
    "da": "De nærmeste passager er vist som nærmeste match, ikke som svar.",
    "en": "The closest passages are listed as closest matches, not as an answer.",
}
QUOTE_MARGIN = 0.05  # sentences this close to the best one are quoted too
NEIGHBOUR_MARGIN = 0.1  # the sentence after the best one, which often completes it
LEXICAL_WEIGHT = 0.15
RANK_WEIGHT = 0.02
HEADING_WEIGHT = 0.05  # a passage under a heading that restates the question
QUANTITY_WEIGHT = 0.05  # "how many / what share" question, sentence states an amount
# An amount: a number with a unit of money or proportion ("8 pct.", "3,6 mio. kr.").
QUANTITY = re.compile(r"\d[\d.,]*\s*(?:%|pct|procent|mio|mia|kr|millioner|milliarder)", re.I)
# A count: a number, in digits or as a Danish number word ("otte investeringer").
COUNT = re.compile(
    r"\b(?:\d+|to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv|tyve|hundrede)\b", re.I
)
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


@dataclass(frozen=True)
class Evidence:
    """What the answerer needs besides the hits."""

    query_vector: np.ndarray
    sentence_vectors: dict[str, np.ndarray]
    query_terms: dict[str, float]  # stemmed content terms of the question -> IDF weight
    question_words: frozenset[str]  # all stemmed words of the question, for heading matches
    unknown_terms: tuple[str, ...]  # names in the question the corpus never mentions
    wants: str | None = None  # the answer type the question asks for: "amount" or "count"


def candidates(hits: list[Hit], ev: Evidence, terms_of: Terms) -> list[Candidate]:
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


def pick(ranked: list[Candidate], hits: list[Hit], max_quotes: int) -> list[Candidate]:
    """The best sentence, the one after it when relevant, and others nearly as good."""
    if not ranked:
        return []
    best = ranked[0]
    chosen = [best]
    following = _next_sentence(ranked, hits, best)
    if following is not None and following.score >= best.score - NEIGHBOUR_MARGIN:
        chosen.append(following)
    for cand in ranked[1:]:
        if len(chosen) >= max_quotes or cand.score < best.score - QUOTE_MARGIN:
            break
        if all(cand.text != c.text for c in chosen):
            chosen.append(cand)
    return chosen


def _next_sentence(ranked: list[Candidate], hits: list[Hit], best: Candidate) -> Candidate | None:
    sentences = hits[best.hit_rank].chunk.sentences
    index = sentences.index(best.text) if best.text in sentences else -1
    if index < 0 or index + 1 >= len(sentences):
        return None
    wanted = sentences[index + 1]
    return next((c for c in ranked if c.hit_rank == best.hit_rank and c.text == wanted), None)


def cite(
    hits: list[Hit], chosen: list[Candidate]
) -> tuple[list[tuple[Candidate, int]], list[Citation]]:
    """Number passages in order of first use; one passage, one number."""
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    numbered: list[tuple[Candidate, int]] = []
    for cand in chosen:
        chunk = hits[cand.hit_rank].chunk
        if cand.text not in chunk.text:
            continue  # never cite a passage for words it does not contain
        if chunk.id not in numbers:
            numbers[chunk.id] = len(numbers) + 1
            citations.append(citation(numbers[chunk.id], hits[cand.hit_rank], cand.text))
        numbered.append((cand, numbers[chunk.id]))
    return numbered, citations


def citation(n: int, hit: Hit, quote: str) -> Citation:
    """The citation for one passage."""
    chunk = hit.chunk
    return Citation(
        n=n,
        doc=chunk.doc_id,
        title=chunk.meta.get("title", chunk.doc_id),
        section=chunk.section,
        page=chunk.page,
        text=chunk.text,
        quote=quote,
        chunk_id=chunk.id,
    )


def compose(language: str, numbered: list[tuple[Candidate, int]]) -> str:
    """The answer text: an intro in the question's language, then cited quotes."""
    lines = [ANSWER_INTRO[language], ""]
    for cand, n in numbered:
        lines.append(f"- «{cand.text}» [{n}]")
    return "\n".join(lines)


def refusal(language: str, hits: list[Hit], unknown: tuple[str, ...] = ()) -> Answer:
    """A refusal in the question's language, offering the nearest passages."""
    if unknown:
        terms = ", ".join(f"“{safe_term(t)}”" for t in unknown)
        text = UNKNOWN_TERM[language].format(terms=terms)
    else:
        text = REFUSAL[language]
    closest = tuple(
        citation(i + 1, h, h.chunk.sentences[0] if h.chunk.sentences else "")
        for i, h in enumerate(hits[:3])
    )
    if closest:
        text = f"{text} {CLOSEST_NOTE[language]}"
    return Answer(text=text, citations=(), refused=True, language=language, closest=closest)


def safe_term(term: str) -> str:
    """A word from the question, made inert for echoing back."""
    return html.escape(re.sub(r"[<>\"'`]", "", term))[:60]


def answer(
    hits: list[Hit], ev: Evidence, language: str, terms_of: Terms, settings: Settings
) -> Answer:
    """Answer from ``hits`` or refuse."""
    if ev.unknown_terms:
        return refusal(language, hits, ev.unknown_terms)
    ranked = candidates(hits, ev, terms_of)
    best = ranked[0] if ranked else None
    if not is_supported(best, settings.min_evidence, settings.min_evidence_lexical):
        return refusal(language, hits)
    numbered, citations = cite(hits, pick(ranked, hits, settings.max_quotes))
    if not numbered:
        return refusal(language, hits)
    return Answer(
        text=compose(language, numbered),
        citations=tuple(citations),
        refused=False,
        language=language,
    )
