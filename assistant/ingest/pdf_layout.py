"""The layout of a PDF's text, from plain records: lines (text, font size, bold, position
on the page) and ruled tables (rows of cells) in reading order, as ``pdf.py`` reads them
(running titles and page numbers already dropped, see ``pdf_running``). No PDF library here.

- The body size is the most common font size. A line set larger, or bold at body size, is
  a heading; its level is the rank of its (size, bold) style, 1 the biggest. When the PDF
  has an outline (bookmarks), lines that match an entry take the entry's level.
- Lines join into paragraphs until a gap, a change of size or a new list marker. A line
  ending in "-" is mended with the next one ("beskæf-" + "tigelsesområdet") only when that
  starts in lower case; "type-" + "2-diabetes", "Høje-" + "Taastrup" and Danish "social-
  og" keep their hyphen. Small type at the foot of a page (a footnote) is its own
  paragraph, one per footnote marker. A paragraph cut by a page break is joined again.
- A table that continues on the next page (the same number of columns, its first row
  repeating the header, or no header of its own) is one table; the repeated header is
  dropped and each row keeps its own page. Its caption is a "Tabel 1 ..." line just above
  it, else the nearest heading above it.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

GLYPHS = "•◦▪▫●○■□‣⁃∙\uf0b7\uf0a7"  # bullets; \uf0b7 and \uf0a7 are Word's Symbol font
BULLET = re.compile(rf"^([{GLYPHS}\-–—*]|\(?[a-zA-Z0-9]{{1,2}}\))\s+")
# Numbered headings: "2", "2.1.", "a.1".
SECTION_NUMBER = re.compile(r"^(\d+(\.\d+)*\.?|[a-z]\.\d+(\.\d+)*\.?)\s+")
# A table caption in Danish or English: "Tabel 3", "Table 3", "Tab. 3".
CAPTION = re.compile(r"^(tabel|table|tab\.)\s*\d+", re.IGNORECASE)
# What a footnote starts with: a superscript number, "1)", "1." or "*".
FOOTNOTE_MARK = re.compile(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d{1,2}[).]?\s|\*)")
# Words after which a line-end hyphen is the Danish (or English) shared-ending hyphen:
# "social- og beskæftigelsesområdet".
CONJUNCTIONS = {"og", "eller", "samt", "til", "and", "or", "to"}
SENTENCE_END = tuple('.!?:;"»”)')


@dataclass
class Line:
    """One line of text outside tables: its page (1 = first), box in points from the
    page's top left, text, most common font size (to half a point) and whether most of
    its characters are bold."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    size: float
    bold: bool
    page_height: float
    page_width: float

    @property
    def style(self) -> tuple[float, bool]:
        return (self.size, self.bold)


@dataclass
class Table:
    """A ruled table found on a page: its top, its rows of cell texts, and whether its
    first row is set in bold."""

    page: int
    top: float
    rows: list[list[str]]
    header_bold: bool


@dataclass
class Block:
    """An element being built: a heading, paragraph, item or table."""

    kind: str
    page: int
    lines: list[Line] = field(default_factory=list)
    text: str = ""
    level: int = 0
    header: tuple[str, ...] = ()
    header_bold: bool = False
    rows: list[tuple[str, ...]] = field(default_factory=list)
    row_pages: list[int] = field(default_factory=list)
    footnote: bool = False
    caption_own: bool = False  # the caption is a "Tabel 1 ..." line of its own, not a heading


def norm(text: str) -> str:
    """``text`` with its white space collapsed, case folded: for comparing titles."""
    return " ".join(text.split()).casefold()


def body_size(lines: list[Line]) -> float:
    """The body text's font size: the size that sets the most characters."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _is_heading(line: Line, body: float) -> bool:
    if BULLET.match(line.text) or len(line.text.split()) > 25:
        return False
    if line.size >= body + 1:
        return True
    short = len(line.text.split()) <= 15 and not line.text.endswith((".", ",", ";"))
    return line.bold and line.size >= body - 0.5 and short


def build_blocks(items: list[Line | Table], body: float, outline: dict[str, int]) -> list[Block]:
    """Group the lines into headings, paragraphs and items, join tables across pages."""
    lines = [item for item in items if isinstance(item, Line)]
    gap = _typical_gap(lines, body)
    blocks: list[Block] = []
    page_start = 0  # index in blocks of the current page's first block
    page = 0
    for item in items:
        if item.page != page:
            page, page_start = item.page, len(blocks)
        if isinstance(item, Table):
            _add_table(blocks, item, page_start)
            continue
        line = item
        kind = "heading" if _is_heading(line, body) else "paragraph"
        last = blocks[-1] if blocks and len(blocks) > page_start else None
        marker = BULLET.match(line.text) if kind == "paragraph" else None
        if marker and marker.group(1) not in GLYPHS and last is not None:
            # A dash or "a)" at a line's start is a marker only after a sentence's end or
            # another item; inside a sentence it is running text ("2024\n– 2026").
            ends = last.kind != "paragraph" or last.lines[-1].text.endswith(SENTENCE_END)
            marker = marker if ends else None
        if marker:
            kind = "item"
        if last is not None and not marker and _continues(last, line, kind, body, gap):
            last.lines.append(line)
            continue
        block = Block(kind, line.page, [line])
        block.footnote = kind == "paragraph" and _is_footnote(line, body)
        blocks.append(block)
    _keep_footnotes_at_foot(blocks)
    _merge_across_pages(blocks)
    _set_levels(blocks, outline)
    for block in blocks:
        if block.kind != "table":
            block.text = join_lines(line.text for line in block.lines)
            if block.kind == "item":
                block.text = BULLET.sub("", block.text, count=1)
    _take_captions(blocks)
    return [b for b in blocks if b.text or b.rows or any(b.header)]


def _typical_gap(lines: list[Line], body: float) -> float:
    """The usual white space between two lines of one paragraph of body text."""
    gaps = [
        b.top - a.bottom
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and a.size == b.size == body and 0 <= b.top - a.bottom < 2 * body
    ]
    return statistics.median(gaps) if gaps else body * 0.3


def _continues(last: Block, line: Line, kind: str, body: float, gap: float) -> bool:
    """Whether ``line`` goes on the block ``last`` (the one before it on the same page)."""
    if last.kind == "table":
        return False
    if last.kind != kind and not (last.kind == "item" and kind == "paragraph"):
        return False  # an item's continuation line reads as a paragraph line
    prev = last.lines[-1]
    if abs(prev.size - line.size) > 0.5 or (prev.bold != line.bold and kind != "item"):
        return False
    space = line.top - prev.bottom
    if kind == "heading":
        return space < max(prev.size, line.size) * 0.6
    if space > gap + 0.4 * line.size or space < -0.5 * line.size:
        return False
    if last.kind == "item":  # a list item's continuation is indented past its marker
        return line.x0 > last.lines[0].x0 + 2 and kind == "paragraph"
    if last.footnote and FOOTNOTE_MARK.match(line.text):
        return False  # the next footnote
    # A first-line indent after a sentence's end starts a paragraph.
    return not (prev.text.endswith(SENTENCE_END) and line.x0 > prev.x0 + line.size)


def _is_footnote(line: Line, body: float) -> bool:
    return line.size <= body - 1 and line.top > 0.6 * line.page_height


def _keep_footnotes_at_foot(blocks: list[Block]) -> None:
    """Small type is a footnote only at the foot of its page, below all else on it."""
    foot = True
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        if i == len(blocks) - 1 or blocks[i + 1].page != block.page:
            foot = True
        block.footnote = block.footnote and foot
        foot = foot and block.footnote


def _merge_across_pages(blocks: list[Block]) -> None:
    """Join a paragraph cut by a page break: the last paragraph of a page does not end a
    sentence and the first block of the next page is a paragraph in lower case."""
    out: list[Block] = []
    last: Block | None = None  # the last block so far that is not a footnote
    page = 0
    for block in blocks:
        first_on_page, page = block.page != page, block.page
        if (
            first_on_page
            and last is not None
            and last.kind in ("paragraph", "item")
            and block.kind == "paragraph"
            and not block.footnote
            and last.lines[-1].page == block.page - 1
            and not last.lines[-1].text.endswith(SENTENCE_END)
            and block.lines[0].text[:1].islower()
        ):
            last.lines.extend(block.lines)
            continue
        out.append(block)
        if not block.footnote:
            last = block
    blocks[:] = out


def _add_table(blocks: list[Block], table: Table, page_start: int) -> None:
    width = max(len(row) for row in table.rows)
    rows = [tuple(row) + ("",) * (width - len(row)) for row in table.rows]
    earlier = (blocks[i] for i in range(page_start - 1, -1, -1) if not blocks[i].footnote)
    prev = next(earlier, None)  # the last block before this page, footnotes aside
    if (
        prev is not None
        and prev.kind == "table"
        and len(blocks) == page_start  # nothing above it on this page
        and prev.row_pages
        and prev.row_pages[-1] == table.page - 1
        and len(prev.header) == width
    ):
        if [norm(c) for c in rows[0]] == [norm(c) for c in prev.header]:
            body: list[tuple[str, ...]] | None = rows[1:]  # the header, repeated
        elif table.header_bold and prev.header_bold:
            body = None  # a header of its own: another table
        else:
            body = rows  # no header: the rows go on
        if body is not None:
            prev.rows.extend(body)
            prev.row_pages.extend([table.page] * len(body))
            return
    blocks.append(
        Block(
            "table",
            table.page,
            header=rows[0],
            header_bold=table.header_bold,
            rows=rows[1:],
            row_pages=[table.page] * (len(rows) - 1),
        )
    )


def _set_levels(blocks: list[Block], outline: dict[str, int]) -> None:
    """Heading levels by the rank of their (size, bold) style, 1 the biggest. With an
    outline, a heading found in it takes its level (its number aside: "2.1 Metode" is the
    entry "Metode" too), and one not found takes the level of its style's headings that
    were found, else one below the nearest bigger style's level."""
    headings = [b for b in blocks if b.kind == "heading"]
    styles = sorted({b.lines[0].style for b in headings}, key=lambda s: (-s[0], not s[1]))
    found: dict[tuple[float, bool], Counter[int]] = {}
    for block in headings:
        text = norm(join_lines(line.text for line in block.lines))
        level = outline.get(text) or outline.get(SECTION_NUMBER.sub("", text))
        if level:
            block.level = level
            found.setdefault(block.lines[0].style, Counter())[level] += 1
    level_of: dict[tuple[float, bool], int] = {}
    for n, style in enumerate(styles):
        if style in found:
            level_of[style] = found[style].most_common(1)[0][0]
        elif found:
            bigger = [level_of[s] for s in styles[:n] if s in found]
            level_of[style] = bigger[-1] + 1 if bigger else 1
        else:
            level_of[style] = n + 1
    for block in headings:
        if not block.level:
            block.level = min(level_of[block.lines[0].style], 6)


def _take_captions(blocks: list[Block]) -> None:
    """A table's caption: a "Tabel 1 ..." line just above it (taken out of the running
    text), else the nearest heading above it."""
    heading = ""
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == "heading":
            heading = block.text
        elif block.kind == "table":
            above = blocks[i - 1] if i else None
            if (
                above is not None
                and above.kind == "paragraph"
                and above.page == block.page
                and CAPTION.match(above.text)
                and len(above.text) < 200
            ):
                block.text, block.caption_own = above.text, True
                del blocks[i - 1]
                continue
            block.text = heading
        i += 1


def join_lines(lines: Iterable[str]) -> str:
    """Lines joined into running text, mending words hyphenated at a line end."""
    out = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if not out:
            out = line
            continue
        if out.endswith("\u00ad"):  # a soft hyphen: always a break inside a word
            out = out[:-1] + line
        elif out.endswith("-") and len(out) > 1 and out[-2].isalnum():
            word = out.split()[-1][:-1]
            first = line.split()[0]
            keep = (
                first.casefold() in CONJUNCTIONS
                or not line[:1].islower()
                or word.isupper()  # "EU-" + "midler"
                or word[-1:].isdigit()  # "2024-" + "budgettet"
            )
            if first.casefold() in CONJUNCTIONS:
                out = f"{out} {line}"
            else:
                out = out + line if keep else out[:-1] + line
        else:
            out = f"{out} {line}"
    return out.replace("\u00ad", "")


__all__ = ["Block", "Line", "Table", "body_size", "build_blocks", "join_lines", "norm"]
