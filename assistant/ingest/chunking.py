"""Document -> Chunk list: cleanup, sections, table rows, Danish sentence-aware chunks.

A document with structure (``Document.elements``: PDF, DOCX, HTML, Markdown, plain text)
is chunked by ``sections``. The rest of this module repairs a raw PDF extraction given as
plain text, such as the shipped appendix. Its sections come from markdown headings (docx/html/md) and from the patterns of the DSI
documents: "Bilag N: …" appendices, "Model N: …" and "Tabel N: …" titles, short standalone
heading lines, "Label: text" examples, and narrow boxed text. Tables whose cells carry
amounts are rebuilt row by row (see ``tables``); every other block is prose, merged within
its section and split at sentence boundaries to about ``chunk_chars`` characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.ingest.cleaning import Block, blocks, hyphen_vocabulary, join_lines, normalise
from assistant.ingest.sections import SEP, chunk_elements, chunk_id, splitter
from assistant.ingest.sentences import split_sentences
from assistant.ingest.tables import TABLE_TITLE, parse_rows
from assistant.types import Chunk, Document

APPENDIX = re.compile(r"^(Bilag\s+\d+)\s*:\s*(.+)$")
NUMBERED = re.compile(r"^((?:Model|Boks|Kapitel|Afsnit)\s+\d+)\s*:\s*(.+)$")
LABELLED = re.compile(r"^(?:\d+\.\s+)?([A-ZÆØÅ][^.:\n]{3,70}):\s+\S")
MARKDOWN = re.compile(r"^(#{1,6})\s+(.+)$")
PROSE_WIDTH = 90
SMALL_PIECE = 200  # a table ends at the first full-width prose line


@dataclass(frozen=True)
class _Piece:
    """A run of text with one section path and kind, before splitting."""

    section: tuple[str, ...]
    kind: str
    text: str
    start: int


def chunk_document(doc: Document, chunk_chars: int = 700) -> list[Chunk]:
    """All chunks of one document, in reading order, with stable ids."""
    if doc.elements:
        return chunk_elements(doc, chunk_chars)
    text = normalise(doc.text)
    vocab = hyphen_vocabulary(text)
    pieces = list(_pieces(blocks(text), vocab))
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for piece in _merge(pieces):
        for part in _split(piece, chunk_chars):
            chunks.append(_make_chunk(doc, piece, part, seen))
    return chunks


def _make_chunk(doc: Document, piece: _Piece, text: str, seen: dict[str, int]) -> Chunk:
    section = SEP.join(piece.section)
    sentences = (text,) if piece.kind == "table_row" else tuple(split_sentences(text))
    return Chunk(
        id=chunk_id(doc.doc_id, doc.sha256, section, text, seen),
        doc_id=doc.doc_id,
        text=text,
        section=section,
        page=_page_at(doc, piece.start),
        kind=piece.kind,
        sentences=sentences,
        meta=dict(doc.meta),
    )


def _page_at(doc: Document, offset: int) -> int | None:
    page = None
    for start, number in doc.pages:
        if start > offset:
            break
        page = number
    return page


def _pieces(items: list[Block], vocab: set[str]) -> Iterator[_Piece]:
    """Walk the blocks, tracking the section path, and yield text, box and row pieces."""
    path: list[str] = []
    width = _typical_width(items)
    i = 0
    while i < len(items):
        block = items[i]
        heading = _heading(items, i, vocab)
        if heading is not None:
            level, title, body_lines = heading
            path = [*path[: level - 1], title]
            if TABLE_TITLE.match(title):
                rows, end = _table(title, items, i + 1, vocab)
                if rows:
                    yield from (_Piece((*path,), "table_row", r, s) for r, s in rows)
                    path = path[:-1]
                    i = end
                    continue
            if body_lines:
                block = Block(tuple(body_lines), block.start, block.page_break_before)
            else:
                i += 1
                continue
        yield _prose(block, path, width, vocab)
        i += 1


def _prose(block: Block, path: list[str], width: int, vocab: set[str]) -> _Piece:
    text = join_lines(block.lines, vocab)
    section = tuple(path)
    label = LABELLED.match(text)
    if label and not APPENDIX.match(text):
        section = (*section, label.group(1).strip())
    narrow = len(block.lines) >= 3 and max(len(x) for x in block.lines) < 0.7 * width
    return _Piece(section, "box" if narrow else "text", text, block.start)


def _typical_width(items: list[Block]) -> int:
    widths = sorted(len(line) for b in items for line in b.lines)
    return widths[int(len(widths) * 0.9)] if widths else 100


def _heading(items: list[Block], i: int, vocab: set[str]) -> tuple[int, str, list[str]] | None:
    """(level, title, remaining body lines) when block ``i`` opens a section."""
    lines = [line.strip() for line in items[i].lines]
    md = MARKDOWN.match(lines[0])
    if md:
        return len(md.group(1)), md.group(2).strip(), lines[1:]
    title_lines = _title_lines(lines)
    title = join_lines(lines[:title_lines], vocab)
    body = lines[title_lines:]
    nxt = items[i + 1].first if i + 1 < len(items) else ""
    if APPENDIX.match(title):
        if not body and APPENDIX.match(nxt):
            return None  # a line of a table of contents, not a heading
        return 1, title, body
    if NUMBERED.match(title) or TABLE_TITLE.match(title):
        return 2, title, body
    if len(lines) == 1 and _standalone_heading(lines[0], nxt):
        return 2, lines[0], []
    if (
        len(lines) > 2
        and len(lines[0]) < 0.6 * len(lines[1])
        and _standalone_heading(lines[0], lines[1])
    ):
        return 2, lines[0], lines[1:]  # a short line over a wrapped paragraph is its heading
    return None


def _title_lines(lines: list[str]) -> int:
    """A heading that wraps ends its first line with a hyphen: take the next line too."""
    return 2 if len(lines) > 1 and lines[0].endswith("-") and len(lines[1]) < 40 else 1


def _standalone_heading(line: str, nxt: str) -> bool:
    return (
        4 <= len(line) <= 80
        and line[0].isupper()
        and not line.endswith((".", ",", ":", ";", "-"))
        and len(nxt) >= 55
        and not line.startswith("•")
    )


def _table(
    title: str, items: list[Block], start: int, vocab: set[str]
) -> tuple[list[tuple[str, int]], int]:
    """Row texts with offsets, and the index of the first block after the table."""
    end = start
    while end < len(items) and not _ends_table(items[end]):
        end += 1
    rows, labels = parse_rows(title, items[start:end], vocab)
    return [(row.text(labels), row.start) for row in rows], end


def _ends_table(block: Block) -> bool:
    first = block.first
    return len(first) > PROSE_WIDTH or bool(APPENDIX.match(first) or MARKDOWN.match(first))


def _merge(pieces: list[_Piece]) -> Iterator[_Piece]:
    """Join consecutive prose pieces of one section and kind into one run of paragraphs."""
    current: _Piece | None = None
    for piece in pieces:
        if piece.kind == "table_row":  # a row always stands alone
            if current is not None:
                yield current
            current = None
            yield piece
        elif current is not None and _mergeable(current, piece):
            text = f"{current.text}\n\n{piece.text}"
            current = _Piece(current.section, current.kind, text, current.start)
        else:
            if current is not None:
                yield current
            current = piece
    if current is not None:
        yield current


def _mergeable(a: _Piece, b: _Piece) -> bool:
    """Same section, and same kind unless one side is a fragment (a table cell, a bullet)."""
    small = min(len(a.text), len(b.text)) < SMALL_PIECE
    return a.section == b.section and (a.kind == b.kind or small)


def _split(piece: _Piece, chunk_chars: int) -> list[str]:
    if piece.kind == "table_row" or len(piece.text) <= chunk_chars:
        return [piece.text]
    return list(splitter(chunk_chars).split_text(piece.text))
