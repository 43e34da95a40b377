"""The English term bridge's alternatives, measured side by side on the dev half.

    python benchmarks/bridge.py

Runs ``evals/dev.jsonl`` (corpus/ plus the fixture documents) and, for comparison,
``evals/questions.jsonl`` (corpus/) once per way of bridging English question words to
the documents' Danish words (``assistant/index/bridge.py``), and writes
``benchmarks/bridge.md``. Pick by the dev half; never run on the held-out half.

- **off**: no bridge; only the dense side bridges languages.
- **cosine**: the nearest corpus words by cosine, at the cosine floor (the bridge before
  CSLS).
- **CSLS**: targets ranked by cross-domain similarity local scaling; a word is translated
  at the cosine floor or when its best target reaches the CSLS floor.
- **CSLS + borrowed**: CSLS, and no corpus word that is far more common in English than
  in Danish is a target (the shipped bridge), at several CSLS floors and numbers of
  common English words.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import calibration as calibrations  # noqa: E402
from assistant.answer.extractive import ExtractiveAnswerer  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evalsets import fixture_settings  # noqa: E402
from assistant.evaluation import run  # noqa: E402
from assistant.index import bridge  # noqa: E402
from assistant.index.keyword import stem_terms  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402
from assistant.progress import ready_assistant  # noqa: E402

NEVER = float("inf")
METRICS = (
    "answer_fact_accuracy",
    "answer_fact_accuracy_en",
    "fact_coverage_top5",
    "refusal_accuracy",
    "false_refusals",
)


@dataclass(frozen=True)
class Variant:
    """One way to bridge: the calibration's bridge fields and the module's constants."""

    name: str
    floor: float | None = 0.91  # cosine floor (None: no bridge)
    csls_floor: float = 0.04
    margin: float = 0.01
    hub_words: int = bridge.HUB_WORDS  # 0: no hubness (CSLS is then cosine's order)
    foreign: float = bridge.FOREIGN_ZIPF  # inf: no borrowed-word check


VARIANTS = (
    Variant("off", floor=None),
    # CSLS with no hubness is 2 x cosine less a constant per word: the cosine bridge's
    # order, and its margin of 0.01 is 0.02 here.
    Variant("cosine", csls_floor=NEVER, margin=0.02, hub_words=0, foreign=NEVER),
    Variant("CSLS", foreign=NEVER),
    Variant("CSLS + borrowed, CSLS floor 0.02", csls_floor=0.02),
    Variant("CSLS + borrowed, CSLS floor 0.03", csls_floor=0.03),
    Variant("CSLS + borrowed, CSLS floor 0.04 (shipped)"),
    Variant("CSLS + borrowed, CSLS floor 0.05", csls_floor=0.05),
    Variant("CSLS + borrowed, margin 0.02", margin=0.02),
    Variant("CSLS + borrowed, 1,000 common words", hub_words=1000),
    Variant("CSLS + borrowed, 2,000 common words", hub_words=2000),
)


def measure(assistant: Assistant, variant: Variant, questions: Path) -> dict[str, float]:
    """The metrics of ``questions`` with ``variant`` as the bridge."""
    name = assistant.embedder.name
    base = calibrations.CALIBRATIONS[name]
    calibrations.CALIBRATIONS[name] = replace(
        base,
        bridge_floor=variant.floor,
        bridge_csls_floor=variant.csls_floor,
        bridge_margin=variant.margin,
    )
    bridge.HUB_WORDS, bridge.FOREIGN_ZIPF = variant.hub_words, variant.foreign
    try:
        assistant.library._current = None  # reopen: the bridge is built again
        assistant.answerer = ExtractiveAnswerer(assistant.embedder, assistant.settings, stem_terms)
        metrics, _ = run(assistant, questions)
    finally:
        calibrations.CALIBRATIONS[name] = base
    return metrics


def main() -> None:
    settings = Settings()
    sets = {
        "dev": (ready_assistant(fixture_settings(settings, settings.index_dir / "eval")), "dev"),
        "own": (ready_assistant(settings), "questions"),
    }
    shipped = (bridge.HUB_WORDS, bridge.FOREIGN_ZIPF)
    rows = []
    for variant in VARIANTS:
        started = time.perf_counter()
        results = {
            name: measure(assistant, variant, ROOT / "evals" / f"{file}.jsonl")
            for name, (assistant, file) in sets.items()
        }
        rows.append((variant, results))
        print(
            variant.name,
            *(f"{name} {r['answer_fact_accuracy']:.3f}" for name, r in results.items()),
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    bridge.HUB_WORDS, bridge.FOREIGN_ZIPF = shipped
    (ROOT / "benchmarks" / "bridge.md").write_text(report(rows))


def report(rows: list[tuple[Variant, dict[str, dict[str, float]]]]) -> str:
    header = " | ".join(f"{s} {m}" for s in ("dev", "own") for m in METRICS)
    lines = [
        "# The English term bridge: alternatives on the dev half",
        "",
        "Produced by `python benchmarks/bridge.py`; the own set (`evals/questions.jsonl`) "
        "for comparison. Pick by dev; the held-out half is reported once, apart.",
        "",
        f"| bridge | {header} |",
        "|---|" + "---|" * (2 * len(METRICS)),
    ]
    for variant, results in rows:
        cells = " | ".join(f"{results[s][m]:.3f}" for s in ("dev", "own") for m in METRICS)
        lines.append(f"| {variant.name} | {cells} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
