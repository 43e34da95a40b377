"""The fit criteria: curated in ``corpus/fit-criteria.json``, each stated by the documents.

A criterion carries one or more quotes, each with its document. A quote counts only when
it occurs in that document's indexed text, compared with whitespace collapsed and
line-break hyphenation joined ("inve- storer" = "investorer"). A criterion with no
verified quote is left out and reported (``dsi ingest`` prints the report), and so is a
next step. A verified quote is cited at the passage it stands in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.errors import AssistantError
from assistant.types import Chunk

CRITERIA_FILE = "fit-criteria.json"
KINDS = (
    "evidence",
    "target_group",
    "outcomes",
    "economics",
    "horizon",
    "areas",
    "collaboration",
    "scale",
)


@dataclass(frozen=True)
class Quote:
    """A sentence of a document that states a criterion, and the passage it stands in."""

    doc: str
    text: str
    chunk: Chunk | None = None  # set once verified


@dataclass(frozen=True)
class Criterion:
    """One condition for a social investment, in both languages."""

    id: str
    kind: str
    fields: tuple[str, ...]
    title: Mapping[str, str]
    question: Mapping[str, str]
    strong: Mapping[str, str]
    partial: Mapping[str, str]
    weak: Mapping[str, str]
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class NextStep:
    """A step to take next, as the documents give it."""

    title: Mapping[str, str]
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Criteria:
    """The verified criteria and next steps, and what was left out and why."""

    criteria: tuple[Criterion, ...] = ()
    next_steps: tuple[NextStep, ...] = ()
    problems: tuple[str, ...] = ()


class CriteriaError(AssistantError):
    """The criteria file cannot be read."""


def load(corpus_dir: Path, chunks: Iterable[Chunk]) -> Criteria:
    """The criteria of ``corpus_dir``'s file, verified against ``chunks`` (the index's
    passages); no file gives no criteria and says so."""
    path = corpus_dir / CRITERIA_FILE
    if not path.exists():
        return Criteria(problems=(f"no {CRITERIA_FILE} in {corpus_dir}: the fit check is off",))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        raw = [_criterion(c) for c in data["criteria"]]
        steps = [_step(s) for s in data.get("next_steps", [])]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CriteriaError(
            f"{path} is not a valid criteria file ({type(exc).__name__}: {exc}); "
            "see corpus/fit-criteria.json's schema in the README"
        ) from exc
    return verify(raw, steps, chunks)


def verify(
    raw: Iterable[Criterion], steps: Iterable[NextStep], chunks: Iterable[Chunk]
) -> Criteria:
    """Keep the quotes found in their documents (each with its passage); leave out and
    report a criterion or step that keeps none."""
    passages: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        passages.setdefault(chunk.doc_id, []).append(chunk)
    texts = {doc: normalise(" ".join(c.text for c in found)) for doc, found in passages.items()}
    problems: list[str] = []
    kept: list[Criterion] = []
    for criterion in raw:
        quotes = _verified(criterion.quotes, texts, passages, criterion.id, problems)
        if quotes:
            kept.append(_with_quotes(criterion, quotes))
        else:
            problems.append(f"criterion {criterion.id!r} left out: no quote found in the corpus")
    next_steps: list[NextStep] = []
    for step in steps:
        quotes = _verified(step.quotes, texts, passages, step.title.get("en", ""), problems)
        if quotes:
            next_steps.append(NextStep(step.title, quotes))
    return Criteria(tuple(kept), tuple(next_steps), tuple(problems))


def normalise(text: str) -> str:
    """Whitespace collapsed, line-break hyphenation joined, typographic quotes plain."""
    text = text.replace("’", "'").replace("“", '"').replace("”", '"').replace("\u00ad", "")
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text)
    return " ".join(text.split())


def _verified(
    quotes: Iterable[Quote],
    texts: Mapping[str, str],
    passages: Mapping[str, list[Chunk]],
    owner: str,
    problems: list[str],
) -> tuple[Quote, ...]:
    out: list[Quote] = []
    for quote in quotes:
        wanted = normalise(quote.text)
        if not wanted or wanted not in texts.get(quote.doc, ""):
            problems.append(f"{owner!r}: quote not found in {quote.doc}: «{quote.text[:80]}…»")
            continue
        out.append(Quote(quote.doc, quote.text, _passage(wanted, passages[quote.doc])))
    return tuple(out)


def _passage(wanted: str, chunks: list[Chunk]) -> Chunk:
    """The passage that holds the quote, else the one that holds its start."""
    for chunk in chunks:
        if wanted in normalise(chunk.text):
            return chunk
    head = wanted[:60]
    return next((c for c in chunks if head in normalise(c.text)), chunks[0])


def _with_quotes(criterion: Criterion, quotes: tuple[Quote, ...]) -> Criterion:
    return replace(criterion, quotes=quotes)


def _languages(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not {"da", "en"} <= set(value):
        raise ValueError(f"expected {{'da': …, 'en': …}}, got {value!r}")
    return {"da": str(value["da"]), "en": str(value["en"])}


def _quotes(values: object) -> tuple[Quote, ...]:
    if not isinstance(values, list):
        raise ValueError("quotes must be a list")
    return tuple(Quote(str(q["doc"]), str(q["text"])) for q in values)


def _criterion(data: dict[str, object]) -> Criterion:
    kind = str(data["kind"])
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; use one of {KINDS}")
    fields = data["fields"]
    if not isinstance(fields, list):
        raise ValueError("fields must be a list")
    return Criterion(
        id=str(data["id"]),
        kind=kind,
        fields=tuple(str(f) for f in fields),
        title=_languages(data["title"]),
        question=_languages(data["question"]),
        strong=_languages(data["strong"]),
        partial=_languages(data["partial"]),
        weak=_languages(data["weak"]),
        quotes=_quotes(data.get("quotes", [])),
    )


def _step(data: dict[str, object]) -> NextStep:
    return NextStep(_languages(data["title"]), _quotes(data.get("quotes", [])))
