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

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.answer import last
from assistant.answer.citations import Numbering
from assistant.answer.comparison import compare
from assistant.answer.evidence import Evidence, gather
from assistant.answer.extremes import extreme_rows
from assistant.answer.quotes import Quote, Scored, announces, choose
from assistant.answer.refusal import refusal
from assistant.answer.support import (
    TYPES,
    absent_objects,
    answering,
    missing,
    prefer,
    states,
    typed,
)
from assistant.calibration import calibration
from assistant.config import Settings
from assistant.index.embeddings import CachedEmbedder
from assistant.ingest.sections import SEP
from assistant.lang import DOCUMENTS, pack, starts
from assistant.query import Query, mentions
from assistant.types import Answer, Chunk, Hit

Terms = Callable[[str], list[str]]

LEXICAL_WEIGHT = 0.15
RANK_WEIGHT = 0.02
HEADING_WEIGHT = 0.05  # a passage under a heading that restates the question
# A passage under a heading that restates a question asked in another language (a FAQ's
# question, ``Evidence.restated``) answers it whatever words it shares with it: more than
# any keyword overlap adds. With ``HEADING_WEIGHT`` alone, "Who can apply to the fund?"
# was answered with the appendix's "Skal flugte med fondenes fundats og strategi." (dev
# and own answers the same either way; questions of my own on the FAQ page: 2 better).
RESTATED_WEIGHT = LEXICAL_WEIGHT + HEADING_WEIGHT
TYPE_WEIGHT = 0.05  # the sentence states what the question asks for (an amount, a date …)
# The sentence kinds that answer a kind of question (``support.TYPES`` for facts; a
# definition question is answered by a defining sentence).
ANSWER_TYPES = {**TYPES, "definition": DOCUMENTS.text_cues.defines}


@dataclass(frozen=True)
class Candidate:
    """One quotable sentence with the hit it came from."""

    hit_rank: int
    text: str
    similarity: float
    lexical: float
    bonus: float = 0.0
    # Its similarity to the question without the question's names (``Evidence.
    # topic_vector``), which ranks it in place of ``similarity`` when set; ``similarity``
    # still says whether it is evidence enough to answer from (``is_supported``).
    # Measured on the dev half: unchanged (0.866 / 1.000 / 0.000); own set English 0.862
    # -> 0.931; in Danish questions (0.960 -> 0.925) a name is often what is asked about
    # ("Hvilken rolle spiller Bikubenfonden …?"), and its other words match as written.
    topical: float | None = None
    restated: bool = False  # under the heading that restates the question (``Evidence``)

    @property
    def score(self) -> float:
        """Combined ranking score."""
        rank = RANK_WEIGHT / (1 + self.hit_rank)
        meaning = self.similarity if self.topical is None else self.topical
        return meaning + LEXICAL_WEIGHT * self.lexical + rank + self.bonus


def candidates(hits: Sequence[Hit], ev: Evidence, terms_of: Terms) -> list[Candidate]:
    """Every sentence of every hit, scored against the question."""
    out: list[Candidate] = []
    said = {s: set(terms_of(s)) for hit in hits for s in hit.chunk.sentences}
    heading = {hit.chunk.id: set(terms_of(hit.chunk.heading)) for hit in hits}
    headed = _only_in_headings(hits, ev, said, heading)
    for rank, hit in enumerate(hits):
        restates = bool(ev.restated) and hit.chunk.heading == ev.restated
        bonus = (
            RESTATED_WEIGHT
            if restates
            else HEADING_WEIGHT
            if _heading_matches(heading[hit.chunk.id], ev)
            else 0.0
        )
        # A name the question uses counts for every sentence of a passage that has it, or
        # whose document's opening has it: it says which passage, not which of its
        # sentences (else the one sentence that restates "Horsens Kommune" wins over the
        # one that answers, and a contract's parties named in § 1 only count there).
        # (A stem is a prefix of its words, so a substring test finds it without stemming
        # the whole passage for every question.)
        passage = f"{hit.opening} {hit.chunk.section} {hit.chunk.text}".lower()
        named = {t for t in ev.name_terms if t in passage}
        if SEP in hit.chunk.section:
            named |= {t for t in headed if _has(heading[hit.chunk.id], t)}
        for sentence in hit.chunk.sentences:
            vector = ev.sentence_vectors.get(sentence)
            sim = _similarity(vector, ev.query_vector)
            topical = None if ev.topic_vector is None else _similarity(vector, ev.topic_vector)
            lexical = _overlap(ev.query_terms, said[sentence] | named)
            extra = TYPE_WEIGHT if _states(ev.wants, sentence) else 0.0
            out.append(Candidate(rank, sentence, sim, lexical, bonus + extra, topical, restates))
    return sorted(out, key=lambda c: c.score, reverse=True)


def _only_in_headings(
    hits: Sequence[Hit], ev: Evidence, said: dict[str, set[str]], heading: dict[str, set[str]]
) -> set[str]:
    """The question's terms that no sentence of the hits uses but a passage's heading
    does: a subject named only in the sub-heading its passage stands under ("Model B:
    Gevinstdeling" over "Kommunen betaler 50 procent af besparelsen …"), which then counts
    for each sentence of that passage. Only such terms: a heading's every word counting
    for its sentences outweighed the sentence that says what is asked (dev: two answers
    lost, 0.880 -> 0.859)."""
    unsaid = {t for t in ev.query_terms if not any(_has(w, t) for w in said.values())}
    if not unsaid:
        return set()
    # A sub-heading only: a document's title heads its first passage but is about all of
    # them ("Sag 2024-117: …" made its opening passage answer "Hvad står der under
    # Vurdering i sag 2024-117?").
    headings = [heading[h.chunk.id] for h in hits if SEP in h.chunk.section]
    return {t for t in unsaid if any(_has(words, t) for words in headings)}


def _with_unit(sentence: str, hit: Hit) -> str:
    """A table row with the unit its table states once before it ("Alle beløb er i mio.
    kr."), for the tests of what it states: "Budget 2025: 0,9" is an amount there."""
    return f"{sentence} ({hit.unit})" if hit.unit else sentence


def _similarity(vector: np.ndarray | None, to: np.ndarray) -> float:
    """A sentence's similarity to ``to`` (0 for a sentence without a cached vector)."""
    return float(vector @ to) if vector is not None else 0.0


def _states(wants: str | None, sentence: str) -> bool:
    """Whether ``sentence`` is of the kind that answers a ``wants`` question: a list
    question is answered by the sentence that introduces the list (quoted with its items)."""
    if wants == "list":
        return announces(sentence)
    pattern = ANSWER_TYPES.get(wants or "")
    return bool(pattern and pattern.search(sentence))


def _heading_matches(words: set[str], ev: Evidence) -> bool:
    """Whether a passage's heading (its terms ``words``) restates the question."""
    if not words or not ev.question_words:
        return False
    if words <= ev.question_words:
        return True  # the question names the heading ("under **Vurdering**", "§ 1 Formål")
    return len(words & ev.question_words) / len(words | ev.question_words) >= 0.6


def _overlap(query_terms: dict[str, float], words: set[str]) -> float:
    """IDF-weighted share of the question's terms among ``words`` (a sentence's): a rare
    word in the question ("skalere") says more about the answer than a common one. A
    long term counts as the first part of a compound too ("resultat" in "resultatmål"):
    Danish writes compounds as one word, so the sentence that says "resultatmål" speaks
    of results. Measured on the dev half: answers 0.851 -> 0.861, false refusals 0.010
    -> 0.000, refusals unchanged (own set: 0.864 -> 0.898); with the CSLS bridge 0.856 ->
    0.866. Anywhere inside the word gave 0.877 there, but a compound's last part is what
    it is and its first what it is about:
    "How does a results-based payment model work?" was then answered by sentences on a
    "resultatbetalingsfond" (a fund), not on results-based payment."""
    total = sum(query_terms.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in query_terms.items() if _has(words, t)) / total


def _has(words: set[str], term: str) -> bool:
    return term in words or any(starts(term, w) for w in words)


def is_supported(best: Candidate | None, min_sim: float, min_sim_lexical: float) -> bool:
    """Whether the best sentence is strong enough evidence to answer from: close enough
    to the question, or under a heading that restates it."""
    if best is None:
        return False
    if best.restated:
        return True
    if best.similarity >= min_sim:
        return True
    return best.similarity >= min_sim_lexical and best.lexical >= 0.5


def compose(language: str, numbered: Sequence[tuple[Quote, int]]) -> str:
    """The answer text: an intro in the question's language, then cited quotes, those
    of a group (a comparison's side) under its name."""
    lines = [pack(language).templates["intro"], ""]
    group = ""
    for quote, n in numbered:
        if quote.group and quote.group != group:
            group = quote.group
            lines += [*([""] if lines[-1] else []), f"**{group}**"]
        lines.append(f"- «{quote.text}» [{n}]")
    return "\n".join(lines)


def _answers(query: Query) -> Callable[[str], bool] | None:
    """A test for a sentence that states what a typed question asks for, if it is typed."""
    patterns = typed(query)
    return (lambda sentence: states(sentence, patterns)) if patterns else None


def _answers_in(query: Query) -> Callable[[str, Hit], bool] | None:
    """For a typed question, a test of a sentence in its hit that states what is asked
    about the question's subject (``support.answering``: what ``missing`` requires of
    some quote), a table row with its table's unit."""
    test = answering(query)
    if test is None:
        return None
    return lambda sentence, hit: test(
        _with_unit(sentence, hit), _passage(hit.chunk), _document(hit.chunk, hit.opening)
    )


def _passage(chunk: Chunk) -> str:
    """A passage with its headings, as ``support`` reads it."""
    return f"{chunk.section} {chunk.text}"


def _document(chunk: Chunk, opening: str) -> str:
    """A passage's document as ``support`` reads it: its title, a line break, its opening
    (where a contract names its parties once)."""
    return f"{chunk.meta.get('title', '')}\n{opening}"


def _about(query: Query) -> Callable[[Hit], bool] | None:
    """A test for a passage about the specific subject the question names, if it names
    one (``Query.specific_names``)."""
    names = query.specific_names
    return (lambda hit: mentions(names, hit.context)) if names else None


def _nothing_known(query: Query) -> bool:
    """The question has content words, and no document uses any of them (nor a name of it,
    nor a translation): "Hvad blev vejret i går?".

    Asked in another language than the documents', a known name alone does not count
    ("Will it rain in Aarhus this weekend?": the place is known, the topic is not): its
    other words were offered to the bridge and none translates. In the documents' own
    language an unused word may be another form of a used one ("partnere" beside
    "partnerskab"), so there a known name still counts, and so does a word every other
    passage uses, too common to be a key term: "Hvad er mindstebeløbet for en
    investering?" asks about investments, in a compound no passage writes."""
    strange = set(DOCUMENTS.stem_words(list(query.strange)))
    known = [t for t, _ in query.terms if t not in strange]
    if query.language != DOCUMENTS.code:
        named = {w for s in query.subjects for w in DOCUMENTS.stems(s)}
        known = [t for t in known if t not in named]
        return bool(strange) and not (known or query.bridged)
    used = [t for t in query.used if t not in strange]
    return bool(strange) and not (known or used or query.bridged or query.subjects)


class ExtractiveAnswerer:
    """Quotes the sentences of the passages that best answer the question (no LLM)."""

    def __init__(self, embedder: CachedEmbedder, settings: Settings, terms_of: Terms) -> None:
        self._embedder = embedder
        self._settings = settings
        self._terms_of = terms_of  # stemmed words, as the keyword index stems them
        measured, _ = calibration(embedder.name)
        same = (settings.min_evidence, settings.min_evidence_lexical)
        self._floors = {
            True: (
                measured.min_evidence if same[0] is None else same[0],
                measured.min_evidence_lexical if same[1] is None else same[1],
            ),
            False: (measured.min_evidence_cross, measured.min_evidence_lexical_cross),
        }  # by "asked in the documents' language"
        self._heading_floor = measured.heading_floor

    def answer(self, query: Query, hits: Sequence[Hit]) -> Answer:
        """The complete answer or refusal."""
        return last(self.stream(query, hits))

    def stream(self, query: Query, hits: Sequence[Hit]) -> Iterator[Answer]:
        """The answer growing by one cited quote at a time, best passage first."""
        language = query.language
        if query.injection and "?" not in query.text:
            yield refusal(language, hits)  # an instruction, not a question: never echoed
            return
        if _nothing_known(query):
            yield refusal(language, hits)  # no word of the question is used by any document
            return
        if query.unknown:  # an injection's words are never named back
            yield refusal(language, hits, () if query.injection else query.unknown)
            return
        quotes = self._quotes(query, hits)
        if isinstance(quotes, str):
            yield refusal(language, hits, missing_what=quotes)
            return
        absent = absent_objects(query, quotes)
        if absent:  # the question names a thing no quoted passage is about
            yield refusal(language, hits, () if query.injection else absent)
            return
        numbering = Numbering()
        numbered: list[tuple[Quote, int]] = []
        for quote in quotes:
            n = numbering.number(Hit(quote.chunk, 0.0), quote.text)
            if n is None:
                continue
            numbered.append((quote, n))
            yield Answer(
                text=compose(language, numbered),
                citations=tuple(numbering.citations),
                refused=False,
                language=language,
            )
        if not numbered:
            yield refusal(language, hits)

    def _quotes(self, query: Query, hits: Sequence[Hit]) -> list[Quote] | str:
        """The quotes that answer, or what is missing ("" when the evidence is weak)."""
        ev = gather(query, hits, self._embedder, self._heading_floor)
        ranked = candidates(hits, ev, self._terms_of)
        best = ranked[0] if ranked else None
        if not is_supported(best, *self._floors[query.language == DOCUMENTS.code]):
            return ""
        scored = [Scored(c.hit_rank, c.text, c.score, c.similarity) for c in ranked]
        quotes = (
            extreme_rows(query, scored, hits, self._terms_of)
            or compare(query, scored, hits)
            or choose(
                prefer(scored, query, hits),
                hits,
                self._settings.max_quotes,
                define="definition" in query.asks,
                answers=_answers(query),
                about=_about(query),
                elsewhere=_answers_in(query),
                listing="list" in query.asks,
            )
        )
        if not quotes:
            return ""
        opening = {h.chunk.id: h.opening for h in hits}
        passages = [_passage(q.chunk) for q in quotes]
        documents = [_document(q.chunk, opening.get(q.chunk.id, "")) for q in quotes]
        # a table row's numbers with the unit its table states once before it
        units = {h.chunk.id: h for h in hits if h.unit}
        stated = [
            _with_unit(q.text, units[q.chunk.id]) if q.chunk.id in units else q.text for q in quotes
        ]
        return missing(query, stated, passages, documents) or quotes
