"""PDF -> structure: headings, paragraphs, list items and tables in reading order, each
with its page, and the document's title. The one home of pdfplumber (on pdfminer.six).

Chosen over pypdfium2 after measuring both (benchmarks/pdf_libraries.md): pdfplumber gives
every character's font and size, and finds ruled tables and their cells; pypdfium2 is
faster but has no table finder.

How a page is read:
- Tables come from pdfplumber's table finder (ruled tables). Text inside a table is not
  read again as lines. A table that continues on the next page (the same number of
  columns, its first row repeating the header, or no header of its own) is one table;
  the repeated header is dropped and each row keeps its own page.
- The other characters are grouped into lines. A line in the top or bottom margin whose
  text (digits aside) recurs on half the pages is a running title or page number, and
  goes; so does a chapter's running title whose number runs with the page.
- The body size is the most common font size. A line set larger, or bold at body size,
  is a heading; its level is the rank of its (size, bold) style, 1 the biggest. When the
  PDF has an outline (bookmarks), lines that match an entry take the entry's level.
- Lines join into paragraphs until a gap, a change of size or a new list marker. A line
  ending in "-" is mended with the next one ("beskæf-" + "tigelsesområdet") only when
  that starts in lower case; "type-" + "2-diabetes", "Høje-" + "Taastrup" and Danish
  "social- og" keep their hyphen. Small type at the foot of a page (a footnote) is its
  own paragraph, one per footnote marker.
Not handled: scanned pages (no OCR), tables drawn without rules, multi-row table headers,
and text in two or more columns (lines across columns are read as one).
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import BadDocument
from assistant.types import Element

MARGIN = 0.12  # the top and bottom share of a page where running titles live
GLYPHS = "•◦▪▫●○■□‣⁃∙\uf0b7\uf0a7"  # bullets; \uf0b7 and \uf0a7 are Word's Symbol font
BULLET = re.compile(rf"^([{GLYPHS}\-–—*]|\(?[a-zA-Z0-9]{{1,2}}\))\s+")
PAGE_NUMBER = re.compile(r"^((side|page|s\.)\s*)?\d+(\s*(af|of|/)\s*\d+)?$", re.IGNORECASE)
SECTION_NUMBER = re.compile(r"^(\d+(\.\d+)*\.?|[a-z]\.\d+(\.\d+)*\.?)\s+")
CAPTION = re.compile(r"^(tabel|table|tab\.)\s*\d+", re.IGNORECASE)
FOOTNOTE_MARK = re.compile(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d{1,2}[).]?\s|\*)")
BOLD = re.compile(r"bold|black|heavy|semibold|demi|[-,]bd\b", re.IGNORECASE)
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "\u00a0": " "})
# Words after which a line-end hyphen is the Danish (or English) shared-ending hyphen:
# "social- og beskæftigelsesområdet".
CONJUNCTIONS = {"og", "eller", "samt", "til", "and", "or", "to"}
BAD_TITLES = re.compile(r"^(untitled|unknown|microsoft word - .*|.*\.(docx?|pdf|indd|odt))$", re.I)
SENTENCE_END = tuple('.!?:;"»”)')


@dataclass
class _Line:
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
class _Table:
    page: int
    top: float
    rows: list[list[str]]
    header_bold: bool


@dataclass
class _Block:
    """An element being built: a heading, paragraph, item or table."""

    kind: str
    page: int
    lines: list[_Line] = field(default_factory=list)
    text: str = ""
    level: int = 0
    header: tuple[str, ...] = ()
    header_bold: bool = False
    rows: list[tuple[str, ...]] = field(default_factory=list)
    row_pages: list[int] = field(default_factory=list)
    footnote: bool = False
    caption_own: bool = False  # the caption is a "Tabel 1 ..." line of its own, not a heading


def read_pdf(data: bytes) -> tuple[str, tuple[Element, ...], str]:
    """(plain text, elements in reading order, title) of a PDF; BadDocument when it cannot
    be read (corrupt, encrypted, no text, or fonts without a text mapping)."""
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            meta_title = _meta_title(pdf.metadata)
            outline = _outline(pdf)
            items: list[_Line | _Table] = []
            for page in pdf.pages:
                items.extend(_read_page(page))
                page.close()  # frees the page's parsed objects
    except BadDocument:
        raise
    except PdfminerException as exc:
        raise _bad(exc.args[0] if exc.args else exc) from exc
    except Exception as exc:  # pdfminer raises many internal types on broken files
        raise _bad(exc) from exc

    lines = [item for item in items if isinstance(item, _Line)]
    if not lines and not any(isinstance(item, _Table) for item in items):
        raise BadDocument("no text could be extracted (is it a scanned PDF? run OCR first)")
    if _unmapped(lines):
        raise BadDocument(
            "the PDF's fonts carry no text mapping, so its text comes out as glyph numbers; "
            "re-export it with embedded Unicode fonts, or run OCR"
        )
    dropped = _running_lines(lines)
    items = [item for item in items if not (isinstance(item, _Line) and id(item) in dropped)]
    body = _body_size([item for item in items if isinstance(item, _Line)])
    blocks = _blocks(items, body, outline)
    elements = tuple(_element(block) for block in blocks)
    title = meta_title or _first_heading(elements)
    return _plain(blocks), elements, title


def _bad(exc: object) -> BadDocument:
    name = type(exc).__name__
    if "password" in name.lower() or "encrypt" in f"{name} {exc}".lower():
        return BadDocument("the PDF is encrypted; save an unprotected copy and add that")
    return BadDocument(f"the PDF is corrupt or unreadable ({exc or name}); re-export it")


def _meta_title(metadata: dict[str, Any]) -> str:
    value = metadata.get("Title")
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    title = " ".join(str(value or "").split())
    return "" if BAD_TITLES.match(title) else title


def _outline(pdf: Any) -> dict[str, int]:
    """The outline's entries as normalised title -> level (1 = top), or {} when none."""
    try:
        entries = list(pdf.doc.get_outlines())
    except Exception:  # no outline (PDFNoOutlines) or a broken one: use the fonts
        return {}
    levels: dict[str, int] = {}
    for entry in entries:
        level, title = entry[0], entry[1]
        if isinstance(title, str) and title.strip():
            levels.setdefault(_norm(title), int(level))
    return levels


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _read_page(page: Any) -> Iterator[_Line | _Table]:
    """The page's lines outside tables and its tables, top to bottom."""
    number = int(page.page_number)
    tables = []
    for found in page.find_tables():
        rows = [[_cell(cell) for cell in row] for row in found.extract()]
        rows = [row for row in rows if any(row)]
        if not rows or max(len(row) for row in rows) < 2:
            continue  # a frame around text, not a table: read its text as lines
        tables.append((found, rows))

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(
            t.bbox[0] <= x <= t.bbox[2] and t.bbox[1] <= y <= t.bbox[3] for t, _ in tables
        )

    view = page.filter(outside) if tables else page
    out: list[_Line | _Table] = []
    # Word gaps relative to the font size: a fixed 3 pt glues the words of TeX's tight
    # justified lines together ("Permissionisgranted").
    for raw in view.extract_text_lines(return_chars=True, x_tolerance_ratio=0.15):
        line = _line(raw, number, float(page.height), float(page.width))
        if line is not None:
            out.append(line)
    for found, rows in tables:
        out.append(_Table(number, float(found.bbox[1]), rows, _header_bold(page, found)))
    out.sort(key=lambda item: item.top)
    yield from out


def _line(raw: dict[str, Any], page: int, height: float, width: float) -> _Line | None:
    text = " ".join(raw["text"].translate(LIGATURES).split())
    chars = [c for c in raw["chars"] if c["text"].strip()]
    if not text or not chars:
        return None
    sizes = Counter(round(float(c["size"]) * 2) / 2 for c in chars)
    bold = sum(1 for c in chars if BOLD.search(str(c.get("fontname", "")))) > len(chars) / 2
    return _Line(
        page,
        float(raw["top"]),
        float(raw["bottom"]),
        float(raw["x0"]),
        float(raw["x1"]),
        text,
        sizes.most_common(1)[0][0],
        bold,
        height,
        width,
    )


def _cell(value: str | None) -> str:
    if not value:
        return ""
    return _join(value.translate(LIGATURES).splitlines())


def _header_bold(page: Any, table: Any) -> bool:
    """Whether the table's first row is set in bold, as headers usually are."""
    x0, top, x1, bottom = table.rows[0].bbox
    chars = [
        c
        for c in page.chars
        if c["text"].strip()
        and x0 <= (c["x0"] + c["x1"]) / 2 <= x1
        and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    ]
    return bool(chars) and all(BOLD.search(str(c.get("fontname", ""))) for c in chars)


def _unmapped(lines: list[_Line]) -> bool:
    text = " ".join(line.text for line in lines)
    return text.count("(cid:") > max(10, len(text.split()) // 5)


def _running_lines(lines: list[_Line]) -> set[int]:
    """ids of the lines that are running titles and page numbers: in a page's top or
    bottom margin, with the same text (digits aside) on at least half the pages, or on two
    or more when led or ended by a number that runs with the page, as a chapter's running
    title does ("Kapitel 2: Metode 14" on page 16; the number runs on three pages or more)."""
    pages = {line.page for line in lines}
    margin = [
        line
        for line in lines
        if line.top < MARGIN * line.page_height or line.bottom > (1 - MARGIN) * line.page_height
    ]

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", _norm(line.text))

    def offset(line: _Line) -> int | None:
        found = re.match(r"^(\d{1,4})\b", line.text) or re.search(r"\b(\d{1,4})$", line.text)
        return int(found.group(1)) - line.page if found else None

    on_pages: dict[str, set[int]] = {}
    by_offset: dict[int, set[int]] = {}
    sizes: dict[str, Counter[float]] = {}
    for line in margin:
        on_pages.setdefault(key(line), set()).add(line.page)
        sizes.setdefault(key(line), Counter())[line.size] += 1
        shift = offset(line)
        if shift is not None:
            by_offset.setdefault(shift, set()).add(line.page)
    repeated = {k for k, ps in on_pages.items() if len(ps) >= 2 and len(ps) >= len(pages) / 2}
    numbering = {shift for shift, ps in by_offset.items() if len(ps) >= 3}

    def running(line: _Line) -> bool:
        k = key(line)
        if line.size > sizes[k].most_common(1)[0][0] + 1:
            return False  # the title on page 1, set big, that the running title repeats
        return (
            k in repeated
            or bool(PAGE_NUMBER.match(line.text))
            or (len(on_pages[k]) >= 2 and offset(line) in numbering)
        )

    return {id(line) for line in margin if running(line)}


def _body_size(lines: list[_Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _is_heading(line: _Line, body: float) -> bool:
    if BULLET.match(line.text) or len(line.text.split()) > 25:
        return False
    if line.size >= body + 1:
        return True
    short = len(line.text.split()) <= 15 and not line.text.endswith((".", ",", ";"))
    return line.bold and line.size >= body - 0.5 and short


def _blocks(items: list[_Line | _Table], body: float, outline: dict[str, int]) -> list[_Block]:
    """Group the lines into headings, paragraphs and items, join tables across pages."""
    lines = [item for item in items if isinstance(item, _Line)]
    gap = _typical_gap(lines, body)
    blocks: list[_Block] = []
    page_start = 0  # index in blocks of the current page's first block
    page = 0
    for item in items:
        if item.page != page:
            page, page_start = item.page, len(blocks)
        if isinstance(item, _Table):
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
        block = _Block(kind, line.page, [line])
        block.footnote = kind == "paragraph" and _is_footnote(line, body)
        blocks.append(block)
    _keep_footnotes_at_foot(blocks)
    _merge_across_pages(blocks)
    _set_levels(blocks, outline)
    for block in blocks:
        if block.kind != "table":
            block.text = _join(line.text for line in block.lines)
            if block.kind == "item":
                block.text = BULLET.sub("", block.text, count=1)
    _take_captions(blocks)
    return [b for b in blocks if b.text or b.rows or any(b.header)]


def _typical_gap(lines: list[_Line], body: float) -> float:
    """The usual white space between two lines of one paragraph of body text."""
    gaps = [
        b.top - a.bottom
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and a.size == b.size == body and 0 <= b.top - a.bottom < 2 * body
    ]
    return statistics.median(gaps) if gaps else body * 0.3


def _continues(last: _Block, line: _Line, kind: str, body: float, gap: float) -> bool:
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


def _is_footnote(line: _Line, body: float) -> bool:
    return line.size <= body - 1 and line.top > 0.6 * line.page_height


def _keep_footnotes_at_foot(blocks: list[_Block]) -> None:
    """Small type is a footnote only at the foot of its page, below all else on it."""
    foot = True
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        if i == len(blocks) - 1 or blocks[i + 1].page != block.page:
            foot = True
        block.footnote = block.footnote and foot
        foot = foot and block.footnote


def _merge_across_pages(blocks: list[_Block]) -> None:
    """Join a paragraph cut by a page break: the last paragraph of a page does not end a
    sentence and the first block of the next page is a paragraph in lower case."""
    out: list[_Block] = []
    last: _Block | None = None  # the last block so far that is not a footnote
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


def _add_table(blocks: list[_Block], table: _Table, page_start: int) -> None:
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
        if [_norm(c) for c in rows[0]] == [_norm(c) for c in prev.header]:
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
        _Block(
            "table",
            table.page,
            header=rows[0],
            header_bold=table.header_bold,
            rows=rows[1:],
            row_pages=[table.page] * (len(rows) - 1),
        )
    )


def _set_levels(blocks: list[_Block], outline: dict[str, int]) -> None:
    """Heading levels by the rank of their (size, bold) style, 1 the biggest. With an
    outline, a heading found in it takes its level (its number aside: "2.1 Metode" is the
    entry "Metode" too), and one not found takes the level of its style's headings that
    were found, else one below the nearest bigger style's level."""
    headings = [b for b in blocks if b.kind == "heading"]
    styles = sorted({b.lines[0].style for b in headings}, key=lambda s: (-s[0], not s[1]))
    found: dict[tuple[float, bool], Counter[int]] = {}
    for block in headings:
        text = _norm(_join(line.text for line in block.lines))
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


def _take_captions(blocks: list[_Block]) -> None:
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


def _join(lines: Iterable[str]) -> str:
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


def _element(block: _Block) -> Element:
    if block.kind == "table":
        return Element(
            "table",
            block.text,
            page=block.page,
            header=block.header,
            rows=tuple(block.rows),
            row_pages=tuple(block.row_pages),
        )
    return Element(block.kind, block.text, level=block.level, page=block.page)


def _first_heading(elements: tuple[Element, ...]) -> str:
    headings = [e for e in elements if e.kind == "heading"]
    if not headings:
        return ""
    top = min(e.level for e in headings)
    first_page = [e for e in headings if e.page == headings[0].page]
    return next((e.text for e in first_page if e.level == top), headings[0].text)


def _plain(blocks: list[_Block]) -> str:
    """Every block's text, blank lines between; a table as its caption (unless that is
    the heading above it) and its " | "-joined header and rows, a line each."""
    parts = []
    for block in blocks:
        if block.kind != "table":
            parts.append(block.text)
            continue
        lines = [block.text] if block.caption_own else []
        lines += [" | ".join(row) for row in [block.header, *block.rows] if any(row)]
        parts.append("\n".join(lines))
    return "\n\n".join(p for p in parts if p)


__all__ = ["read_pdf"]
