"""BM25 keyword search over the documents, stemmed in the documents' language.

The only home of bm25s and llama-index's BM25 retriever: the rest of the assistant uses
``KeywordIndex`` and its typed methods (search with a filter, a term's document
frequency, the chunks of a kind), never the libraries' objects.

llama-index's ``BM25Retriever(language=...)`` sets only the stopwords and stems with
English by default, so the documents' stemmer (Danish) is passed explicitly, also when a
persisted snapshot is loaded (``from_persist_dir`` would fall back to English and every
score would be 0). The snapshot is built at ingest and loaded at start: never per query.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import bm25s
from llama_index.core.schema import BaseNode, NodeWithScore
from llama_index.core.vector_stores.utils import metadata_dict_to_node
from llama_index.retrievers.bm25 import BM25Retriever

from assistant.index.nodes import to_chunk
from assistant.lang import DOCUMENTS
from assistant.types import Chunk

TOKEN_PATTERN = r"(?u)\b\w+\b"  # keep 1-character tokens such as the "2" in "type 2"
STOPWORDS = DOCUMENTS.code  # bm25s's stopword list for the documents' language
PERSIST_ARGS = "retriever.json"  # llama-index's file of retriever settings in a snapshot

Keep = Callable[[Mapping[str, Any]], bool]


def stem_terms(text: str) -> list[str]:
    """Lower-cased, stemmed word tokens of ``text``, as BM25 sees them."""
    return DOCUMENTS.stems(text)


class KeywordIndex:
    """A BM25 snapshot: build or load it, search it, and ask it about its vocabulary."""

    def __init__(self, retriever: BM25Retriever) -> None:
        self._retriever = retriever
        bm25: bm25s.BM25 = retriever.bm25
        self._vocab: dict[str, int] = dict(bm25.vocab_dict)
        # bm25s keeps its scores as a sparse matrix, one column per term in CSC form:
        # a term's document frequency is the length of its column.
        self._indptr = bm25.scores["indptr"]
        self._docs = max(1, int(bm25.scores["num_docs"]))
        self._corpus: list[dict[str, Any]] = list(retriever.corpus or [])

    @classmethod
    def build(cls, nodes: list[BaseNode], top_k: int) -> KeywordIndex:
        """A snapshot over ``nodes`` (their heading + text)."""
        return cls(
            BM25Retriever(
                nodes=nodes,
                similarity_top_k=min(top_k, max(1, len(nodes))),
                stemmer=DOCUMENTS.stemmer(),
                language=STOPWORDS,
                token_pattern=TOKEN_PATTERN,
            )
        )

    @classmethod
    def load(cls, path: Path, top_k: int) -> KeywordIndex:
        """A snapshot saved by ``save``, with the documents' stemmer."""
        bm25 = bm25s.BM25.load(str(path), load_corpus=True, show_progress=False)
        json.loads((path / PERSIST_ARGS).read_text(encoding="utf-8"))  # present and valid
        docs = int(bm25.scores.get("num_docs", top_k))
        return cls(
            BM25Retriever(
                existing_bm25=bm25,
                stemmer=DOCUMENTS.stemmer(),
                token_pattern=TOKEN_PATTERN,
                similarity_top_k=max(1, min(top_k, docs)),
            )
        )

    def save(self, path: Path) -> None:
        """Persist to a fresh directory (callers pick a new name per generation)."""
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        self._retriever.persist(str(path), show_progress=False)

    def search(self, text: str, keep: Keep) -> list[NodeWithScore]:
        """The best-scoring chunks for ``text`` whose metadata ``keep`` accepts."""
        hits = self._retriever.retrieve(text)
        return [h for h in hits if h.score and h.score > 0 and keep(h.node.metadata)]

    def knows(self, stem: str) -> bool:
        """Whether any chunk uses the stemmed term."""
        return stem in self._vocab

    def doc_freq(self, stem: str) -> float:
        """The share of chunks that use the stemmed term (0 for an unknown term)."""
        token = self._vocab.get(stem)
        if token is None:
            return 0.0
        return float(self._indptr[token + 1] - self._indptr[token]) / self._docs

    def chunks(self) -> list[Chunk]:
        """Every passage of the snapshot, in the order ingest wrote them: each document's
        passages in reading order."""
        return [to_chunk(metadata_dict_to_node(entry)) for entry in self._corpus]
