"""Checks one generated sentence against the passages it cites, before it is shown.

A sentence stands only if all of these hold (each failure has a name, the class it
catches):
- ``citation``: it cites at least one passage, and every [n] names a passage given;
- ``language``: it is written in the answer's language (an injected "answer in English"
  does not carry);
- ``number``: every number, amount, percentage and year in it occurs in a cited passage
  (decimal comma or point, "mio."/"million", digits or number words);
- ``name``: every proper name in it occurs in a cited passage, in the question, or is a
  word the term bridge translates into a cited passage's words (Danish/English forms);
- ``support``: it is close to a sentence of a cited passage in the embedder's space (the
  floor is calibrated by ``benchmarks/verify_llm.py``);
- ``negation``: it denies what its closest cited sentences assert, or asserts what they
  deny;
- ``role``: it names a party (municipality, investor, …) that no cited passage names
  (who does what: "the citizens bear the risk" where the source says the investor).

Not caught: two parties that the source names both, exchanged ("kommunen og ikke
investorerne" for "investorerne og ikke kommunen"). The embedder scores both orders
alike (a sentence with its parties put back scored within 0.02 of the sentence as
written on the labelled set), so closeness cannot tell them apart.

The supporting sentence found on the way is what the citation highlights.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.lang import DOCUMENTS, PACKS, LanguagePack, detect, pack, words
from assistant.types import Hit

MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
DATE = re.compile(r"\b(?:19|20)\d\d-[01]\d(?:-[0-3]\d)?\b")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
# A capitalised word after the sentence's first word, or an acronym anywhere.
CAPITALISED = re.compile(r"(?<=\s)[A-ZÆØÅ][\w’'-]*|\b[A-ZÆØÅ]{2,}\w*")
# The amount units of every language pack ("kr", "dkk", "mio" …) and the ISO 4217 codes
# of the currencies a Danish fund's documents state amounts in.
UNITS = frozenset(
    {u.lower() for p in PACKS.values() for u in p.amount_units} | {"dkk", "eur", "usd"}
)
LONG_SENTENCE = 200  # characters: longer than most prose sentences, as long as a table row
CLAUSE = re.compile(r"(?<=[.;])\s+(?=[A-ZÆØÅ])")  # a field or clause boundary in a row


def _factor(unit: str) -> float:
    """What an amount unit multiplies the number before it by: a million ("mio",
    "million", "millioner"), a billion ("mia", "milliard…", "billion"), else 1."""
    unit = unit.lower()
    if unit.startswith(("mia", "milliard", "billion")):
        return 1e9
    return 1e6 if unit.startswith(("mio", "million")) else 1.0


# The packs' amount units that scale a number ("60,1 mio.", "DKK 60.1 million").
SCALES = {u.lower() for p in PACKS.values() for u in p.amount_units if _factor(u) != 1.0}
SCALE = re.compile(
    r"\s*(" + "|".join(sorted(map(re.escape, SCALES), key=len, reverse=True)) + r")\w*\.?",
    re.I,
)
MIN_WORDS_FOR_LANGUAGE = 5  # shorter sentences say too little for detection
SUPPORTS_COMPARED = 1  # the closest cited sentences a sentence's polarity is held against


@dataclass(frozen=True)
class Passage:
    """A passage as the model saw it: its number, the hit, and its sentences."""

    n: int
    hit: Hit

    @property
    def text(self) -> str:
        """What the model read: the section path and the passage."""
        return f"{self.hit.chunk.section}\n{self.hit.chunk.text}"


@dataclass(frozen=True)
class Checked:
    """One generated sentence after the check."""

    text: str  # the sentence without its [n] markers
    cites: tuple[int, ...]  # the passage numbers it cited
    problem: str  # "" when it stands; else the failed check's name
    similarity: float = 0.0  # how close it is to the closest sentence of its sources
    # The best-supporting sentence of each cited passage: what its citation highlights.
    supports: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Floors:
    """The checker's calibrated thresholds (``assistant/calibration.py``)."""

    support: float  # a sentence this close to a cited sentence is supported
    support_cross: float  # the same across languages (an English sentence, Danish source)


Translate = Callable[[Sequence[str]], dict[str, tuple[str, ...]]]
Embed = Callable[[Sequence[str]], np.ndarray]


class Checker:
    """Checks generated sentences against numbered passages (see the module docstring)."""

    def __init__(self, embed: Embed, known: Embed, floors: Floors, translate: Translate) -> None:
        self._embed = embed  # unit vectors for new texts (generated), not cached
        self._known = known  # unit vectors for the documents' sentences (cached)
        self._floors = floors
        self._translate = translate

    def check(
        self, sentence: str, passages: Sequence[Passage], language: str, question: str = ""
    ) -> Checked:
        """The verdict on one sentence with its markers."""
        cites = citations(sentence)
        text = MARKER.sub("", sentence).strip()
        text = re.sub(r"\s+([.,;:!?])", r"\1", text)
        given = {p.n: p for p in passages}
        cited = [given[n] for n in cites if n in given]
        if not cites or len(cited) < len(cites):
            return Checked(text, cites, "citation")
        problem = self._plain_facts(text, cited, language, question)
        if problem:
            return Checked(text, cites, problem)
        return self._meaning(text, cites, cited, language)

    def _plain_facts(
        self, text: str, cited: Sequence[Passage], language: str, question: str
    ) -> str:
        """The checks on the words themselves: language, numbers, names, parties."""
        if len(words(text)) >= MIN_WORDS_FOR_LANGUAGE and detect(text) not in (language, None):
            return "language"
        source = " ".join(p.text for p in cited)
        if not numbers(text, pack(language)) <= numbers(source, DOCUMENTS):
            return "number"
        haystack = (
            f"{source} {question} {' '.join(p.hit.chunk.meta.get('title', '') for p in cited)}"
        )
        if self._unknown_names(text, haystack):
            return "name"
        named = {role for role, _ in parties(source, DOCUMENTS.code)}
        if any(role not in named for role, _ in parties(text, language)):
            return "role"
        return ""

    def _unknown_names(self, text: str, haystack: str) -> list[str]:
        """The names in ``text`` that ``haystack`` does not hold in any form."""
        known = {normal(w) for w in re.findall(r"[\w’'-]+", haystack)}
        known |= UNITS  # "DKK", "EUR": units of an amount, not names
        missing = [n for n in CAPITALISED.findall(text) if not _holds(known, normal(n))]
        if not missing:
            return []
        bridged = self._translate([m.lower() for m in missing])
        return [m for m in missing if not any(_holds(known, t) for t in bridged.get(m.lower(), ()))]

    def _meaning(
        self, text: str, cites: tuple[int, ...], cited: Sequence[Passage], language: str
    ) -> Checked:
        """The checks on meaning: closeness and polarity."""
        candidates = [(p.n, s) for p in cited for s in _pieces(p.hit.chunk.sentences)]
        if not candidates:
            return Checked(text, cites, "support")
        vector = self._embed([text])[0]
        sims = np.einsum("j,kj->k", vector, self._known([s for _, s in candidates]))
        order = np.argsort(-sims)
        similarity = float(sims[order[0]])
        supports: dict[int, str] = {}
        for i in order:  # best first: each passage keeps its closest sentence
            n, sentence = candidates[int(i)]
            if n not in supports and sentence in cited_text(cited, n):
                supports[n] = sentence
        floor = self._floors.support if language == DOCUMENTS.code else self._floors.support_cross
        verdict = Checked(text, cites, "", similarity, tuple(supports.items()))
        if similarity < floor:
            return replace(verdict, problem="support")
        close = [candidates[int(i)][1] for i in order[:SUPPORTS_COMPARED]]
        if not any(_denies(text, language) == _denies(s, DOCUMENTS.code) for s in close):
            return replace(verdict, problem="negation")
        return verdict


def cited_text(cited: Sequence[Passage], n: int) -> str:
    """The text of passage ``n`` (a quote must stand in it to be highlighted)."""
    return next((p.hit.chunk.text for p in cited if p.n == n), "")


def _pieces(sentences: Sequence[str]) -> list[str]:
    """The sentences, and the clauses of a long one: a table row reads as one sentence
    ("Navn. Investeringssum: 23,2 mio. kr. Formål: …"), and a generated sentence that
    states one of its fields is compared with that field."""
    out: list[str] = []
    for i, sentence in enumerate(sentences):
        out.append(sentence)
        if i + 1 < len(sentences):  # a sentence that merges two of the source's
            out.append(f"{sentence} {sentences[i + 1]}")
        if len(sentence) > LONG_SENTENCE:
            out += [p for p in CLAUSE.split(sentence) if len(words(p)) >= 3 and p != sentence]
    return list(dict.fromkeys(out))


def citations(sentence: str) -> tuple[int, ...]:
    """The passage numbers a sentence cites: [1], [1, 2], [1][3]."""
    found: list[int] = []
    for group in MARKER.findall(sentence):
        found += [int(n) for n in re.split(r"\s*,\s*", group)]
    return tuple(dict.fromkeys(found))


def numbers(text: str, language: LanguagePack) -> set[float]:
    """Every value a number in ``text`` can be read as (decimal comma or point, thousands
    separators, a scaling "mio."/"million"), and the number words of ``language``."""
    # A date ("2021-11", "2021-11-30") is one value, its digits run together, not a year
    # and a month: "11" is no figure of a text that only has "pr. 2021-11".
    values: set[float] = {float(re.sub(r"\D", "", d)) for d in DATE.findall(text)}
    text = DATE.sub(" ", text)
    for match in NUMBER.finditer(text):
        token = match.group()
        read = _readings(token)
        scale = SCALE.match(text, match.end())
        if scale:
            read |= {v * _factor(scale.group(1)) for v in read}
        values |= read
    counts = language.counts()
    values |= {float(counts[w]) for w in words(text) if w in counts}
    return {round(v, 6) for v in values}


def _readings(token: str) -> set[float]:
    """The values one digit string can mean: "1.500" is 1500 (Danish thousands) or 1.5."""
    out: set[float] = set()
    if THOUSANDS.fullmatch(token):
        out.add(float(re.sub(r"[.,]", "", token)))
    if "." in token and "," in token:  # both: the last one is the decimal mark
        mark = "," if token.rfind(",") > token.rfind(".") else "."
        other = "." if mark == "," else ","
        out.add(float(token.replace(other, "").replace(mark, ".")))
    elif token.count(".") + token.count(",") == 1:
        out.add(float(token.replace(",", ".")))
    elif "." not in token and "," not in token:
        out.add(float(token))
    return out


def parties(text: str, language: str) -> list[tuple[str, tuple[int, int]]]:
    """The parties ``text`` names, with where: (role, (start, end))."""
    found = [
        (role, m.span())
        for role, pattern in pack(language).text_cues.parties
        for m in pattern.finditer(text)
    ]
    return sorted(found, key=lambda f: f[1])


def _denies(text: str, language: str) -> bool:
    return bool(pack(language).text_cues.negation.search(text))


def normal(word: str) -> str:
    """A name's comparable form: lower-case, "å" as "aa", no possessive."""
    out = word.lower().replace("å", "aa").replace("’", "'")
    return re.sub(r"'s?$", "", out)


def _holds(known: set[str], name: str) -> bool:
    """Whether a word of ``known`` is ``name`` or an inflection of it ("DSIs", "Aarhus'")."""
    if name in known or (name.endswith("s") and name[:-1] in known):
        return True
    stem = name[:-1] if len(name) > 4 else name
    return any(k.startswith(stem) and len(k) - len(stem) <= 3 for k in known)
