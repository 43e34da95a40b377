"""The portfolio tab: filters, the table of investments with totals, three bar charts, and
the source passage of a clicked row.

Rows, filters and sums come from ``assistant.portfolio.view``; this module only turns them
into pandas frames for Gradio's tables and plots.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import gradio as gr
import pandas as pd

from assistant.app.render import escape, highlight
from assistant.app.ui.labels import LABELS
from assistant.pipeline import Assistant
from assistant.portfolio import view
from assistant.portfolio.scope import INVESTMENT


class Refresh(NamedTuple):
    """The event that redraws the table and charts: to run after a re-index too."""

    fn: Callable[..., tuple[Any, ...]]
    inputs: list[Any]
    outputs: list[Any]


def tab(assistant: Assistant, ui: gr.State) -> tuple[dict[str, Any], Refresh]:
    """The portfolio tab's components, by name, and its refresh event."""
    words = LABELS["da"]
    rows = assistant.portfolio()
    options = view.choices(rows)
    with gr.Row():
        kind = gr.Dropdown(_kind_options(options["kind"], "da"), value="", label=words["kind"])
        area = gr.Dropdown(_options(options["area"], "da"), value="", label=words["area"])
        municipality = gr.Dropdown(
            _options(options["municipality"], "da"), value="", label=words["municipality"]
        )
        partner = gr.Dropdown(_options(options["partner"], "da"), value="", label=words["partner"])
        as_of = gr.Dropdown(
            _date_options(assistant.portfolio_dates(), "da"), value="", label=words["as_of"]
        )
    table = gr.Dataframe(
        _table(rows, "da"),
        interactive=False,
        elem_id="dsi-portfolio",
        wrap=True,
        max_height=420,
        label=words["table"],
    )
    totals = gr.Dataframe(_totals(rows, "da"), interactive=False, label=words["totals"])
    row_source = gr.HTML("", elem_id="dsi-row-source")
    with gr.Row():
        plot_area = _bars(
            _area_frame(rows),
            "area",
            words["plot_area"],
            sort="-y",
            x_label_angle=-30,
            elem_id="dsi-chart-area",
        )
        plot_kind = _bars(_kind_frame(rows, "da"), "kind", words["plot_kind"])
    plot_share = _bars(
        _share_frame(rows, "da"), "name", words["plot_share"], color="measure", color_title=" "
    )
    filters = [kind, area, municipality, partner, as_of]
    outputs = [table, totals, plot_area, plot_kind, plot_share]

    def refresh(lang: str, *chosen: str) -> tuple[Any, ...]:
        *picked, date = chosen
        selected = view.apply(assistant.portfolio(date), view.Filters(*picked))
        return (
            _table(selected, lang),
            _totals(selected, lang),
            _area_frame(selected),
            _kind_frame(selected, lang),
            _share_frame(selected, lang),
        )

    for dropdown in filters:
        dropdown.change(refresh, [ui, *filters], outputs, api_visibility="private")

    def on_select(event: gr.SelectData, lang: str) -> str:
        return _row_source(assistant, event, lang)

    table.select(on_select, [ui], row_source, api_visibility="private")
    parts = {
        "kind": kind,
        "area": area,
        "municipality": municipality,
        "partner": partner,
        "as_of": as_of,
        "table": table,
        "totals": totals,
        "row_source": row_source,
        "plot_area": plot_area,
        "plot_kind": plot_kind,
        "plot_share": plot_share,
    }
    return parts, Refresh(refresh, [ui, *filters], outputs)


def relabel(assistant: Assistant, lang: str) -> dict[str, Any]:
    """The portfolio tab in ``lang``, by part name: labels, and the current rows with the
    filters started over (as the table and charts are)."""
    w = LABELS[lang]
    rows = assistant.portfolio()
    options = view.choices(rows)
    return {
        "kind": gr.update(
            label=w["kind"], choices=_kind_options(options["kind"], lang), value=view.ALL
        ),
        "area": gr.update(label=w["area"], choices=_options(options["area"], lang), value=view.ALL),
        "municipality": gr.update(
            label=w["municipality"],
            choices=_options(options["municipality"], lang),
            value=view.ALL,
        ),
        "partner": gr.update(
            label=w["partner"], choices=_options(options["partner"], lang), value=view.ALL
        ),
        "as_of": gr.update(
            label=w["as_of"], choices=_date_options(assistant.portfolio_dates(), lang), value=""
        ),
        "table": gr.update(value=_table(rows, lang), label=w["table"]),
        "totals": gr.update(value=_totals(rows, lang), label=w["totals"]),
        "plot_area": gr.update(value=_area_frame(rows), title=w["plot_area"]),
        "plot_kind": gr.update(value=_kind_frame(rows, lang), title=w["plot_kind"]),
        "plot_share": gr.update(value=_share_frame(rows, lang), title=w["plot_share"]),
    }


def _bars(frame: pd.DataFrame, x: str, title: str, **options: Any) -> gr.BarPlot:
    """A bar chart of mio. kr. per ``x``."""
    return gr.BarPlot(frame, x=x, y="mio", title=title, x_title=" ", y_title="mio. kr.", **options)


def _date_options(dates: list[str], lang: str) -> list[tuple[str, str]]:
    """The "as of" choices: the newest figures first, then each date figures were stated."""
    return [(LABELS[lang]["as_of_newest"], ""), *((d, d) for d in dates)]


def _options(values: list[str], lang: str) -> list[tuple[str, str]]:
    return [(LABELS[lang]["all"], view.ALL), *((v, v) for v in values)]


def _kind_options(kinds: list[str], lang: str) -> list[tuple[str, str]]:
    """The kind choices: the investment partnerships first (the default, as in the chat),
    then all partnerships, each other kind, and everything with the pipeline."""
    first = (view.kind_label(INVESTMENT, lang), view.ALL)
    others = [(view.kind_label(k, lang), k) for k in kinds if k != INVESTMENT]
    words = LABELS[lang]
    return [
        first,
        (words["kind_partnerships"], "partnerships"),
        *others,
        (words["kind_everything"], "all"),
    ]


def _table(rows: Any, lang: str) -> pd.DataFrame:
    return pd.DataFrame(view.table(rows, lang), columns=view.COLUMNS[lang])


def _totals(rows: Any, lang: str) -> pd.DataFrame:
    return pd.DataFrame([view.totals(rows, lang)], columns=view.COLUMNS[lang])


def _area_frame(rows: Any) -> pd.DataFrame:
    return pd.DataFrame(view.by_area(rows), columns=["area", "mio"])


def _kind_frame(rows: Any, lang: str) -> pd.DataFrame:
    return pd.DataFrame(view.by_kind(rows, lang), columns=["kind", "mio"])


def _share_frame(rows: Any, lang: str) -> pd.DataFrame:
    return pd.DataFrame(view.share_against_total(rows, lang), columns=["name", "measure", "mio"])


def _row_source(assistant: Assistant, event: gr.SelectData, lang: str) -> str:
    """The passage a clicked row stands on, escaped, with the row's name marked."""
    values = event.row_value or []
    name = str(values[0]) if values else ""
    row = next((r for r in assistant.portfolio() if r.name == name), None)
    if row is None:
        return ""
    cite = assistant.row_source(row)
    page = f" · {'side' if lang == 'da' else 'page'} {cite.page}" if cite.page else ""
    return (
        '<div class="dsi-source dsi-open" style="display:block">'
        f"<div><strong>{escape(cite.title)}</strong>{page}</div>"
        f'<div class="dsi-source-section">{escape(cite.section)}</div>'
        f'<div class="dsi-passage">{highlight(cite.text, cite.quote)}</div></div>'
    )
