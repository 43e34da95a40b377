"""BM25 keyword search with the Danish Snowball stemmer and Danish stopwords.

llama-index's ``BM25Retriever(language=...)`` sets only the stopwords and stems with
English by default, so the Danish stemmer is passed explicitly. ``from_persist_dir``
drops the stemmer (every score becomes 0), so it is set again after loading.
The snapshot is built at ingest and loaded at start: never rebuilt per query.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import Stemmer
from llama_index.core.schema import BaseNode
from llama_index.retrievers.bm25 import BM25Retriever

from assistant.index.nodes import to_chunk
from assistant.types import Chunk

LANGUAGE = "danish"
TOKEN_PATTERN = r"(?u)\b\w+\b"  # keep 1-character tokens such as the "2" in "type 2"


def stemmer() -> Any:
    """The Danish Snowball stemmer."""
    return Stemmer.Stemmer(LANGUAGE)


def stem_terms(text: str) -> list[str]:
    """Lower-cased, stemmed word tokens of ``text``, as BM25 sees them."""
    words = re.findall(TOKEN_PATTERN, text.lower())
    return list(stemmer().stemWords(words))


def build(nodes: list[BaseNode], top_k: int) -> BM25Retriever:
    """A BM25 retriever over ``nodes`` (their heading + text)."""
    return BM25Retriever.from_defaults(
        nodes=nodes,
        similarity_top_k=min(top_k, max(1, len(nodes))),
        stemmer=stemmer(),
        language="da",
        token_pattern=TOKEN_PATTERN,
    )


def save(retriever: BM25Retriever, path: Path) -> None:
    """Persist the snapshot to a fresh directory (callers pick a new name per generation)."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    retriever.persist(str(path), show_progress=False)


def load(path: Path, top_k: int) -> BM25Retriever:
    """Load a snapshot and restore the Danish stemmer the persisted form loses."""
    retriever = BM25Retriever.from_persist_dir(str(path), show_progress=False)
    retriever.stemmer = stemmer()
    retriever.token_pattern = TOKEN_PATTERN
    retriever.similarity_top_k = min(top_k, int(retriever.bm25.scores.get("num_docs", top_k)))
    return retriever


def chunks_of_kind(retriever: BM25Retriever, kind: str) -> list[Chunk]:
    """The snapshot's chunks of one kind ("table_row"), read from memory, not the store."""
    from llama_index.core.vector_stores.utils import metadata_dict_to_node

    return [
        to_chunk(metadata_dict_to_node(entry))
        for entry in retriever.corpus
        if entry.get("kind") == kind
    ]
