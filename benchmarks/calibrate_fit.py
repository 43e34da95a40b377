"""Measure the fit check's similarity floor for the configured embedder (issue 14).

    python benchmarks/calibrate_fit.py

For each problem in ``benchmarks/fit_dev.json`` (written for this, not the test cases),
the score of its closest portfolio row and of its closest investment area
(``similar.contrast``: similarity plus the lead over the median). Each floor is the one
that classifies the most problems right, midway in the widest such gap, rounded to
0.005; they go into ``assistant/calibration.py`` (``fit_floor``, ``fit_area_floor``) by
hand.
Writes benchmarks/calibration_fit.md.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.offline import ensure_offline  # noqa: E402

ensure_offline()

from assistant import Assistant  # noqa: E402
from assistant.fit.similar import contrast, row_text  # noqa: E402


def right(floor: float, inside: list[float], outside: list[float]) -> int:
    return sum(s >= floor for s in inside) + sum(s < floor for s in outside)


def best_floor(inside: list[float], outside: list[float]) -> float:
    """The midpoint of the widest gap among the floors with the fewest errors."""
    cuts = sorted(inside + outside)
    gaps = [(a + b) / 2 for a, b in itertools.pairwise(cuts)]
    best = max(right(g, inside, outside) for g in gaps)
    widest = max(
        (b - a, (a + b) / 2)
        for a, b in itertools.pairwise(cuts)
        if right((a + b) / 2, inside, outside) == best
    )
    return round(widest[1] * 200) / 200


def main() -> None:
    assistant = Assistant.load()
    problems = json.loads((ROOT / "benchmarks" / "fit_dev.json").read_text("utf-8"))["problems"]
    rows = assistant.portfolio("") or ()
    areas = sorted({a for r in rows for a in r.areas})
    area_vectors = assistant.embedder.passages(areas)
    row_vectors = assistant.embedder.passages([row_text(r) for r in rows])
    scored = []
    for p in problems:
        query = assistant.embedder.query(p["text"])
        scored.append(
            (
                p,
                float(contrast(query, row_vectors).max()),
                float(contrast(query, area_vectors).max()),
            )
        )
    floors = {}
    lines = [
        "# Fit check: similarity floors",
        "",
        f"Embedder `{assistant.embedder.name}`; command `python benchmarks/calibrate_fit.py`; "
        "problems from `benchmarks/fit_dev.json` (not the test cases). Score: similarity plus "
        "the lead over the median (``fit.similar.contrast``).",
        "",
        "| problem | inside DSI’s areas | closest row | closest area |",
        "|---|---|---|---|",
        *(f"| {p['text']} | {p['inside']} | {r:.3f} | {a:.3f} |" for p, r, a in scored),
        "",
    ]
    for name, column in (("fit_floor (rows)", 1), ("fit_area_floor (areas)", 2)):
        inside = [s[column] for s in scored if s[0]["inside"]]
        outside = [s[column] for s in scored if not s[0]["inside"]]
        floors[name] = floor = best_floor(inside, outside)
        lines.append(
            f"- {name}: inside min {min(inside):.3f}, outside max {max(outside):.3f}; floor "
            f"**{floor:.3f}**, right for {right(floor, inside, outside)} of {len(scored)}."
        )
    out = ROOT / "benchmarks" / "calibration_fit.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
