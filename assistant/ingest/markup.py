"""Markdown, HTML and plain text -> structure (``Element``s in reading order).

- Markdown (markdown-it-py, the CommonMark parser with its table extension): headings,
  paragraphs, list items and pipe tables; emphasis, code and link markers are dropped
  from the text that is indexed and quoted.
- HTML (BeautifulSoup): headings, paragraphs, list items, ``<table>`` with its ``<th>``
  header, ``<dl>`` as "term: definition" items; navigation, scripts, styles, forms,
  asides and footers are dropped.
- Plain text: paragraphs at blank lines, ``#`` headings and bulleted lines. A raw PDF
  extraction (hyphenated line ends, page-break runs, private-use bullet glyphs) is left to
  the repair in ``cleaning``/``chunking`` instead (``looks_like_pdf_extraction``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from assistant.types import Element

# -- Markdown ----------------------------------------------------------------------------


def read_markdown(text: str) -> tuple[Element, ...]:
    """The elements of a Markdown text."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    return tuple(_markdown_elements(tokens))


def _markdown_elements(tokens: list[Any]) -> Iterator[Element]:
    i = 0
    in_item = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == "heading_open":
            yield Element("heading", _inline(tokens[i + 1]), level=int(token.tag[1]))
            i += 3
            continue
        if kind == "list_item_open":
            in_item += 1
        elif kind == "list_item_close":
            in_item -= 1
        elif kind == "inline" and tokens[i - 1].type == "paragraph_open":
            text = _inline(token)
            if text:
                yield Element("item" if in_item else "paragraph", text)
        elif kind in ("fence", "code_block") and token.content.strip():
            yield Element("paragraph", token.content.strip())
        elif kind == "table_open":
            table, i = _markdown_table(tokens, i)
            yield table
            continue
        i += 1


def _markdown_table(tokens: list[Any], start: int) -> tuple[Element, int]:
    header: list[str] = []
    rows: list[tuple[str, ...]] = []
    row: list[str] = []
    i = start
    in_head = False
    while tokens[i].type != "table_close":
        kind = tokens[i].type
        if kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind == "inline":
            row.append(_inline(tokens[i]))
        elif kind == "tr_close":
            if in_head:
                header = row
            elif any(row):
                rows.append(tuple(row))
        i += 1
    return Element("table", header=tuple(header), rows=tuple(rows)), i + 1


def _inline(token: Any) -> str:
    """An inline token's text without emphasis, code or link markup."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return " ".join("".join(parts).split())


# -- HTML --------------------------------------------------------------------------------

DROP = ("script", "style", "nav", "footer", "aside", "noscript", "form", "template")
HEADINGS = {f"h{n}": n for n in range(1, 7)}


def read_html(text: str) -> tuple[tuple[Element, ...], str]:
    """The elements of an HTML page, and its ``<title>``."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    title = " ".join(soup.title.get_text(" ").split()) if soup.title else ""
    for tag in soup(list(DROP)):
        tag.decompose()
    root = soup.body or soup
    return tuple(_html_elements(root)), title


def _html_elements(node: Any) -> Iterator[Element]:
    for child in getattr(node, "children", []):
        name = getattr(child, "name", None)
        if name is None:  # loose text in a container
            text = " ".join(str(child).split())
            if text and not _is_comment(child):
                yield Element("paragraph", text)
        elif name in HEADINGS:
            yield Element("heading", _text(child), level=HEADINGS[name])
        elif name in ("p", "pre", "blockquote") and not child.find(["table", "ul", "ol"]):
            if _text(child):
                yield Element("paragraph", _text(child))
        elif name in ("ul", "ol"):
            yield from _html_list(child)
        elif name == "dl":
            yield from _html_definitions(child)
        elif name == "table":
            yield _html_table(child)
        else:
            yield from _html_elements(child)


def _is_comment(node: Any) -> bool:
    return type(node).__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction")


BLOCK_TAGS = ("p", "div", "li", "tr", "td", "th", "dt", "dd", "pre", *HEADINGS)


def _text(node: Any) -> str:
    """The node's text: inline markup joins without spaces ("<a>sekretariatet</a>." stays
    one word and its full stop); line breaks and block boundaries become spaces."""
    for br in node.find_all("br"):
        br.replace_with(" ")
    for block in node.find_all(BLOCK_TAGS):
        block.insert_before(" ")
        block.insert_after(" ")
    return " ".join(node.get_text("").split())


def _html_list(node: Any) -> Iterator[Element]:
    for item in node.find_all("li", recursive=False):
        nested = item.find_all(["ul", "ol"], recursive=False)
        for sub in nested:
            sub.extract()
        if _text(item):
            yield Element("item", _text(item))
        for sub in nested:
            yield from _html_list(sub)


def _html_definitions(node: Any) -> Iterator[Element]:
    term = ""
    for child in node.find_all(["dt", "dd"]):
        if child.name == "dt":
            term = _text(child)
        elif _text(child):
            yield Element("item", f"{term}: {_text(child)}" if term else _text(child))


def _html_table(node: Any) -> Element:
    caption = _text(node.caption) if node.caption else ""
    header: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = []
    for tr in node.find_all("tr"):
        cells = tr.find_all(["th", "td"])
        values = tuple(_text(c) for c in cells)
        if not header and cells and all(c.name == "th" for c in cells):
            header = values
        elif any(values):
            rows.append(values)
    return Element("table", caption, header=header, rows=tuple(rows))


# -- plain text --------------------------------------------------------------------------

HYPHENATED = re.compile(r"\w-[ \t]*\n[ \t]*[a-zæøå]")  # "udvik-\nlings": a word cut by a line
PAGE_BREAK = re.compile(r"\n[ \t]*\n[ \t]*\n[ \t]*\n")  # three blank lines or more
PRIVATE_GLYPH = re.compile("[\uf000-\uf8ff]")  # bullets from a PDF's private-use font
BULLET = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+(.*)$")
MD_HEADING = re.compile(r"^(#{1,6})\s+(.+)$")


def looks_like_pdf_extraction(text: str) -> bool:
    """Whether plain text is a raw PDF extraction: words hyphenated across line ends, runs
    of blank lines where pages broke, or glyphs of a PDF's private-use font. Text written
    as text has none of these (a few cut words at most)."""
    lines = max(1, text.count("\n"))
    cut_words = len(HYPHENATED.findall(text))
    return (
        cut_words >= max(3, lines // 200)
        or bool(PAGE_BREAK.search(text))
        or bool(PRIVATE_GLYPH.search(text))
    )


def read_plain(text: str) -> tuple[Element, ...]:
    """Paragraphs (lines joined), ``#`` headings and bulleted lines of plain text."""
    out: list[Element] = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        prose: list[str] = []
        for line in lines:
            heading, bullet = MD_HEADING.match(line), BULLET.match(line)
            if heading or bullet:
                if prose:
                    out.append(Element("paragraph", " ".join(prose)))
                    prose = []
                if heading:
                    out.append(Element("heading", heading.group(2), level=len(heading.group(1))))
                elif bullet:
                    out.append(Element("item", bullet.group(1)))
            else:
                prose.append(line)
        if prose:
            out.append(Element("paragraph", " ".join(prose)))
    return tuple(out)
