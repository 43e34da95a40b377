"""DSI Assistant: cited answers from Den Sociale Investeringsfond's documents, offline.

The public API: ``Assistant`` (load, ingest, ask, ask_stream), its ``Settings``, the
records it returns (``Answer``, ``Citation``, ``IngestReport``) and the errors it raises.
"""

from assistant.config import Settings
from assistant.errors import (
    AssistantError,
    BadDocument,
    BadQuestion,
    EmbedderMismatch,
    IndexCorrupt,
    IndexMissing,
    IngestBusy,
    MissingExtra,
)
from assistant.pipeline import Assistant
from assistant.types import Answer, Citation, IngestReport

__all__ = [
    "Answer",
    "Assistant",
    "AssistantError",
    "BadDocument",
    "BadQuestion",
    "Citation",
    "EmbedderMismatch",
    "IndexCorrupt",
    "IndexMissing",
    "IngestBusy",
    "IngestReport",
    "MissingExtra",
    "Settings",
]
