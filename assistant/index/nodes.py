"""Chunk <-> llama-index TextNode, the schema the vector store and BM25 retrievers share."""

from __future__ import annotations

import json

from llama_index.core.schema import BaseNode, MetadataMode, TextNode

from assistant.types import Chunk

# Only the nearest heading joins the text that is embedded and keyword-indexed; the rest
# of the metadata is for citations.
EMBED_KEYS = ("heading",)


def to_node(chunk: Chunk, doc_sha: str) -> TextNode:
    """A node whose metadata carries everything a citation needs."""
    meta: dict[str, str | int] = {
        "doc_id": chunk.doc_id,
        "doc_sha": doc_sha,
        "section": chunk.section,
        "heading": chunk.heading,
        "page": chunk.page if chunk.page is not None else -1,
        "kind": chunk.kind,
        "sentences": json.dumps(list(chunk.sentences), ensure_ascii=False),
        **{f"meta_{k}": v for k, v in chunk.meta.items()},
    }
    if chunk.sentence_pages:
        meta["sentence_pages"] = json.dumps(
            [p if p is not None else -1 for p in chunk.sentence_pages]
        )
    node = TextNode(id_=chunk.id, text=chunk.text, metadata=meta)
    node.excluded_embed_metadata_keys = [k for k in meta if k not in EMBED_KEYS]
    node.excluded_llm_metadata_keys = list(meta)
    node.metadata_template = "{value}"
    node.text_template = "{metadata_str}\n{content}"
    return node


def embed_text(node: BaseNode) -> str:
    """The text embedded and keyword-indexed for ``node``: its heading, then its text."""
    return node.get_content(metadata_mode=MetadataMode.EMBED).strip()


def to_chunk(node: BaseNode) -> Chunk:
    """Rebuild the Chunk that ``to_node`` stored."""
    meta = node.metadata
    page = int(meta.get("page", -1))
    return Chunk(
        id=node.node_id,
        doc_id=str(meta.get("doc_id", "")),
        text=node.get_content(metadata_mode=MetadataMode.NONE),
        section=str(meta.get("section", "")),
        page=page if page >= 0 else None,
        kind=str(meta.get("kind", "text")),
        sentences=tuple(json.loads(str(meta.get("sentences", "[]")))),
        meta={k[5:]: str(v) for k, v in meta.items() if k.startswith("meta_")},
        sentence_pages=tuple(
            p if p >= 0 else None for p in json.loads(str(meta.get("sentence_pages", "[]")))
        ),
    )
