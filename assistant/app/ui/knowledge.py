"""The knowledge-base tab: the index status, the indexed documents, and the admin's upload
and re-index (``Admin``, ``safe_name``).

Without an admin password (``DSI_ADMIN_PASSWORD``) the tab is read-only: no upload field
is rendered at all, and the upload route is closed too (``assistant.app.guard``).
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from assistant.app.guard import Backoff, same_secret
from assistant.app.status import status
from assistant.app.ui.exports import PRIVATE
from assistant.app.ui.labels import DOC_COLUMNS, LABELS
from assistant.app.ui.portfolio import Refresh
from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.portfolio.data import UPLOADS

UPLOAD_TYPES = [".pdf", ".docx", ".md", ".txt", ".html", ".htm", ".csv"]
RESULT_COLUMNS = ["file", "status", "chunks", "message"]


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


def tab(
    assistant: Assistant, admin: Admin, ui: gr.State, portfolio_refresh: Refresh
) -> dict[str, Any]:
    """The knowledge-base tab's components, by name; the admin controls only when enabled."""
    words = LABELS["da"]
    state = gr.Markdown(_status_text(assistant, "da"))
    docs = gr.Dataframe(_docs(assistant, "da"), interactive=False, label=words["docs"])
    mode = gr.Markdown(words["mode"] if admin.enabled else words["mode_read_only"])
    parts: dict[str, Any] = {"state": state, "docs": docs, "mode": mode}
    if admin.enabled:  # read-only: no upload field at all (the upload route is closed too)
        parts.update(_admin_controls(assistant, admin, ui, portfolio_refresh, parts))
    return parts


def _admin_controls(
    assistant: Assistant,
    admin: Admin,
    ui: gr.State,
    portfolio_refresh: Refresh,
    kb: dict[str, Any],
) -> dict[str, Any]:
    words = LABELS["da"]
    upload = gr.File(
        label=words["upload"],
        file_count="multiple",
        file_types=UPLOAD_TYPES,
        elem_id="dsi-upload",
    )
    password = gr.Textbox(label=words["password"], type="password")
    run = gr.Button(words["run"], variant="primary")
    results = gr.Dataframe(
        pd.DataFrame(columns=RESULT_COLUMNS), interactive=False, label=words["results"]
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
        frame = pd.DataFrame(rows, columns=RESULT_COLUMNS)
        return frame, _status_text(assistant, lang), _docs(assistant, lang)

    run.click(
        reindex,
        [upload, password, ui],
        [results, kb["state"], kb["docs"]],
        concurrency_limit=1,
        concurrency_id="reindex",
        api_name="reindex",
    ).then(
        portfolio_refresh.fn,
        portfolio_refresh.inputs,
        portfolio_refresh.outputs,
        api_visibility="private",
    )
    return {"upload": upload, "password": password, "run": run, "results": results}


def relabel(assistant: Assistant, lang: str) -> dict[str, Any]:
    """The knowledge-base tab in ``lang``, by part name, with the current status and
    documents (the admin controls' names are there even when the tab has none)."""
    w = LABELS[lang]
    return {
        "state": gr.update(value=_status_text(assistant, lang)),
        "docs": gr.update(value=_docs(assistant, lang), label=w["docs"]),
        "mode": gr.update(
            value=w["mode"] if assistant.settings.admin_password else w["mode_read_only"]
        ),
        "upload": gr.update(label=w["upload"]),
        "password": gr.update(label=w["password"]),
        "run": gr.update(value=w["run"]),
        "results": gr.update(label=w["results"]),
    }


def _status_text(assistant: Assistant, lang: str) -> str:
    info = status(assistant)
    embedder = f"{info['embedder']['name']} ({info['embedder']['dim']} dim.)"
    active = info["answerer"]
    answerer = (
        LABELS[lang]["answerer_llm"].format(model=active["model"], url=active["url"])
        if active["kind"] == "llm"
        else LABELS[lang]["answerer_extractive"]
    )
    if info["status"] != "ok":
        return LABELS[lang]["state_missing"].format(embedder=embedder) + f" · {answerer}"
    text = LABELS[lang]["state"].format(
        documents=info["documents"],
        chunks=info["chunks"],
        portfolio_rows=info["portfolio_rows"],
        embedder=embedder,
    )
    return f"{text} · {answerer}"


def _docs(assistant: Assistant, lang: str) -> pd.DataFrame:
    columns = DOC_COLUMNS[lang]
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
