"""The term bridge: English question words -> the Danish words the documents use.

The documents are Danish; BM25, the quote scorer's keyword overlap and the portfolio's
area matching only see words the documents use, so an English question needs Danish
words. They come from the multilingual embedder, not from a hand-made list: every word
of the corpus vocabulary (distinct lower-case words of the committed passages, no
function words, at least ``MIN_CHARS`` letters) is embedded once (cached with the
passages' vectors, so a re-open embeds only new words), and an English word the corpus
does not use is mapped to vocabulary words near it.

Nearest by cosine alone picks the wrong words in two ways, so the targets are ranked by
cross-domain similarity local scaling (CSLS; Conneau et al. 2018, "Word translation
without parallel data"), with the corpus's borrowed English words left out:

- **Hubs.** Some words sit near almost everything ("stat" is the nearest corpus word to
  "task", "system" and "fact"). CSLS subtracts each side's mean similarity to its
  ``HUB_NEIGHBOURS`` nearest words on the other side: an English word's to the
  vocabulary, a corpus word's to the ``HUB_WORDS`` most common English words (wordfreq,
  ``lang.frequency``). A word then wins by standing out, not by being near everything:
  "children" -> "børns", "børn" (cosine: "børns", "family"); "guarantee" ->
  "underskudsgaranti" (cosine: "behov").
- **Borrowed English words.** A Danish text uses some English words ("pensions",
  "business", "family offices"); they are the nearest corpus words to other English words
  ("payments" -> "pensions", "companies" -> "business") without translating them. A
  corpus word ``FOREIGN_ZIPF`` more common in English than in Danish (wordfreq) is no
  target.

- **Names.** A word the corpus writes capitalised inside its sentences and never in lower
  case is a name ("Novo" of "Novo Nordisk Fonden"); it is nearest to common English words
  by spelling ("new" -> "novo") and is no target of one, nor does its cosine make a word
  close enough to translate. A capitalised question word is matched as a name instead.

A word is translated when the corpus has a word close to it (cosine at least the floor),
or when its best target stands out (CSLS at least the CSLS floor). The floors and the
margin are calibrated for each embedder on the dev half of the evaluation set
(``assistant.calibration``; the alternatives side by side: ``benchmarks/bridge.md``); an
embedder without a calibration has no bridge (only the dense side bridges languages).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.calibration import Calibration, calibration
from assistant.index.embeddings import CachedEmbedder
from assistant.lang import DOCUMENTS, PACKS, STOPWORDS, words
from assistant.lang.frequency import common_words, commoner_in

MIN_CHARS = 4  # shorter words are mostly function words, numbers and abbreviations
MAX_TARGETS = 2  # Danish words added per English word (inflected forms of one word)
HUB_NEIGHBOURS = 10  # CSLS's k, as in Conneau et al. 2018
# The nearest vocabulary words searched for an English word's ``HUB_NEIGHBOURS`` distinct
# stems: a stem has rarely more than a handful of forms in one corpus.
LEMMA_POOL = 100
# Common English words a corpus word's hubness is measured against (wordfreq's most
# frequent, function words left out). Embedded once per embedding cache: 6.4 s for the
# 500 on 2 cores, the first time an index is opened. Measured by benchmarks/bridge.py:
# 500, 1,000 and 2,000 gave the same dev answers (the own set: 0.898 with 500, 0.881
# with more), so the cheapest.
HUB_WORDS = 500
# A corpus word this many Zipf units (ten times per unit) more common in English than in
# Danish is an English word the documents borrow, not a translation of another word. One
# order of magnitude, not tuned: on the dev half the check changes no answer
# (benchmarks/bridge.md, "CSLS"); it keeps "pensions" from standing for "payments".
FOREIGN_ZIPF = 1.0
# The questions' other languages, whose words the bridge translates (wordfreq codes are
# the packs' ISO 639-1 codes).
SOURCES = tuple(code for code in PACKS if code != DOCUMENTS.code)


@dataclass(frozen=True)
class TermBridge:
    """The corpus vocabulary with its vectors, and the embedder to place new words."""

    vocabulary: tuple[str, ...]
    vectors: np.ndarray
    embedder: CachedEmbedder | None
    calibration: Calibration | None
    # Per vocabulary word: its mean similarity to its nearest common English words (CSLS's
    # r_S), and whether it is a borrowed English word (never a target).
    hubness: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    borrowed: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    # Per vocabulary word: whether it is a name of the documents (written capitalised
    # inside their sentences, never in lower case: ``proper_names``), never the target of
    # a common word.
    names: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    # Per vocabulary word: the number of its Snowball stem, shared by its inflected forms
    # ("kommune", "kommunen", "kommuner"), which are one neighbour of an English word.
    lemmas: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    @classmethod
    def build(cls, texts: Sequence[str], embedder: CachedEmbedder) -> TermBridge:
        """The bridge over the vocabulary of ``texts`` (embedding words not yet cached)."""
        measured, known = calibration(embedder.name)
        if not known or measured.bridge_floor is None:
            return cls((), np.zeros((0, embedder.dim), np.float32), None, None)
        vocabulary = tuple(sorted(vocabulary_of(texts)))
        vectors = embedder.passages(vocabulary)
        names = proper_names(texts)
        return cls(
            vocabulary,
            vectors,
            embedder,
            measured,
            hubness=_hubness(vectors, embedder),
            borrowed=np.array([_borrowed(w) for w in vocabulary], dtype=bool),
            names=np.array([w in names for w in vocabulary], dtype=bool),
            lemmas=_lemmas(vocabulary),
        )

    def translate(
        self, english: Sequence[str], names: bool = False
    ) -> dict[str, tuple[str, ...]]:
        """The Danish vocabulary words for each English word (none when no corpus word is
        close enough; for ``names``, capitalised words, the stricter name floor, by
        cosine: a name is matched by its spelling's nearest form). An entry of two words
        is an open compound ("steering group", Danish "styregruppe"): it is translated
        only when its best target stands out more than either word's own (``_compound``),
        or it would stand for what one of its words means ("effects collected" ->
        "effekter")."""
        if self.embedder is None or self.calibration is None or not english or not self.vocabulary:
            return {}
        parts = [w for e in english if " " in e for w in e.split() if w not in english]
        asked = [*english, *dict.fromkeys(parts)]
        # einsum, not ``@``: a matrix product goes to OpenBLAS, whose threads then spin on
        # both cores while the question is embedded (warm p95 on 2 cores: 143 ms with
        # ``@``, 72 ms without); a few words against the vocabulary need no BLAS.
        sims = np.einsum("ij,kj->ik", self.embedder.passages(asked), self.vectors)
        rows = dict(zip(asked, sims, strict=True))
        out: dict[str, tuple[str, ...]] = {}
        for word in english:
            row = rows[word]
            if " " in word and not self._compound(row, [rows[w] for w in word.split()]):
                continue
            targets = self._names(row) if names else self._targets(row)
            if targets:
                out[word] = targets
        return out

    def _compound(self, row: np.ndarray, parts: Sequence[np.ndarray]) -> bool:
        """Whether a pair of words names one thing: its best target stands out (CSLS) more
        than each word's best does ("target group" -> "målgrupper" stands out more than
        "target" -> "tackle" or "group" -> "gang", on a helper's decision memo)."""
        return float(self._scaled(row).max()) > max(float(self._scaled(p).max()) for p in parts)

    def _scaled(self, row: np.ndarray) -> np.ndarray:
        """CSLS of an English word against each vocabulary word; -inf for the words that
        are no target (borrowed English words, names)."""
        near = self._near(row)  # the English word's r_T
        return np.where(self.borrowed | self.names, -np.inf, 2 * row - near - self.hubness)

    def _near(self, row: np.ndarray) -> float:
        """An English word's mean similarity to its ``HUB_NEIGHBOURS`` nearest vocabulary
        words, one form of each (CSLS's r_T). Danish inflects: a corpus with seven forms
        of "kommune" gave "municipality" seven near neighbours, all of them its
        translation, and so a density that kept "kommune" from standing out (CSLS 0.040
        at a floor of 0.040); the more forms a corpus writes, the worse."""
        pool = min(len(row), LEMMA_POOL)
        top = np.argpartition(-row, pool - 1)[:pool]
        top = top[np.argsort(-row[top])]
        _, first = np.unique(self.lemmas[top], return_index=True)
        return float(row[top[np.sort(first)[:HUB_NEIGHBOURS]]].mean())

    def _names(self, row: np.ndarray) -> tuple[str, ...]:
        """The nearest corpus words by cosine, at the name floor."""
        assert self.calibration is not None
        if float(row.max()) < self.calibration.name_floor:
            return ()
        return self._best(row)

    def _targets(self, row: np.ndarray) -> tuple[str, ...]:
        """The corpus words that stand out as nearest (CSLS), no borrowed English word;
        none when no corpus word is close (cosine) and none stands out (CSLS)."""
        measured = self.calibration
        assert measured is not None and measured.bridge_floor is not None
        scaled = self._scaled(row)
        # close enough: a word's cosine, not a name's ("new" is nearest to "novo" of "Novo
        # Nordisk" by spelling, which says nothing of the words left)
        near_word = float(np.where(self.names, -np.inf, row).max())
        if near_word < measured.bridge_floor and scaled.max() < measured.bridge_csls_floor:
            return ()
        return self._best(scaled)

    def _best(self, scores: np.ndarray) -> tuple[str, ...]:
        """The ``MAX_TARGETS`` best-scoring vocabulary words within the margin of the best."""
        assert self.calibration is not None
        order = np.argsort(-scores)[:MAX_TARGETS]
        floor = float(scores[order[0]]) - self.calibration.bridge_margin
        return tuple(self.vocabulary[i] for i in order if float(scores[i]) >= floor)


def _hubness(vectors: np.ndarray, embedder: CachedEmbedder) -> np.ndarray:
    """Each vocabulary word's mean similarity to its ``HUB_NEIGHBOURS`` nearest common
    words of the questions' languages (CSLS's r_S)."""
    common = [
        w for code in SOURCES for w in common_words(code, HUB_WORDS, MIN_CHARS, STOPWORDS)
    ]
    if not common or not len(vectors):
        return np.zeros(len(vectors), np.float32)
    sims = vectors @ embedder.passages(common).T  # once per build, not per question
    return np.asarray(_mean_nearest(sims), dtype=np.float32)


def _lemmas(vocabulary: Sequence[str]) -> np.ndarray:
    """Each word's stem as a number (``TermBridge.lemmas``)."""
    stems = DOCUMENTS.stem_words(list(vocabulary))
    ids = {s: i for i, s in enumerate(dict.fromkeys(stems))}
    return np.array([ids[s] for s in stems], dtype=np.int64)


def _mean_nearest(sims: np.ndarray) -> np.ndarray:
    """The mean of the ``HUB_NEIGHBOURS`` highest similarities along the last axis (a
    partition, not a sort: only the top k are needed)."""
    k = min(HUB_NEIGHBOURS, sims.shape[-1])
    return np.partition(sims, -k, axis=-1)[..., -k:].mean(axis=-1)


def _borrowed(word: str) -> bool:
    """Whether a corpus word is far more common in another language of the questions
    than in the documents' own: an English word a Danish text uses ("pensions")."""
    return any(commoner_in(word, code, DOCUMENTS.code) >= FOREIGN_ZIPF for code in SOURCES)


def proper_names(texts: Sequence[str]) -> set[str]:
    """The words ``texts`` write capitalised inside a sentence and never in lower case
    (lower-cased): names ("Novo" of "… af Novo Nordisk Fonden", "Horsens"). A word
    capitalised only where anything is (a sentence's, a heading's or a table cell's first
    word: "Post: Familierådgivere") is no evidence of a name. A common word of a question
    does not translate to a name ("new" -> "novo" by spelling); a name is matched as a
    name (``translate(..., names=True)``)."""
    inside: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        for found in MID_SENTENCE_WORD.finditer(text):
            word = found.group(1)
            (inside if word[0].isupper() else lower).add(word.lower())
        lower.update(w for w in NAME_TOKEN.findall(text) if w.islower())
    return inside - lower


NAME_TOKEN = re.compile(r"[^\W\d_]+")  # a run of letters
# A word after a lower-case word or a comma and a space: inside a sentence or a list, not
# first in a sentence, a heading or a table cell.
MID_SENTENCE_WORD = re.compile(r"(?<=[a-zæøå,] )([^\W\d_]+)")


def vocabulary_of(texts: Sequence[str]) -> set[str]:
    """The distinct content words of ``texts``: lower-case, letters only, no function words."""
    return {
        w
        for text in texts
        for w in words(text)
        if len(w) >= MIN_CHARS and w.isalpha() and w not in STOPWORDS
    }
