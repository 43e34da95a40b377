"""The LLM endpoint: any server that speaks the OpenAI chat protocol (Ollama, vLLM,
llama.cpp's server, LM Studio, Azure OpenAI …), through llama-index's ``OpenAILike``.

The only module that imports it, lazily, when ``DSI_LLM_URL`` is set. Its defaults are
wrong for this use and are set here: ``is_chat_model`` (else it posts to
``/v1/completions`` with no chat template), ``context_window`` (else 3900), an API key
string even for a local server, and no retries (each one would wait the whole timeout
again). tiktoken is kept offline by ``ensure_offline``, which points it at the encodings
llama-index ships.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from assistant.config import Settings
from assistant.errors import LLMUnavailable, MissingExtra
from assistant.offline import ensure_offline

NO_KEY = "not-needed"  # the client requires a key string; a local server ignores it


class ChatModel(Protocol):
    """Streams a chat completion as text deltas."""

    name: str

    def stream(self, messages: Sequence[tuple[str, str]]) -> Iterator[str]:
        """The reply to ``messages`` ((role, content) pairs), piece by piece; raises
        ``LLMUnavailable`` when the endpoint fails, stalls or runs past the timeout."""
        ...


class OpenAIChat:
    """A chat model behind an OpenAI-compatible endpoint."""

    def __init__(self, settings: Settings) -> None:
        ensure_offline()
        try:
            from llama_index.llms.openai_like import OpenAILike
        except ImportError as exc:  # pragma: no cover - a main dependency
            raise MissingExtra(
                "the LLM client is missing: pip install llama-index-llms-openai-like"
            ) from exc
        self.name = settings.llm_model
        self.endpoint = shown_url(settings.llm_url)
        self._timeout = settings.llm_timeout
        self._llm = OpenAILike(
            model=settings.llm_model,
            api_base=settings.llm_url,
            api_key=settings.llm_api_key.get_secret_value() or NO_KEY,
            is_chat_model=True,
            is_function_calling_model=False,
            context_window=settings.llm_context_window,
            max_tokens=settings.llm_max_tokens,
            timeout=settings.llm_timeout,
            max_retries=0,
            temperature=0.1,
        )

    def stream(self, messages: Sequence[tuple[str, str]]) -> Iterator[str]:
        """The reply, delta by delta, within ``DSI_LLM_TIMEOUT`` in all."""
        from llama_index.core.llms import ChatMessage

        chat = [ChatMessage(role=role, content=content) for role, content in messages]
        deadline = time.monotonic() + self._timeout
        finished = False
        try:
            for chunk in self._llm.stream_chat(chat):
                if time.monotonic() > deadline:
                    raise LLMUnavailable(f"the LLM took longer than {self._timeout:g} s")
                finished = finished or _finished(chunk.raw)
                if chunk.delta:
                    yield chunk.delta
            if not finished:  # the stream ended without a finish reason: it was cut off
                raise LLMUnavailable(f"the LLM at {self.endpoint} stopped mid-answer")
        except LLMUnavailable:
            raise
        except Exception as exc:  # the client's and httpx's errors: connection, timeout …
            raise LLMUnavailable(f"the LLM at {self.endpoint} failed: {_reason(exc)}") from exc


def _finished(raw: Any) -> bool:
    """Whether a streamed chunk carries a finish reason (the protocol's last chunk)."""
    choices = getattr(raw, "choices", None) or []
    return any(getattr(c, "finish_reason", None) for c in choices)


def _reason(exc: Exception) -> str:
    """The error's class and first line, never a header or key."""
    first = str(exc).splitlines()[0][:120] if str(exc) else ""
    return f"{type(exc).__name__}{': ' + first if first else ''}"


def shown_url(url: str) -> str:
    """The endpoint as it may be shown: no user, password or query string."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def describe(settings: Settings) -> dict[str, Any]:
    """The active answerer as /api/health and the knowledge-base tab show it (no key)."""
    if not settings.llm_url:
        return {"kind": "extractive"}
    return {"kind": "llm", "model": settings.llm_model, "url": shown_url(settings.llm_url)}
