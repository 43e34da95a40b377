"""PDF -> structure: headings, paragraphs, list items and tables in reading order, each
with its page, and the document's title. The one home of pdfplumber (on pdfminer.six):
this module opens the file, turns its errors into BadDocument, reads each page's words
and tables into plain records, and makes Elements of the blocks that ``pdf_running``
(running titles, page numbers) and ``pdf_layout`` (headings, paragraphs, lists,
footnotes, tables across pages) find in them.

Chosen over pypdfium2 after measuring both (benchmarks/pdf_libraries.md): pdfplumber gives
every character's font and size, and finds ruled tables and their cells; pypdfium2 is
faster but has no table finder.

How a page is read:
- Tables come from pdfplumber's table finder (ruled tables). Text inside a table is not
  read again as lines.
- The other characters are grouped into lines, each with its most common font size and
  whether it is bold; a PDF's title is its metadata title, else its first top heading.
Not handled: scanned pages (no OCR), tables drawn without rules, multi-row table headers,
and text in two or more columns (lines across columns are read as one).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from assistant.errors import BadDocument
from assistant.ingest.pdf_layout import (
    Block,
    Line,
    Table,
    body_size,
    build_blocks,
    join_lines,
    norm,
)
from assistant.ingest.pdf_running import running_lines
from assistant.types import Element

# Weight words in PostScript font names ("Helvetica-Bold", "Arial,Bold", "MyriadPro-Semibold").
BOLD = re.compile(r"bold|black|heavy|semibold|demi|[-,]bd\b", re.IGNORECASE)
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "\u00a0": " "})
# Placeholder titles that authoring tools write into the metadata, not the author's title.
BAD_TITLES = re.compile(r"^(untitled|unknown|microsoft word - .*|.*\.(docx?|pdf|indd|odt))$", re.I)


def read_pdf(data: bytes) -> tuple[str, tuple[Element, ...], str]:
    """(plain text, elements in reading order, title) of a PDF; BadDocument when it cannot
    be read (corrupt, encrypted, no text, or fonts without a text mapping)."""
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            meta_title = _meta_title(pdf.metadata)
            outline = _outline(pdf)
            items: list[Line | Table] = []
            for page in pdf.pages:
                items.extend(_read_page(page))
                page.close()  # frees the page's parsed objects
    except BadDocument:
        raise
    except PdfminerException as exc:
        raise _bad(exc.args[0] if exc.args else exc) from exc
    except Exception as exc:  # pdfminer raises many internal types on broken files
        raise _bad(exc) from exc

    lines = [item for item in items if isinstance(item, Line)]
    if not lines and not any(isinstance(item, Table) for item in items):
        raise BadDocument("no text could be extracted (is it a scanned PDF? run OCR first)")
    if _unmapped(lines):
        raise BadDocument(
            "the PDF's fonts carry no text mapping, so its text comes out as glyph numbers; "
            "re-export it with embedded Unicode fonts, or run OCR"
        )
    dropped = running_lines(lines)
    items = [item for item in items if not (isinstance(item, Line) and id(item) in dropped)]
    body = body_size([item for item in items if isinstance(item, Line)])
    blocks = build_blocks(items, body, outline)
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
            levels.setdefault(norm(title), int(level))
    return levels


def _read_page(page: Any) -> Iterator[Line | Table]:
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
    out: list[Line | Table] = []
    # Word gaps relative to the font size: a fixed 3 pt glues the words of TeX's tight
    # justified lines together ("Permissionisgranted").
    for raw in view.extract_text_lines(return_chars=True, x_tolerance_ratio=0.15):
        line = _line(raw, number, float(page.height), float(page.width))
        if line is not None:
            out.append(line)
    for found, rows in tables:
        out.append(Table(number, float(found.bbox[1]), rows, _header_bold(page, found)))
    out.sort(key=lambda item: item.top)
    yield from out


def _line(raw: dict[str, Any], page: int, height: float, width: float) -> Line | None:
    text = " ".join(raw["text"].translate(LIGATURES).split())
    chars = [c for c in raw["chars"] if c["text"].strip()]
    if not text or not chars:
        return None
    sizes = Counter(round(float(c["size"]) * 2) / 2 for c in chars)
    bold = sum(1 for c in chars if BOLD.search(str(c.get("fontname", "")))) > len(chars) / 2
    return Line(
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
    return join_lines(value.translate(LIGATURES).splitlines())


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


def _unmapped(lines: list[Line]) -> bool:
    text = " ".join(line.text for line in lines)
    return text.count("(cid:") > max(10, len(text.split()) // 5)


def _element(block: Block) -> Element:
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


def _plain(blocks: list[Block]) -> str:
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
