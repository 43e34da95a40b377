"""The term bridge (issue 12): English question words -> Danish words of the corpus, by the
real default embedder's similarity and its calibrated floors; no bridge for an embedder
without a calibration; the vocabulary's vectors come from the embedding cache.

The Danish sentences are written here (not taken from corpus/), and few: every word of
their vocabulary is embedded once per test module."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant.calibration import calibration
from assistant.config import DEFAULT_EMBEDDER
from assistant.index.bridge import TermBridge, vocabulary_of
from assistant.index.cache import EmbeddingCache
from assistant.index.embeddings import CachedEmbedder, Embedder, make_embedder

TEXTS = (
    "Fonden investerer i indsatser mod hjemløshed i større byer.",
    "Kontrakten fastlægger betalingen til kommunen.",
    "En uafhængig evaluering måler resultaterne efter to år.",
)


@pytest.fixture(scope="module")
def model() -> Embedder:
    """The real default embedder, loaded once."""
    return make_embedder(DEFAULT_EMBEDDER)


@pytest.fixture(scope="module")
def cache_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bridge") / "embeddings.sqlite"


@pytest.fixture(scope="module")
def bridge(model: Embedder, cache_path: Path) -> TermBridge:
    return TermBridge.build(TEXTS, CachedEmbedder(model, EmbeddingCache(cache_path)))


def test_vocabulary_is_lower_case_content_words_of_four_letters_or_more() -> None:
    vocabulary = vocabulary_of(["DSI har 12 mio. kr. til Vejle Kommune og også til byer i 2025."])
    assert {"vejle", "kommune", "byer"} <= vocabulary
    assert "dsi" not in vocabulary  # three letters
    assert "også" not in vocabulary and "til" not in vocabulary  # function words
    assert "2025" not in vocabulary and "12" not in vocabulary
    assert all(w == w.lower() for w in vocabulary)


def test_the_default_embedder_is_calibrated_for_the_bridge() -> None:
    measured, known = calibration(DEFAULT_EMBEDDER)
    assert known and measured.bridge_floor is not None


def test_bridge_vocabulary_is_the_texts_vocabulary(bridge: TermBridge) -> None:
    assert set(bridge.vocabulary) == vocabulary_of(TEXTS)
    assert bridge.vectors.shape == (len(bridge.vocabulary), bridge.embedder.dim)  # type: ignore[union-attr]
    norms = np.linalg.norm(bridge.vectors, axis=1)
    assert np.allclose(norms, 1.0, atol=1e-3)


@pytest.mark.parametrize(
    ("english", "danish"),
    [
        ("homelessness", "hjemløshed"),
        ("contract", "kontrakten"),
        ("evaluation", "evaluering"),
        ("payment", "betalingen"),
    ],
)
def test_english_words_map_to_the_danish_forms(
    bridge: TermBridge, english: str, danish: str
) -> None:
    found = bridge.translate([english])
    assert english in found, f"{english!r} bridged to nothing"
    assert danish in found[english], f"{english!r} -> {found[english]}"
    assert len(found[english]) <= 2


def test_several_words_at_once(bridge: TermBridge) -> None:
    found = bridge.translate(["homelessness", "contract"])
    assert "hjemløshed" in found["homelessness"]
    assert "kontrakten" in found["contract"]
    assert "kontrakten" not in found["homelessness"]


@pytest.mark.parametrize("unrelated", ["pizza", "guitar", "football"])
def test_an_unrelated_word_maps_to_nothing(bridge: TermBridge, unrelated: str) -> None:
    assert bridge.translate([unrelated]) == {}


def test_names_use_the_stricter_floor(bridge: TermBridge) -> None:
    words = ["homelessness", "contract", "evaluation", "payment", "pizza"]
    loose = bridge.translate(words)
    strict = bridge.translate(words, names=True)
    assert set(strict) <= set(loose)
    assert "pizza" not in strict


def test_nothing_to_translate(bridge: TermBridge) -> None:
    assert bridge.translate([]) == {}


class Renamed:
    """An embedder under a name no calibration knows, counting what it is asked to embed."""

    def __init__(self, inner: CachedEmbedder, name: str = "unknown-model") -> None:
        self.inner = inner
        self.name = name
        self.dim = inner.dim
        self.asked = 0

    def query(self, text: str) -> np.ndarray:
        self.asked += 1
        return self.inner.query(text)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        self.asked += len(texts)
        return self.inner.passages(texts)


def test_an_embedder_without_calibration_gets_no_bridge(model: Embedder, tmp_path: Path) -> None:
    assert calibration("unknown-model")[1] is False
    renamed = Renamed(CachedEmbedder(model, EmbeddingCache(tmp_path / "c.sqlite")))
    empty = TermBridge.build(TEXTS, renamed)  # type: ignore[arg-type]
    assert empty.vocabulary == ()
    assert empty.translate(["contract", "homelessness"]) == {}
    assert empty.translate(["contract"], names=True) == {}
    assert renamed.asked == 0, "an uncalibrated bridge embeds nothing"


def test_building_again_embeds_nothing(
    model: Embedder, bridge: TermBridge, cache_path: Path
) -> None:
    again = CachedEmbedder(model, EmbeddingCache(cache_path))
    rebuilt = TermBridge.build(TEXTS, again)
    assert again.embedded == 0, f"{again.embedded} words embedded again"
    assert rebuilt.vocabulary == bridge.vocabulary
    assert np.allclose(rebuilt.vectors, bridge.vectors)
    rebuilt.build(TEXTS, again)
    assert again.embedded == 0


def test_a_new_text_embeds_only_its_new_words(
    model: Embedder, bridge: TermBridge, cache_path: Path
) -> None:
    again = CachedEmbedder(model, EmbeddingCache(cache_path))
    extra = "Kontrakten gælder for kommunen og borgerne."
    new = vocabulary_of([extra]) - set(bridge.vocabulary)
    assert new == {"gælder", "borgerne"}
    TermBridge.build([*TEXTS, extra], again)
    assert again.embedded == len(new)
