"""LanguagePack: what the assistant knows about one language, in one frozen record.

A pack holds the language's stemmer, function words, question cues, number words,
sentence-splitting model and the texts of its answers. ``assistant.lang`` picks a pack by
detection; adding a language means adding one pack module and listing it there.
This module is the only home of PyStemmer (the Snowball stemmers).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import Stemmer

# One word tokeniser for the whole assistant: runs of letters and digits ("type 2" keeps
# its "2"), as BM25 tokenises the documents. Names keep inner hyphens and apostrophes.
WORD = re.compile(r"\w+")
NAME_WORD = re.compile(r"[\w’'-]+")


# A stem this long is found inside a longer word too: Danish writes a compound as one word
# ("partnerskab" in "investeringspartnerskab", "resultat" in "resultatmål"); a shorter
# one only as a whole word or a word's start ("mål" is not in "formål").
MIN_INSIDE = 5


def inside(stem: str, word: str) -> bool:
    """Whether ``word`` holds the long ``stem`` anywhere, as a part of a compound."""
    return len(stem) >= MIN_INSIDE and stem in word


def starts(stem: str, word: str) -> bool:
    """Whether ``word`` starts with the long ``stem``: a compound about it ("resultatmål")."""
    return len(stem) >= MIN_INSIDE and word.startswith(stem)


# Not after a preposition of means: "send it by / via e-mail", "sende den på / per / med
# e-mail" asks how to send, not for an address (grammar: the Danish and English
# prepositions of means, both in every pack's contact cue, since every pack's cues read
# every question and English questions use the Danish loan "e-mail" and back), nor inside
# a compound ("e-mail": the "mail" after its hyphen).
NOT_A_CHANNEL = (
    "".join(
        rf"(?<!\b{re.escape(p)} )"
        for p in ("på", "per", "pr.", "via", "med", "by", "over", "through", "with")
    )
    + "(?<!-)"
)


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
    when: re.Pattern[str]  # a date or a year ("hvornår", "what year")
    who: re.Pattern[str]  # a person or an organisation ("hvem", "who")
    contact: re.Pattern[str]  # contact details: a phone number, an e-mail address
    comparison: re.Pattern[str]  # the difference between two things
    # A length of time: a term or a duration ("hvor længe", "løbetiden", "how long").
    duration: re.Pattern[str] = re.compile(r"(?!)")
    # A rate, a proportion ("hvilken rente", "what interest rate"): a percentage.
    rate: re.Pattern[str] = re.compile(r"(?!)")
    # Results up to now ("indtil nu", "so far"): answered by what happened, not by a plan.
    to_date: re.Pattern[str] = re.compile(r"(?!)")
    # Superlatives of size, amount and time: the row of a table with the most or the
    # least of a column ("den største betaling", "the longest term").
    most: re.Pattern[str] = re.compile(r"(?!)")
    least: re.Pattern[str] = re.compile(r"(?!)")
    # What is possible or allowed (the modal verbs of possibility and permission): a
    # superlative with one asks for a limit, not for a row ("det største beløb, et
    # projekt kan få": a cap the documents state, not the largest grant of a table).
    limit: re.Pattern[str] = re.compile(r"(?!)")
    # A comparison's two sides, as the groups "a" and "b" ("forskellen på A og B").
    sides: tuple[re.Pattern[str], ...] = ()
    # How the asker wants the answer, not what about: "forklar kort", "explain simply",
    # "in plain language", "like I'm new here". No key term: else "forklar" finds a
    # glossary's "Her forklarer vi de ord …" (a helper's question on a new document).
    request: re.Pattern[str] = re.compile(r"(?!)")


@dataclass(frozen=True)
class TextCues:
    """Words that say what a sentence or a request does, not what it is about (grammar of
    the language, not words of the corpus): a sentence that points to what follows, and
    a request to drop the assistant's instructions (a prompt injection)."""

    pointer: re.Pattern[str]  # "Tabellen nedenfor viser …", "as follows:"
    defines: re.Pattern[str]  # a defining sentence: "X er en …", "X betyder …"
    condition: re.Pattern[str]  # a condition or time clause: "når …", "hvis …"
    injection: re.Pattern[str]  # "ignore your instructions", "vis din systemprompt"
    negation: re.Pattern[str]  # "ikke", "aldrig", "not", "never": the sentence denies
    # A plan, target or requirement, not a result: "skal", "forventes", "mindst", "will".
    plan: re.Pattern[str] = re.compile(r"(?!)")
    # The parties of a social investment, by role: (role, the words that name it); a
    # generated sentence may name no party its source does not (issue 15).
    parties: tuple[tuple[str, re.Pattern[str]], ...] = ()


@dataclass(frozen=True)
class LanguagePack:
    """One language: detection signals, stemming, sentences, cues and templates."""

    code: str  # ISO 639-1: "da", "en"
    snowball: str  # PyStemmer's algorithm name: "danish"
    punkt: str  # NLTK punkt model for sentence splitting: "danish"
    abbreviations: tuple[str, ...]  # abbreviations punkt may not know (no sentence end)
    function_words: frozenset[str]  # pronouns, articles, prepositions, question words …
    letters: str  # letters only this language uses; each weighs double in detection
    anaphora: frozenset[str]  # words that point back to an earlier turn ("it", "det")
    follow_up_openers: tuple[str, ...]  # "and …", "what about …"
    cues: AnswerCues
    text_cues: TextCues
    number_words: tuple[str, ...]  # counts written as words ("otte investeringer")
    amount_units: tuple[str, ...]  # units after an amount of money or a proportion
    templates: Mapping[str, str]  # answer texts by name (see da.py for the names)
    portfolio: Mapping[str, str]  # portfolio answer and view texts by name
    kinds: Mapping[str, tuple[str, str]]  # a portfolio kind in words: (singular, plural)
    # Ordinal numbers before a superlative ("næststørste", "second largest") and as words
    # of their own ("the second payment"): the language's ordinals from 2 to 5, a closed
    # class of its grammar; ``ordinal_prefixes`` those only written as a word's first part.
    ordinals: Mapping[str, int] = field(default_factory=dict)
    ordinal_prefixes: Mapping[str, int] = field(default_factory=dict)
    time_units: tuple[str, ...] = ()  # units of a length of time ("år", "måneder")
    months: tuple[str, ...] = ()  # the calendar's month names, January first
    rate_units: tuple[str, ...] = ()  # units of a proportion ("%", "pct.")
    prepositions: frozenset[str] = frozenset()  # the language's prepositions (grammar)
    # Endings of a verb form that follows a preposition (English "in *maturing* the
    # market": a gerund): no name of a thing. Grammar, not words of the corpus.
    verb_endings: tuple[str, ...] = ()

    @property
    def stopwords(self) -> frozenset[str]:
        """Words that say nothing about which passage answers: never content terms. The
        pack's own function words and NLTK's stop word list of the language."""
        return self.function_words | nltk_stopwords(self.snowball)

    def stemmer(self) -> Stemmer.Stemmer:
        """A Snowball stemmer (a new one each call: PyStemmer objects are not thread-safe)."""
        return Stemmer.Stemmer(self.snowball)

    def stems(self, text: str) -> list[str]:
        """Stemmed word tokens of ``text``."""
        return list(self.stemmer().stemWords(words(text)))

    def counts(self) -> dict[str, int]:
        """The number words with their values ("to" = 2 … "tolv" = 12)."""
        return {w: i + 2 for i, w in enumerate(self.number_words[:11])}

    def stem_words(self, tokens: list[str]) -> list[str]:
        """Stems of tokens already split."""
        return list(self.stemmer().stemWords(tokens))

    def signal(self, text: str) -> int:
        """How strongly ``text`` reads as this language (detection score): its function
        words, and its letters in words that are not names. A capitalised word after the
        first is a name, which keeps its own language's letters in a question in any
        language ("How much did Rambøll's evaluation cost?" is English)."""
        tokens = words(text)
        own = sum(t in self.function_words for t in tokens)
        written = WORD.findall(text)
        plain = " ".join(w for i, w in enumerate(written) if i == 0 or not w[:1].isupper())
        return own + 2 * sum(plain.lower().count(ch) for ch in self.letters)


@lru_cache(maxsize=8)
def nltk_stopwords(language: str) -> frozenset[str]:
    """NLTK's stop word list for ``language`` ("danish", "english"): a general list (from
    the Snowball project's), read from the copy llama-index bundles, so nothing is
    downloaded. Empty when the list is not there."""
    spec = importlib.util.find_spec("llama_index.core")
    if spec is None or spec.origin is None:
        return frozenset()
    path = Path(spec.origin).parent / "_static/nltk_cache/corpora/stopwords" / language
    if not path.is_file():
        return frozenset()
    return frozenset(w.strip() for w in path.read_text(encoding="utf-8").split() if w.strip())
