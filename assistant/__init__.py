"""DSI Assistant: cited answers from Den Sociale Investeringsfond's documents, offline."""

from assistant.config import Settings
from assistant.errors import (
    AssistantError,
    BadDocument,
    BadQuestion,
    EmbedderMismatch,
    IndexMissing,
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
    "IndexMissing",
    "IngestReport",
    "Settings",
]
