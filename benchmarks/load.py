"""Load: drive POST /api/ask on loopback with 1, 10, 50 and 100 concurrent clients.

    python benchmarks/load.py                 # starts python app.py on a free port
    python benchmarks/load.py --seconds 20 --levels 1 10 50 100
    python benchmarks/load.py --url http://127.0.0.1:7860   # an app already running

Each level runs for a bounded time (at most 60 s) and stops by itself. Every client loops
over the evaluation questions. A 200 is an answer; a 503 with the polite "busy" message is
a queue-full answer (counted apart); anything else, or a failed request, is an error.
Appends the table to benchmarks/results.md and writes benchmarks/load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from local_server import start_app, stop  # noqa: E402

from assistant.app.api import BUSY  # noqa: E402
from assistant.evaluation import load_questions  # noqa: E402

OUT = ROOT / "benchmarks"
MAX_SECONDS = 60


async def client(
    http: httpx.AsyncClient, url: str, questions: list[str], stop: float, offset: int
) -> list[tuple[str, float]]:
    """One client: ask until ``stop``; returns (outcome, seconds) per request."""
    results: list[tuple[str, float]] = []
    i = offset
    while time.monotonic() < stop:
        question = questions[i % len(questions)]
        i += 1
        started = time.monotonic()
        try:
            response = await http.post(f"{url}/api/ask", json={"question": question})
            if response.status_code == 200:
                outcome = "ok"
            elif response.status_code == 503 and response.json().get("error") == BUSY:
                outcome = "busy"
            else:
                outcome = f"error {response.status_code}"
        except httpx.HTTPError as exc:
            outcome = f"error {type(exc).__name__}"
        results.append((outcome, time.monotonic() - started))
    return results


async def level(url: str, clients: int, seconds: float, questions: list[str]) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        stop = time.monotonic() + seconds
        started = time.monotonic()
        runs = await asyncio.gather(
            *(client(http, url, questions, stop, i * 7) for i in range(clients))
        )
        elapsed = time.monotonic() - started
    results = [r for run in runs for r in run]
    ok = sorted(t * 1000 for outcome, t in results if outcome == "ok")
    errors = [outcome for outcome, _ in results if outcome.startswith("error")]
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(results),
        "answers": len(ok),
        "busy": sum(1 for outcome, _ in results if outcome == "busy"),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "answers_per_s": len(ok) / elapsed,
        "p50_ms": statistics.median(ok) if ok else 0.0,
        "p95_ms": ok[max(0, round(0.95 * len(ok)) - 1)] if ok else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an app already running (default: start one)")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 50, 100])
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    seconds = min(args.seconds, MAX_SECONDS)
    questions = [q["question"] for q in load_questions(ROOT / "evals" / "questions.jsonl")]
    process = None
    url = args.url
    if url is None:
        process, url, _ = start_app()
    try:
        rows = []
        for clients in args.levels:
            print(f"{clients} clients for {seconds:g} s …", flush=True)
            row = asyncio.run(level(url, clients, seconds, questions))
            print(json.dumps(row), flush=True)
            rows.append(row)
    finally:
        if process is not None:
            stop(process)
    report(rows, seconds)


def report(rows: list[dict[str, Any]], seconds: float) -> None:
    (OUT / "load.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    lines = [
        "",
        "## Load (REST API on loopback)",
        "",
        f"Command: `python benchmarks/load.py --seconds {seconds:g}` · {os.cpu_count()} CPU "
        "cores · the app's defaults (DSI_CONCURRENCY=2, DSI_QUEUE_MAX=32); clients loop over "
        "the 89 evaluation questions, so after the first pass query vectors come from the "
        "engine's query cache, as repeated questions do in use.",
        "",
        "| clients | answers/s | p50 ms | p95 ms | answers | polite busy (503) | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['clients']} | {r['answers_per_s']:.1f} | {r['p50_ms']:.0f} | "
            f"{r['p95_ms']:.0f} | {r['answers']} | {r['busy']} | {r['errors']} |"
        )
    results = OUT / "results.md"
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    head, _, rest = text.partition("\n## Load (REST API on loopback)")
    tail = rest[rest.find("\n## ", 1) :] if "\n## " in rest[1:] else ""
    results.write_text(head.rstrip("\n") + "\n" + "\n".join(lines) + "\n" + tail, encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
