"""Evidence: what the extractive answerer weighs besides the passages themselves.

The question's vector and each candidate sentence's vector (cached), the question's key
terms with their weights, its stemmed words, the names it uses that no document does,
and the kind of answer it asks for: all read from the ``Query``, none re-parsed. For a
question in another language than the documents': the vector of the question without
its names, and the hits' heading that restates the question, if one does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.index.embeddings import CachedEmbedder
from assistant.lang import DOCUMENTS
from assistant.query import Query
from assistant.types import Hit


@dataclass(frozen=True)
class Evidence:
    """What the answerer needs besides the hits."""

    query_vector: np.ndarray
    sentence_vectors: dict[str, np.ndarray]
    query_terms: dict[str, float]  # stemmed content terms of the question -> IDF weight
    question_words: frozenset[str]  # all stemmed words of the question, for heading matches
    unknown_terms: tuple[str, ...]  # names in the question the corpus never mentions
    name_terms: frozenset[str] = frozenset()  # stemmed words of the names it uses
    wants: str | None = None  # the kind of answer the question asks for ("amount", …)
    # The vector of the question without its names (``Query.topic``), for ranking the
    # sentences of a question asked in another language than the documents'; else None.
    # There the name is the one word the question shares with the documents as written,
    # so a short sentence that repeats it ("Odense, den 20. juni 2025.") is close to the
    # question whatever else it says; the name already says which passages (the keyword
    # side, and ``extractive.candidates``' name credit), the rest says which sentence.
    topic_vector: np.ndarray | None = None
    # The heading among the hits' that restates a question asked in another language than
    # the documents' ("" when none): a heading that is itself a question (a FAQ's) and is
    # as close to the question in meaning as a translation (``Calibration.heading_floor``).
    # A question in the documents' language matches a heading by its words (``extractive.
    # _heading_matches``); one in another language shares no words with it.
    restated: str = ""


def gather(
    query: Query, hits: Sequence[Hit], embedder: CachedEmbedder, heading_floor: float = 1.01
) -> Evidence:
    """The evidence for answering ``query`` from ``hits``; a heading restates the question
    at ``heading_floor`` (``Calibration.heading_floor``; the default, above any cosine, is
    off)."""
    sentences = [s for h in hits for s in h.chunk.sentences]
    foreign = query.language != DOCUMENTS.code
    topic = query.topic if foreign else ""
    vector = np.asarray(embedder.query(query.condensed), dtype=np.float32)
    return Evidence(
        query_vector=vector,
        sentence_vectors=embedder.cached(sentences),
        query_terms=query.weights,
        question_words=query.stems,
        unknown_terms=query.unknown,
        name_terms=frozenset(DOCUMENTS.stems(" ".join(query.subjects))),
        wants=query.wants,
        topic_vector=np.asarray(embedder.query(topic), dtype=np.float32) if topic else None,
        restated=_restated(vector, hits, embedder, heading_floor) if foreign else "",
    )


def _restated(
    vector: np.ndarray, hits: Sequence[Hit], embedder: CachedEmbedder, floor: float
) -> str:
    """The question heading of ``hits`` closest to the question's ``vector``, if it is at
    least ``floor`` close (headings are embedded once, then cached)."""
    questions = sorted({h.chunk.heading for h in hits if h.chunk.heading.endswith("?")})
    if not questions:
        return ""
    sims = np.einsum("ij,j->i", embedder.passages(questions), vector)
    best = int(np.argmax(sims))
    return questions[best] if float(sims[best]) >= floor else ""
