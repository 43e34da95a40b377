"""The Gradio app: chat with clickable citations, the portfolio view, knowledge-base admin.

This package holds the page shell (header, language toggle, ``CSS`` and ``HEAD``), ``build``
and the toggle's ``_relabel``; one module per tab (``chat``, ``portfolio``, ``knowledge``),
the labels of both languages (``labels``) and the conversation downloads (``exports``).
Only this package imports gradio (and pandas, for its tables and plots); texts come from
``assistant.app.render`` and ``labels``. The UI is Danish by default with an English toggle;
answers follow the question's language, as the engine does.

Every component a tab creates is registered by name in one ``parts`` dict, and the toggle
updates components by name, never by position.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import gradio as gr

from assistant.app.guard import Backoff
from assistant.app.ui import chat, fit, knowledge, portfolio
from assistant.app.ui.labels import LABELS, UNCHANGED
from assistant.config import Settings
from assistant.pipeline import Assistant

__all__ = ["CSS", "HEAD", "build"]

# Gradio copies every file an event returns into its cache; clear copies after an hour.
CACHE_CLEANUP = (3600, 3600)

CSS = """
#dsi-sources .dsi-source, #dsi-fit-sources .dsi-source { display: none; }
#dsi-sources .dsi-source.dsi-open, #dsi-fit-sources .dsi-source.dsi-open {
  display: block; border-left: 4px solid #b5121b;
  padding: 8px 12px; margin: 8px 0; background: var(--background-fill-secondary); }
.dsi-passage { white-space: pre-wrap; margin-top: 6px; line-height: 1.45; }
.dsi-passage mark { background: #ffe08a; color: inherit; padding: 0 2px; }
.dsi-source-section, .dsi-source-doc { font-size: 0.85em; opacity: 0.8; }
.dsi-refusal { border: 1px solid #d08700; background: rgba(240, 165, 0, 0.12);
  border-radius: 6px; padding: 8px 12px; }
.dsi-badge { font-size: 0.8em; border: 1px solid #2a6f97; color: #2a6f97;
  border-radius: 4px; padding: 1px 6px; }
a.dsi-cite { font-weight: 600; text-decoration: none; cursor: pointer; }
.dsi-hint { opacity: 0.75; }
.dsi-fit-strong { color: #1b7f3b; font-weight: 600; }
.dsi-fit-unclear { color: #a15c00; font-weight: 600; }
.dsi-fit-missing { color: #b5121b; font-weight: 600; }
.dsi-fit-criterion { margin-bottom: 0.6em; }
"""

# [n] links open the passage in the sources panel (and never a new tab).
HEAD = """
<script>
document.addEventListener('click', function (event) {
  const link = event.target.closest('a[href^="#src-"]');
  if (!link) { return; }
  event.preventDefault();
  event.stopPropagation();
  const id = link.getAttribute('href').slice(1);
  const card = document.getElementById(id);
  if (!card) { return; }
  const panel = card.closest('#dsi-sources, #dsi-fit-sources') || document;
  panel.querySelectorAll('.dsi-source').forEach(function (other) {
    other.classList.toggle('dsi-open', other === card);
  });
  card.scrollIntoView({block: 'nearest'});
}, true);
</script>
"""


class Page(NamedTuple):
    """The app, every component by name, and the state holding the UI language."""

    blocks: gr.Blocks
    parts: dict[str, Any]
    ui: gr.State


def build(assistant: Assistant, settings: Settings, backoff: Backoff | None = None) -> gr.Blocks:
    """The whole app."""
    return page(assistant, settings, backoff).blocks


def page(assistant: Assistant, settings: Settings, backoff: Backoff | None = None) -> Page:
    """The whole app, with its parts by name (for the toggle, and for tests)."""
    admin = knowledge.Admin(assistant, settings, backoff or Backoff())
    blocks = gr.Blocks(title="DSI Assistant", analytics_enabled=False, delete_cache=CACHE_CLEANUP)
    with blocks as demo:
        ui = gr.State("da")
        words = LABELS["da"]
        with gr.Row():
            header = gr.Markdown(words["header"])
            toggle = gr.Radio(
                ["Dansk", "English"],
                value="Dansk",
                label=words["toggle"],
                scale=0,
                elem_id="dsi-lang",
            )
        fit_problem = fit.problem_box()  # the chat fills it in; the fit tab shows it
        with gr.Tabs():
            with gr.Tab(words["chat_tab"], id="chat") as chat_tab:
                parts = chat.tab(assistant, settings, ui, fit_problem)
            with gr.Tab(words["pf_tab"], id="portfolio", elem_id="dsi-portfolio-tab") as pf_tab:
                pf_parts, refresh = portfolio.tab(assistant, ui)
            with gr.Tab(words["fit_tab"], id="fit", elem_id="dsi-fit-tab") as fit_tab:
                fit_parts = fit.tab(assistant, ui, fit_problem)
            with gr.Tab(words["kb_tab"], id="kb") as kb_tab:
                kb_parts = knowledge.tab(assistant, admin, ui, refresh)
        parts.update(pf_parts)
        parts.update(kb_parts)
        parts.update(fit_parts)
        parts.update(
            header=header,
            toggle=toggle,
            chat_tab=chat_tab,
            pf_tab=pf_tab,
            fit_tab=fit_tab,
            kb_tab=kb_tab,
        )
        outputs = [ui, *(part for name, part in parts.items() if name not in UNCHANGED)]
        toggle.change(
            lambda choice: _relabel("en" if choice == "English" else "da", assistant, parts, ui),
            toggle,
            outputs,
            api_visibility="private",
        )
        # Counts, documents and portfolio rows are read per page visit, so a visitor never
        # sees what the index held when the server started.
        demo.load(
            lambda: _relabel("da", assistant, parts, ui), None, outputs, api_visibility="private"
        )
    return Page(demo, parts, ui)


def _relabel(
    lang: str, assistant: Assistant, parts: dict[str, Any], ui: gr.State
) -> dict[Any, Any]:
    """Every label in ``lang``, and fresh data (index status, documents, portfolio),
    keyed by component, so a component added or left out shifts nothing."""
    w = LABELS[lang]
    updates: dict[str, Any] = {
        "header": gr.update(value=w["header"]),
        "toggle": gr.update(label=w["toggle"]),
        "chat_tab": gr.update(label=w["chat_tab"]),
        "pf_tab": gr.update(label=w["pf_tab"]),
        "kb_tab": gr.update(label=w["kb_tab"]),
        "fit_tab": gr.update(label=w["fit_tab"]),
        **chat.relabel(lang),
        **fit.relabel(lang),
        **portfolio.relabel(assistant, lang),
        **knowledge.relabel(assistant, lang),
    }
    out: dict[Any, Any] = {ui: lang}
    out.update({parts[name]: update for name, update in updates.items() if name in parts})
    return out
