"""The environment that keeps every process offline and free of telemetry (DESIGN.md).

Called by each module that imports a library which could phone home, before that import,
so the guarantee holds in the CLI, the app, the tests and a user's own script alike.
"""

from __future__ import annotations

import os

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def ensure_offline() -> None:
    """Set the offline and no-telemetry variables unless the user set them already."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    if "TIKTOKEN_CACHE_DIR" not in os.environ:
        try:
            import llama_index.core as core
        except ImportError:  # pragma: no cover - llama-index is a hard dependency
            return
        cache = os.path.join(os.path.dirname(core.__file__), "_static", "tiktoken_cache")
        os.environ["TIKTOKEN_CACHE_DIR"] = cache
