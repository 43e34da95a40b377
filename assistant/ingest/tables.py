"""Rebuild table rows from a PDF extraction that spread their cells over many lines.

In the extraction a table row comes out as a run of blocks: the name cell, the sum cell
(which may carry "DSI’s andel: …" and the first area on its line), sometimes a separate
area cell, then the purpose and partner cells. A row split by a page break continues
after the repeated header with the rest of its purpose and partner cells. This module
turns such a run into one ``TableRow`` per investment. It relies on two signals only:
a sum cell starts with an amount ("23,2 mio. kr."), and an empty sum cell leaves the
area cell indented. Only a table with that five-column header (name, sum, area, purpose,
partners, in the words of its own header row) is rebuilt this way; any other table, and
one whose rows do not follow that pattern, is left to ordinary chunking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.ingest.cleaning import Block, join_lines

AMOUNT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*mio\.\s*kr\.\s*(.*)$")
SHARE_LABEL = re.compile(r"^DSI[’']s andel:?\s*(.*)$")
GROUP_LABEL = re.compile(r"^[A-ZÆØÅ][a-zæøå]+er$")  # "Investeringspartnerskaber"
COLUMNS = 5  # name, sum, area, purpose, partners
TABLE_TITLE = re.compile(r"^Tabel\s+(\d+)\s*[:.]\s*(.+)$")


@dataclass(frozen=True)
class TableRow:
    """One investment, partnership or pipeline entry as its table states it."""

    table: str
    group: str
    name: str
    amount: str  # as written, e.g. "23,2 mio. kr."; empty when the cell is empty
    share: str  # DSI's share as written; empty when not stated
    areas: tuple[str, ...]
    purpose: str
    partners: str
    start: int  # offset of the row's first block in the source

    def text(self, labels: tuple[str, ...]) -> str:
        """The row as one self-contained passage, labelled by its table's header."""
        _, sum_l, area_l, purpose_l, partner_l = labels
        parts = [
            f"{self.table} – {self.group}: {self.name}."
            if self.group
            else f"{self.table}: {self.name}."
        ]
        if self.amount:
            share = f" (DSI’s andel: {self.share})." if self.share else ""
            parts.append(f"{sum_l}: {self.amount}{share}")  # the amount ends with "kr."
        if self.areas:
            parts.append(f"{area_l}: {', '.join(self.areas)}.")
        if self.purpose:
            parts.append(f"{purpose_l}: {self.purpose.rstrip('.')}.")
        if self.partners:
            parts.append(f"{partner_l}: {self.partners.rstrip('.')}.")
        return " ".join(parts)


def is_amount_cell(block: Block) -> bool:
    """A sum cell ("3,2 mio. kr. …") or, when the sum is empty, an indented area cell."""
    return bool(AMOUNT.match(block.first)) or block.lines[0][:1].isspace()


def parse_rows(
    title: str, body: list[Block], vocab: set[str]
) -> tuple[list[TableRow], tuple[str, ...]]:
    """Rows of one table and its column labels; ``body`` runs from after the title."""
    starts = [i for i in range(len(body) - 1) if is_amount_cell(body[i + 1])]
    if not starts:
        return [], ()
    labels = _header_labels(body[: starts[0]], vocab)
    ends = [*starts[1:], len(body)]
    if len(labels) != COLUMNS or any(end - i < 2 for i, end in zip(starts, ends, strict=True)):
        return [], ()  # another kind of table (two amount columns, other headers): prose
    rows: list[TableRow] = []
    group = ""
    for i, end in zip(starts, ends, strict=True):
        row, group = _parse_row(title, group, body[i:end], vocab)
        rows.append(row)
    return rows, labels


def _header_labels(header: list[Block], vocab: set[str]) -> tuple[str, ...]:
    words = " ".join(join_lines(b.lines, vocab) for b in header).split()
    return tuple(w.strip(":") for w in words)


def _parse_row(
    title: str, group: str, blocks: list[Block], vocab: set[str]
) -> tuple[TableRow, str]:
    name_lines = list(blocks[0].lines)
    # A group label ("Investeringspartnerskaber") stands on its own line above a name that
    # starts anew with a capital; "Familier" over "/ med misbrug i Vejle" is part of a name.
    if (
        len(name_lines) > 1
        and GROUP_LABEL.match(name_lines[0].strip())
        and name_lines[1].strip()[:1].isupper()
    ):
        group = name_lines.pop(0).strip()
    amount, share, areas = _amount_cell(blocks[1], vocab)
    cells = blocks[2:]
    if not areas and cells and not AMOUNT.match(cells[0].first) and _is_area_block(cells[0]):
        areas, cells = _area_lines(list(cells[0].lines), vocab), cells[1:]
    purpose, partners = _cells(cells, vocab)
    row = TableRow(
        table=title,
        group=group,
        name=join_lines(name_lines, vocab),
        amount=amount,
        share=share,
        areas=tuple(areas),
        purpose=purpose,
        partners=partners,
        start=blocks[0].start,
    )
    return row, group


def _amount_cell(block: Block, vocab: set[str]) -> tuple[str, str, list[str]]:
    lines = [line.strip() for line in block.lines]
    match = AMOUNT.match(lines[0])
    if not match:  # empty sum cell: the block is the area cell
        return "", "", _area_lines(lines, vocab)
    amount = f"{match.group(1)} mio. kr."
    area_lines = [match.group(2)] if match.group(2) else []
    share = ""
    tail = lines[1:]
    if tail and SHARE_LABEL.match(tail[0]):
        inline = SHARE_LABEL.match(tail[0])
        value = (inline.group(1) if inline else "") or (tail[1] if len(tail) > 1 else "")
        share_match = AMOUNT.match(value)
        share = f"{share_match.group(1)} mio. kr." if share_match else value
        tail = tail[2:] if not (inline and inline.group(1)) else tail[1:]
    area_lines += tail
    return amount, share, _area_lines(area_lines, vocab)


def _is_area_block(block: Block) -> bool:
    """Area cells are short lines without sentence punctuation."""
    return all(
        len(line.strip()) <= 32 and "." not in line and "," not in line for line in block.lines
    )


def _area_lines(lines: list[str], vocab: set[str]) -> list[str]:
    areas: list[str] = []
    for line in (x.strip() for x in lines):
        if not line:
            continue
        if areas and areas[-1].endswith("-"):
            areas[-1] = join_lines([areas[-1], line], vocab)
        else:
            areas.append(line)
    return areas


def _cells(cells: list[Block], vocab: set[str]) -> tuple[str, str]:
    """Purpose and partners; a page break inside the row continues both cells in order."""
    split = next((i for i, c in enumerate(cells) if c.page_break_before and i > 0), None)
    if split is not None and len(cells) - split == split:
        merged = [
            list(a.lines) + list(b.lines) for a, b in zip(cells[:split], cells[split:], strict=True)
        ]
    else:
        merged = [list(c.lines) for c in cells]
    texts = [join_lines(lines, vocab) for lines in merged]
    purpose = texts[0] if texts else ""
    partners = " ".join(texts[1:])
    return purpose, partners
