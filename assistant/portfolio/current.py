"""Which figures are current: for each investment, its newest document's (issue 13).

Rows that describe the same investment (``extract.same_investment``) are linked; the
row from the newest document is current, the older ones are its history. Dates compare
as written ("2021-11" < "2024"): years first, as documents date themselves. An undated
row is older than any dated one. Figures of different dates are never a contradiction:
they are the same investment at two times.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from assistant.portfolio.data import PortfolioRow
from assistant.portfolio.extract import DatedDoc, same_investment


def date_rows(
    rows: Sequence[PortfolioRow], date_of: Callable[[str], DatedDoc | None]
) -> list[PortfolioRow]:
    """The curated rows, dated by their source documents (``date_of(doc_id)``)."""
    out = []
    for row in rows:
        when = date_of(row.source_doc)
        out.append(replace(row, as_of=when.date, dated_by=when.dated_by) if when else row)
    return out


def split(rows: Sequence[PortfolioRow]) -> tuple[list[PortfolioRow], list[PortfolioRow]]:
    """(current, history): each investment's newest row, and its older ones, in the order
    the rows came."""
    current: list[PortfolioRow] = []
    history: list[PortfolioRow] = []
    for row in rows:
        i = next((i for i, c in enumerate(current) if _linked(c, row)), None)
        if i is None:
            current.append(row)
        elif row.as_of > current[i].as_of:
            history.append(replace(current[i], current=False))
            current[i] = row
        else:
            history.append(replace(row, current=False))
    return current, history


def known_at(
    rows: Sequence[PortfolioRow], history: Sequence[PortfolioRow], date: str
) -> list[PortfolioRow]:
    """The portfolio as it was known at ``date``: each investment's newest figures stated
    then or before (undated rows included), as current rows."""
    pool = [
        replace(r, current=True)
        for r in (*rows, *history)
        if not r.as_of or r.as_of[: len(date)] <= date
    ]
    return split(pool)[0]


def _linked(a: PortfolioRow, b: PortfolioRow) -> bool:
    """The same investment, stated by different documents (a document's own rows are
    distinct investments, even with the same name)."""
    return a.source_doc != b.source_doc and same_investment(a, b)
