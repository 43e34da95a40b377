"""Guards in front of the web app: which hosts it answers, back-off after failed logins,
no uploads in read-only mode, and secrets compared safely.

Pure ASGI (no UI library), so the REST API and the mounted Gradio UI share one front door.
Not handled here: TLS and rate limits on questions (the queue in ``api`` bounds those).
"""

from __future__ import annotations

import hmac
import json
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Loopback names a browser on this machine uses; anything else must be configured, so that
# a DNS-rebinding page (a foreign name resolving to 127.0.0.1) is refused.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")
FREE_FAILURES = 5  # mistyped passwords a person makes before any wait
BACKOFF_BASE_S = 1.0
BACKOFF_MAX_S = 60.0


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison of two secrets as UTF-8 bytes (Danish letters included)."""
    return hmac.compare_digest(
        given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass")
    )


def allowed_hosts(bind: str, extra: str) -> list[str]:
    """The Host header values the app answers: loopback, the bound name, ``extra``."""
    hosts = [*LOCAL_HOSTS]
    if bind not in ("0.0.0.0", "::", ""):
        hosts.append(bind)
    hosts += [h.strip() for h in extra.split(",") if h.strip()]
    return list(dict.fromkeys(hosts))


class Backoff:
    """Per-client failure count: after ``FREE_FAILURES`` failures each further one doubles
    the wait before the next attempt, up to ``BACKOFF_MAX_S``; a success clears it."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, int] = {}
        self._until: dict[str, float] = {}

    def wait_s(self, client: str) -> float:
        """Seconds ``client`` must wait before its next attempt (0: go ahead)."""
        with self._lock:
            return max(0.0, self._until.get(client, 0.0) - self._clock())

    def failed(self, client: str) -> None:
        """Count a failed attempt."""
        with self._lock:
            count = self._failures.get(client, 0) + 1
            self._failures[client] = count
            if count > FREE_FAILURES:
                delay = min(BACKOFF_MAX_S, BACKOFF_BASE_S * 2 ** (count - FREE_FAILURES - 1))
                self._until[client] = self._clock() + delay

    def succeeded(self, client: str) -> None:
        """Forget the client's failures."""
        with self._lock:
            self._failures.pop(client, None)
            self._until.pop(client, None)


def client_of(scope: Scope) -> str:
    """The client's address (the proxy's, behind a reverse proxy)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class Guard:
    """ASGI middleware: back-off on login and Basic-auth attempts; uploads refused when
    the app is read-only."""

    def __init__(self, app: ASGIApp, backoff: Backoff, read_only: bool) -> None:
        self.app = app
        self.backoff = backoff
        self.read_only = read_only

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        if self.read_only and path.endswith("/gradio_api/upload"):
            await _reply(send, 403, "uploads are off: the app is read-only (no admin password)")
            return
        if not _is_login_attempt(scope, path):
            await self.app(scope, receive, send)
            return
        await self._attempt(scope, receive, send, path)

    async def _attempt(self, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        client = client_of(scope)
        wait = self.backoff.wait_s(client)
        if wait > 0:
            message = f"too many failed logins; try again in {wait:.0f} s"
            await _reply(send, 429, message, {"retry-after": f"{max(1, round(wait))}"})
            return
        statuses: list[int] = []

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                statuses.append(int(message["status"]))
            await send(message)

        await self.app(scope, receive, watch)
        failed = {401} | ({400} if path.endswith("/login") else set())
        if statuses and statuses[0] in failed:
            self.backoff.failed(client)
        elif statuses and statuses[0] < 400:
            self.backoff.succeeded(client)


def _is_login_attempt(scope: Scope, path: str) -> bool:
    if scope.get("method") == "POST" and path.rstrip("/").endswith("/login"):
        return True
    return any(name == b"authorization" for name, _ in scope.get("headers", []))


async def _reply(
    send: Send, status: int, error: str, headers: dict[str, str] | None = None
) -> None:
    body = json.dumps({"error": error}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
