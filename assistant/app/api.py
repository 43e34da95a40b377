"""The REST API (FastAPI): /api/ask (and /api/ask/stream), /api/portfolio, /api/fit,
/api/health; the OpenAPI schema at /openapi.json.

Errors come back as JSON with a status code and a message saying what to do: 422 for an
empty or oversized question, 503 while there is no index or while the queue is full. A
stack trace is never sent. The same answer shape as ``dsi ask --jsonl``.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from assistant.app.guard import same_secret
from assistant.app.status import status
from assistant.config import Settings
from assistant.conversation import Turn as ConversationTurn
from assistant.errors import (
    AssistantError,
    BadQuestion,
    EmbedderMismatch,
    IndexCorrupt,
    IndexMissing,
    IngestBusy,
)
from assistant.fit.form import FitForm, FitInputError
from assistant.pipeline import Assistant
from assistant.portfolio import view
from assistant.portfolio.scope import totals
from assistant.types import Answer

NDJSON = "application/x-ndjson"
BUSY = "The assistant is busy answering other questions; please try again in a moment."


class Turn(BaseModel):
    """One earlier message of the conversation."""

    role: str = Field(description="'user' or 'assistant'")
    content: str


class AskRequest(BaseModel):
    """A question, with the conversation so far for follow-ups."""

    question: str = Field(description="The question, in Danish or English.")
    history: list[Turn] = Field(default_factory=list)


class FitRequest(BaseModel):
    """The fit form (issue 14): every field but ``problem`` may be empty or missing."""

    problem: str = Field(description="The welfare problem, in free text.")
    target_group: str = ""
    intervention: str = ""
    evidence: str = ""
    outcomes: str = ""
    costs_and_gains: str = ""
    horizon: str = ""
    language: Literal["da", "en"] = "da"


class Busy(AssistantError):
    """More questions are waiting than the queue allows."""


class Limiter:
    """At most ``concurrency`` answers at once and ``queue_max`` waiting; more are refused
    at once with a polite 503, before they take a worker thread."""

    def __init__(self, concurrency: int, queue_max: int) -> None:
        self._concurrency = concurrency
        self._slots: asyncio.Semaphore | None = None  # made in the server's event loop
        self._waiting = 0
        self._queue_max = queue_max

    async def __aenter__(self) -> None:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._concurrency)
        if self._slots.locked() and self._waiting >= self._queue_max:
            raise Busy(BUSY)
        self._waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self._waiting -= 1

    async def __aexit__(self, *_: object) -> None:
        assert self._slots is not None
        self._slots.release()


STATUS = {
    BadQuestion: 422,
    IndexMissing: 503,
    IndexCorrupt: 503,
    EmbedderMismatch: 503,
    IngestBusy: 503,
    Busy: 503,
}


def create_api(assistant: Assistant, settings: Settings) -> FastAPI:
    """The FastAPI app; the Gradio UI is mounted into it by ``server``."""
    # No Swagger or ReDoc pages: they load their scripts from a CDN, which an offline
    # deployment cannot reach. The OpenAPI schema is served below, behind the login.
    app = FastAPI(
        title="DSI Assistant API",
        description="Cited answers from Den Sociale Investeringsfond's documents.",
        root_path=settings.root_path,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    limiter = Limiter(settings.concurrency, settings.queue_max)
    guard = _auth_dependency(settings)

    @app.exception_handler(AssistantError)
    async def assistant_error(_: Request, exc: AssistantError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=STATUS.get(type(exc), 400))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        # The default handler echoes the input, which may not even encode (a lone
        # surrogate): name the fields and the problems only.
        problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        return JSONResponse({"error": "invalid request: " + "; ".join(problems)}, 422)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        name = type(exc).__name__
        return JSONResponse({"error": f"internal error ({name}); see the server log"}, 500)

    @app.post("/api/ask", dependencies=guard)
    async def ask(request: AskRequest) -> dict[str, Any]:
        """Answer a question with citations, or refuse (``refused: true``)."""
        history = [ConversationTurn(role=t.role, content=t.content) for t in request.history]
        async with limiter:
            answer = await run_in_threadpool(assistant.ask, request.question, history)
        return answer.to_dict()

    @app.post("/api/ask/stream", dependencies=guard)
    async def ask_stream(request: AskRequest) -> StreamingResponse:
        """The answer as it grows, as JSON lines (``application/x-ndjson``): each line the
        whole answer so far, in /api/ask's shape; the last has ``"done": true``. With an
        LLM configured each line adds one checked sentence. Errors come before the first
        line, with the same status codes as /api/ask."""
        history = [ConversationTurn(role=t.role, content=t.content) for t in request.history]
        await limiter.__aenter__()
        try:
            answers = assistant.ask_stream(request.question, history)
            first = await run_in_threadpool(next, answers)
        except BaseException:
            await limiter.__aexit__()
            raise
        return StreamingResponse(_lines(first, answers, limiter), media_type=NDJSON)

    @app.get("/api/portfolio", dependencies=guard)
    def portfolio(
        kind: str = "",
        municipality: str = "",
        area: str = "",
        partner: str = "",
        as_of: str = "",
    ) -> dict[str, Any]:
        """Every portfolio row (each investment's newest figures, or those known at
        ``as_of``), the rows the last ingest left out, the dates figures were stated at,
        and the totals of the rows the filters pick: the same rows the chat and the
        portfolio tab take (``kind``: "" = the investment partnerships, "partnerships",
        "all", or one kind)."""
        filters = view.Filters(kind, area, municipality, partner)
        rows = assistant.portfolio(as_of)
        try:
            selected = view.apply(rows, filters)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc
        sums = totals(selected)
        return {
            "rows": [r.to_dict() for r in rows],
            "dates": assistant.portfolio_dates(),
            "errors": [str(e) for e in assistant.portfolio_errors()],
            "selected": {
                "kinds": list(view.scope_of(filters).kinds),
                "names": [r.name for r in selected],
                "rows": sums.rows,
                "total": float(sums.total),
                "share": float(sums.share),
                "share_rows": sums.share_rows,
            },
        }

    @app.post("/api/fit", dependencies=guard)
    async def fit(request: FitRequest) -> dict[str, Any]:
        """The fit check (issue 14): the form as JSON -> the fit report as JSON."""
        data = request.model_dump()
        language = data.pop("language")
        try:
            form = FitForm.from_mapping(data)
        except FitInputError as exc:
            raise HTTPException(422, str(exc)) from exc
        async with limiter:
            report = await run_in_threadpool(assistant.fit, form, language)
        return report.to_dict()

    @app.get("/api/health", dependencies=guard)
    def health() -> dict[str, Any]:
        """Index status, document and chunk counts, and the embedder."""
        return status(assistant)

    @app.get("/openapi.json", dependencies=guard, include_in_schema=False)
    def openapi() -> dict[str, Any]:
        """The OpenAPI schema of this API."""
        return app.openapi()

    return app


async def _lines(first: Answer, rest: Iterator[Answer], limiter: Limiter) -> AsyncIterator[bytes]:
    """JSON lines of a growing answer; the queue slot is given back at the end."""
    try:
        answer: Answer | None = first
        while answer is not None:
            following = await run_in_threadpool(next, rest, None)
            line = {**answer.to_dict(), "done": following is None}
            yield (json.dumps(line, ensure_ascii=False) + "\n").encode()
            answer = following
    finally:
        await limiter.__aexit__()


def _auth_dependency(settings: Settings) -> list[Any]:
    """HTTP Basic auth on the API when ``DSI_AUTH=user:password`` is set."""
    if not settings.auth:
        return []
    user, _, password = settings.auth.partition(":")

    def check(request: Request) -> None:
        given = basic_credentials(request.headers.get("authorization", ""))
        if given is None or not (same_secret(given[0], user) & same_secret(given[1], password)):
            raise HTTPException(401, "wrong user or password", {"WWW-Authenticate": "Basic"})

    return [Depends(check)]


def basic_credentials(header: str) -> tuple[str, str] | None:
    """(user, password) from a Basic ``Authorization`` header, read as UTF-8 (RFC 7617),
    so Danish letters work; FastAPI's own ``HTTPBasic`` reads ASCII only."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        raw = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = raw.partition(":")
    return (user, password) if sep else None
