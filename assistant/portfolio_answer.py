"""PortfolioResult -> Answer: cite every row used, check stated totals, mix with documents.

Each row used becomes a citation whose text is that row. When the row comes from a table
in an indexed document, the citation also points to that table row's passage, so the UI
opens the exact place in the source. When the computed total of a whole kind (say the
pipeline) differs from a total the documents state, the answer says so and cites both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .portfolio import PortfolioRow
from .portfolio_qa import WORDS, PortfolioQuery, PortfolioResult, fmt, stated_total
from .types import Answer, Citation, Hit

Search = Callable[[str], list[Hit]]


@dataclass(frozen=True)
class Source:
    """The indexed passage of a table row: where a row's citation opens."""

    chunk_id: str
    doc: str
    title: str
    section: str
    page: int | None


def row_citation(n: int, row: PortfolioRow, source: Source | None) -> Citation:
    """The citation for one row; its text is the row."""
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
    section = f"{source.section} › {row.name}"
    return Citation(n, source.doc, source.title, section, source.page, text, text, source.chunk_id)


def find_source(
    row: PortfolioRow, sources: dict[str, Source], texts: dict[str, str]
) -> Source | None:
    """The table-row passage naming this row (``texts``: chunk id -> text)."""
    needle = f": {row.name}."
    for chunk_id, text in texts.items():
        if needle in text and (not row.source_doc or sources[chunk_id].doc == row.source_doc):
            return sources[chunk_id]
    return None


def stated_note(
    query: PortfolioQuery, result: PortfolioResult, language: str, search: Search, n: int
) -> tuple[str, Citation | None]:
    """A note comparing a whole kind's computed total with a total the documents state."""
    kind = query.whole_kind
    if kind is None or result.total is None or query.measure != "total":
        return "", None
    for hit in search(f"{kind} samlet beløb mio. kr."):
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
            cite = Citation(
                n,
                hit.chunk.doc_id,
                hit.chunk.meta.get("title", hit.chunk.doc_id),
                hit.chunk.section,
                hit.chunk.page,
                hit.chunk.text,
                sentence,
                hit.chunk.id,
            )
            return note, cite
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
