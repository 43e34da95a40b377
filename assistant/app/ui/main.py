"""The Gradio app: chat with clickable citations, the portfolio view, knowledge-base admin.

Only this module imports gradio (and pandas, for its tables and plots). Texts come from
``render`` and the labels below; the UI is Danish by default with an English toggle.
Answers follow the question's language, as the engine does.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from assistant.app.guard import Backoff, same_secret
from assistant.app.render import (
    chat_message,
    conversation_markdown,
    escape,
    feedback_record,
    highlight,
    inert,
    sources_panel,
    stream_chunks,
)
from assistant.app.status import status
from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.pipeline import Assistant
from assistant.portfolio import view as view
from assistant.portfolio.data import UPLOADS
from assistant.types import Answer

UPLOAD_TYPES = [".pdf", ".docx", ".md", ".txt", ".html", ".htm", ".csv"]
STREAM_PAUSE_S = 0.02  # between streamed pieces, so the answer visibly flows in
PRIVATE = 0o600  # exports, uploads and feedback hold what users asked: owner only
# Gradio copies every file an event returns into its cache; clear copies after an hour.
CACHE_CLEANUP = (3600, 3600)

EXAMPLES: dict[str, dict[str, str]] = {
    "staff": {
        "da": "Hvordan fungerer en resultatbaseret betalingsmodel?",
        "en": "Who carries the risk if the results fail?",
    },
    "municipality": {
        "da": "Hvordan kan en kommune samarbejde med DSI om en social investering?",
        "en": "Which intervention for children with poor mental wellbeing could DSI scale up?",
    },
    "investor": {
        "da": "Hvor meget har DSI investeret i Aarhus?",
        "en": "Which investments involve Fonden Mental Sundhed?",
    },
}

LABELS: dict[str, dict[str, str]] = {
    "da": {
        "header": "## DSI Assistant\nSpørg om Den Sociale Investeringsfonds investeringer, "
        "betalingsmodeller og investortyper – på dansk eller engelsk. Hvert svar henviser til "
        "den passage, det bygger på.",
        "language": "Sprog",
        "chat": "Chat",
        "portfolio": "Portefølje",
        "kb": "Vidensbase",
        "question": "Skriv dit spørgsmål …",
        "ask": "Spørg",
        "new": "Ny samtale",
        "download": "Hent samtalen (Markdown)",
        "examples": "Eksempler – klik for at spørge",
        "staff": "Ny medarbejder",
        "municipality": "Kommune",
        "investor": "Investor",
        "placeholder": "**Velkommen.** Stil et spørgsmål, eller vælg et eksempel nedenfor.",
        "sources": "Kilder",
        "kind": "Type",
        "area": "Investeringsområde",
        "municipality_filter": "Kommune",
        "partner": "Partner",
        "all": "Alle",
        "totals": "I alt for de viste rækker",
        "row_hint": "Klik på en række for at se dens kilde.",
        "by_area": "Sum pr. investeringsområde (mio. kr.)",
        "by_kind": "Sum pr. type (mio. kr.)",
        "share": "DSI’s andel mod samlet sum, hvor andelen er oplyst (mio. kr.)",
        "documents": "Indekserede dokumenter",
        "upload": "Upload dokumenter (PDF, DOCX, MD, TXT, HTML eller porteføljedata som CSV)",
        "password": "Administratoradgangskode",
        "reindex": "Upload og genindeksér",
        "results": "Resultat pr. fil",
        "admin_on": "🔒 Upload og genindeksering kræver administratoradgangskoden.",
        "admin_off": "👁 Skrivebeskyttet: sæt `DSI_ADMIN_PASSWORD` for at tillade upload "
        "og genindeksering.",
        "thanks": "Tak for din feedback – den er gemt.",
    },
    "en": {
        "header": "## DSI Assistant\nAsk about Den Sociale Investeringsfond's investments, "
        "payment models and investor types – in Danish or English. Every answer points to the "
        "passage it rests on.",
        "language": "Language",
        "chat": "Chat",
        "portfolio": "Portfolio",
        "kb": "Knowledge base",
        "question": "Type your question …",
        "ask": "Ask",
        "new": "New conversation",
        "download": "Download the conversation (Markdown)",
        "examples": "Examples – click to ask",
        "staff": "New staff",
        "municipality": "Municipality",
        "investor": "Investor",
        "placeholder": "**Welcome.** Ask a question, or pick an example below.",
        "sources": "Sources",
        "kind": "Kind",
        "area": "Investment area",
        "municipality_filter": "Municipality",
        "partner": "Partner",
        "all": "All",
        "totals": "Total of the rows shown",
        "row_hint": "Click a row to see its source.",
        "by_area": "Sum per investment area (mio. kr.)",
        "by_kind": "Sum per kind (mio. kr.)",
        "share": "DSI’s share against the total, where the share is stated (mio. kr.)",
        "documents": "Indexed documents",
        "upload": "Upload documents (PDF, DOCX, MD, TXT, HTML, or portfolio data as CSV)",
        "password": "Admin password",
        "reindex": "Upload and re-index",
        "results": "Result per file",
        "admin_on": "🔒 Upload and re-index require the admin password.",
        "admin_off": "👁 Read-only: set `DSI_ADMIN_PASSWORD` to allow upload and re-index.",
        "thanks": "Thank you for your feedback – it has been saved.",
    },
}

CSS = """
#dsi-sources .dsi-source { display: none; }
#dsi-sources .dsi-source.dsi-open { display: block; border-left: 4px solid #b5121b;
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
  document.querySelectorAll('#dsi-sources .dsi-source').forEach(function (card) {
    card.classList.toggle('dsi-open', card.id === id);
  });
  const card = document.getElementById(id);
  if (card) { card.scrollIntoView({block: 'nearest'}); }
}, true);
</script>
"""


class Admin:
    """Upload and re-index: one at a time, behind the admin password when one is set."""

    def __init__(self, assistant: Assistant, settings: Settings, backoff: Backoff) -> None:
        self.assistant = assistant
        self.settings = settings
        self.backoff = backoff
        self.lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        """Whether upload and re-index are allowed at all."""
        return bool(self.settings.admin_password)

    def check(self, password: str, client: str) -> None:
        """Raise unless ``password`` is the admin password; failures back off per client."""
        if not self.enabled:
            raise gr.Error("Upload is off: set DSI_ADMIN_PASSWORD to enable it.")
        wait = self.backoff.wait_s(client)
        if wait > 0:
            raise gr.Error(f"Too many wrong passwords; try again in {wait:.0f} s.")
        if not same_secret(password or "", self.settings.admin_password):
            self.backoff.failed(client)
            raise gr.Error("Wrong admin password.")
        self.backoff.succeeded(client)

    def accept(self, paths: list[str]) -> tuple[list[Path], list[list[object]]]:
        """Copy acceptable uploads into the corpus; rows for the ones refused."""
        target = self.settings.corpus_dir / UPLOADS
        kept: list[Path] = []
        refused: list[list[object]] = []
        limit = self.settings.max_file_mb * 1024 * 1024
        for raw in paths:
            source = Path(raw)
            name = safe_name(source.name)
            if source.suffix.lower() not in UPLOAD_TYPES:
                refused.append([name, "failed", 0, f"type not accepted; use {UPLOAD_TYPES}"])
            elif source.stat().st_size > limit:
                mb = self.settings.max_file_mb
                refused.append([name, "failed", 0, f"over the {mb:g} MB limit"])
            else:
                target.mkdir(parents=True, exist_ok=True)
                kept.append(Path(shutil.copyfile(source, target / name)))
                os.chmod(kept[-1], PRIVATE)
        return kept, refused


def safe_name(name: str) -> str:
    """A file name with no path and no odd characters."""
    cleaned = re.sub(r"[^\w.\- ]", "_", Path(name).name).strip(" .")
    return cleaned or "upload"


def build(assistant: Assistant, settings: Settings, backoff: Backoff | None = None) -> gr.Blocks:
    """The whole app."""
    admin = Admin(assistant, settings, backoff or Backoff())
    blocks = gr.Blocks(title="DSI Assistant", analytics_enabled=False, delete_cache=CACHE_CLEANUP)
    with blocks as demo:
        ui = gr.State("da")
        with gr.Row():
            header = gr.Markdown(LABELS["da"]["header"])
            toggle = gr.Radio(
                ["Dansk", "English"], value="Dansk", label="Sprog", scale=0, elem_id="dsi-lang"
            )
        with gr.Tabs():
            with gr.Tab("Chat", id="chat") as chat_tab:
                parts = _chat_tab(assistant, settings, ui)
            with gr.Tab("Portefølje", id="portfolio", elem_id="dsi-portfolio-tab") as pf_tab:
                pf_parts, refresh = _portfolio_tab(assistant, ui)
            with gr.Tab("Vidensbase", id="kb") as kb_tab:
                kb_parts = _kb_tab(assistant, admin, ui, refresh)
        parts.update(pf_parts)
        parts.update(kb_parts)
        parts.update(header=header, toggle=toggle, chat_tab=chat_tab, pf_tab=pf_tab, kb_tab=kb_tab)
        outputs = [ui, *parts.values()]
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
    return demo


# -- chat -------------------------------------------------------------------------------


def _chat_tab(assistant: Assistant, settings: Settings, ui: gr.State) -> dict[str, Any]:
    words = LABELS["da"]
    turns = gr.State([])
    # The chat as shown lives on the server too: no event takes the chatbot's value from
    # the browser, so no client can pass a file (or forged history) in as chat content.
    shown = gr.State([])
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                height=520,
                elem_id="dsi-chat",
                placeholder=words["placeholder"],
                feedback_options=("Like", "Dislike"),
                show_label=False,
                buttons=["copy"],
            )
            with gr.Row():
                box = gr.Textbox(
                    placeholder=words["question"],
                    show_label=False,
                    scale=6,
                    max_lines=4,
                    elem_id="dsi-question",
                )
                send = gr.Button(words["ask"], variant="primary", scale=1, elem_id="dsi-ask")
            examples_md = gr.Markdown(f"**{words['examples']}**")
            buttons: list[tuple[gr.Button, str]] = []
            groups: dict[str, Any] = {}
            for group, texts in EXAMPLES.items():
                with gr.Row():
                    groups[f"group_{group}"] = gr.Markdown(f"*{words[group]}*", min_width=120)
                    for language in ("da", "en"):
                        button = gr.Button(texts[language], size="sm", elem_classes=["dsi-example"])
                        buttons.append((button, texts[language]))
            with gr.Row():
                new = gr.Button(words["new"], size="sm")
                download = gr.DownloadButton(words["download"], size="sm", visible=False)
        with gr.Column(scale=2):
            sources_title = gr.Markdown(f"### {words['sources']}")
            sources = gr.HTML(sources_panel([], "da"), elem_id="dsi-sources")
    exports = Exports()

    def respond(
        question: str,
        chat: list[dict[str, str]],
        history: list[tuple[str, Answer]],
        lang: str,
        request: gr.Request,
    ) -> Iterator[tuple[Any, ...]]:
        def export(done: list[tuple[str, Answer]]) -> Any:
            path = exports.write(request.session_hash or "anonymous", done, lang)
            return gr.update(value=path, visible=True)

        yield from _respond(assistant, question, chat, history, lang, export)

    outputs = [chatbot, sources, turns, box, shown, download]
    send.click(respond, [box, shown, turns, ui], outputs, concurrency_id="ask", api_name="ask")
    box.submit(
        respond, [box, shown, turns, ui], outputs, concurrency_id="ask", api_visibility="private"
    )
    for button, text in buttons:
        button.click(
            respond,
            [gr.State(text), shown, turns, ui],
            outputs,
            concurrency_id="ask",
            api_visibility="private",
        )
    new.click(
        lambda lang: ([], sources_panel([], lang), [], "", [], gr.update(visible=False)),
        ui,
        outputs,
        api_visibility="private",
    )

    def on_like(data: gr.LikeData, history: list[tuple[str, Answer]], lang: str) -> None:
        _feedback(settings, data, history, lang)

    chatbot.like(on_like, [turns, ui], None, api_visibility="private")
    return {
        "chatbot": chatbot,
        "box": box,
        "send": send,
        "examples_md": examples_md,
        **groups,
        "new": new,
        "download": download,
        "sources_title": sources_title,
    }


def _respond(
    assistant: Assistant,
    question: str,
    chat: list[dict[str, str]],
    history: list[tuple[str, Answer]],
    lang: str,
    export: Callable[[list[tuple[str, Answer]]], Any],
) -> Iterator[tuple[Any, ...]]:
    """Updates of (chatbot, sources, turns, box, shown, download); ``export`` makes the
    download of the finished conversation."""
    question = (question or "").strip()
    chat = list(chat or [])
    try:
        answer = assistant.ask(question, _recent(history, assistant.settings))
    except AssistantError as exc:
        gr.Warning(str(exc))
        yield chat, gr.update(), history, question, chat, gr.update()
        return
    turn = len(history) + 1
    chat += [{"role": "user", "content": inert(question)}, {"role": "assistant", "content": ""}]
    for piece in stream_chunks(chat_message(answer, turn, lang)):
        chat[-1] = {"role": "assistant", "content": piece}
        yield chat, gr.update(), history, "", chat, gr.update()
        time.sleep(STREAM_PAUSE_S)
    history = [*history, (question, answer)]
    answers = [a for _, a in history]
    yield chat, sources_panel(answers, lang), history, "", chat, export(history)


def _recent(history: list[tuple[str, Answer]], settings: Settings) -> list[Any]:
    """The latest turns that fit the history limits: a long conversation keeps going, with
    the oldest turns dropped, as the API's clients are asked to do."""
    past: list[dict[str, str]] = []
    used = 0
    for question, answer in reversed(history):
        pair = [
            {"role": "assistant", "content": answer.text},
            {"role": "user", "content": question},
        ]
        size = sum(len(t["content"]) for t in pair)
        if len(past) + 2 > settings.max_history_turns or used + size > settings.max_history_chars:
            break
        past += pair
        used += size
    return list(reversed(past))


class Exports:
    """The conversation downloads: one private file per browser session, replaced after
    each answer, in a folder of this process that is removed when it exits."""

    def __init__(self) -> None:
        self.folder: Path | None = None

    def write(self, session: str, history: list[tuple[str, Answer]], lang: str) -> str:
        """Write the conversation as Markdown; the path to offer for download."""
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="dsi-exports-"))  # 0700
            atexit.register(shutil.rmtree, self.folder, ignore_errors=True)
        name = "dsi-samtale.md" if lang == "da" else "dsi-conversation.md"
        folder = self.folder / re.sub(r"\W", "_", session)[:64]
        folder.mkdir(mode=0o700, exist_ok=True)
        path = folder / name
        tmp = folder / f".{name}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(conversation_markdown(history, lang))
        os.replace(tmp, path)
        return str(path)


def _feedback(
    settings: Settings, data: gr.LikeData, history: list[tuple[str, Answer]], lang: str
) -> None:
    index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
    turn = int(index) // 2
    if turn >= len(history):
        return
    question, answer = history[turn]
    record = feedback_record(question, answer, bool(data.liked))
    record["time"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    settings.feedback_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(settings.feedback_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE)
    os.fchmod(fd, PRIVATE)  # also a log created by an older version
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    gr.Info(LABELS[lang]["thanks"])


# -- portfolio --------------------------------------------------------------------------


def _portfolio_tab(assistant: Assistant, ui: gr.State) -> tuple[dict[str, Any], Any]:
    words = LABELS["da"]
    rows = assistant.portfolio()
    options = view.choices(rows)
    with gr.Row():
        kind = gr.Dropdown(_kind_options(options["kind"], "da"), value="", label=words["kind"])
        area = gr.Dropdown(_options(options["area"], "da"), value="", label=words["area"])
        municipality = gr.Dropdown(
            _options(options["municipality"], "da"), value="", label=words["municipality_filter"]
        )
        partner = gr.Dropdown(_options(options["partner"], "da"), value="", label=words["partner"])
    table = gr.Dataframe(
        _table(rows, "da"),
        interactive=False,
        elem_id="dsi-portfolio",
        wrap=True,
        max_height=420,
        label=words["row_hint"],
    )
    totals = gr.Dataframe(_totals(rows, "da"), interactive=False, label=words["totals"])
    row_source = gr.HTML("", elem_id="dsi-row-source")
    with gr.Row():
        plot_area = _bars(
            _area_frame(rows),
            "area",
            words["by_area"],
            sort="-y",
            x_label_angle=-30,
            elem_id="dsi-chart-area",
        )
        plot_kind = _bars(_kind_frame(rows, "da"), "kind", words["by_kind"])
    plot_share = _bars(
        _share_frame(rows, "da"), "name", words["share"], color="measure", color_title=" "
    )
    filters = [kind, area, municipality, partner]
    outputs = [table, totals, plot_area, plot_kind, plot_share]

    def refresh(lang: str, *chosen: str) -> tuple[Any, ...]:
        selected = view.apply(assistant.portfolio(), view.Filters(*chosen))
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
    named = {
        "kind": kind,
        "area": area,
        "municipality": municipality,
        "partner": partner,
        "table": table,
        "totals": totals,
        "plot_area": plot_area,
        "plot_kind": plot_kind,
        "plot_share": plot_share,
    }
    return named, (refresh, [ui, *filters], outputs)


def _bars(frame: pd.DataFrame, x: str, title: str, **options: Any) -> gr.BarPlot:
    """A bar chart of mio. kr. per ``x``."""
    return gr.BarPlot(frame, x=x, y="mio", title=title, x_title=" ", y_title="mio. kr.", **options)


def _options(values: list[str], lang: str) -> list[tuple[str, str]]:
    return [(LABELS[lang]["all"], view.ALL), *((v, v) for v in values)]


def _kind_options(kinds: list[str], lang: str) -> list[tuple[str, str]]:
    return [(LABELS[lang]["all"], view.ALL), *((view.kind_label(k, lang), k) for k in kinds)]


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


# -- knowledge base ---------------------------------------------------------------------


def _kb_tab(
    assistant: Assistant, admin: Admin, ui: gr.State, portfolio_refresh: Any
) -> dict[str, Any]:
    words = LABELS["da"]
    state = gr.Markdown(_status_text(assistant, "da"))
    docs = gr.Dataframe(_docs(assistant, "da"), interactive=False, label=words["documents"])
    mode = gr.Markdown(words["admin_on"] if admin.enabled else words["admin_off"])
    named: dict[str, Any] = {"state": state, "docs": docs, "mode": mode}
    if admin.enabled:  # read-only: no upload field at all (the upload route is closed too)
        named.update(_admin_controls(assistant, admin, ui, portfolio_refresh, named))
    return named


def _admin_controls(
    assistant: Assistant, admin: Admin, ui: gr.State, portfolio_refresh: Any, kb: dict[str, Any]
) -> dict[str, Any]:
    words = LABELS["da"]
    upload = gr.File(
        label=words["upload"],
        file_count="multiple",
        file_types=UPLOAD_TYPES,
        elem_id="dsi-upload",
    )
    password = gr.Textbox(label=words["password"], type="password")
    run = gr.Button(words["reindex"], variant="primary")
    results = gr.Dataframe(
        pd.DataFrame(columns=["file", "status", "chunks", "message"]),
        interactive=False,
        label=words["results"],
    )

    def reindex(
        files: list[str] | None,
        secret: str,
        lang: str,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[Any, ...]:
        admin.check(secret, request.client.host if request.client else "unknown")
        if not admin.lock.acquire(blocking=False):
            raise gr.Error("A re-index is already running; wait for it to finish.")
        try:
            _, refused = admin.accept(list(files or []))

            def step(name: str, done: int, total: int) -> None:
                progress((done, max(total, 1)), desc=name or "…")

            report = assistant.ingest(progress=step)
        finally:
            admin.lock.release()
        rows = refused + [[Path(f.path).name, f.status, f.chunks, f.message] for f in report.files]
        frame = pd.DataFrame(rows, columns=["file", "status", "chunks", "message"])
        return frame, _status_text(assistant, lang), _docs(assistant, lang)

    refresh_fn, refresh_inputs, refresh_outputs = portfolio_refresh
    run.click(
        reindex,
        [upload, password, ui],
        [results, kb["state"], kb["docs"]],
        concurrency_limit=1,
        concurrency_id="reindex",
        api_name="reindex",
    ).then(refresh_fn, refresh_inputs, refresh_outputs, api_visibility="private")
    return {"upload": upload, "password": password, "run": run, "results": results}


def _status_text(assistant: Assistant, lang: str) -> str:
    info = status(assistant)
    embedder = f"{info['embedder']['name']} ({info['embedder']['dim']} dim.)"
    if info["status"] != "ok":
        return (
            "**Indeks:** mangler – kør `dsi ingest`."
            if lang == "da"
            else "**Index:** missing – run `dsi ingest`."
        ) + f" · Embedder: {embedder}"
    if lang == "da":
        return (
            f"**Indeks:** klar · {info['documents']} dokument(er) · {info['chunks']} tekststykker"
            f" · {info['portfolio_rows']} porteføljerækker · **Embedder:** {embedder}"
        )
    return (
        f"**Index:** ready · {info['documents']} document(s) · {info['chunks']} chunks"
        f" · {info['portfolio_rows']} portfolio rows · **Embedder:** {embedder}"
    )


def _docs(assistant: Assistant, lang: str) -> pd.DataFrame:
    columns = (
        ["Dokument", "Titel", "Tekststykker", "Dato", "Udgiver", "Sprog"]
        if lang == "da"
        else ["Document", "Title", "Chunks", "Date", "Publisher", "Language"]
    )
    if not assistant.has_index():
        return pd.DataFrame(columns=columns)
    rows = [
        [
            doc,
            e.title,
            len(e.chunk_ids),
            e.meta.get("date", ""),
            e.meta.get("publisher", ""),
            e.meta.get("language", ""),
        ]
        for doc, e in assistant.manifest().docs.items()
    ]
    return pd.DataFrame(rows, columns=columns)


# -- language toggle --------------------------------------------------------------------


def _relabel(
    lang: str, assistant: Assistant, parts: dict[str, Any], ui: gr.State
) -> dict[Any, Any]:
    """Every label in ``lang``, and fresh data (index status, documents, portfolio),
    keyed by component, so a component added or left out shifts nothing."""
    w = LABELS[lang]
    rows = assistant.portfolio()
    options = view.choices(rows)
    updates: dict[str, Any] = {
        "header": gr.update(value=w["header"]),
        "toggle": gr.update(label=w["language"]),
        "chat_tab": gr.update(label=w["chat"]),
        "pf_tab": gr.update(label=w["portfolio"]),
        "kb_tab": gr.update(label=w["kb"]),
        "chatbot": gr.update(placeholder=w["placeholder"]),
        "box": gr.update(placeholder=w["question"]),
        "send": gr.update(value=w["ask"]),
        "examples_md": gr.update(value=f"**{w['examples']}**"),
        **{f"group_{g}": gr.update(value=f"*{w[g]}*") for g in EXAMPLES},
        "new": gr.update(value=w["new"]),
        "download": gr.update(label=w["download"]),
        "sources_title": gr.update(value=f"### {w['sources']}"),
        # the filters start over, as the table and charts below do
        "kind": gr.update(
            label=w["kind"], choices=_kind_options(options["kind"], lang), value=view.ALL
        ),
        "area": gr.update(label=w["area"], choices=_options(options["area"], lang), value=view.ALL),
        "municipality": gr.update(
            label=w["municipality_filter"],
            choices=_options(options["municipality"], lang),
            value=view.ALL,
        ),
        "partner": gr.update(
            label=w["partner"], choices=_options(options["partner"], lang), value=view.ALL
        ),
        "table": gr.update(value=_table(rows, lang), label=w["row_hint"]),
        "totals": gr.update(value=_totals(rows, lang), label=w["totals"]),
        "plot_area": gr.update(value=_area_frame(rows), title=w["by_area"]),
        "plot_kind": gr.update(value=_kind_frame(rows, lang), title=w["by_kind"]),
        "plot_share": gr.update(value=_share_frame(rows, lang), title=w["share"]),
        "state": gr.update(value=_status_text(assistant, lang)),
        "docs": gr.update(value=_docs(assistant, lang), label=w["documents"]),
        "mode": gr.update(
            value=w["admin_on"] if assistant.settings.admin_password else w["admin_off"]
        ),
        "upload": gr.update(label=w["upload"]),
        "password": gr.update(label=w["password"]),
        "run": gr.update(value=w["reindex"]),
        "results": gr.update(label=w["results"]),
    }
    out: dict[Any, Any] = {ui: lang}
    out.update({parts[name]: update for name, update in updates.items() if name in parts})
    return out
