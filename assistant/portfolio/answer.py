"""PortfolioResult -> Answer: cite every row used, check stated totals, mix with documents.

Each row used becomes a citation whose text is that row. When the row stands in a table
of an indexed document (``verify``), the citation also points to that table row's passage,
so the UI opens the exact place in the source. A row that does not is marked unverified and
cites only its CSV line: a row's own ``source_doc`` is a claim, not a source. When the
computed total of a whole kind (say the pipeline) differs from a total the documents state,
the answer says so and cites both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal

from assistant.answer.citations import citation
from assistant.portfolio.compute import PortfolioResult, fmt, stated_total, texts
from assistant.portfolio.data import KIND_LABEL_DA, PortfolioRow
from assistant.portfolio.understand import PortfolioQuery
from assistant.types import Answer, Chunk, Citation, Hit

Passages = Callable[[str], list[Hit]]  # a document id -> its passages, in reading order
# Verification reads table-row passages in the one form ``tables.py`` writes them: "<table>
# – <group>: <name>. … 23,2 mio. kr. (DSI’s andel: 11,6 mio. kr.)". The words are that
# module's labels, which DSI's action-plan tables use (``tables.SHARE_LABEL``, the group
# headings in ``portfolio.KIND_LABEL_DA``), not a vocabulary. A row from a table written
# another way does not verify and is shown as unverified: the safe side. Reading any
# investment table is issue 13's work.
AMOUNT = r"(\d+(?:[.,]\d+)?)\s*mio\.\s*kr\."
SHARE = re.compile(rf"andel:?\s*{AMOUNT}", re.I)


def row_citation(n: int, row: PortfolioRow, source: Chunk | None) -> Citation:
    """The citation for one row; its text is the row. It opens at ``source``, the row's
    table-row passage in an indexed document, when there is one."""
    text = row.text()
    if source is None:
        return Citation(
            n=n,
            doc=row.file,
            title=row.file,
            section=f"linje {row.line} › {row.name}",
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


def verify(
    rows: Sequence[PortfolioRow], table_rows: Sequence[Chunk]
) -> tuple[tuple[PortfolioRow, ...], dict[PortfolioRow, Chunk]]:
    """The rows, each marked verified when it stands in a table row of its source
    document, and the passage of each verified row (the only passages rows cite)."""
    numbers = _row_numbers(table_rows)
    checked: list[PortfolioRow] = []
    sources: dict[PortfolioRow, Chunk] = {}
    for row in rows:
        found = (c for c in table_rows if _stands_in(row, c, numbers[c.id]))
        source = next(found, None)
        checked.append(replace(row, verified=source is not None))
        if source is not None:
            sources[checked[-1]] = source
    return tuple(checked), sources


def _row_numbers(table_rows: Sequence[Chunk]) -> dict[str, int]:
    """Each table-row passage's row number in its table (the index keeps a document's
    chunks in document order)."""
    counts: dict[tuple[str, str], int] = {}
    out: dict[str, int] = {}
    for chunk in table_rows:
        key = (chunk.doc_id, chunk.section)
        counts[key] = out[chunk.id] = counts.get(key, 0) + 1
    return out


def _stands_in(row: PortfolioRow, chunk: Chunk, number: int) -> bool:
    """Whether ``chunk`` is the row: in its source document and table, at its row number
    (each where given), named as it, under its kind, and stating each of its figures.
    A row without figures (an advisory partnership) verifies by the rest."""
    title = chunk.section.split(" › ")[-1]
    head = re.match(rf"{re.escape(title)}(?: – ([^:]*))?: {re.escape(row.name)}\.", chunk.text)
    if head is None or not row.source_doc or chunk.doc_id != row.source_doc:
        return False
    heading = head.group(1) or title  # the group ("Udviklingspartnerskaber"), else the table
    return (
        KIND_LABEL_DA[row.kind].lower() in heading.lower()
        and _in_table(row.source_table, title)
        and row.source_row in (None, number)
        and _states(row, chunk.text[head.end() :])
    )


def _in_table(table: str, title: str) -> bool:
    """Whether a table titled ``title`` is ``table`` ("Tabel 1", not "Tabel 12"); any
    table is when the row names none."""
    return not table or re.match(rf"{re.escape(table)}\b", title) is not None


def _states(row: PortfolioRow, text: str) -> bool:
    """Whether a table row's text (after its name) states the row's sum and DSI share."""
    total = re.search(AMOUNT, text)
    share = SHARE.search(text)
    return (row.total is None or (total is not None and _amount(total) == row.total)) and (
        row.share is None or (share is not None and _amount(share) == row.share)
    )


def _amount(match: re.Match[str]) -> Decimal:
    return Decimal(match.group(1).replace(",", "."))


def stated_note(
    query: PortfolioQuery, result: PortfolioResult, language: str, passages: Passages, n: int
) -> tuple[str, Citation | None]:
    """A note comparing a whole kind's computed total with a total the documents state,
    only in the document all the rows come from: figures of different documents are of
    different dates or sets, never a contradiction (issue 13)."""
    kind = query.whole_kind
    if query.op in ("max", "min", "percent"):
        return "", None  # no sum of the kind is shown: nothing to compare
    if kind is None or result.total is None or query.measure != "total":
        return "", None
    if len(result.counted) != 1:  # the documents of every row summed
        return "", None
    for hit in passages(
        next(iter(result.counted))
    ):  # the rows' own document, read in order (no search)
        if hit.chunk.kind == "table_row":
            continue
        for sentence in hit.chunk.sentences:
            stated = stated_total(kind, sentence)
            if stated is None:
                continue
            key = "note_agrees" if stated == result.total else "note_differs"
            note = texts(language)[key].format(
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
    unverified = sorted({r.file for r in result.rows if not r.verified})
    warning = texts(language)["unverified_note"].format(files=", ".join(unverified))
    text = "\n\n".join([result.text, *([warning] if unverified else []), *([note] if note else [])])
    return Answer(text=text, citations=cites, refused=False, language=language, source="portfolio")
