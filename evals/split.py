"""Split evals/new_questions.jsonl into evals/dev.jsonl and evals/heldout.jsonl.

    python evals/split.py            # write dev.jsonl and heldout.jsonl
    python evals/split.py --verify   # exit 1 unless the committed halves are what the seed gives
    python evals/split.py --counts   # print the per-half counts (the tables of SPLIT.md)
    python evals/split.py --check-facts   # every fact a verbatim quote of its document

The split is random with a fixed seed, stratified so that each half gets its share of every
(document, language, kind) group: the items of a group, in id order, are shuffled with the
seeded generator and dealt alternately; a group with an odd count gives its last item to the
half that is smaller at that moment (the generator breaks a tie). "document" is the file an
answer comes from, or "refuse" for a question that must be refused; "kind" is refuse,
portfolio (a computed investment question), follow-up (it has a history) or other.
Each half keeps the order of new_questions.jsonl.

The rule: never change code because of one held-out question; read held-out misses only by
category; floors are set on the held-out half.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
from pathlib import Path

SEED = 20261129
HERE = Path(__file__).resolve().parent
SOURCE = HERE / "new_questions.jsonl"
HALVES = ("dev", "heldout")


def load(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def kind(item: dict) -> str:
    if item.get("refuse"):
        return "refuse"
    if item.get("portfolio"):
        return "portfolio"
    if item.get("history"):
        return "follow-up"
    return "other"


def stratum(item: dict) -> tuple[str, str, str]:
    return (item.get("doc") or "refuse", item["language"], kind(item))


def split(items: list[dict], seed: int = SEED) -> dict[str, list[dict]]:
    """The two halves, each in the source order."""
    rng = random.Random(seed)
    groups: dict[tuple[str, str, str], list[dict]] = collections.defaultdict(list)
    for item in items:
        groups[stratum(item)].append(item)
    chosen: dict[str, str] = {}
    size = {h: 0 for h in HALVES}
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda i: i["id"])
        rng.shuffle(members)
        first = rng.choice(HALVES)
        order = (first, HALVES[1 - HALVES.index(first)])
        pairs = len(members) // 2 * 2
        for n, item in enumerate(members[:pairs]):
            chosen[item["id"]] = order[n % 2]
            size[order[n % 2]] += 1
        if len(members) % 2:
            small = min(size.values())
            half = rng.choice([h for h in HALVES if size[h] == small])
            chosen[members[-1]["id"]] = half
            size[half] += 1
    return {h: [i for i in items if chosen[i["id"]] == h] for h in HALVES}


def dumps(items: list[dict]) -> str:
    return "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)


def counts(halves: dict[str, list[dict]]) -> str:
    """Markdown tables: per half, by language, group, document and kind."""
    facets = (
        ("language", lambda i: i["language"]),
        ("group", lambda i: i["group"]),
        ("document", lambda i: i.get("doc") or "(none: must refuse)"),
        ("kind", kind),
        ("kind and language", lambda i: f"{kind(i)} / {i['language']}"),
    )
    out = []
    for title, key in facets:
        values = sorted({key(i) for h in HALVES for i in halves[h]})
        out += [f"| {title} | dev | heldout | all |", "|---|---|---|---|"]
        for v in values:
            a = sum(1 for i in halves["dev"] if key(i) == v)
            b = sum(1 for i in halves["heldout"] if key(i) == v)
            out.append(f"| {v} | {a} | {b} | {a + b} |")
        a, b = len(halves["dev"]), len(halves["heldout"])
        out += [f"| total | {a} | {b} | {a + b} |", ""]
    return "\n".join(out)


def check_facts(items: list[dict]) -> int:
    """Every fact a verbatim substring of one passage of its document as the loader cleans it
    (the fixture documents written by tests/fixtures/documents.py). Portfolio figures
    (computed sums, counts) are not quotes and are skipped; their row names are checked.
    Returns the number of failures."""
    import re
    import tempfile

    root = HERE.parent
    sys.path[:0] = [str(root), str(root / "tests")]
    from fixtures.documents import FILES, write_all

    from assistant.ingest.chunking import chunk_document
    from assistant.ingest.loaders import load as load_doc

    folder = Path(tempfile.mkdtemp(prefix="dsi-evals-"))
    write_all(folder)
    appendix = "dsi-handlingsplan-bilag-2021.txt"
    paths = {appendix: root / "corpus" / appendix, **{n: folder / n for n in FILES}}

    def norm(text: str) -> str:
        return " ".join(text.split())

    passages = {
        n: [norm(c.text) for c in chunk_document(load_doc(p, n, {}, 50.0))]
        for n, p in paths.items()
    }
    figure = re.compile(r"[\d.,]+ mio\. kr\.|(?:Antal|Count): \d+|[\d.,]+")
    failures = 0
    for item in items:
        if item.get("refuse"):
            continue
        for fact in item["facts"]:
            options = [fact] if isinstance(fact, str) else fact
            if item.get("portfolio") and all(figure.fullmatch(o) for o in options):
                continue
            here = [o for o in options if any(norm(o) in p for p in passages[item["doc"]])]
            anywhere = [
                o
                for o in options
                if any(norm(o) in p for ps in passages.values() for p in ps)
                or (item.get("portfolio") and figure.fullmatch(o))
            ]
            if not here or len(anywhere) != len(options):
                print(f"{item['id']}: not verbatim in {item['doc']}: {options}")
                failures += 1
    print(f"{len(items)} questions checked, {failures} facts not found")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verify", action="store_true")
    parser.add_argument("--counts", action="store_true")
    parser.add_argument("--check-facts", action="store_true")
    args = parser.parse_args()
    items = load(SOURCE)
    ids = [i["id"] for i in items]
    if len(ids) != len(set(ids)):
        raise SystemExit("duplicate ids in new_questions.jsonl")
    halves = split(items)
    if args.check_facts:
        return 1 if check_facts(items) else 0
    if args.counts:
        print(counts(halves))
        return 0
    if args.verify:
        stale = [
            h
            for h in HALVES
            if (HERE / f"{h}.jsonl").read_text(encoding="utf-8") != dumps(halves[h])
        ]
        if stale:
            print(f"differs from the seeded split: {', '.join(stale)}")
            return 1
        print(f"dev {len(halves['dev'])} and heldout {len(halves['heldout'])}: as the seed gives")
        return 0
    for h in HALVES:
        (HERE / f"{h}.jsonl").write_text(dumps(halves[h]), encoding="utf-8")
    print(f"dev {len(halves['dev'])}, heldout {len(halves['heldout'])} (seed {SEED})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
