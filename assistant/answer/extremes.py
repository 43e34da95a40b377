"""Superlatives over a document's table: the row with the most or the least of a column.

"Hvilken milepæl udløser den største betaling?" and "Which area has the longest typical
term?" are answered by comparing every row of the table the question is about, not by
the row that happens to score best. The table is the one of the best-scoring table row,
when that row scores close to the best sentence. Its rows are passages "Caption —
Header: value; Header: value" (``ingest.sections.row_text``); the column compared is the
numeric one whose header shares a word with the question, else the table's only numeric
column. A range ("3-5 år") counts by its upper end for "most", its lower end for "least".
All rows that share the extreme value are quoted, whole, with their headers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.answer.quotes import Quote, Scored
from assistant.ingest.sections import CELL, ROW_PREFIX
from assistant.lang import pack
from assistant.query import Query
from assistant.types import Chunk, Hit

# The table's best row must score this close to the best sentence to be what is asked.
TABLE_MARGIN = 0.08
NUMBER = r"\d+(?:[.,]\d+)*"
# A numeric cell: a number or a range, then at most two unit words ("3,6 mio. kr.",
# "3-5 år", "12 %"); a date ("1. marts 2025") has more and a month name, so it is none.
VALUE = re.compile(rf"^\s*({NUMBER})(?:\s*[-–]\s*({NUMBER}))?(?:\s+\S+){{0,2}}\s*$")
YEAR_ONLY = re.compile(r"^\s*(?:19|20)\d\d\s*$")  # a column of years is a date column

Terms = Callable[[str], list[str]]


def extreme_rows(
    query: Query, ranked: Sequence[Scored], hits: Sequence[Hit], terms_of: Terms
) -> list[Quote]:
    """The rows with the most or the least of the asked column, in table order; [] when
    the question asks no superlative or no table with such a column is what it is about.
    (A numeric column has two numbers at least, so there is always an extreme.)"""
    if query.extreme is None or not ranked:
        return []
    best = ranked[0].score
    row = next((c for c in ranked if hits[c.hit_rank].table), None)  # the best table row
    if row is None or row.score < best - TABLE_MARGIN:
        return []
    table = hits[row.hit_rank].table
    cells = [_cells(r) for r in table]
    column = _column(cells, query, terms_of)
    if column is None:
        return []
    values = [_value(c.get(column, ""), query.extreme) for c in cells]
    known = [v for v in values if v is not None]
    target = max(known) if query.extreme == "most" else min(known)
    return [
        Quote(chunk, chunk.sentences[0] if chunk.sentences else chunk.text)
        for chunk, v in zip(table, values, strict=True)
        if v == target
    ]


def _cells(row: Chunk) -> dict[str, str]:
    """A row passage's cells: header -> value (a cell without a header is left out)."""
    body = row.text.split(ROW_PREFIX, 1)[1] if ROW_PREFIX in row.text else ""
    out: dict[str, str] = {}
    for cell in body.split(CELL):
        header, sep, value = cell.partition(": ")
        if sep:
            out[header.strip()] = value.strip()
    return out


def _column(cells: Sequence[dict[str, str]], query: Query, terms_of: Terms) -> str | None:
    """The numeric column the question is about: the one whose header shares the most
    words with the question (of several, the one the superlative's noun names), else
    the only numeric column; None when unclear."""
    numeric = [h for h in dict.fromkeys(h for c in cells for h in c) if _numeric(h, cells)]
    headers = {h: set(terms_of(h)) for h in numeric}
    overlap = {h: len(t & query.stems) for h, t in headers.items()}
    most = max(overlap.values(), default=0)
    if most == 0:
        return numeric[0] if len(numeric) == 1 else None
    tied = [h for h, n in overlap.items() if n == most]
    if len(tied) > 1:
        noun = _noun(query, set().union(*(headers[h] for h in tied)), terms_of)
        tied = [h for h in tied if noun in headers[h]]
    return tied[0] if len(tied) == 1 else None


def _noun(query: Query, header_terms: set[str], terms_of: Terms) -> str | None:
    """The word the superlative qualifies: of the header words right after it ("den
    længste typiske løbetid"), the last (Danish and English put the noun last)."""
    pattern = getattr(pack(query.language).cues, query.extreme or "most")
    cue = pattern.search(query.text)
    if cue is None:
        return None
    found = None
    for word in query.text[cue.end() :].split():
        stems = set(terms_of(word))
        if stems & header_terms:
            found = next(iter(stems & header_terms))
        elif found is not None:
            break
    return found


def _numeric(header: str, cells: Sequence[dict[str, str]]) -> bool:
    """Whether at least two rows, and most rows, hold a number (not a year) there."""
    held = [c[header] for c in cells if header in c]
    numbers = [v for v in held if VALUE.match(v) and not YEAR_ONLY.match(v)]
    return len(numbers) >= 2 and 2 * len(numbers) >= len(cells)


def _value(text: str, extreme: str) -> float | None:
    """A cell's number; a range by its upper end for "most", its lower end for "least"."""
    match = VALUE.match(text) if not YEAR_ONLY.match(text) else None
    if match is None:
        return None
    low, high = match.group(1), match.group(2) or match.group(1)
    return _number(high if extreme == "most" else low)


def _number(text: str) -> float:
    """A Danish number: "." groups thousands, "," marks decimals ("1.250,5")."""
    return float(text.replace(".", "").replace(",", "."))
