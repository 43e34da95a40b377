"""Measure the web app: launch to ready, submit to first visible token, and RSS.

    python benchmarks/app_startup.py            # uses corpus/ and index/ (built if missing)

Starts ``python app.py`` on a free loopback port, times process start until /api/health
answers, then asks warm questions through gradio_client and times the first streamed update.
RSS is read from /proc for the app process after the questions.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path

from gradio_client import Client
from local_server import start_app, stop

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "Hvad er en resultatbetalingsfond?",
    "How much has DSI invested in Aarhus?",
    "Who carries the risk if the results fail?",
    "Hvilke investeringer involverer Fonden Mental Sundhed?",
    "Hvordan kan filantropiske fonde indgå i sociale investeringer?",
]


def first_token(client: Client, question: str) -> float:
    started = time.perf_counter()
    job = client.submit(question, [], api_name="/ask")
    while not job.outputs() and not job.done():
        time.sleep(0.005)
    elapsed = time.perf_counter() - started
    job.result()
    return elapsed


def rss_mb(pid: int) -> tuple[float, float]:
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def main() -> None:
    process, url, ready = start_app()
    try:
        client = Client(url, verbose=False)
        first_token(client, QUESTIONS[0])  # the client's own first connection
        tokens = [first_token(client, q) for q in QUESTIONS * 2]
        rss, peak = rss_mb(process.pid)
    finally:
        stop(process)
    result = {
        "cores": os.cpu_count(),
        "launch_to_ready_s": round(ready, 2),
        "first_token_p50_s": round(statistics.median(tokens), 3),
        "first_token_max_s": round(max(tokens), 3),
        "rss_mb": round(rss, 0),
        "peak_rss_mb": round(peak, 0),
    }
    print(json.dumps(result, indent=2))
    report(result)


def report(result: dict[str, float]) -> None:
    """Replace the "Web app" section of benchmarks/results.md."""
    lines = [
        "",
        "## Web app",
        "",
        f"Command: `python benchmarks/app_startup.py` · {result['cores']} CPU cores · "
        "`python app.py` with an existing index; first token = submit to the first streamed "
        "update seen by gradio_client, warm.",
        "",
        "| what | value |",
        "|---|---|",
        f"| launch to ready | {result['launch_to_ready_s']:.2f} s |",
        f"| first visible token, p50 / max | {result['first_token_p50_s']:.3f} / "
        f"{result['first_token_max_s']:.3f} s |",
        f"| RSS after the questions (peak) | {result['rss_mb']:.0f} MB "
        f"({result['peak_rss_mb']:.0f} MB) |",
    ]
    path = ROOT / "benchmarks" / "results.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    head, _, rest = text.partition("\n## Web app")
    tail = rest[rest.find("\n## ", 1) :] if "\n## " in rest[1:] else ""
    path.write_text(head.rstrip("\n") + "\n" + "\n".join(lines) + "\n" + tail, encoding="utf-8")


if __name__ == "__main__":
    main()
