"""Comparisons: what the documents say of each side, grouped under A and B.

"Forskellen på udviklings- og investeringspartnerskab?" and "the difference between
employment and homelessness in typical amounts" are answered by the best sentence (or
table row) that speaks of A and not of B, and the best that speaks of B and not of A,
each under its side's name; a sentence that speaks of both (a comparison the document
makes itself, a comparison table's row) comes first. A side is spoken of when a
sentence has every content word of the side, close together, each as its stem or the
stem of a word the bridge gave for it (an English question's), as a word or inside a
Danish compound. When a side has no sentence close enough to the best one, the answer
is an ordinary one ([] here). A question that tries to inject instructions gets no
headings made of its words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.quotes import Quote, Scored, announces, statement
from assistant.ingest.sections import ROW_PREFIX, SEP
from assistant.lang import DOCUMENTS, STOPWORDS, inside, words
from assistant.query import Query
from assistant.types import Hit

# A side's sentence must score this close to the best sentence: the documents speak of
# that side with respect to what is asked, not merely mention it.
SIDE_MARGIN = 0.15
MIN_STEM = 3  # shorter stems start too many words to say which side a sentence is on


def compare(query: Query, ranked: Sequence[Scored], hits: Sequence[Hit]) -> list[Quote]:
    """The quotes of a comparison, grouped by side (``Quote.group``): first a sentence on
    both sides if one scores above them, then each side's best; [] when the question
    compares nothing or a side is not spoken of. The second side runs to the end of the
    question's clause ("hjemløshed i typisk beløb", "investeringen i Odense"): it is
    shortened word by word from its end until a sentence speaks of it."""
    if len(query.sides) != 2 or not ranked or query.injection:
        return []
    first = _side_words(query.sides[0], query)
    second = _side_words(query.sides[1], query) if first else []
    floor = ranked[0].score - SIDE_MARGIN
    usable = [c for c in ranked if c.score >= floor and _quotable(c, hits)]
    bodies = [_body(c, hits) for c in usable]
    for n in range(len(second), 0, -1):
        sides = [tuple(g for _, g in first), tuple(g for _, g in second[:n])]
        spoken = [[_speaks(b, side) for side in sides] for b in bodies]
        picked = _pick(spoken, usable, _grouped(spoken, usable, hits))
        if picked is None:
            continue
        both, one, other = picked
        labels = (_label(query.sides[0]), _label(_cut(query.sides[1], second[n - 1][0])))
        lead = [] if both is None else [_quote(both, hits)]
        return [*lead, _quote(one, hits, labels[0]), _quote(other, hits, labels[1])]
    return []


def _pick(
    spoken: Sequence[Sequence[bool]],
    usable: Sequence[Scored],
    grouped: Sequence[Sequence[bool]],
) -> tuple[Scored | None, Scored, Scored] | None:
    """Of sentences best first, with the sides each speaks of: the first on both sides
    that scores above each side's own (or None), and each side's first that speaks of it
    alone, one that is no member of a group (``_grouped``) before one that is; None when
    a side has none."""
    own = [
        next(
            (
                c
                for member in (False, True)
                for c, on, g in zip(usable, spoken, grouped, strict=True)
                if on[s] and not on[1 - s] and g[s] == member
            ),
            None,
        )
        for s in (0, 1)
    ]
    one, other = own
    if one is None or other is None:
        return None
    top = max(one.score, other.score)
    both = next(
        (c for c, on in zip(usable, spoken, strict=True) if all(on) and c.score >= top), None
    )
    return both, one, other


def _grouped(
    spoken: Sequence[Sequence[bool]], usable: Sequence[Scored], hits: Sequence[Hit]
) -> list[list[bool]]:
    """For each sentence and side: a table row that speaks of the side as other rows of
    its table do. The side is then a group of rows (a kind: "Udviklingspartnerskaber:"
    heads every development partnership's row), and one row is one member of it, not
    what the kind is; a row the side names alone ("Beskæftigelse" in a table of areas)
    is the side itself."""
    tables = [
        hits[c.hit_rank].chunk.section if hits[c.hit_rank].chunk.kind == "table_row" else None
        for c in usable
    ]
    return [
        [
            table is not None
            and on[s]
            and any(j != i and other == table and spoken[j][s] for j, other in enumerate(tables))
            for s in (0, 1)
        ]
        for i, (table, on) in enumerate(zip(tables, spoken, strict=True))
    ]


def _quote(cand: Scored, hits: Sequence[Hit], group: str = "") -> Quote:
    return Quote(hits[cand.hit_rank].chunk, cand.text, group)


def _quotable(cand: Scored, hits: Sequence[Hit]) -> bool:
    """A sentence that can stand alone: no heading, nothing it only announces."""
    return statement(cand.text, hits[cand.hit_rank].chunk) and not announces(cand.text)


def _side_words(side: str, query: Query) -> list[tuple[str, frozenset[str]]]:
    """A side's content words, each with the stems a sentence may have it by: its own
    and those of the documents' words the bridge gave for it."""
    bridged = dict(query.bridged)
    out = []
    for word in (w for w in words(side) if w not in STOPWORDS):
        stems = DOCUMENTS.stem_words([word, *bridged.get(word, ())])
        kept = frozenset(s for s in stems if len(s) >= MIN_STEM)
        if kept:
            out.append((word, kept))
    return out


def _speaks(text: str, side: tuple[frozenset[str], ...]) -> bool:
    """Whether ``text`` has every word of a side, close together: as words, inside one
    compound ("investment partnership": "investeringspartnerskab"), or in a Danish
    coordinated compound ("udviklings- og rådgivningspartnerskaber" has
    "udviklingspartnerskab"); a short stem only as a word's start."""
    tokens = TOKEN.findall(text.lower())
    places = [
        [i for i in range(len(tokens)) if any(_has(tokens, i, s) for s in stems)] for stems in side
    ]
    if not all(places):
        return False
    window = len(side) + 1  # the side's words, and one more between them ("sociale nye")
    starts = sorted(set().union(*places))
    return any(
        all(any(s <= i <= s + window and _unbroken(tokens, s, i) for i in at) for at in places)
        for s in starts
    )


def _unbroken(tokens: Sequence[str], start: int, end: int) -> bool:
    """Whether two words of a side are not two things joined by a conjunction:
    "investeringer og partnerskaber" names investments and partnerships, not an
    investment partnership. With a word between ("offentlige og private puljer") the
    first still qualifies the last, and a hyphen's coordinated compound ("udviklings- og
    rådgivningspartnerskaber") is one (grammar)."""
    return not (
        end - start == 2 and tokens[start + 1] in JOINING and not tokens[start].endswith("-")
    )


TOKEN = re.compile(r"\w+-?")
# Danish coordinated compounds: a first part with a hyphen stands for the compound with
# the next word's last part ("udviklings- og rådgivningspartnerskaber").
JOINING = ("og", "eller", "and", "or")  # the coordinating conjunctions (grammar)


def _has(tokens: Sequence[str], i: int, stem: str) -> bool:
    """Whether token ``i`` has ``stem``: inside it when the stem is long, at its start
    when short, or as the compound a hyphenated first part coordinates."""
    token = tokens[i]
    joined = token.endswith("-") and i + 2 < len(tokens) and tokens[i + 1] in JOINING
    if joined and _joins(stem, token[:-1], tokens[i + 2]):
        return True
    return inside(stem, token) or token.startswith(stem)


def _joins(stem: str, first: str, second: str) -> bool:
    """Whether ``first``- and ``second`` coordinate a compound with ``stem``: the stem
    starts with the first part (less a linking -s- or -e-) and the second word holds
    the rest (inflected: "rådgivningspartnerskaber" holds "partnerskab")."""
    for part in dict.fromkeys((first, first.removesuffix("s"), first.removesuffix("e"))):
        rest = stem[len(part) :]
        fits = len(part) >= MIN_STEM and len(rest) >= MIN_STEM and stem.startswith(part)
        if fits and rest in second:
            return True
    return False


def _body(cand: Scored, hits: Sequence[Hit]) -> str:
    """What a sentence says: a table row without its caption (every row of "Tabel 1:
    DSI's investeringer og partnerskaber" names investments in its caption)."""
    chunk = hits[cand.hit_rank].chunk
    if chunk.kind != "table_row":
        return cand.text
    if ROW_PREFIX in cand.text:
        return cand.text.split(ROW_PREFIX, 1)[1]
    caption = chunk.section.split(SEP)[-1]
    return cand.text.removeprefix(caption)


def _cut(side: str, last: str) -> str:
    """``side`` as written up to and with the last occurrence of the word ``last``."""
    ends = [m.end() for m in re.finditer(r"\w+", side) if m.group(0).lower() == last]
    return side[: ends[-1]] if ends else side


def _label(side: str) -> str:
    """A side's name as a heading: its first letter capitalised, no markup."""
    clean = re.sub(r"[<>*_`#\[\]\"'\\]", "", side).strip()[:60]
    return clean[:1].upper() + clean[1:]
