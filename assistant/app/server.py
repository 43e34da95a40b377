"""``python app.py`` / ``dsi serve``: the REST API with the Gradio UI mounted, on uvicorn.

Safe defaults: binds 127.0.0.1, analytics off, ``index/`` and ``.env`` blocked from file
serving, an upload size limit, a bounded queue, optional whole-app auth (``DSI_AUTH``).
When there is no index it is built first, with a progress bar on the terminal.
"""

from __future__ import annotations

import time
from pathlib import Path

import gradio as gr
import uvicorn
from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from assistant.app import ui
from assistant.app.api import create_api
from assistant.app.guard import Backoff, Guard, allowed_hosts
from assistant.config import Settings
from assistant.offline import ensure_offline
from assistant.pipeline import Assistant
from assistant.progress import ready_assistant

WARM_UP = "Hvad er DSI?"  # one question at start, so the first real one is fast


def create_app(settings: Settings, assistant: Assistant) -> FastAPI:
    """The FastAPI app: /api/*, /docs, and the Gradio UI at /."""
    api = create_api(assistant, settings)
    backoff = Backoff()
    blocks = ui.build(assistant, settings, backoff)
    blocks.queue(default_concurrency_limit=settings.concurrency, max_size=settings.queue_max)
    # Gradio checks that a file named in an event's input was uploaded (and one in an
    # output lies in an allowed place) only once ``has_launched`` is set, which
    # ``launch()`` does and ``mount_gradio_app`` does not: without it any event copied any
    # readable file into the cache and served it. Its own reloader sets the flag the same way.
    blocks.has_launched = True
    user, _, password = settings.auth.partition(":")
    app = gr.mount_gradio_app(
        api,
        blocks,
        path="",
        auth=(user, password) if settings.auth else None,
        root_path=settings.root_path or None,
        allowed_paths=[],  # nothing beyond Gradio's upload folder and its cache
        blocked_paths=blocked_paths(settings),
        max_file_size=f"{settings.max_file_mb:g}mb",
        footer_links=["api"],
        css=ui.CSS,
        head=ui.HEAD,
        ssr_mode=False,
        server_name=settings.host,
        server_port=settings.port,
    )
    guard(app, settings, backoff)
    return app


def guard(app: FastAPI, settings: Settings, backoff: Backoff) -> None:
    """The front door: known hosts only, same-origin only, back-off on failed logins."""
    app.add_middleware(Guard, backoff=backoff, read_only=not settings.admin_password)
    # With a CORS middleware on the parent, Gradio's own (which reflects any localhost
    # origin with credentials) stands aside; no origin is allowed: same-origin only.
    app.add_middleware(CORSMiddleware, allow_origins=[], allow_credentials=False)
    hosts = allowed_hosts(settings.host, settings.allowed_hosts)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)


def blocked_paths(settings: Settings) -> list[str]:
    """What the app must never serve: the index and any .env file."""
    return [str(settings.index_dir.resolve()), str(Path(".env").resolve())]


def ready_app(settings: Settings) -> FastAPI:
    """Load (or first build) the index, warm the engine up, and build the app."""
    assistant = ready_assistant(settings)
    assistant.ask(WARM_UP)
    return create_app(settings, assistant)


def main() -> None:
    """Start the app on ``DSI_HOST:DSI_PORT`` (127.0.0.1:7860)."""
    started = time.perf_counter()
    ensure_offline()
    settings = Settings()
    app = ready_app(settings)
    url = f"http://{settings.host}:{settings.port}{settings.root_path}"
    print(f"DSI Assistant ready in {time.perf_counter() - started:.1f} s: {url}", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
