"""Measure the generated-sentence checker on its labelled set, and calibrate its floors.

    python benchmarks/verify_llm.py [--write]

Reads ``benchmarks/llm_checks.jsonl`` (78 sentences: faithful ones and six classes of bad
ones, Danish and English, written by a helper from the corpus text before the checker
ran on them; ``llm_checks.md``). The items are split in two halves by their position in
their class and language (odd/even). The floors are chosen on the first half only:

- the support floors (same language, across languages): the value that gets most
  sentences of that half right (faithful kept, bad removed), the lowest of equals;

The catch rate of each class, and the share of faithful sentences kept, are then
reported for the second half apart, and for all items. ``--write`` stores the table in
``benchmarks/verify_llm.md``. Needs a built index (``dsi ingest``) for the term bridge.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.calibration import calibration  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.ingest.sentences import split_sentences  # noqa: E402
from assistant.llm.check import Checker, Floors, Passage  # noqa: E402
from assistant.offline import ensure_offline  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402
from assistant.types import Chunk, Hit  # noqa: E402

SET = ROOT / "benchmarks" / "llm_checks.jsonl"
OUT = ROOT / "benchmarks" / "verify_llm.md"
SUPPORT_GRID = [round(0.70 + 0.005 * i, 3) for i in range(50)]


def mended(text: str) -> str:
    """A passage as ingest leaves it: line-break hyphenation joined ("udvik- lings")."""
    return re.sub(r"(\w)- (?!og\b|eller\b|and\b|or\b)(\w)", r"\1\2", text)


def passages(item: dict[str, Any]) -> list[Passage]:
    """The item's passages as numbered hits."""
    out = []
    for n, raw in enumerate(item["passages"], start=1):
        text = mended(raw)
        chunk = Chunk(
            f"{item['id']}-{n}", "set", text, "", None, "text", tuple(split_sentences(text))
        )
        out.append(Passage(n, Hit(chunk, 0.0)))
    return out


def halves(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(calibration half, report half): alternate items within each class and language."""
    seen: dict[tuple[str, str], int] = defaultdict(int)
    first, second = [], []
    for item in items:
        key = (item["class"], item["language"])
        (first if seen[key] % 2 == 0 else second).append(item)
        seen[key] += 1
    return first, second


def verdicts(checker: Checker, items: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
    return [
        (i, checker.check(i["sentence"], passages(i), i["language"], i["question"]).problem)
        for i in items
    ]


def calibrate(
    checker: Checker, items: list[dict[str, Any]], embedder: Any, translate: Any
) -> Floors:
    """The floors that get most of ``items`` right (a faithful sentence kept, a bad one
    removed), per language; of equally good floors the lowest."""
    loose = Checker(checker._embed, checker._known, Floors(0.0, 0.0), translate)
    floors = {}
    for language in ("da", "en"):
        mine = [i for i in items if i["language"] == language]
        seen = [(i, loose.check(i["sentence"], passages(i), language, i["question"])) for i in mine]

        def right(floor: float, seen: list[Any] = seen) -> int:
            return sum(
                (i["class"] == "faithful") == (not c.problem and c.similarity >= floor)
                for i, c in seen
            )

        floors[language] = max(SUPPORT_GRID, key=lambda f: (right(f), -f))
    return Floors(floors["da"], floors["en"])


def table(results: list[tuple[dict[str, Any], str]]) -> list[str]:
    """Per class: items, caught (or kept, for faithful), and the checks that caught."""
    by_class: dict[str, list[str]] = defaultdict(list)
    for item, problem in results:
        by_class[item["class"]].append(problem)
    lines = ["| class | items | caught | rate | caught by |", "|---|---|---|---|---|"]
    for name, problems in sorted(by_class.items()):
        counts: dict[str, int] = defaultdict(int)
        for p in problems:
            counts[p or "kept"] += 1
        how = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        if name == "faithful":
            kept = counts["kept"]
            lines.append(
                f"| faithful (kept) | {len(problems)} | {kept} | {kept / len(problems):.2f} | {how} |"
            )
        else:
            caught = len(problems) - counts["kept"]
            lines.append(
                f"| {name} | {len(problems)} | {caught} | {caught / len(problems):.2f} | {how} |"
            )
    return lines


def main() -> None:
    ensure_offline()
    items = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line]
    assistant = Assistant.load(Settings())
    bridge = assistant.library.current().bridge
    first, second = halves(items)
    embedder = assistant.embedder
    memo: dict[str, Any] = {}

    def embed(texts: Any) -> Any:  # each generated sentence embedded once per run
        todo = [t for t in texts if t not in memo]
        if todo:
            memo.update(zip(todo, embedder.inner.passages(todo), strict=True))
        return np.vstack([memo[t] for t in texts])

    checker = Checker(embed, embedder.passages, Floors(0, 0), bridge.translate)
    floors = calibrate(checker, first, embedder, bridge.translate)
    checker = Checker(embed, embedder.passages, floors, bridge.translate)
    stored, _ = calibration(embedder.name)
    lines = [
        "# The generated-sentence checker on its labelled set",
        "",
        "`python benchmarks/verify_llm.py --write`; the set: `benchmarks/llm_checks.md`.",
        "",
        f"Floors chosen on the first half ({len(first)} items): support {floors.support}, "
        f"across languages {floors.support_cross} (stored in assistant/calibration.py: "
        f"{stored.llm_support}, {stored.llm_support_cross}).",
        "",
        f"## Second half ({len(second)} items, not used to choose the floors)",
        "",
        *table(verdicts(checker, second)),
        "",
        f"## All {len(items)} items",
        "",
        *table(verdicts(checker, items)),
    ]
    missed = [
        f"- {i['id']} ({i['class']}, {i['language']}): {i['sentence']}"
        for i, p in verdicts(checker, items)
        if (i["class"] == "faithful") == bool(p)
    ]
    lines += ["", "## What the check gets wrong (all items)", "", *missed]
    text = "\n".join(lines) + "\n"
    print(text)
    if "--write" in sys.argv:
        OUT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
