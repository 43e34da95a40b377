"""DOCX -> structure: the body walked in order, paragraphs and tables interleaved.

A table therefore stays under the clause it belongs to. Sections come from heading
styles ("Heading N", "Title") and from numbered clause lines ("§ 6 Betaling", "6.
Betaling", "6.2 Forfald"): short lines that open with a clause number and do not end as
a sentence. List styles become list items. A table's first row is its header.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from assistant.errors import BadDocument
from assistant.types import Element

# A numbered clause heading: "§ 6", "§6.", "6.", "6.2" then a title, short, no full stop.
CLAUSE = re.compile(r"^(?:§\s*\d+[a-z]?\.?|\d+(?:\.\d+)*\.?)\s+\S.{0,80}$")
MAX_CLAUSE_CHARS = 90


def read_docx(data: bytes) -> tuple[tuple[Element, ...], str]:
    """The elements of a DOCX body and its title (core properties, else the Title style)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as exc:
        raise BadDocument(f"the DOCX is corrupt ({exc}); re-save it from Word") from exc
    except Exception as exc:  # zipfile.BadZipFile and lxml errors
        raise BadDocument(f"the DOCX is corrupt ({exc}); re-save it from Word") from exc
    elements = tuple(_body(document))
    title = (document.core_properties.title or "").strip()
    return elements, title


def _body(document: Any) -> Iterator[Element]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    clause_levels: dict[int, int] = {}  # clause depth -> the level its styled headings use
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            element = _paragraph(Paragraph(child, document), clause_levels)
            if element is not None:
                yield element
        elif tag == "tbl":
            yield _table(Table(child, document))


def _paragraph(paragraph: Any, clause_levels: dict[int, int]) -> Element | None:
    """A paragraph as a heading, list item or paragraph. A clause line without a heading
    style takes the level that styled clauses of its depth have in this document."""
    text = " ".join(paragraph.text.split())
    if not text:
        return None
    style = (getattr(paragraph.style, "name", "") or "").strip()
    depth = text.split()[0].rstrip(".").count(".")  # "§ 6"/"6" -> 0, "6.2" -> 1
    if style == "Title":
        return Element("heading", text, level=1)
    if style.startswith("Heading") and style[-1:].isdigit():
        if _is_clause(text):
            clause_levels.setdefault(depth, int(style[-1]))
        return Element("heading", text, level=int(style[-1]))
    if _is_clause(text):
        return Element("heading", text, level=clause_levels.get(depth, 2 + depth))
    if style.startswith("List"):
        return Element("item", text)
    return Element("paragraph", text)


def _is_clause(text: str) -> bool:
    return (
        len(text) <= MAX_CLAUSE_CHARS
        and bool(CLAUSE.match(text))
        and not text.endswith((".", ":", ";", ","))
    )


def _table(table: Any) -> Element:
    rows = [_cells(row) for row in table.rows]
    rows = [r for r in rows if any(r)]
    if not rows:
        return Element("table")
    return Element("table", header=rows[0], rows=tuple(rows[1:]))


def _cells(row: Any) -> tuple[str, ...]:
    """A row's cell texts; a merged cell (python-docx repeats it) counts once."""
    out: list[str] = []
    previous = None
    for cell in row.cells:
        if cell._tc is previous:
            continue
        previous = cell._tc
        out.append(" ".join(cell.text.split()))
    return tuple(out)
