"""The portfolio tab's data: filtered rows, the totals row, and the chart series.

Plain lists and dicts; the UI turns them into tables and plots.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from assistant.lang import pack
from assistant.portfolio.compute import kind_name
from assistant.portfolio.data import KINDS, PortfolioRow
from assistant.portfolio.scope import Scope, kinds_of, partner_names, select
from assistant.portfolio.scope import totals as scope_totals

ALL = ""  # the "no filter" choice


@dataclass(frozen=True)
class Filters:
    """The portfolio tab's filter choices ("" means all)."""

    kind: str = ALL  # "" = the investment partnerships; "partnerships", "all" or one kind
    area: str = ALL
    municipality: str = ALL
    partner: str = ALL


COLUMNS = {
    "da": [
        "Navn",
        "Type",
        "Sum (mio. kr.)",
        "DSI’s andel (mio. kr.)",
        "Områder",
        "Kommuner",
        "Partnere",
        "Kilde",
        "Pr.",
        "Dokument",
    ],
    "en": [
        "Name",
        "Kind",
        "Sum (mio. kr.)",
        "DSI’s share (mio. kr.)",
        "Areas",
        "Municipalities",
        "Partners",
        "Source",
        "As of",
        "Document",
    ],
}
VERIFIED = "✓"  # the row stands in its source document's table row


def kind_label(kind: str, ui: str) -> str:
    """A kind in the UI's language, plural ("Investeringspartnerskaber")."""
    return kind_name(kind, ui, plural=True).capitalize()


def choices(rows: Sequence[PortfolioRow]) -> dict[str, list[str]]:
    """The values each filter offers."""
    return {
        "kind": [k for k in KINDS if any(r.kind == k for r in rows)],
        "area": sorted({a for r in rows for a in r.areas}),
        "municipality": sorted({m for r in rows for m in r.municipalities}),
        "partner": partner_names(rows),
    }


def scope_of(filters: Filters) -> Scope:
    """The tab's filters as a ``Scope``: the same rows the chat and the API take."""
    return Scope(
        kinds=kinds_of(filters.kind),
        municipalities=(filters.municipality,) if filters.municipality else (),
        partners=(filters.partner,) if filters.partner else (),
        areas=(filters.area,) if filters.area else (),
    )


def apply(rows: Sequence[PortfolioRow], filters: Filters) -> list[PortfolioRow]:
    """The rows that pass every filter (no kind chosen: the investment partnerships)."""
    return select(scope_of(filters), rows)


def table(rows: Sequence[PortfolioRow], ui: str) -> list[list[object]]:
    """One table row per portfolio row; sums as numbers so the table sorts them right."""
    return [
        [
            r.name,
            kind_label(r.kind, ui),
            float(r.total) if r.total is not None else None,
            float(r.share) if r.share is not None else None,
            ", ".join(r.areas),
            ", ".join(r.municipalities),
            ", ".join(p for p in r.partners if p.upper() != "DSI"),
            VERIFIED if r.verified else pack(ui).portfolio["unverified"],
            _as_of(r, ui),
            r.source_doc,
        ]
        for r in rows
    ]


def _as_of(row: PortfolioRow, ui: str) -> str:
    """When the row's figures were stated; a file's date is marked as such."""
    if row.dated_by == "file":
        return f"{row.as_of} ({pack(ui).portfolio['file_date']})"
    return row.as_of


def totals(rows: Sequence[PortfolioRow], ui: str) -> list[object]:
    """The totals row for the filtered rows (DSI's share only where stated)."""
    sums = scope_totals(rows)
    return [
        pack(ui).portfolio["total_rows"].format(n=sums.rows),
        "",
        float(sums.total),
        float(sums.share),
        "",
        "",
        "",
        "",
        "",
        "",
    ]


def by_area(rows: Sequence[PortfolioRow]) -> list[tuple[str, float]]:
    """Sum per investment area (a row counts in each of its areas)."""
    sums: dict[str, Decimal] = {}
    for row in rows:
        for area in row.areas:
            sums[area] = sums.get(area, Decimal(0)) + (row.total or Decimal(0))
    return sorted(((a, float(v)) for a, v in sums.items()), key=lambda p: -p[1])


def by_kind(rows: Sequence[PortfolioRow], ui: str) -> list[tuple[str, float]]:
    """Sum per kind."""
    sums: dict[str, Decimal] = {}
    for row in rows:
        key = kind_label(row.kind, ui)
        sums[key] = sums.get(key, Decimal(0)) + (row.total or Decimal(0))
    return [(k, float(v)) for k, v in sums.items()]


def share_against_total(rows: Sequence[PortfolioRow], ui: str) -> list[tuple[str, str, float]]:
    """(name, part, mio. kr.) for rows whose DSI share is stated: DSI's share and the rest,
    stacked, so each bar is the row's total."""
    share_label, rest_label = ("DSI’s andel", "Øvrige") if ui == "da" else ("DSI’s share", "Others")
    out: list[tuple[str, str, float]] = []
    for row in rows:
        if row.share is None or row.total is None:
            continue
        short = row.name if len(row.name) <= 40 else row.name[:38] + "…"
        out += [
            (short, share_label, float(row.share)),
            (short, rest_label, float(row.total - row.share)),
        ]
    return out
