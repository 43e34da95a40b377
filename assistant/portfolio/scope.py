"""Which rows a portfolio figure is about: one definition for the chat, the portfolio tab
and ``/api/portfolio`` (issue 13), so the three give the same totals for the same filters.

The defaults, written down:
- "investments" / "invested" (and no kind named at all) mean the investment
  partnerships: ``DEFAULT_KINDS``;
- "including X" / "inkl. X" adds kind X to them;
- the pipeline (projects not yet invested in) is never added unless asked for;
- "all partnerships" are the investment, development and advisory partnerships;
- each investment's figures are its newest document's (``current.py``); a question that
  names a year takes the figures stated in that year.

A municipality, partner or area filter keeps the rows that name it (a municipality in
any spelling, Århus/Aarhus); a partner is one of a row's partners or a member named in
one ("X (A, B og C)").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from assistant.lang.spelling import written_out
from assistant.portfolio.data import KINDS, PortfolioRow

INVESTMENT, DEVELOPMENT, ADVISORY, PIPELINE = KINDS
PARTNERSHIPS = (INVESTMENT, DEVELOPMENT, ADVISORY)
DEFAULT_KINDS = (INVESTMENT,)
# The tab's and the API's names for kind choices that are not one kind.
KIND_CHOICES: dict[str, tuple[str, ...]] = {
    "": DEFAULT_KINDS,
    "partnerships": PARTNERSHIPS,
    "all": KINDS,
    **{kind: (kind,) for kind in KINDS},
}


@dataclass(frozen=True)
class Scope:
    """The kinds and filters that pick the rows a figure is about."""

    kinds: tuple[str, ...] = DEFAULT_KINDS
    municipalities: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    year: str = ""  # the figures stated in that year (older ones included); "" = current


@dataclass(frozen=True)
class Totals:
    """The sums over a scope's rows (DSI's share only where a row states it)."""

    rows: int
    total: Decimal
    share: Decimal
    share_rows: int  # rows that state DSI's share


def kinds_of(choice: str) -> tuple[str, ...]:
    """The kinds a tab or API kind choice means ("" = the default); ValueError if unknown."""
    try:
        return KIND_CHOICES[choice]
    except KeyError:
        raise ValueError(f"unknown kind {choice!r}; use one of {sorted(KIND_CHOICES)}") from None


def select(scope: Scope, rows: Sequence[PortfolioRow]) -> list[PortfolioRow]:
    """The rows of ``scope``, in the data's order: the current figures, or those stated in
    ``scope.year`` (from ``rows`` that include the history)."""
    if scope.year:
        rows = [r for r in rows if r.as_of.startswith(scope.year)]
    else:
        rows = [r for r in rows if r.current]
    out = [r for r in rows if r.kind in scope.kinds]
    if scope.municipalities:
        wanted = {written_out(m) for m in scope.municipalities}
        out = [r for r in out if wanted & {written_out(m) for m in r.municipalities}]
    if scope.partners:
        out = [r for r in out if any(has_partner(r, p) for p in scope.partners)]
    if scope.areas:
        out = [r for r in out if set(r.areas) & set(scope.areas)]
    return out


def has_partner(row: PortfolioRow, name: str) -> bool:
    """The row names the partner, as one of its partners or as a member of one."""
    return name.lower() in {n.lower() for n in row_partners(row)}


def row_partners(row: PortfolioRow) -> list[str]:
    """A row's partners and their members ("X (A, B og C)" gives X, A, B and C)."""
    names: list[str] = []
    for partner in row.partners:
        head, _, inner = partner.partition("(")
        names.append(head.strip())
        names.extend(p.strip() for p in re.split(r",\s*|\s+og\s+", inner.rstrip(")")))
    return [n for n in names if n]


def partner_names(rows: Sequence[PortfolioRow]) -> list[str]:
    """Every partner and member the rows name, DSI itself left out."""
    return sorted({n for r in rows for n in row_partners(r) if n.upper() != "DSI"})


def totals(rows: Sequence[PortfolioRow]) -> Totals:
    """The sums over ``rows``."""
    stated = [r.share for r in rows if r.share is not None]
    return Totals(
        rows=len(rows),
        total=sum((r.total for r in rows if r.total is not None), Decimal(0)),
        share=sum(stated, Decimal(0)),
        share_rows=len(stated),
    )
