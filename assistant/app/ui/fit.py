"""The fit check tab: the form, the report with clickable [n] and its sources, and the
report's downloads as Markdown and PDF (issue 14). The report comes from
``Assistant.fit``, the same as ``POST /api/fit`` and ``dsi fit``."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.app.fit_html import report_html, sources_html
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
DOWNLOADS = Path(tempfile.mkdtemp(prefix="dsi-fit-"))  # gradio serves and later clears copies


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

    def assess(lang: str, *values: str) -> tuple[Any, ...]:
        try:
            form = FitForm.from_mapping(dict(zip(FIELDS, values, strict=True)))
            found = assistant.fit(form, lang)
        except AssistantError as exc:
            gr.Warning(str(exc))
            return gr.update(), gr.update(), gr.update(), gr.update()
        md_path, pdf_path = _files(found.markdown(), render(found))
        return (
            report_html(found),
            sources_html(found),
            gr.update(value=str(md_path), visible=True),
            gr.update(value=str(pdf_path), visible=True),
        )

    inputs = [ui, *(parts[f"fit_{n}"] for n in FIELDS)]
    run.click(
        assess, inputs, [report, sources, markdown, pdf], concurrency_id="ask", api_name="fit"
    )
    return parts


def _files(markdown: str, pdf: bytes) -> tuple[Path, Path]:
    """The report written as files to download, named by their content."""
    digest = hashlib.sha256(markdown.encode()).hexdigest()[:12]
    folder = DOWNLOADS / digest
    folder.mkdir(parents=True, exist_ok=True)
    md_path, pdf_path = folder / "fit-report.md", folder / "fit-report.pdf"
    md_path.write_text(markdown, encoding="utf-8")
    pdf_path.write_bytes(pdf)
    return md_path, pdf_path


def relabel(lang: str) -> dict[str, Any]:
    """The tab's labels in ``lang``."""
    w = LABELS[lang]
    updates: dict[str, Any] = {"fit_intro": gr.update(value=w["fit_intro"])}
    updates.update({f"fit_{n}": gr.update(label=w[f"fit_{n}"]) for n in FIELDS})
    updates["fit_run"] = gr.update(value=w["fit_run"])
    updates["fit_download_md"] = gr.update(label=w["fit_download_md"])
    updates["fit_download_pdf"] = gr.update(label=w["fit_download_pdf"])
    return updates
