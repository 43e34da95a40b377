"""Languages: one ``LanguagePack`` per language, and detection.

``detect`` picks the pack a question is written in; ``DOCUMENTS`` is the documents'
language, whose stemmer and sentence rules the index uses. Adding a language means
adding a pack module (see ``da.py``) and listing it in ``PACKS``.
"""

from __future__ import annotations

import re

from assistant.lang.da import DANISH
from assistant.lang.en import ENGLISH
from assistant.lang.pack import NAME_WORD, LanguagePack, inside, starts, words

PACKS: dict[str, LanguagePack] = {p.code: p for p in (DANISH, ENGLISH)}
DOCUMENTS = DANISH  # the corpus is Danish: its stemmer and sentence rules build the index
DEFAULT = DANISH  # the answer language when neither question nor conversation says

# A year (1900-2099) or a span of years ("2024-2026", "2024–26"); not the first part of
# a case or file number ("sag 2024-117").
YEAR = re.compile(r"\b(?:19|20)\d\d(?:\s*[-–]\s*(?:(?:19|20)?\d\d))?\b(?![-–/]\d)")
# A school or financial year: a year and the next one after a slash ("2022/23",
# "2022/2023"); "journalnr. 2021/88" is no year.
SCHOOL_YEAR = re.compile(r"\b((?:19|20)\d\d)/((?:19|20)?\d\d)\b(?![-–/]\d)")


def years(text: str) -> list[str]:
    """The years, spans of years and school years ``text`` names, as written."""
    school = [
        m.span()
        for m in SCHOOL_YEAR.finditer(text)
        if int(m.group(2)[-2:]) == (int(m.group(1)) + 1) % 100
    ]
    inside = [m for m in YEAR.finditer(text) if not any(a <= m.start() < b for a, b in school)]
    found = sorted([*(m.span() for m in inside), *school])
    return [text[a:b] for a, b in found]


# The words of the units after an amount in the documents ("mio.", "kr.", "procent"; the
# pack's ``amount_units``), as a pattern; "%" is no word, and is added where it counts.
UNIT_WORDS = rf"\b(?:{'|'.join(re.escape(u) for u in DOCUMENTS.amount_units if u.isalpha())})\b"

# Words of every pack that never make a content term (a question may mix languages).
STOPWORDS: frozenset[str] = frozenset().union(*(p.stopwords for p in PACKS.values()))

__all__ = [
    "DEFAULT",
    "DOCUMENTS",
    "NAME_WORD",
    "PACKS",
    "STOPWORDS",
    "UNIT_WORDS",
    "YEAR",
    "LanguagePack",
    "answer_type",
    "answer_types",
    "compared",
    "detect",
    "extreme",
    "heads",
    "injection",
    "inside",
    "pack",
    "points_on",
    "starts",
    "unrequested",
    "words",
    "years",
]


def pack(code: str) -> LanguagePack:
    """The pack for a language code (the default for an unknown one)."""
    return PACKS.get(code, DEFAULT)


def detect(text: str) -> str | None:
    """The code of the language ``text`` is written in, by function words and letters;
    None when no language leads (the caller falls back to the conversation)."""
    scores = sorted(((p.signal(text), code) for code, p in PACKS.items()), reverse=True)
    if len(scores) > 1 and scores[0][0] == scores[1][0]:
        return None
    return scores[0][1]


# Answer types in the order they are tried, with the AnswerCues field that signals each.
ANSWER_CUES = (
    ("contact", "contact"),
    ("count", "count"),
    ("rate", "rate"),
    ("amount", "amount"),
    ("duration", "duration"),
    ("when", "when"),
    ("comparison", "comparison"),
    ("who", "who"),
    ("list", "listing"),
    ("definition", "definition"),
    ("yes/no", "yes_no"),
)


def answer_types(question: str) -> tuple[str, ...]:
    """Every kind of answer the question asks for ("when …, and how much …?" asks two)."""
    text = question.strip()
    return tuple(
        kind
        for kind, cue in ANSWER_CUES
        if any(getattr(p.cues, cue).search(text) for p in PACKS.values())
    )


def answer_type(question: str) -> str | None:
    """The first kind of answer the question asks for (see ``answer_types``), or None."""
    kinds = answer_types(question)
    return kinds[0] if kinds else None


def extreme(question: str) -> str | None:
    """The superlative the question asks for: "most" or "least" (of size, amount or
    time: "Hvilken milepæl udløser den største betaling?"), else None; None too when it
    asks what is possible or allowed, a limit ("Hvad er det største beløb, et projekt kan
    få?"), which no table row's value states."""
    if asks_limit(question):
        return None
    for kind in ("most", "least"):
        if any(getattr(p.cues, kind).search(question) for p in PACKS.values()):
            return kind
    return None


def asks_limit(question: str) -> bool:
    """Whether the question asks what is possible or allowed (a modal verb of possibility
    or permission): with a superlative, a limit, not the most of some rows."""
    return any(p.cues.limit.search(question) for p in PACKS.values())


def compared(question: str) -> tuple[str, str] | None:
    """The two sides of a comparison the question asks for ("forskellen på A og B",
    "compare A with B"), as written, else None."""
    for p in PACKS.values():
        for pattern in p.cues.sides:
            m = pattern.search(question)
            if m:
                return m.group("a").strip(), m.group("b").strip()
    return None


# A Danish compound names a kind of its last part ("samarbejdspartnere" are "partnere",
# "investeringsprojekter" are "projekter"; grammar), when that part has 5 letters or more
# (shorter last parts are often only word endings).
HEAD_MIN_CHARS = 5


def heads(word: str) -> list[str]:
    """The last parts of ``word`` that may name what a compound is, longest first (not
    the word itself)."""
    return [word[i:] for i in range(1, len(word) - HEAD_MIN_CHARS + 1)]


def points_on(sentence: str) -> bool:
    """Whether a document sentence points to what follows it (a table, a list)."""
    return DOCUMENTS.text_cues.pointer.search(sentence) is not None


def unrequested(question: str) -> str:
    """The question without the words that say how to answer it ("forklar kort",
    "explain simply", "like I'm new here"): what it is about."""
    for p in PACKS.values():
        question = p.cues.request.sub(" ", question)
    return question


def to_date(question: str) -> bool:
    """Whether the question asks for results up to now ("indtil nu", "so far")."""
    return any(p.cues.to_date.search(question) for p in PACKS.values())


def plans(sentence: str) -> bool:
    """Whether a sentence states a plan, a target or a requirement, not a result."""
    return any(p.text_cues.plan.search(sentence) for p in PACKS.values())


def injection(question: str) -> bool:
    """Whether the question asks the assistant to drop or reveal its instructions."""
    return any(p.text_cues.injection.search(question) for p in PACKS.values())
