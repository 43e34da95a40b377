"""The term bridge: English question words -> the Danish words the documents use.

The documents are Danish; BM25, the quote scorer's keyword overlap and the portfolio's
area matching only see words the documents use, so an English question needs Danish
words. They come from the multilingual embedder, not from a hand-made list: every word
of the corpus vocabulary (distinct lower-case words of the committed passages, no
function words, at least ``MIN_CHARS`` letters) is embedded once (cached with the
passages' vectors, so a re-open embeds only new words), and an English word the corpus
does not use is mapped to the vocabulary words nearest to it by cosine similarity.

The similarity floor and the margin are calibrated for each embedder on the dev half of
the evaluation set (``assistant.calibration``); an embedder without a calibration has no
bridge (only the dense side bridges languages).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.calibration import Calibration, calibration
from assistant.index.embeddings import CachedEmbedder
from assistant.lang import STOPWORDS, words

MIN_CHARS = 4  # shorter words are mostly function words, numbers and abbreviations
MAX_TARGETS = 2  # Danish words added per English word (inflected forms of one word)


@dataclass(frozen=True)
class TermBridge:
    """The corpus vocabulary with its vectors, and the embedder to place new words."""

    vocabulary: tuple[str, ...]
    vectors: np.ndarray
    embedder: CachedEmbedder | None
    calibration: Calibration | None

    @classmethod
    def build(cls, texts: Sequence[str], embedder: CachedEmbedder) -> TermBridge:
        """The bridge over the vocabulary of ``texts`` (embedding words not yet cached)."""
        measured, known = calibration(embedder.name)
        if not known or measured.bridge_floor is None:
            return cls((), np.zeros((0, embedder.dim), np.float32), None, None)
        vocabulary = tuple(sorted(vocabulary_of(texts)))
        return cls(vocabulary, embedder.passages(vocabulary), embedder, measured)

    def translate(
        self, english: Sequence[str], names: bool = False
    ) -> dict[str, tuple[str, ...]]:
        """The Danish vocabulary words for each English word (none below the floor; for
        ``names``, capitalised words, the stricter name floor)."""
        if self.embedder is None or self.calibration is None or not english or not self.vocabulary:
            return {}
        measured = self.calibration
        floor = measured.name_floor if names else (measured.bridge_floor or 1.01)
        margin = measured.bridge_margin
        # einsum, not ``@``: a matrix product goes to OpenBLAS, whose threads then spin on
        # both cores while the question is embedded (warm p95 on 2 cores: 143 ms with
        # ``@``, 72 ms without); a few words against the vocabulary need no BLAS.
        sims = np.einsum("ij,kj->ik", self.embedder.passages(list(english)), self.vectors)
        out: dict[str, tuple[str, ...]] = {}
        for word, row in zip(english, sims, strict=True):
            order = np.argsort(-row)[:MAX_TARGETS]
            best = float(row[order[0]])
            if best >= floor:
                out[word] = tuple(
                    self.vocabulary[i] for i in order if float(row[i]) >= best - margin
                )
        return out


def vocabulary_of(texts: Sequence[str]) -> set[str]:
    """The distinct content words of ``texts``: lower-case, letters only, no function words."""
    return {
        w
        for text in texts
        for w in words(text)
        if len(w) >= MIN_CHARS and w.isalpha() and w not in STOPWORDS
    }
