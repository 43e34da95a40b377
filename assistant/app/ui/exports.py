"""The conversation downloads (``Exports``) and the file mode of what the UI writes.

One private file per browser session, replaced after each answer, in one folder of this
process that is removed when it exits: never a new temporary folder per answer.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from pathlib import Path

from assistant.app.render import conversation_markdown
from assistant.types import Answer

PRIVATE = 0o600  # exports, uploads and feedback hold what users asked: owner only


class Exports:
    """The conversation downloads: one private file per browser session, replaced after
    each answer, in a folder of this process that is removed when it exits."""

    def __init__(self) -> None:
        self.folder: Path | None = None

    def write(self, session: str, history: list[tuple[str, Answer]], lang: str) -> str:
        """Write the conversation as Markdown; the path to offer for download."""
        name = "dsi-samtale.md" if lang == "da" else "dsi-conversation.md"
        return self.write_file(session, name, conversation_markdown(history, lang).encode())

    def write_file(self, session: str, name: str, data: bytes) -> str:
        """Write one private download of ``session`` (replacing its last one of that name)."""
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="dsi-exports-"))  # 0700
            atexit.register(shutil.rmtree, self.folder, ignore_errors=True)
        folder = self.folder / re.sub(r"\W", "_", session)[:64]
        folder.mkdir(mode=0o700, exist_ok=True)
        path = folder / name
        tmp = folder / f".{name}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
        return str(path)
