"""Dense (Chroma) and keyword (BM25) search, combined by reciprocal rank fusion.

Both sides are llama-index retrievers and llama-index's ``QueryFusionRetriever`` fuses
them. Only committed document versions are returned (see ``store``), and results can be
limited to one document or section. The keyword side can be given its own text: the
question with the documents' words for an English question's words (``index.bridge``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from llama_index.core import VectorStoreIndex
from llama_index.core.llms import MockLLM
from llama_index.core.retrievers import BaseRetriever, QueryFusionRetriever
from llama_index.core.retrievers.fusion_retriever import FUSION_MODES
from llama_index.core.schema import NodeWithScore, QueryBundle
from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters

from assistant.index.keyword import KeywordIndex
from assistant.index.nodes import to_chunk
from assistant.types import Hit

SECTION_POOL = 200


class KeywordSide(BaseRetriever):
    """BM25 over committed chunks; searches ``text`` when given, else the query."""

    def __init__(
        self, keyword: KeywordIndex, shas: frozenset[str], doc: str | None, text: str | None
    ) -> None:
        super().__init__()
        self._keyword = keyword
        self._shas = shas
        self._doc = doc
        self._text = text

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self._keyword.search(self._text or query_bundle.query_str, self._keep)

    def _keep(self, meta: Mapping[str, Any]) -> bool:
        if meta.get("doc_sha") not in self._shas:
            return False
        return not self._doc or meta.get("doc_id") == self._doc


class CommittedDense(BaseRetriever):
    """Dense search that returns committed document versions only.

    Chroma's metadata filter (``doc_sha $in [...]``) makes every query scan the metadata of
    the whole collection: 110 ms at 20k chunks and growing linearly. Uncommitted chunks
    are rare (an ingest in progress, or leftovers of a crash until the next ingest), so this
    over-fetches without a filter and drops them here; only when too many were dropped does
    it ask again with Chroma's filter.
    """

    def __init__(self, index: Any, pool: int, shas: list[str], doc: str | None) -> None:
        super().__init__()
        self._index = index
        self._pool = pool
        self._shas = shas
        self._sha_set = frozenset(shas)
        self._doc = doc

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        doc_filter = _filters([], self._doc) if self._doc else None
        fetch = self._pool + OVERFETCH
        wide = self._index.as_retriever(similarity_top_k=fetch, filters=doc_filter)
        found = wide.retrieve(query_bundle)
        kept = [n for n in found if n.node.metadata.get("doc_sha") in self._sha_set]
        if len(kept) >= self._pool or len(found) < fetch:
            return kept[: self._pool]
        exact = self._index.as_retriever(
            similarity_top_k=self._pool, filters=_filters(self._shas, self._doc)
        )
        return list(exact.retrieve(query_bundle))


# Extra dense hits fetched, so a few uncommitted ones can be dropped without a second query.
# Each extra hit costs Chroma a metadata fetch: 2x the pool cost 3-6 ms more per query.
OVERFETCH = 5


def _filters(shas: list[str], doc: str | None) -> MetadataFilters:
    items = [MetadataFilter(key="doc_sha", value=shas, operator=FilterOperator.IN)] if shas else []
    if doc:
        items.append(MetadataFilter(key="doc_id", value=doc, operator=FilterOperator.EQ))
    return MetadataFilters(filters=items)


class Retriever:
    """Hybrid search over the committed index."""

    def __init__(
        self,
        vector_store: Any,
        embed_model: Any,
        keyword: KeywordIndex,
        shas: list[str],
        candidates: int,
        sides: str = "hybrid",
    ) -> None:
        self._index = VectorStoreIndex.from_vector_store(vector_store, embed_model=embed_model)
        self._keyword = keyword
        self._shas = shas
        self._sha_set = frozenset(shas)
        self._candidates = candidates
        self._sides = sides  # "hybrid", or "dense" / "keyword" alone (benchmark baselines)

    def search(
        self,
        query: str,
        k: int,
        doc: str | None = None,
        section: str | None = None,
        keywords: str | None = None,
        dense_weight: float | None = None,
    ) -> list[Hit]:
        """The top ``k`` chunks for ``query`` (``keywords``: the keyword side's text, when
        it differs), best first. Reciprocal rank fusion, or with ``dense_weight`` the
        sides' min-max scaled scores weighted (dense, 1 - dense): llama-index's relative
        score fusion."""
        # Chroma cannot filter metadata by substring, so a section filter over-fetches.
        pool = self._candidates if not section else max(self._candidates, SECTION_POOL)
        dense = CommittedDense(self._index, pool, self._shas, doc)
        lexical = KeywordSide(self._keyword, self._sha_set, doc, keywords)
        chosen: dict[str, list[BaseRetriever]] = {"dense": [dense], "keyword": [lexical]}
        sides = chosen.get(self._sides, [dense, lexical])
        weights = (
            [dense_weight, 1 - dense_weight] if dense_weight is not None and len(sides) == 2 else None
        )
        fusion = QueryFusionRetriever(
            sides,
            mode=FUSION_MODES.RELATIVE_SCORE if weights else FUSION_MODES.RECIPROCAL_RANK,
            retriever_weights=weights,
            similarity_top_k=pool,
            num_queries=1,  # no LLM query generation: offline and fast
            use_async=False,
            llm=MockLLM(),
        )
        hits = [Hit(to_chunk(n.node), float(n.score or 0.0)) for n in fusion.retrieve(query)]
        if section:  # one filter for both sides, after fusion
            hits = [h for h in hits if section in h.chunk.section]
        return hits[:k]
