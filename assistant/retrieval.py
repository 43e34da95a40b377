"""Dense (Chroma) and keyword (BM25) search, combined by reciprocal rank fusion.

Both sides are llama-index retrievers and llama-index's ``QueryFusionRetriever`` fuses
them. Only committed document versions are returned (see ``store``), and results can be
limited to one document or section. The keyword side expands English questions with
Danish domain terms, because the documents are Danish (see ``language``).
"""

from __future__ import annotations

from typing import Any

from llama_index.core import VectorStoreIndex
from llama_index.core.llms import MockLLM
from llama_index.core.retrievers import BaseRetriever, QueryFusionRetriever
from llama_index.core.retrievers.fusion_retriever import FUSION_MODES
from llama_index.core.schema import NodeWithScore, QueryBundle
from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters

from .language import expand_for_keywords
from .nodes import to_chunk
from .types import Hit

SECTION_POOL = 200


class KeywordSide(BaseRetriever):
    """BM25 over committed chunks, with English-to-Danish term expansion."""

    def __init__(self, bm25: Any, shas: frozenset[str], doc: str | None) -> None:
        super().__init__()
        self._bm25 = bm25
        self._shas = shas
        self._doc = doc

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        query = expand_for_keywords(query_bundle.query_str)
        hits = self._bm25.retrieve(query)
        return [h for h in hits if h.score > 0 and self._keep(h.node.metadata)]

    def _keep(self, meta: dict[str, Any]) -> bool:
        if meta.get("doc_sha") not in self._shas:
            return False
        return not self._doc or meta.get("doc_id") == self._doc


def _filters(shas: list[str], doc: str | None) -> MetadataFilters:
    items = [MetadataFilter(key="doc_sha", value=shas, operator=FilterOperator.IN)]
    if doc:
        items.append(MetadataFilter(key="doc_id", value=doc, operator=FilterOperator.EQ))
    return MetadataFilters(filters=items)


class Retriever:
    """Hybrid search over the committed index."""

    def __init__(
        self, vector_store: Any, embed_model: Any, bm25: Any, shas: list[str], candidates: int
    ) -> None:
        self._index = VectorStoreIndex.from_vector_store(vector_store, embed_model=embed_model)
        self._bm25 = bm25
        self._shas = shas
        self._sha_set = frozenset(shas)
        self._candidates = candidates

    def search(
        self, query: str, k: int, doc: str | None = None, section: str | None = None
    ) -> list[Hit]:
        """The top ``k`` chunks for ``query``, best first."""
        # Chroma cannot filter metadata by substring, so a section filter over-fetches.
        pool = self._candidates if not section else max(self._candidates, SECTION_POOL)
        dense = self._index.as_retriever(similarity_top_k=pool, filters=_filters(self._shas, doc))
        keyword = KeywordSide(self._bm25, self._sha_set, doc)
        fusion = QueryFusionRetriever(
            [dense, keyword],
            mode=FUSION_MODES.RECIPROCAL_RANK,
            similarity_top_k=pool,
            num_queries=1,  # no LLM query generation: offline and fast
            use_async=False,
            llm=MockLLM(),
        )
        hits = [Hit(to_chunk(n.node), float(n.score or 0.0)) for n in fusion.retrieve(query)]
        if section:  # one filter for both sides, after fusion
            hits = [h for h in hits if section in h.chunk.section]
        return hits[:k]
