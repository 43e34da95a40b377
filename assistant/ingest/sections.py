"""Structure -> Chunks: section paths from headings, a passage per table row, prose split
at sentences, and the page of every sentence.

Headings set the section path (a level-2 heading replaces the previous level-2 and what is
under it). Paragraphs and list items of one section are joined and split at Danish
sentence boundaries into passages of about ``chunk_chars`` characters. Every body row of
every table is one passage that carries its column headers: "Caption — Header: value;
Header: value", so a row is quoted as one unit and a cell never without its header.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from assistant.ingest.sentences import sentence_pieces, split_sentences
from assistant.types import Chunk, Document, Element

SEP = " › "
ROW_PREFIX = " — "  # between a table's caption and the row's cells
CELL = "; "  # between a row's cells


@dataclass(frozen=True)
class Piece:
    """A run of text with one section path and kind, before splitting; ``starts`` holds
    (offset in ``text``, page) for each element joined into it."""

    section: tuple[str, ...]
    kind: str
    text: str
    starts: tuple[tuple[int, int | None], ...]


def chunk_elements(doc: Document, chunk_chars: int) -> list[Chunk]:
    """All chunks of a structured document, in reading order, with stable ids."""
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for piece in _pieces(doc.elements):
        for text, offset in split(piece, chunk_chars):
            chunks.append(_chunk(doc, piece, text, offset, seen))
    return chunks


def _pieces(elements: tuple[Element, ...]) -> Iterator[Piece]:
    path: list[str] = []
    prose: list[Element] = []
    for element in elements:
        if element.kind == "heading":
            yield from _prose(path, prose)
            prose = []
            level = max(1, element.level)
            path = [*path[: level - 1], element.text]
        elif element.kind == "table":
            yield from _prose(path, prose)
            prose = []
            yield from _rows(path, element)
        elif element.text.strip():
            prose.append(element)
    yield from _prose(path, prose)


def _prose(path: list[str], elements: list[Element]) -> Iterator[Piece]:
    if not elements:
        return
    starts: list[tuple[int, int | None]] = []
    offset = 0
    for element in elements:
        starts.append((offset, element.page))
        offset += len(element.text) + 2
    text = "\n\n".join(e.text for e in elements)
    yield Piece(tuple(path), "text", text, tuple(starts))


def _rows(path: list[str], table: Element) -> Iterator[Piece]:
    caption = table.text.strip() or (path[-1] if path else "")
    for i, row in enumerate(table.rows):
        page = table.row_pages[i] if i < len(table.row_pages) else table.page
        yield Piece(tuple(path), "table_row", row_text(caption, table.header, row), ((0, page),))


def row_text(caption: str, header: tuple[str, ...], row: tuple[str, ...]) -> str:
    """ "Caption — Header: value; Header: value" (empty cells left out)."""
    cells = []
    for i, value in enumerate(row):
        if not value.strip():
            continue
        name = header[i].strip() if i < len(header) and header[i].strip() else ""
        cells.append(f"{name}: {value}" if name else value)
    body = CELL.join(cells)
    return f"{caption}{ROW_PREFIX}{body}" if caption else body


def split(piece: Piece, chunk_chars: int) -> list[tuple[str, int]]:
    """The passages of a piece with their offsets in it."""
    if piece.kind == "table_row" or len(piece.text) <= chunk_chars:
        return [(piece.text, 0)]
    out: list[tuple[str, int]] = []
    cursor = 0
    for text in splitter(chunk_chars).split_text(piece.text):
        found = piece.text.find(text, cursor)
        offset = found if found >= 0 else cursor
        out.append((text, offset))
        cursor = offset + len(text) if found >= 0 else cursor
    return out


def _chunk(doc: Document, piece: Piece, text: str, offset: int, seen: dict[str, int]) -> Chunk:
    section = SEP.join(piece.section)
    sentences = (text,) if piece.kind == "table_row" else tuple(split_sentences(text))
    pages = tuple(_page(piece, offset + max(0, text.find(s))) for s in sentences)
    return Chunk(
        id=chunk_id(doc.doc_id, doc.sha256, section, text, seen),
        doc_id=doc.doc_id,
        text=text,
        section=section,
        page=_page(piece, offset),
        kind=piece.kind,
        sentences=sentences,
        meta=dict(doc.meta),
        sentence_pages=pages if any(p is not None for p in pages) else (),
    )


def _page(piece: Piece, offset: int) -> int | None:
    page = piece.starts[0][1] if piece.starts else None
    for start, number in piece.starts:
        if start > offset:
            break
        page = number
    return page


def chunk_id(doc_id: str, version: str, section: str, text: str, seen: dict[str, int]) -> str:
    """A content hash of one version of a document, stable across runs; repeats in one
    document get a suffix. The version (the document's hash) is part of it: a passage
    whose text a new version keeps is stored again as that version's, with its sha, or
    it would stay stamped with the old one and the committed-version filter would hide
    it (its vector comes from the embedding cache, not the model)."""
    key = f"{doc_id}\0{version}\0{section}\0{text}"
    base = hashlib.sha256(key.encode()).hexdigest()[:20]
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


@lru_cache(maxsize=4)
def splitter(chunk_chars: int):  # type: ignore[no-untyped-def]
    """llama-index's SentenceSplitter sized in characters, cutting at Danish sentences."""
    from llama_index.core.node_parser import SentenceSplitter

    # Sizes are in characters (tokenizer=list), and sentences are cut by the Danish punkt
    # model instead of llama-index's English default.
    return SentenceSplitter(
        chunk_size=chunk_chars,
        chunk_overlap=0,
        tokenizer=list,
        paragraph_separator="\n\n",
        chunking_tokenizer_fn=sentence_pieces,
    )
