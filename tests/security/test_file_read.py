"""Finding 1 (critical): a ``FileData`` value sent to any event must never read a file.

Every event of the running app is called through the queue API, as the red team did, with
each of its inputs set to a ``FileData`` that names a canary file outside Gradio's cache.
No output may carry the canary's content, and no URL or path in an output may serve it.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from gradio_queue import call, config  # type: ignore[import-not-found]

pytestmark = pytest.mark.slow


def file_data(path: str) -> dict[str, Any]:
    return {"path": path, "meta": {"_type": "gradio.FileData"}, "orig_name": "x.txt"}


def shapes(path: str) -> list[Any]:
    """The forms a file value can take in an input: alone, in a list, in chat messages."""
    value = file_data(path)
    message = {"role": "user", "content": [{"type": "file", "file": value}]}
    return [value, [value], [message], [{"role": "user", "content": value}]]


def served(url: str, text: str) -> list[str]:
    """What every file URL or cache path mentioned in ``text`` serves."""
    found: list[str] = []
    for ref in set(re.findall(r'(?:/gradio_api/file=|"path":\s*")([^"\\]+)', text)):
        target = f"{url}/gradio_api/file={urllib.parse.quote(ref)}"
        try:
            with urllib.request.urlopen(target, timeout=10) as response:
                found.append(response.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError:
            continue
    return found


def test_no_event_reads_a_file_named_in_its_input(
    app: dict[str, Any], canaries: dict[str, Any]
) -> None:
    cfg = config(app["url"])
    events = [d for d in cfg["dependencies"] if d.get("inputs")]
    assert len(events) >= 5  # ask, examples, filters, re-index …: the test covers them all
    leaks: list[str] = []
    for index, event in enumerate(cfg["dependencies"]):
        if not event.get("inputs"):
            continue
        trigger = event["targets"][0][0] if event.get("targets") else None
        for path in [*canaries["paths"], "/etc/passwd", "/proc/self/environ"]:
            for shape in shapes(path):
                data = [shape for _ in event["inputs"]]
                messages = call(app["url"], event.get("id", index), data, trigger)
                text = json.dumps(messages, ensure_ascii=False)
                bodies = [text, *served(app["url"], text)]
                for body in bodies:
                    if canaries["token"] in body or "root:x:0:0" in body or "DSI_ADMIN" in body:
                        leaks.append(f"event {index} ({event.get('api_name')}) leaked {path}")
    assert not leaks, leaks
    cache = Path(app["env"]["GRADIO_TEMP_DIR"])
    copied = [p for p in cache.rglob("*") if p.is_file() and canaries["token"] in _text(p)]
    assert not copied, f"canary copied into Gradio's cache: {copied}"


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
