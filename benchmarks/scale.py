"""Scale curve: build time and query latency against corpus size, embedded and server mode.

    python benchmarks/scale.py                      # 10k, 100k and 300k chunks
    python benchmarks/scale.py --sizes 10000 --queries 20

A synthetic corpus of N chunks: texts drawn from the real corpus's vocabulary, and
precomputed unit vectors of the real dimension (384), so the store and retrieval are
measured without paying the embedder (its throughput is in benchmarks/run.py). Queries go
through the product's own hybrid ``Retriever`` (Chroma dense side with the committed-version
filter, BM25 with the Danish stemmer, reciprocal rank fusion); only the query embedding is
precomputed. Each size is measured for the embedded store (``PersistentClient``) and for a
real ``chroma run`` server (``HttpClient``). Appends its table to benchmarks/results.md and
writes benchmarks/scale.json and benchmarks/scale.png.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from local_server import start_chroma, stop  # noqa: E402

from assistant.offline import ensure_offline  # noqa: E402

ensure_offline()

from llama_index.core.base.embeddings.base import BaseEmbedding  # noqa: E402
from llama_index.core.schema import TextNode  # noqa: E402
from pydantic import PrivateAttr  # noqa: E402

from assistant.index.keyword import KeywordIndex  # noqa: E402
from assistant.index.retrieval import Retriever  # noqa: E402
from assistant.index.store import ChromaStore  # noqa: E402

DIM = 384
CHUNKS_PER_DOC = 1000
WORDS_PER_CHUNK = 90
BATCH = 5000
OUT = ROOT / "benchmarks"


class PrecomputedQueries(BaseEmbedding):
    """Query vectors looked up, not computed: the scale run measures store and retrieval."""

    _vectors: dict[str, list[float]] = PrivateAttr()

    def __init__(self, vectors: dict[str, list[float]]) -> None:
        super().__init__(model_name="precomputed")
        self._vectors = vectors

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._vectors[query]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._vectors[query]

    def _get_text_embedding(self, text: str) -> list[float]:
        raise NotImplementedError("passages come with their vectors")


def vocabulary() -> list[str]:
    text = (ROOT / "corpus" / "dsi-handlingsplan-bilag-2021.txt").read_text(encoding="utf-8")
    return sorted({w for w in re.findall(r"[a-zæøå]{3,}", text.lower())})


def unit(rng: np.random.Generator, rows: int) -> np.ndarray:
    vectors = rng.standard_normal((rows, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def synthetic_nodes(size: int, words: list[str], seed: int = 7) -> list[TextNode]:
    """``size`` chunks with text, metadata like the product's, and unit vectors."""
    rng = np.random.default_rng(seed)
    picker = random.Random(seed)
    nodes = []
    for start in range(0, size, BATCH):
        vectors = unit(rng, min(BATCH, size - start))
        for offset, vector in enumerate(vectors):
            i = start + offset
            doc = i // CHUNKS_PER_DOC
            text = " ".join(picker.choices(words, k=WORDS_PER_CHUNK))
            meta = {
                "doc_id": f"doc-{doc}.txt",
                "doc_sha": f"sha-{doc}",
                "section": f"Bilag {doc % 7}",
                "heading": "",
                "page": -1,
                "kind": "text",
                "sentences": "[]",
            }
            node = TextNode(id_=f"c{i}", text=text, metadata=meta, embedding=vector.tolist())
            node.excluded_embed_metadata_keys = list(meta)
            nodes.append(node)
    return nodes


def measure(
    mode: str, nodes: list[TextNode], bm25: Any, queries: dict[str, list[float]], work: Path
) -> dict[str, float]:
    """Build the store for ``nodes`` and time hybrid queries against it."""
    server = None
    url = None
    if mode == "server":
        server, url = start_chroma(work / f"server-{len(nodes)}")
    try:
        store = ChromaStore(work / f"embedded-{len(nodes)}", url)
        vector_store = store.vector_store()
        started = time.perf_counter()
        for start in range(0, len(nodes), BATCH):
            vector_store.add(nodes[start : start + BATCH])
        build_s = time.perf_counter() - started
        shas = sorted({str(n.metadata["doc_sha"]) for n in nodes})
        retriever = Retriever(vector_store, PrecomputedQueries(queries), bm25, shas, 20)
        texts = list(queries)
        retriever.search(texts[0], 10)  # warm
        latencies = []
        for text in texts:
            started = time.perf_counter()
            hits = retriever.search(text, 10)
            latencies.append((time.perf_counter() - started) * 1000)
            assert hits, "a query found nothing"
        return {
            "build_s": build_s,
            "query_p50_ms": statistics.median(latencies),
            "query_p95_ms": sorted(latencies)[max(0, math.ceil(0.95 * len(latencies)) - 1)],
        }
    finally:
        if server is not None:
            stop(server)


def growth(sizes: list[int], values: list[float]) -> str:
    """The log-log slope from the smallest to the largest size, in words."""
    if len(sizes) < 2:
        return "n/a"
    slope = math.log(values[-1] / values[0]) / math.log(sizes[-1] / sizes[0])
    shape = "flat" if slope < 0.15 else "sub-linear (log-like)" if slope < 0.7 else "linear"
    return f"{shape}, slope {slope:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 300_000])
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--modes", nargs="+", default=["embedded", "server"])
    args = parser.parse_args()
    words = vocabulary()
    rng = np.random.default_rng(11)
    picker = random.Random(11)
    query_texts = [" ".join(picker.choices(words, k=8)) for _ in range(args.queries)]
    queries = {t: v.tolist() for t, v in zip(query_texts, unit(rng, len(query_texts)), strict=True)}
    rows = []
    work = Path(tempfile.mkdtemp(prefix="dsi-scale-"))
    try:
        for size in args.sizes:
            print(f"{size:,} chunks: generating …", flush=True)
            nodes = synthetic_nodes(size, words)
            started = time.perf_counter()
            bm25 = KeywordIndex.build(nodes, 20)
            bm25_build = time.perf_counter() - started
            bm25.save(work / f"bm25-{size}")
            started = time.perf_counter()
            bm25 = KeywordIndex.load(work / f"bm25-{size}", 20)
            bm25_load = time.perf_counter() - started
            for mode in args.modes:
                print(f"{size:,} chunks: {mode} …", flush=True)
                row = measure(mode, nodes, bm25, queries, work)
                row.update(size=size, mode=mode, bm25_build_s=bm25_build, bm25_load_s=bm25_load)
                print(json.dumps(row), flush=True)
                rows.append(row)
            del nodes, bm25
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(rows, args)


def report(rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    (OUT / "scale.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    lines = [
        "",
        "## Scale curve (synthetic chunks, precomputed 384-d vectors)",
        "",
        f"Command: `python benchmarks/scale.py --sizes {' '.join(map(str, args.sizes))} "
        f"--queries {args.queries}` · {os.cpu_count()} CPU cores. Query = the product's hybrid "
        "retriever (Chroma + BM25 + fusion), query vector precomputed.",
        "",
        "| chunks | store | build (Chroma add) s | BM25 build s | BM25 load at start s "
        "| query p50 ms | query p95 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['size']:,} | {r['mode']} | {r['build_s']:.1f} | {r['bm25_build_s']:.1f} "
            f"| {r['bm25_load_s']:.2f} | {r['query_p50_ms']:.1f} | {r['query_p95_ms']:.1f} |"
        )
    lines.append("")
    for mode in args.modes:
        mine = [r for r in rows if r["mode"] == mode]
        sizes = [r["size"] for r in mine]
        lines.append(
            f"- {mode}: query p50 growth {growth(sizes, [r['query_p50_ms'] for r in mine])}; "
            f"build growth {growth(sizes, [r['build_s'] for r in mine])}."
        )
    lines += ["", "![scale curve](scale.png)"]
    results = OUT / "results.md"
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    text = text.split("\n## Scale curve")[0].rstrip("\n") + "\n" + "\n".join(lines) + "\n"
    results.write_text(text, encoding="utf-8")
    plot(rows, args.modes)
    print("\n".join(lines))


def plot(rows: list[dict[str, Any]], modes: list[str]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for mode in modes:
        mine = [r for r in rows if r["mode"] == mode]
        sizes = [r["size"] for r in mine]
        left.plot(sizes, [r["query_p50_ms"] for r in mine], "o-", label=f"{mode} p50")
        left.plot(sizes, [r["query_p95_ms"] for r in mine], "s--", label=f"{mode} p95")
        right.plot(sizes, [r["build_s"] for r in mine], "o-", label=f"{mode} Chroma add")
    bm25 = [r for r in rows if r["mode"] == modes[0]]
    right.plot(
        [r["size"] for r in bm25], [r["bm25_build_s"] for r in bm25], "^:", label="BM25 build"
    )
    for axis, title, unit_label in (
        (left, "Hybrid query latency", "ms"),
        (right, "Build time", "s"),
    ):
        axis.set_xscale("log")
        axis.set_xlabel("chunks")
        axis.set_ylabel(unit_label)
        axis.set_title(title)
        axis.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(OUT / "scale.png", dpi=110)


if __name__ == "__main__":
    main()
