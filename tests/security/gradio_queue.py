"""A minimal client for Gradio's queue protocol, as an attacker would speak it: POST
``/gradio_api/queue/join`` with any data for any event, then read the event stream."""

from __future__ import annotations

import json
import secrets
import urllib.request
from typing import Any


def config(url: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """The app's ``/config``: components and dependencies (events)."""
    request = urllib.request.Request(f"{url}/config", headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        data: dict[str, Any] = json.loads(response.read())
    return data


def call(
    url: str, fn_index: int, data: list[Any], trigger_id: int | None = None, timeout: float = 60
) -> list[dict[str, Any]]:
    """Join the queue for event ``fn_index`` with ``data``; every message of its stream."""
    session = secrets.token_hex(6)
    body = {
        "data": data,
        "event_data": None,
        "fn_index": fn_index,
        "trigger_id": trigger_id,
        "session_hash": session,
    }
    request = urllib.request.Request(
        f"{url}/gradio_api/queue/join",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
    except urllib.error.HTTPError as error:
        return [{"msg": "join_refused", "status": error.code, "body": error.read().decode()}]
    messages: list[dict[str, Any]] = []
    stream = urllib.request.urlopen(
        f"{url}/gradio_api/queue/data?session_hash={session}", timeout=timeout
    )
    with stream:
        for raw in stream:
            line = raw.decode("utf-8", "replace").strip()
            if not line.startswith("data:"):
                continue
            message = json.loads(line[5:])
            messages.append(message)
            if message.get("msg") in ("process_completed", "close_stream", "unexpected_error"):
                break
    return messages
