"""The index's state as /api/health and the knowledge-base tab report it."""

from __future__ import annotations

from typing import Any

from assistant.llm.client import describe
from assistant.pipeline import Assistant


def status(assistant: Assistant) -> dict[str, Any]:
    """What /api/health reports (also shown in the knowledge-base tab)."""
    embedder = {"name": assistant.embedder.name, "dim": assistant.embedder.dim}
    answerer = describe(assistant.settings)  # never the API key
    if not assistant.has_index():
        return {
            "status": "no index",
            "documents": 0,
            "chunks": 0,
            "embedder": embedder,
            "answerer": answerer,
        }
    manifest = assistant.manifest()
    return {
        "status": "ok",
        "documents": len(manifest.docs),
        "chunks": manifest.chunk_count(),
        "portfolio_rows": len(assistant.portfolio()),
        "embedder": embedder,
        "index_embedder": {"name": manifest.embedder, "dim": manifest.dim},
        "answerer": answerer,
    }
