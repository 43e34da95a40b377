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
