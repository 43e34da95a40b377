"""The benchmark suite: speed and quality of the product against three baselines, one run.

    python benchmarks/run.py          # or: dsi bench
    python benchmarks/run.py --quick  # fewer repetitions, for a smoke run

Measured side by side on this machine, in one process (cold start and RSS in a child):
- warm query latency p50/p95/max, retrieval only and full answer, over evals/questions.jsonl;
- cold ingest throughput (chunks/s, tokens/s) into an empty index with no embedding cache,
  and the time of an unchanged re-ingest;
- cold start: process start to first answer with an existing index; peak RSS while
  answering; index size on disk;
- configurations: the product (hybrid BM25 + dense, Danish cleaning and chunking), and
  (a) a plain llama-index ``VectorStoreIndex`` with its default retriever and default
  ``SentenceSplitter`` over the same corpus with the same embedder, (b) BM25 only,
  (c) dense only. Every configuration gets fact coverage in the top 5 and answer accuracy
  (the same extractive answerer over its hits).

Writes benchmarks/results.md, benchmarks/results.json and benchmarks/results.png.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.offline import ensure_offline  # noqa: E402

ensure_offline()

from assistant import Assistant, Settings  # noqa: E402
from assistant.evaluation import found, load_questions  # noqa: E402
from assistant.types import Chunk, Hit  # noqa: E402

OUT = ROOT / "benchmarks"
PRODUCT = "DSI Assistant (hybrid)"
BASELINE = "(a) llama-index default"
CONFIGS = [PRODUCT, BASELINE, "(b) BM25 only", "(c) dense only"]
Search = Callable[[str, int], list[Hit]]
OTHER_SECTIONS = ("\n## Scale curve", "\n## Load (REST API", "\n## Web app")
Tally = dict[str, list[float]]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = fn()
    return result, (time.perf_counter() - started) * 1000


def disk_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


# -- ingest -----------------------------------------------------------------------------


def fixture_corpus(folder: Path) -> Path:
    """The test suite's four documents of DSI's kinds (tests/fixtures), written to ``folder``."""
    from tests.fixtures.documents import write_all

    folder.mkdir(parents=True, exist_ok=True)
    write_all(folder)
    return folder


def ingest_figures(index: Path, corpus: Path | None = None) -> dict[str, float]:
    """Cold ingest (no embedding cache) of ``corpus`` (default corpus/) and an unchanged
    re-ingest, into ``index``."""
    from llama_index.core.utils import get_tokenizer

    settings = Settings(index_dir=index, corpus_dir=corpus) if corpus else Settings(index_dir=index)
    assistant = Assistant.load(settings)
    report, cold_ms = timed(assistant.ingest)
    manifest = assistant.manifest()
    chunks = manifest.chunk_count()
    nodes = assistant.store.get_nodes([c for d in manifest.docs.values() for c in d.chunk_ids])
    tokenizer = get_tokenizer()
    tokens = sum(len(tokenizer(n.get_content())) for n in nodes)
    again, warm_ms = timed(assistant.ingest)
    return {
        "cold_ingest_s": cold_ms / 1000,
        "chunks": chunks,
        "embedded_texts": report.embedded,
        "tokens": tokens,
        "chunks_per_s": chunks / (cold_ms / 1000),
        "tokens_per_s": tokens / (cold_ms / 1000),
        "embedded_per_s": report.embedded / (cold_ms / 1000),
        "unchanged_reingest_s": warm_ms / 1000,
        "unchanged_reingest_embedded": again.embedded,
        "index_mb": disk_mb(index),
    }


# -- configurations ---------------------------------------------------------------------


class DefaultLlamaIndex:
    """Baseline (a): what a developer builds in an afternoon with llama-index defaults."""

    def __init__(self, assistant: Assistant) -> None:
        from llama_index.core import Document, VectorStoreIndex

        from assistant.index.embeddings import LlamaEmbedding
        from assistant.ingest.sentences import split_sentences

        paths = sorted(assistant.settings.corpus_dir.glob("*.txt"))
        documents = [Document(text=p.read_text(encoding="utf-8"), id_=p.name) for p in paths]
        embed = LlamaEmbedding(assistant.embedder)
        self.index = VectorStoreIndex.from_documents(documents, embed_model=embed)
        self.split = split_sentences
        self.chunks: dict[str, Chunk] = {}
        for node in self.index.docstore.docs.values():
            text = node.get_content()
            self.chunks[node.node_id] = Chunk(
                node.node_id, "corpus", text, "", None, "text", tuple(self.split(text))
            )
        # the answerer scores sentences by their vectors: embed them now, not per query
        assistant.embedder.passages([s for c in self.chunks.values() for s in c.sentences])
        self.size = len(self.chunks)

    def search(self, question: str, k: int) -> list[Hit]:
        retriever = self.index.as_retriever(similarity_top_k=k)
        return [
            Hit(self.chunks[n.node.node_id], float(n.score or 0))
            for n in retriever.retrieve(question)
        ]


def searcher(name: str, assistant: Assistant, baseline: DefaultLlamaIndex) -> Search:
    """The retrieval function of one configuration."""
    if name == BASELINE:
        return baseline.search
    if name == PRODUCT:
        return assistant.retriever("hybrid").search
    return assistant.retriever("keyword" if "BM25" in name else "dense").search


def measure_one(
    name: str, search: Search, assistant: Assistant, item: dict[str, Any], tally: Tally
) -> None:
    """Time one question in one configuration (its query embedding paid each time)."""
    pool = assistant.settings.answer_pool
    assistant.embedder.clear_query_cache()
    hits, ms = timed(lambda: search(item["question"], pool))
    assistant.embedder.clear_query_cache()
    if name == PRODUCT:
        answer, answer_ms = timed(lambda: assistant.ask(item["question"], item.get("history")))
    else:
        answer, extra = timed(lambda: assistant.answer_from(item["question"], hits))
        answer_ms = ms + extra
    tally["retrieval"].append(ms)
    tally["full"].append(answer_ms)
    if item.get("portfolio"):
        tally["portfolio"].append(answer_ms)  # computed answers (the product's only)
    if item.get("refuse") or item.get("portfolio") or item.get("history"):
        return
    top = " ".join(h.chunk.text for h in hits[:5])
    facts = item["facts"]
    tally["coverage"].append(sum(found(f, top) for f in facts) / len(facts))
    right = 0.0 if answer.refused else sum(found(f, answer.text) for f in facts) / len(facts)
    tally["accuracy"].append(right)


def run_configs(
    assistant: Assistant, questions: list[dict[str, Any]], baseline: DefaultLlamaIndex
) -> list[dict[str, Any]]:
    """Every configuration on every question, interleaved question by question, so that the
    machine's noise falls on all configurations alike."""
    searches = {name: searcher(name, assistant, baseline) for name in CONFIGS}
    tallies: dict[str, Tally] = {
        name: {"retrieval": [], "full": [], "coverage": [], "accuracy": [], "portfolio": []}
        for name in CONFIGS
    }
    for search in searches.values():
        search("Hvad laver DSI?", assistant.settings.answer_pool)  # warm the code paths
    for number, item in enumerate(questions, start=1):
        if number % 20 == 0:
            print(f"  {number}/{len(questions)} questions", flush=True)
        for name, search in searches.items():
            measure_one(name, search, assistant, item, tallies[name])
    return [summary(name, tallies[name], len(questions)) for name in CONFIGS]


def summary(name: str, tally: Tally, questions: int) -> dict[str, Any]:
    retrieval, full = tally["retrieval"], tally["full"]
    return {
        "name": name,
        "retrieval_p50_ms": statistics.median(retrieval),
        "retrieval_p95_ms": percentile(retrieval, 95),
        "retrieval_max_ms": max(retrieval),
        "answer_p50_ms": statistics.median(full),
        "answer_p95_ms": percentile(full, 95),
        "answer_max_ms": max(full),
        "portfolio_p95_ms": percentile(tally["portfolio"], 95) if tally["portfolio"] else None,
        "portfolio_questions": len(tally["portfolio"]),
        "coverage_top5": statistics.fmean(tally["coverage"]),
        "answer_accuracy": statistics.fmean(tally["accuracy"]),
        "questions": questions,
        "scored": len(tally["coverage"]),
    }


def fit_figures(assistant: Assistant) -> dict[str, float]:
    """The fit report's warm time over the fit cases (issue 14: under 1 s warm)."""
    from assistant.fit.form import FitForm

    cases = json.loads((ROOT / "tests" / "fixtures" / "fit_cases.json").read_text("utf-8"))
    forms = [(FitForm.from_mapping(c["form"]), c["language"]) for c in cases]
    for form, language in forms:
        assistant.fit(form, language)  # warm: the rows' vectors are cached from here on
    times = []
    for _ in range(3):
        for form, language in forms:
            assistant.embedder.clear_query_cache()  # each report embeds its problem anew
            times.append(timed(lambda f=form, lang=language: assistant.fit(f, lang))[1])
    return {
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(times, 95),
        "max_ms": max(times),
    }


# -- cold start and memory --------------------------------------------------------------

CHILD = """
import json, resource, sys, time
started = time.perf_counter()
from assistant.offline import ensure_offline
ensure_offline()
from assistant import Assistant
from assistant.evaluation import load_questions
assistant = Assistant.load()
assistant.ask("Hvad er en resultatbetalingsfond?")
first = time.perf_counter() - started
for item in load_questions(__import__("pathlib").Path("evals/questions.jsonl")):
    assistant.ask(item["question"], item.get("history"))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"first_answer_in_process_s": first, "peak_rss_mb": rss}))
"""


def memory(index: Path) -> dict[str, float]:
    """In a fresh process: time to the first answer, then peak RSS over the question set."""
    env = {**os.environ, "DSI_INDEX_DIR": str(index)}
    child = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return dict(json.loads(child.stdout.strip().splitlines()[-1]))


# -- reporting --------------------------------------------------------------------------


def write_results(results: dict[str, Any], command: str) -> None:
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    base = next(c for c in results["configs"] if c["name"] == BASELINE)
    lines = [
        "# Benchmark results",
        "",
        f"Command: `{command}` · {results['cores']} CPU cores · {results['date']} · "
        f"{results['questions']} questions from evals/questions.jsonl "
        f"({results['configs'][0]['scored']} scored for quality).",
        "",
        "## Configurations (ratios against baseline (a), measured side by side in one run)",
        "",
        "| configuration | retrieval p50 / p95 / max ms | × (a) p95 | full answer p50 / p95 / max ms "
        "| fact coverage top 5 | × (a) | answer accuracy | × (a) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c in results["configs"]:
        lines.append(
            f"| {c['name']} | {c['retrieval_p50_ms']:.1f} / {c['retrieval_p95_ms']:.1f} / "
            f"{c['retrieval_max_ms']:.1f} | {c['retrieval_p95_ms'] / base['retrieval_p95_ms']:.2f} "
            f"| {c['answer_p50_ms']:.1f} / {c['answer_p95_ms']:.1f} / {c['answer_max_ms']:.1f} "
            f"| {c['coverage_top5']:.3f} | {c['coverage_top5'] / base['coverage_top5']:.2f} "
            f"| {c['answer_accuracy']:.3f} | {c['answer_accuracy'] / base['answer_accuracy']:.2f} |"
        )
    product = results["configs"][0]
    if product.get("portfolio_p95_ms") is not None:
        lines += [
            "",
            f"Portfolio questions (answers computed from the rows, the product only): warm "
            f"p95 {product['portfolio_p95_ms']:.1f} ms over {product['portfolio_questions']} "
            "questions.",
        ]
    ingest = results["ingest"]
    fixtures = results["ingest_fixtures"]
    start = results["cold_start"]
    lines += [
        "",
        f"Baseline (a) splits the corpus into {results['baseline_chunks']} chunks with "
        "llama-index's default `SentenceSplitter`; the product has "
        f"{ingest['chunks']} chunks (one per table row, sections kept).",
        "",
        "## Ingest, start and memory",
        "",
        "| what | value |",
        "|---|---|",
        f"| cold ingest of corpus/ (no embedding cache) | {ingest['cold_ingest_s']:.1f} s |",
        f"| chunks/s | {ingest['chunks_per_s']:.1f} ({ingest['chunks']} chunks) |",
        f"| tokens/s (llama-index default tokenizer) | {ingest['tokens_per_s']:.0f} "
        f"({ingest['tokens']} tokens) |",
        f"| texts embedded/s (chunks + quotable sentences) | {ingest['embedded_per_s']:.1f} "
        f"({ingest['embedded_texts']} texts) |",
        f"| unchanged re-ingest | {ingest['unchanged_reingest_s']:.3f} s, "
        f"{ingest['unchanged_reingest_embedded']} embedded |",
        f"| index size on disk | {ingest['index_mb']:.1f} MB |",
        f"| cold ingest of the fixture documents (DOCX, PDF, Markdown, HTML) | "
        f"{fixtures['cold_ingest_s']:.1f} s, {fixtures['chunks_per_s']:.1f} passages/s "
        f"({fixtures['chunks']} passages) |",
        f"| cold start: process start to first answer | {start['process_first_answer_s']:.2f} s "
        f"(in-process {start['first_answer_in_process_s']:.2f} s) |",
        f"| peak RSS while answering the question set | {start['peak_rss_mb']:.0f} MB |",
        f"| fit report, warm (6 cases × 3): p50 / p95 / max | {results['fit']['p50_ms']:.0f} / "
        f"{results['fit']['p95_ms']:.0f} / {results['fit']['max_ms']:.0f} ms |",
        "",
        "![latency and quality per configuration](results.png)",
    ]
    path = OUT / "results.md"
    kept = ""  # the sections scale.py, load.py and app_startup.py wrote stay
    if path.exists():
        text = path.read_text(encoding="utf-8")
        starts = [text.find(h) for h in OTHER_SECTIONS if h in text]
        kept = text[min(starts) :] if starts else ""
    path.write_text("\n".join(lines) + "\n" + kept, encoding="utf-8")


def plot(results: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    configs = results["configs"]
    names = [c["name"].replace(" (", "\n(") for c in configs]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    x = range(len(configs))
    left.bar(
        [i - 0.2 for i in x], [c["retrieval_p95_ms"] for c in configs], 0.4, label="retrieval p95"
    )
    left.bar(
        [i + 0.2 for i in x], [c["answer_p95_ms"] for c in configs], 0.4, label="full answer p95"
    )
    left.set_xticks(list(x), names, fontsize=8)
    left.set_ylabel("ms")
    left.set_title(f"Warm latency ({results['cores']} cores)")
    left.legend()
    right.bar(
        [i - 0.2 for i in x],
        [c["coverage_top5"] for c in configs],
        0.4,
        label="fact coverage top 5",
    )
    right.bar(
        [i + 0.2 for i in x], [c["answer_accuracy"] for c in configs], 0.4, label="answer accuracy"
    )
    right.set_xticks(list(x), names, fontsize=8)
    right.set_ylim(0, 1)
    right.set_title("Quality on evals/questions.jsonl")
    right.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(OUT / "results.png", dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run on 20 questions")
    args = parser.parse_args()
    os.chdir(ROOT)
    questions = load_questions(ROOT / "evals" / "questions.jsonl")
    if args.quick:
        questions = questions[:20]
    work = Path(tempfile.mkdtemp(prefix="dsi-bench-"))
    try:
        index = work / "index"
        print("cold ingest …", flush=True)
        ingest = ingest_figures(index)
        print("cold ingest of the fixture documents …", flush=True)
        fixtures = ingest_figures(work / "fixtures-index", fixture_corpus(work / "fixtures"))
        assistant = Assistant.load(Settings(index_dir=index))
        print("baseline (a) …", flush=True)
        baseline = DefaultLlamaIndex(assistant)
        print("configurations, interleaved …", flush=True)
        configs = run_configs(assistant, questions, baseline)
        print("fit check …", flush=True)
        fit = fit_figures(assistant)
        print("cold start and memory …", flush=True)
        start = memory(index)
        start["process_first_answer_s"] = first_answer_wall(index)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results = {
        "cores": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d"),
        "questions": len(questions),
        "ingest": ingest,
        "ingest_fixtures": fixtures,
        "configs": configs,
        "baseline_chunks": baseline.size,
        "cold_start": start,
        "fit": fit,
    }
    write_results(results, "python benchmarks/run.py" + (" --quick" if args.quick else ""))
    plot(results)
    print((OUT / "results.md").read_text(encoding="utf-8"))


FIRST = (
    "from assistant.offline import ensure_offline; ensure_offline(); "
    "from assistant import Assistant; Assistant.load().ask('Hvad er en resultatbetalingsfond?')"
)


def first_answer_wall(index: Path) -> float:
    """Process start (interpreter included) to the first answer, with an existing index."""
    env = {**os.environ, "DSI_INDEX_DIR": str(index)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", FIRST], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
