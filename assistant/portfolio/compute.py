"""PortfolioQuery + rows -> PortfolioResult: the answer computed and worded, arithmetic shown.

``compute`` picks the rows a query is about (``understand.select``/``narrow``), sums,
counts or compares their figures, and writes the answer in Danish or English from the
language pack's portfolio texts, citing each row shown as [1], [2], … Also here: the kinds in words
(``kind_name``) and the totals the documents state for a whole kind (``stated_total``),
which ``answer.py`` checks the computed total against.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assistant.lang import pack
from assistant.portfolio.data import (
    KINDS,
    PortfolioRow,
    danish,
    english,
    unverified_mark,
)
from assistant.portfolio.extract import same_investment
from assistant.portfolio.understand import (
    ADVISORY,
    DEVELOPMENT,
    INVESTMENT,
    PIPELINE,
    PortfolioQuery,
    Stem,
    narrow,
    select,
)

# The word the documents use when they state a kind's total ("en pipeline på 25 mio. kr.").
KIND_TEXT_WORD = {
    INVESTMENT: "investeringer",
    DEVELOPMENT: "udviklingspartnerskaber",
    ADVISORY: "rådgivningspartnerskaber",
    PIPELINE: "pipeline",
}


@dataclass(frozen=True)
class PortfolioResult:
    """The computed answer: its text, and the rows it cites as [1], [2], … in order."""

    text: str
    rows: tuple[PortfolioRow, ...]
    total: Decimal | None  # the computed sum, when one was computed
    # the documents of every row the sum counts (more than the rows shown, for a max/min)
    counted: frozenset[str] = frozenset()


def _value(row: PortfolioRow, measure: str) -> Decimal | None:
    return row.share if measure == "share" else row.total


def fmt(value: Decimal | None, language: str) -> str:
    """A sum in the answer's number format: 60,1 (Danish) or 60.1 (English)."""
    return danish(value) if language == "da" else english(value)


def compute(
    query: PortfolioQuery, rows: Sequence[PortfolioRow], language: str, stem: Stem
) -> PortfolioResult:
    """Answer ``query`` from ``rows``: pick the rows, compute, show the arithmetic."""
    chosen = _bounded(query, _counted(query, narrow(query, select(query, rows), stem)))
    w = texts(language)
    if not chosen:
        return PortfolioResult(w["none"].format(scope=_scope(query, language)), (), None)
    valued = [r for r in chosen if _value(r, query.measure) is not None]
    shown = _ranked(query, valued) if query.op in ("max", "min") and valued else chosen
    whole = _whole(query, rows) if query.op == "percent" else []
    rows_word = w["row" if len(chosen) == 1 else "rows"]
    what = w[f"op_{query.op}"].format(
        measure=w[f"measure_{query.measure}"],
        scope=_scope(query, language),
        whole=_scope(query.unfiltered(), language),
    )
    if query.rank > 1:
        what += f", {w['ranked'].format(rank=query.rank)}"
    if query.top > 1:
        what += f", {w['top'].format(n=query.top)}"
    intro = w["intro"].format(
        what=what, n=len(chosen), rows=rows_word, as_of=_as_of(chosen, language)
    )
    lines = [intro, ""]
    older = [r for r in rows if not r.current]
    lines += [_row_line(r, i + 1, language, older) for i, r in enumerate(shown)]
    rest = [r for r in whole if r not in shown]  # a percentage's whole is cited too
    if rest:
        lines += [w["rest_of_whole"]]
        lines += [_row_line(r, len(shown) + i + 1, language, older) for i, r in enumerate(rest)]
    total = _sum([_value(r, query.measure) for r in valued]) if valued else None
    lines += ["", *_figures(query, shown, chosen, valued, language)]
    lines += _percent(query, valued, whole, language) + _by_date(query, valued, whole, language)
    if query.group_by:
        lines += ["", *_groups(query, chosen, shown, language)]
    counted = frozenset(r.source_doc for r in valued)
    return PortfolioResult("\n".join(lines).strip(), (*shown, *rest), total, counted)


def _bounded(query: PortfolioQuery, rows: list[PortfolioRow]) -> list[PortfolioRow]:
    """The rows whose figure lies within the question's bounds ("over 10 mio. kr.")."""
    if query.above is None and query.below is None:
        return rows
    out = []
    for row in rows:
        value = _value(row, query.measure)
        if value is None:
            continue
        if query.above is not None and value <= query.above:
            continue
        if query.below is None or value < query.below:
            out.append(row)
    return out


def _ranked(query: PortfolioQuery, valued: list[PortfolioRow]) -> list[PortfolioRow]:
    """The rows with the ``query.rank``-th largest (max) or smallest (min) value, or the
    ``query.top`` largest or smallest rows."""
    if query.top > 1:
        ordered = sorted(valued, key=lambda r: _value(r, query.measure) or Decimal(0))
        return (ordered[::-1] if query.op == "max" else ordered)[: query.top]
    values = sorted({_value(r, query.measure) or Decimal(0) for r in valued})
    if query.op == "max":
        values.reverse()
    pick = values[min(query.rank, len(values)) - 1]
    return [r for r in valued if _value(r, query.measure) == pick]


def _whole(query: PortfolioQuery, rows: Sequence[PortfolioRow]) -> list[PortfolioRow]:
    """The rows a percentage is a part of (those of its kinds, with a figure)."""
    return [r for r in select(query.unfiltered(), rows) if _value(r, query.measure) is not None]


def _percent(
    query: PortfolioQuery,
    part: list[PortfolioRow],
    whole: list[PortfolioRow],
    language: str,
) -> list[str]:
    """ "Andel: 60,1 / 71,0 = 84,6 %": the part's sum in per cent of the whole's."""
    if query.op != "percent" or not whole:
        return []
    return [f"{texts(language)['percent']}: {_ratio(query, part, whole, language)}"]


def _ratio(
    query: PortfolioQuery, part: list[PortfolioRow], whole: list[PortfolioRow], language: str
) -> str:
    above = _sum([_value(r, query.measure) for r in part])
    below = _sum([_value(r, query.measure) for r in whole])
    if not below:
        return "–"
    pct = (above / below * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{fmt(above, language)} / {fmt(below, language)} = {fmt(pct, language)} %"


def _by_date(
    query: PortfolioQuery,
    valued: list[PortfolioRow],
    whole: list[PortfolioRow],
    language: str,
) -> list[str]:
    """The figure again for the rows of each date, when the rows' figures were stated at
    more than one date: a sum over figures of different dates is shown with the sum as of
    each date (issue 13: every figure dated; the curated 2021 rows and a newer report's
    rows each keep their own total)."""
    if query.op in ("max", "min", "list") or query.group_by:
        return []
    dated = _dates(whole if query.op == "percent" else valued)  # a part's dates: its whole's
    if len(dated) < 2:
        return []
    w = texts(language)
    out = [""]
    for key, members in dated.items():
        if query.op == "percent":
            part = [r for r in valued if _date_key(r) == key]
            figure = _ratio(query, part, members, language)
        elif query.op == "count":
            figure = w["count_short"].format(n=len(members))
        elif query.op == "average":
            figure = _mean(members, query.measure, language)
        else:
            figure = _arith([_value(r, query.measure) for r in members], language)
        label = w["by_date_percent" if query.op == "percent" else "by_date"]
        out.append(label.format(as_of=_dated(members[0], language), figure=figure))
    return out


def _date_key(row: PortfolioRow) -> tuple[str, str]:
    return (row.as_of, row.source_doc)


def _dates(rows: Sequence[PortfolioRow]) -> dict[tuple[str, str], list[PortfolioRow]]:
    """The rows by the date and document that stated them, newest first."""
    groups: dict[tuple[str, str], list[PortfolioRow]] = {}
    for row in sorted(rows, key=_date_key, reverse=True):
        groups.setdefault(_date_key(row), []).append(row)
    return groups


def _dated(row: PortfolioRow, language: str) -> str:
    """ "as of 2024 (aarsrapport.pdf)": when and where the row's figures were stated."""
    w = texts(language)
    mark = f", {w['file_date']}" if row.dated_by == "file" else ""
    return w["as_of"].format(date=row.as_of, doc=f"{row.source_doc}{mark}")


def _mean(rows: Sequence[PortfolioRow], measure: str, language: str) -> str:
    """ "30,1 / 4 ≈ 7,53 mio. kr." (rounded half up, as reports round)."""
    total = _sum([_value(r, measure) for r in rows])
    mean = total / len(rows)
    rounded = mean.quantize(Decimal("0.01"), ROUND_HALF_UP)
    sign = "=" if rounded == mean else "≈"
    return f"{fmt(total, language)} / {len(rows)} {sign} {fmt(rounded, language)} mio. kr."


def _counted(query: PortfolioQuery, rows: list[PortfolioRow]) -> list[PortfolioRow]:
    """The rows of one document when the question states how many it means ("the eight
    investments") and only that document's rows are that many; else ``rows``."""
    if query.count is None or len(rows) == query.count:
        return rows
    by_doc: dict[str, list[PortfolioRow]] = {}
    for row in rows:
        by_doc.setdefault(row.source_doc, []).append(row)
    fits = [group for group in by_doc.values() if len(group) == query.count]
    return fits[0] if len(fits) == 1 else rows


def _as_of(rows: Sequence[PortfolioRow], language: str) -> str:
    """ ", as of 2024 (aarsrapport.pdf) and 2021-11 (bilag.txt)": when the rows' figures
    were stated, and by which document (a file's date is marked as such)."""
    seen = {_date_key(row): _dated(row, language) for row in rows if row.as_of}
    if not seen:
        return ""
    return ", " + "; ".join(seen[k] for k in sorted(seen, reverse=True))


def _sum(values: Sequence[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def _arith(values: Sequence[Decimal | None], language: str) -> str:
    parts = [fmt(v, language) for v in values if v is not None]
    total = fmt(_sum(values), language)
    return f"{' + '.join(parts)} = {total} mio. kr." if len(parts) > 1 else f"{total} mio. kr."


def _figures(
    query: PortfolioQuery,
    shown: list[PortfolioRow],
    chosen: list[PortfolioRow],
    valued: list[PortfolioRow],
    language: str,
) -> list[str]:
    w = texts(language)
    share = query.measure == "share"
    values = [_value(r, query.measure) for r in valued]
    out = [w["count"].format(n=len(chosen), what=_kind_words(chosen, language))]
    if query.op in ("max", "min") and valued:
        key = ("largest" if query.op == "max" else "smallest") + (
            "_ranked" if query.rank > 1 else ""
        )
        what = w["share_label"] if share else w["sum_label"]
        value = fmt(_value(shown[0], query.measure), language)
        out.append(w[key].format(label=what, value=value, rank=query.rank))
    elif valued:
        label = w["share_label"] if share else w["total_label"]
        out.append(f"{label}: {_arith(values, language)}")
        if not share and any(r.share is not None for r in valued):
            shares = [r.share for r in valued if r.share is not None]
            out.append(f"{w['share_label']} ({w['where_stated']}): {_arith(shares, language)}")
        if query.op == "average":
            out.append(f"{w['average']}: {_mean(valued, query.measure, language)}")
    missing = [r for r in chosen if _value(r, query.measure) is None]
    if missing:
        key = "no_share" if query.measure == "share" else "no_total"
        out.append(w[key].format(names="; ".join(r.name for r in missing)))
    return out


def _groups(
    query: PortfolioQuery, chosen: list[PortfolioRow], shown: list[PortfolioRow], language: str
) -> list[str]:
    w = texts(language)
    number = {id(r): i + 1 for i, r in enumerate(shown)}
    groups: dict[str, list[PortfolioRow]] = {}
    for row in chosen:
        for key in _group_keys(row, query.group_by or "", language):
            groups.setdefault(key, []).append(row)
    named = len([k for k in groups if k != "–"])
    out = [w["by"].format(n=named)]
    if query.op == "count":  # "how many municipalities": the groups are what is counted
        what = w[f"dim_{query.group_by}"]
        out.insert(0, w["distinct"].format(n=named, what=what))
    for key, members in sorted(groups.items()):
        refs = "".join(f"[{number[id(r)]}]" for r in members if id(r) in number)
        values = [_value(r, query.measure) for r in members]
        figure = _arith(values, language) if any(v is not None for v in values) else "–"
        out.append(f"- {key}: {figure}{_group_dates(query, members, language)} {refs}".rstrip())
    if query.group_by in ("area", "municipality", "partner"):
        out.append(w["overlap"])
    return out


def _group_dates(query: PortfolioQuery, members: list[PortfolioRow], language: str) -> str:
    """ " (heraf pr. 2024 (a.pdf): 9,8 mio. kr.; pr. 2021-11 (b.txt): 60,1 mio. kr.)": a
    group's sum per date, when its rows' figures were stated at more than one date."""
    dated = _dates([r for r in members if _value(r, query.measure) is not None])
    if len(dated) < 2:
        return ""
    parts = [
        f"{_dated(rows[0], language)}: {fmt(_sum([_value(r, query.measure) for r in rows]), language)}"
        f" mio. kr."
        for rows in dated.values()
    ]
    return f" ({texts(language)['of_which']} {'; '.join(parts)})"


def _group_keys(row: PortfolioRow, dimension: str, language: str) -> tuple[str, ...]:
    if dimension == "area":
        return row.areas or ("–",)
    if dimension == "municipality":
        return row.municipalities or ("–",)
    if dimension == "partner":
        return tuple(p for p in row.partners if p.upper() != "DSI") or ("–",)
    if dimension == "date":
        return (_dated(row, language),)
    return (kind_name(row.kind, language, plural=True),)


def texts(language: str) -> Mapping[str, str]:
    """The portfolio's answer texts in ``language`` (from its language pack)."""
    return pack(language).portfolio


def kind_name(kind: str, language: str, plural: bool = False) -> str:
    """A kind in words: "investeringspartnerskab(er)" / "investment partnership(s)"."""
    return pack(language).kinds[kind][1 if plural else 0]


def _kind_words(rows: Sequence[PortfolioRow], language: str) -> str:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.kind] = counts.get(row.kind, 0) + 1
    return ", ".join(f"{n} {kind_name(k, language, n != 1)}" for k, n in counts.items())


def _row_line(row: PortfolioRow, n: int, language: str, older: Sequence[PortfolioRow] = ()) -> str:
    w = texts(language)
    total = f"{fmt(row.total, language)} mio. kr." if row.total is not None else w["no_sum"]
    share = (
        f"{w['share_label']} {fmt(row.share, language)} mio. kr."
        if row.share is not None
        else f"{w['share_label']} {w['not_stated']}"
    )
    where = f" ({', '.join(row.municipalities)})" if row.municipalities else ""
    mark = "" if row.verified else f" {unverified_mark(language)}"
    return f"- {row.name}{where}: {total}; {share}{mark}{_earlier(row, older, language)} [{n}]"


def _earlier(row: PortfolioRow, older: Sequence[PortfolioRow], language: str) -> str:
    """ "; earlier 5.0 mio. kr. as of 2023 (a.md)": the older figures of the same
    investment, dated, when the newest document states others."""
    w = texts(language)
    parts = [
        w["earlier"].format(
            total=fmt(r.total, language), as_of=w["as_of"].format(date=r.as_of, doc=r.source_doc)
        )
        for r in older
        if r.source_doc != row.source_doc and r.total != row.total and same_investment(r, row)
    ]
    return f" ({'; '.join(parts)})" if parts else ""


def _scope(query: PortfolioQuery, language: str) -> str:
    w = texts(language)
    kinds = (
        ", ".join(kind_name(k, language, plural=True) for k in query.kinds)
        if query.kinds and set(query.kinds) != set(KINDS)
        else w["all"]
    )
    parts = [kinds]
    if query.municipalities:
        parts.append(f"{w['in']} {', '.join(query.municipalities)}")
    if query.partners:
        parts.append(f"{w['with']} {', '.join(query.partners)}")
    if query.areas:
        parts.append(f"{w['area']} {', '.join(query.areas)}")
    for key, bound in (("above", query.above), ("below", query.below)):
        if bound is not None:
            parts.append(f"{w[key]} {fmt(bound, language)} mio. kr.")
    return " ".join(parts)


# A stated total in the documents: "<kind word> på minimum 25 mio. kr."
STATED_TOTAL = r"\b{word}\w*\b(?:\W+\w+){{0,4}}?\W+(\d+(?:,\d+)?)\s*mio\.\s*kr\."


def stated_total(kind: str, sentence: str) -> Decimal | None:
    """The amount a sentence states for a whole kind, if it states one."""
    pattern = STATED_TOTAL.format(word=re.escape(KIND_TEXT_WORD[kind]))
    match = re.search(pattern, sentence, re.I)
    return Decimal(match.group(1).replace(",", ".")) if match else None
