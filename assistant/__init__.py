"""DSI Assistant: cited answers from Den Sociale Investeringsfond's documents, offline."""

from .config import Settings
from .errors import AssistantError, BadDocument, BadQuestion, EmbedderMismatch, IndexMissing
from .pipeline import Assistant
from .types import Answer, Citation, IngestReport

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
