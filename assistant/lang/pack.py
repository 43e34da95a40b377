"""LanguagePack: what the assistant knows about one language, in one frozen record.

A pack holds the language's stemmer, function words, question cues, number words,
sentence-splitting model and the texts of its answers. ``assistant.lang`` picks a pack by
detection; adding a language means adding one pack module and listing it there.
This module is the only home of PyStemmer (the Snowball stemmers).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import Stemmer

# One word tokeniser for the whole assistant: runs of letters and digits ("type 2" keeps
# its "2"), as BM25 tokenises the documents. Names keep inner hyphens and apostrophes.
WORD = re.compile(r"\w+")
NAME_WORD = re.compile(r"[\w’'-]+")


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text``."""
    return WORD.findall(text.lower())


@dataclass(frozen=True)
class AnswerCues:
    """Question words that ask for a kind of answer (a class of questions, not a list of
    eval questions): a count, an amount or proportion, a list, a definition, yes or no."""

    count: re.Pattern[str]
    amount: re.Pattern[str]
    listing: re.Pattern[str]
    definition: re.Pattern[str]
    yes_no: re.Pattern[str]


@dataclass(frozen=True)
class LanguagePack:
    """One language: detection signals, stemming, sentences, cues and templates."""

    code: str  # ISO 639-1: "da", "en"
    snowball: str  # PyStemmer's algorithm name: "danish"
    punkt: str  # NLTK punkt model for sentence splitting: "danish"
    abbreviations: tuple[str, ...]  # abbreviations punkt may not know (no sentence end)
    function_words: frozenset[str]  # pronouns, articles, prepositions, question words …
    domain_words: frozenset[str]  # domain words kept as a language signal (see da.py)
    letters: str  # letters only this language uses; each weighs double in detection
    anaphora: frozenset[str]  # words that point back to an earlier turn ("it", "det")
    follow_up_openers: tuple[str, ...]  # "and …", "what about …"
    cues: AnswerCues
    number_words: tuple[str, ...]  # counts written as words ("otte investeringer")
    amount_units: tuple[str, ...]  # units after an amount of money or a proportion
    templates: Mapping[str, str]  # answer texts by name (see da.py for the names)
    portfolio: Mapping[str, str]  # portfolio answer and view texts by name
    kinds: Mapping[str, tuple[str, str]]  # a portfolio kind in words: (singular, plural)

    @property
    def stopwords(self) -> frozenset[str]:
        """Words that say nothing about which passage answers: never content terms."""
        return self.function_words | self.domain_words

    def stemmer(self) -> Stemmer.Stemmer:
        """A Snowball stemmer (a new one each call: PyStemmer objects are not thread-safe)."""
        return Stemmer.Stemmer(self.snowball)

    def stems(self, text: str) -> list[str]:
        """Stemmed word tokens of ``text``."""
        return list(self.stemmer().stemWords(words(text)))

    def stem_words(self, tokens: list[str]) -> list[str]:
        """Stems of tokens already split."""
        return list(self.stemmer().stemWords(tokens))

    def signal(self, text: str) -> int:
        """How strongly ``text`` reads as this language (detection score)."""
        tokens = words(text)
        own = sum(t in self.function_words or t in self.domain_words for t in tokens)
        return own + 2 * sum(text.lower().count(ch) for ch in self.letters)
