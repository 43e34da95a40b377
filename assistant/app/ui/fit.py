"""The fit check tab: the form, the report with clickable [n] and its sources, and the
report's downloads as Markdown and PDF (issue 14). The report comes from
``Assistant.fit``, the same as ``POST /api/fit`` and ``dsi fit``."""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.app.fit_html import report_html, sources_html
from assistant.app.ui.exports import Exports
from assistant.app.ui.labels import LABELS
from assistant.errors import AssistantError
from assistant.fit.form import FitForm
from assistant.fit.pdf import render
from assistant.pipeline import Assistant

FIELDS = (
    "problem",
    "target_group",
    "intervention",
    "evidence",
    "outcomes",
    "costs_and_gains",
    "horizon",
)


def problem_box() -> gr.Textbox:
    """The problem field, made before the tabs (the chat fills it in), shown by ``tab``."""
    return gr.Textbox(
        label=LABELS["da"]["fit_problem"],
        lines=4,
        max_lines=8,
        elem_id="dsi-fit-problem",
        render=False,
    )


def tab(assistant: Assistant, ui: gr.State, problem: gr.Textbox) -> dict[str, Any]:
    """The tab's components, by name, with the assess event wired."""
    words = LABELS["da"]
    parts: dict[str, Any] = {"fit_intro": gr.Markdown(words["fit_intro"])}
    with gr.Row():
        with gr.Column(scale=3):
            parts["fit_problem"] = problem.render()
            for name in FIELDS[1:]:
                parts[f"fit_{name}"] = gr.Textbox(
                    label=words[f"fit_{name}"], lines=1, max_lines=8, elem_id=f"dsi-fit-{name}"
                )
            run = gr.Button(words["fit_run"], variant="primary", elem_id="dsi-fit-run")
            report = gr.HTML("", elem_id="dsi-fit-report")
            with gr.Row():
                markdown = gr.DownloadButton(words["fit_download_md"], visible=False, size="sm")
                pdf = gr.DownloadButton(words["fit_download_pdf"], visible=False, size="sm")
        with gr.Column(scale=2):
            sources = gr.HTML("", elem_id="dsi-fit-sources")
    parts.update(
        fit_run=run,
        fit_report=report,
        fit_sources=sources,
        fit_download_md=markdown,
        fit_download_pdf=pdf,
    )

    exports = Exports()  # private files per browser session, as the chat's downloads

    def assess(  # one parameter per form field: gradio passes a gr.Request only by name
        lang: str,
        problem: str,
        target_group: str,
        intervention: str,
        evidence: str,
        outcomes: str,
        costs_and_gains: str,
        horizon: str,
        request: gr.Request,
    ) -> tuple[Any, ...]:
        values = (problem, target_group, intervention, evidence, outcomes, costs_and_gains, horizon)
        try:
            form = FitForm.from_mapping(dict(zip(FIELDS, values, strict=True)))
            found = assistant.fit(form, lang)
        except AssistantError as exc:
            gr.Warning(str(exc))
            return gr.update(), gr.update(), gr.update(), gr.update()
        session = request.session_hash or "anonymous"
        name = "dsi-fit-rapport" if lang == "da" else "dsi-fit-report"
        md_path = exports.write_file(session, f"{name}.md", found.markdown().encode())
        pdf_path = exports.write_file(session, f"{name}.pdf", render(found))
        return (
            report_html(found),
            sources_html(found),
            gr.update(value=md_path, visible=True),
            gr.update(value=pdf_path, visible=True),
        )

    inputs = [ui, *(parts[f"fit_{n}"] for n in FIELDS)]
    run.click(
        assess, inputs, [report, sources, markdown, pdf], concurrency_id="ask", api_name="fit"
    )
    return parts


def relabel(lang: str) -> dict[str, Any]:
    """The tab's labels in ``lang``."""
    w = LABELS[lang]
    updates: dict[str, Any] = {"fit_intro": gr.update(value=w["fit_intro"])}
    updates.update({f"fit_{n}": gr.update(label=w[f"fit_{n}"]) for n in FIELDS})
    updates["fit_run"] = gr.update(value=w["fit_run"])
    updates["fit_download_md"] = gr.update(label=w["fit_download_md"])
    updates["fit_download_pdf"] = gr.update(label=w["fit_download_pdf"])
    return updates
