"""Typed errors. Library code raises these; the CLI and UI turn them into messages."""


class AssistantError(Exception):
    """Base class: the message says what is wrong and what to do."""


class IndexMissing(AssistantError):
    """No index has been built at the configured location."""


class EmbedderMismatch(AssistantError):
    """The index was built with a different embedder than the one configured."""


class BadDocument(AssistantError):
    """A document could not be read; the ingest report carries the reason."""


class BadQuestion(AssistantError):
    """A question is empty, too long or otherwise unusable."""


class MissingExtra(AssistantError):
    """An optional dependency is not installed."""


class IndexCorrupt(AssistantError):
    """An index file is unreadable or missing; the message names the rebuild command."""


class IngestBusy(AssistantError):
    """Another ingest holds this index for longer than the configured wait."""


class LLMUnavailable(AssistantError):
    """The configured LLM endpoint did not answer (down, too slow, or cut off)."""
