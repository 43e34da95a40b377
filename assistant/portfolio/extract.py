"""Portfolio rows from the documents' own investment tables, dated (issue 13).

Every table of every document reaches the index as table-row passages, "Caption — Header:
value; Header: value" (``ingest.sections.row_text``, the same for PDF, Word, HTML and
Markdown). A table is read as part of the portfolio when its header names an investment
("Investering (mio. kr.)", "Investment") and it has a name column and an amount column
in millions; its other columns are optional (municipality, DSI's share, year or start,
status, area, partners). Any other table (a budget, a payment plan, typical amounts per
area) is left alone.

Each row is dated by its document: the date in the document's metadata, else a year in
its title, else a year in the table's caption, else the file's date, and ``dated_by``
says which. The curated ``corpus/portfolio.csv`` stays the source for the tables it
holds: a table row that is one of its rows is not read twice.

The header words below serve one class of input: the column headers of investment
overviews in Danish and English annual reports and appendices (written from the two
languages' usual words for these columns, not from one document).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from assistant.ingest.sections import CELL, ROW_PREFIX
from assistant.lang import YEAR
from assistant.lang.spelling import written_out
from assistant.portfolio.data import PortfolioRow
from assistant.portfolio.scope import INVESTMENT
from assistant.types import Chunk

# Column roles by their header, Danish and English.
ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern, re.I))
    for role, pattern in (
        ("municipality", r"\bkommune|\bmunicipalit"),
        ("share", r"\bandel\b|\bshare\b"),
        ("partners", r"\bpartner"),
        ("area", r"\bområde|\barea\b"),
        ("status", r"\bstatus\b"),
        ("year", r"^(?:år|year|start\w*|startår|begyndt|started)\b"),
        ("amount", r"\bmio\b|\bmillion|\bmdkk\b|\bdkk\s*m\b|\bm\s*dkk\b"),
        ("name", r"^(?:projekt\w*|project\w*|investering|investment|indsats\w*|navn|name)$"),
    )
)
INVESTMENT_WORD = re.compile(r"\binvest", re.I)  # the header names an investment
UNIT = re.compile(r"\s*\(?\s*(?:mio\.?\s*kr\.?|dkk\s*m|m\s*dkk|million\w*)\s*\)?\s*$", re.I)


@dataclass(frozen=True)
class DatedDoc:
    """When a document speaks, and how that was found."""

    date: str  # "2024", "2021-11"; "" when nothing dates it
    dated_by: str  # "metadata" | "title" | "caption" | "file" | ""


def dated(chunk: Chunk, file_date: Callable[[str], str | None]) -> DatedDoc:
    """The date of ``chunk``'s document: metadata, title, table caption, file."""
    if chunk.meta.get("date"):
        return DatedDoc(chunk.meta["date"], "metadata")
    for text, how in ((chunk.meta.get("title", ""), "title"), (_caption(chunk.text), "caption")):
        years = YEAR.findall(text)
        if years:
            return DatedDoc(years[0][:4], how)
    found = file_date(chunk.doc_id)
    return DatedDoc(found, "file") if found else DatedDoc("", "")


def rows_from(
    chunks: Iterable[Chunk],
    file_date: Callable[[str], str | None],
    curated: Sequence[PortfolioRow] = (),
) -> list[tuple[PortfolioRow, Chunk]]:
    """The portfolio rows of every investment table in ``chunks`` (table rows in document
    order), each dated, with the passage it stands in; rows of the tables the curated CSV
    already holds are left out."""
    out: list[tuple[PortfolioRow, Chunk]] = []
    numbers: dict[tuple[str, str], int] = {}
    held = {(r.source_doc, r.source_table) for r in curated}
    for chunk in chunks:
        if chunk.kind != "table_row" or ROW_PREFIX not in chunk.text:
            continue
        caption = _caption(chunk.text)
        key = (chunk.doc_id, caption)
        numbers[key] = numbers.get(key, 0) + 1
        if any(doc == chunk.doc_id and table and table in caption for doc, table in held):
            continue
        row = _row(chunk, caption, numbers[key], dated(chunk, file_date))
        if row is not None:
            out.append((row, chunk))
    return out


def _caption(text: str) -> str:
    return text.split(ROW_PREFIX, 1)[0].strip() if ROW_PREFIX in text else ""


def cells(text: str) -> dict[str, str]:
    """A row-text's cells by header ("Header: value; …" after the caption)."""
    body = text.split(ROW_PREFIX, 1)[1] if ROW_PREFIX in text else text
    out: dict[str, str] = {}
    for cell in body.split(CELL):
        header, sep, value = cell.partition(": ")
        if sep and header.strip() and value.strip():
            out[header.strip()] = value.strip()
    return out


def roles(headers: Iterable[str]) -> dict[str, str]:
    """Each role's header (the first header that takes it; one role per header)."""
    out: dict[str, str] = {}
    for header in headers:
        for role, pattern in ROLES:
            if role not in out and pattern.search(header):
                out[role] = header
                break
    return out


def _row(chunk: Chunk, caption: str, number: int, when: DatedDoc) -> PortfolioRow | None:
    found = cells(chunk.text)
    role = roles(found)
    if "name" not in role or "amount" not in role:
        return None
    if not any(INVESTMENT_WORD.search(h) for h in found):
        return None  # the header names no investment: a budget, a payment plan …
    total = amount(found[role["amount"]])
    if total is None:
        return None  # a range or a word: no figure to count
    share = amount(found[role["share"]]) if "share" in role else None
    return PortfolioRow(
        name=found[role["name"]],
        kind=INVESTMENT,
        total=total,
        share=share,
        areas=_split(found.get(role.get("area", ""), "")),
        purpose="",
        partners=_split(found.get(role.get("partners", ""), "")),
        municipalities=_split(found.get(role.get("municipality", ""), "")),
        source_doc=chunk.doc_id,
        source_table=caption,
        source_row=number,
        file=chunk.doc_id,
        line=number,
        verified=True,  # read from the document's own table row
        as_of=when.date,
        dated_by=when.dated_by,
    )


def amount(value: str) -> Decimal | None:
    """``"8,9"`` / ``"8.9 mio. kr."`` -> ``Decimal("8.9")``; None for a range or a word."""
    text = UNIT.sub("", value.strip())
    if not re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def _split(value: str) -> tuple[str, ...]:
    parts = re.split(r",\s*|\s+og\s+|\s+and\s+|;\s*", value)
    return tuple(p.strip() for p in parts if p.strip())


def same_investment(a: PortfolioRow, b: PortfolioRow) -> bool:
    """Two rows that describe one investment: the same name (any case, æøå written out or
    not, "Kommune" left out) and, where both give them, a shared municipality."""
    if _key(a.name) != _key(b.name):
        return False
    places_a = {_key(m) for m in a.municipalities}
    places_b = {_key(m) for m in b.municipalities}
    return not (places_a and places_b) or bool(places_a & places_b)


def _key(name: str) -> str:
    text = written_out(name)
    text = re.sub(r"\bkommune\b", " ", text)
    return " ".join(re.findall(r"\w+", text))
