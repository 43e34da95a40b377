"""The dense side returns committed document versions only, also when most near
neighbours are uncommitted (an ingest in progress, or leftovers of a crash)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from llama_index.core import VectorStoreIndex
from llama_index.core.embeddings import MockEmbedding
from llama_index.core.schema import QueryBundle, TextNode

from assistant.index.retrieval import CommittedDense
from assistant.index.store import ChromaStore

DIM = 8


def nodes(sha: str, count: int, near: bool) -> list[TextNode]:
    rng = np.random.default_rng(len(sha) + count)
    out = []
    for i in range(count):
        vector = np.ones(DIM) + rng.normal(0, 0.01 if near else 1.0, DIM)
        vector /= np.linalg.norm(vector)
        meta = {"doc_id": f"{sha}.txt", "doc_sha": sha}
        out.append(
            TextNode(id_=f"{sha}-{i}", text=f"{sha} {i}", metadata=meta, embedding=vector.tolist())
        )
    return out


def test_uncommitted_neighbours_are_dropped_and_committed_ones_found(tmp_path: Path) -> None:
    store = ChromaStore(tmp_path)
    vector_store = store.vector_store()
    vector_store.add(nodes("new", 40, near=True))  # uncommitted, all closer to the query
    vector_store.add(nodes("old", 30, near=False))
    index = VectorStoreIndex.from_vector_store(
        vector_store, embed_model=MockEmbedding(embed_dim=DIM)
    )
    query = QueryBundle("q", embedding=(np.ones(DIM) / np.sqrt(DIM)).tolist())

    dense = CommittedDense(index, pool=10, shas=["old"], doc=None)
    found = dense.retrieve(query)
    assert len(found) == 10  # the over-fetch held only "new" hits: the exact query ran
    assert {n.node.metadata["doc_sha"] for n in found} == {"old"}

    both = CommittedDense(index, pool=10, shas=["old", "new"], doc=None).retrieve(query)
    assert {n.node.metadata["doc_sha"] for n in both} == {"new"}  # nearest first


def test_a_dense_weight_fuses_scores_and_one_gives_the_dense_order(assistant) -> None:  # type: ignore[no-untyped-def]
    """DSI_CROSS_DENSE_WEIGHT: relative score fusion; at 1.0 the keyword side adds nothing,
    so the order is the dense side's; at 0.0 it is the keyword side's."""
    question = "How does the state pay when results are achieved?"
    hybrid = assistant.library.current().retriever
    dense = assistant.retriever("dense").search(question, 5)
    keyword = assistant.retriever("keyword").search(question, 5)
    heavy = hybrid.search(question, 5, dense_weight=1.0)
    light = hybrid.search(question, 5, dense_weight=0.0)
    assert [h.chunk.id for h in heavy][:3] == [h.chunk.id for h in dense][:3]
    assert light[0].chunk.id == keyword[0].chunk.id
