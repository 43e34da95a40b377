"""PortfolioResult -> Answer: cite every row used, check stated totals, mix with documents.

Each row used becomes a citation whose text is that row. When the row comes from a table
in an indexed document, the citation also points to that table row's passage, so the UI
opens the exact place in the source. When the computed total of a whole kind (say the
pipeline) differs from a total the documents state, the answer says so and cites both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from .answer import citation
from .portfolio import PortfolioRow
from .portfolio_qa import KIND_TEXT_WORD, WORDS, PortfolioQuery, PortfolioResult, fmt, stated_total
from .types import Answer, Chunk, Citation, Hit

Search = Callable[[str], list[Hit]]


def row_citation(n: int, row: PortfolioRow, source: Chunk | None) -> Citation:
    """The citation for one row; its text is the row. It opens at ``source``, the row's
    table-row passage in an indexed document, when there is one."""
    text = row.text()
    if source is None:
        section = f"{row.source_table} › {row.name}" if row.source_table else f"linje {row.line}"
        return Citation(
            n=n,
            doc=row.source_doc or row.file,
            title=row.file,
            section=section,
            page=None,
            text=text,
            quote=text,
            chunk_id=f"portfolio:{row.file}:{row.line}",
        )
    return Citation(
        n=n,
        doc=source.doc_id,
        title=source.meta.get("title", source.doc_id),
        section=f"{source.section} › {row.name}",
        page=source.page,
        text=text,
        quote=text,
        chunk_id=source.id,
    )


def row_sources(
    rows: Sequence[PortfolioRow], table_rows: Sequence[Chunk]
) -> dict[PortfolioRow, Chunk]:
    """Each row's table-row passage: the one that names it, in its source document."""
    out: dict[PortfolioRow, Chunk] = {}
    for row in rows:
        needle = f": {row.name}."
        for chunk in table_rows:
            if needle in chunk.text and (not row.source_doc or chunk.doc_id == row.source_doc):
                out[row] = chunk
                break
    return out


def stated_note(
    query: PortfolioQuery, result: PortfolioResult, language: str, search: Search, n: int
) -> tuple[str, Citation | None]:
    """A note comparing a whole kind's computed total with a total the documents state."""
    kind = query.whole_kind
    if kind is None or result.total is None or query.measure != "total":
        return "", None
    for hit in search(f"{KIND_TEXT_WORD[kind]} samlet beløb mio. kr."):
        if hit.chunk.kind == "table_row":
            continue
        for sentence in hit.chunk.sentences:
            stated = stated_total(kind, sentence)
            if stated is None:
                continue
            key = "note_agrees" if stated == result.total else "note_differs"
            note = WORDS[language][key].format(
                sentence=sentence, n=n, total=fmt(result.total, language)
            )
            return note, citation(n, hit, sentence)
    return "", None


def combine(first: Answer | None, second: Answer) -> Answer:
    """Two answers as one (a question asking two things): the second renumbered after."""
    if first is None:
        return second
    offset = len(first.citations)
    text = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", second.text)
    moved = tuple(replace(c, n=c.n + offset) for c in second.citations)
    return replace(
        first,
        text=f"{first.text}\n\n{text}",
        citations=first.citations + moved,
        closest=first.closest or second.closest,
        source="mixed" if second.source != first.source else first.source,
    )


def build(
    result: PortfolioResult,
    citations: Sequence[Citation],
    note: str,
    note_citation: Citation | None,
    language: str,
) -> Answer:
    """The Answer for a computed result."""
    cites = tuple(citations) + ((note_citation,) if note_citation else ())
    text = f"{result.text}\n\n{note}" if note else result.text
    return Answer(text=text, citations=cites, refused=False, language=language, source="portfolio")
