"""The evaluation harness: run a question set (``assistant.evalsets``) and report the metrics.

Metrics (facts are matched case-insensitively as substrings):
- fact coverage@5: share of key facts present in the top 5 retrieved passages;
- answer fact accuracy: share of key facts present in the answer text (a false refusal
  scores 0), overall and per language;
- citation support: share of facts found in an answer that also stand in a passage the
  answer cites, and every quote a substring of its passage;
- refusal accuracy: share of must-refuse questions refused; false refusals: share of
  answerable questions refused; latency p50/p95 of ``ask``;
- portfolio questions (``"portfolio": true``) are scored apart: portfolio_exact is the
  share answered with every expected figure, and portfolio_support the share whose
  figures all stand in the cited rows (each row line's numbers in its own citation, each
  operand of a shown sum in some citation). The document metrics above leave
  them out, so the two kinds of answer do not hide each other's misses.

A fact is a string, or a list of equivalent strings (the same figure as a Danish quote
"4,8 mio. kr." or a computed English answer "4.8 mio. kr.").
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from assistant.pipeline import Assistant
from assistant.types import Answer


@dataclass
class Outcome:
    """One question's result."""

    item: dict[str, Any]
    answer: Answer
    coverage: float
    accuracy: float
    support: float | None
    notes: list[str] = field(default_factory=list)


def load_questions(path: Path) -> list[dict[str, Any]]:
    """The question set, one JSON object per line."""
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


Fact = str | list[str]
# A shown sum "23,2 + 4,8 = 28,0"; its operands must be cited figures (an average's
# "total / n" divides a sum that is itself checked on its own line).
ARITHMETIC = re.compile(r"((?:\d+[.,]\d+|\d+)(?:\s*\+\s*(?:\d+[.,]\d+|\d+))+)\s*=")
NUMBER = re.compile(r"\d+[.,]\d+|\d+")
ROW_LINE = re.compile(r"^- (.*) \[(\d+)\]$", re.M)  # "- name: 23.2 mio. kr.; … [1]"


# A decimal or thousands mark between digits: a Danish fact "6,2" is the English
# answer's "6.2" (computed answers write numbers the way their language does).
DIGIT_MARK = re.compile(r"(?<=\d)[.,](?=\d)")


def found(fact: Fact, text: str) -> bool:
    """Whether ``text`` states the fact (one of its options): case-insensitively, and
    whichever mark separates the digits of a number."""
    options = [fact] if isinstance(fact, str) else fact
    plain = DIGIT_MARK.sub("·", text.lower())
    return any(DIGIT_MARK.sub("·", option.lower()) in plain for option in options)


def figures_supported(answer: Answer) -> bool:
    """A computed answer's figures stand in its citations: every number of a row line
    ("- … [n]") in citation n, and every operand of every shown sum in some citation."""
    if not answer.citations:
        return False
    texts = {c.n: {n.replace(".", ",") for n in NUMBER.findall(c.text)} for c in answer.citations}
    for line, n in ROW_LINE.findall(answer.text):
        numbers = {x.replace(".", ",") for x in NUMBER.findall(line)}
        if not numbers <= texts.get(int(n), set()):
            return False
    cited = set().union(*texts.values())
    return all(
        o.replace(".", ",") in cited
        for expression in ARITHMETIC.findall(answer.text)
        for o in re.split(r"\s*\+\s*", expression)
    )


def evaluate_one(assistant: Assistant, item: dict[str, Any]) -> Outcome:
    """Ask one question and score it."""
    answer = assistant.ask(item["question"], item.get("history"))
    facts: list[Fact] = item.get("facts", [])
    if item.get("refuse"):
        return Outcome(item, answer, 1.0, 1.0 if answer.refused else 0.0, None)
    if item.get("portfolio"):
        present = [f for f in facts if not answer.refused and found(f, answer.text)]
        support = 1.0 if figures_supported(answer) else 0.0
        return Outcome(item, answer, 1.0, len(present) / len(facts), support)
    if answer.source == "portfolio":  # computed: its figures are checked, not quoted
        outcome = evaluate_facts(assistant, item, answer, facts)
        return replace(outcome, support=1.0 if figures_supported(answer) else 0.0)
    return evaluate_facts(assistant, item, answer, facts)


def evaluate_facts(
    assistant: Assistant, item: dict[str, Any], answer: Answer, facts: list[Fact]
) -> Outcome:
    """Coverage, accuracy and support of a document question's facts."""
    query = answer.query or item["question"]
    top = " ".join(h.chunk.text for h in assistant.search(query, 5))
    coverage = sum(found(f, top) for f in facts) / len(facts)
    in_answer = [f for f in facts if not answer.refused and found(f, answer.text)]
    accuracy = len(in_answer) / len(facts)
    cited = " ".join(c.text for c in answer.citations)
    quotes_ok = all(c.quote in c.text for c in answer.citations)
    support = (sum(found(f, cited) for f in in_answer) / len(in_answer)) if in_answer else None
    if support is not None and not quotes_ok:
        support = 0.0
    return Outcome(item, answer, coverage, accuracy, support)


def summarise(outcomes: list[Outcome]) -> dict[str, float]:
    """The headline metrics."""
    portfolio = [o for o in outcomes if o.item.get("portfolio")]
    answerable = [o for o in outcomes if not o.item.get("refuse") and o not in portfolio]
    refusable = [o for o in outcomes if o.item.get("refuse")]
    latencies = sorted(o.answer.latency_ms for o in outcomes)
    supports = [o.support for o in answerable if o.support is not None]

    def mean(values: list[float]) -> float:
        return statistics.fmean(values) if values else 0.0

    return {
        "questions": float(len(outcomes)),
        "fact_coverage_top5": mean([o.coverage for o in answerable]),
        "answer_fact_accuracy": mean([o.accuracy for o in answerable]),
        "answer_fact_accuracy_da": mean(
            [o.accuracy for o in answerable if o.item["language"] == "da"]
        ),
        "answer_fact_accuracy_en": mean(
            [o.accuracy for o in answerable if o.item["language"] == "en"]
        ),
        "answer_gap_da_en": mean([o.accuracy for o in answerable if o.item["language"] == "da"])
        - mean([o.accuracy for o in answerable if o.item["language"] == "en"]),
        "citation_support": mean(supports),
        "refusal_questions": float(len(refusable)),
        "refusal_accuracy": mean([1.0 if o.answer.refused else 0.0 for o in refusable]),
        "false_refusals": mean([1.0 if o.answer.refused else 0.0 for o in answerable]),
        "portfolio_questions": float(len(portfolio)),
        "portfolio_exact": mean([1.0 if o.accuracy == 1.0 else 0.0 for o in portfolio]),
        "portfolio_support": mean([o.support or 0.0 for o in portfolio]),
        # Questions that only look like portfolio questions (``"portfolio": false``) and got
        # a computed portfolio answer instead of the documents' (issue 13).
        "portfolio_misrouted": mean(
            [1.0 if o.answer.source == "portfolio" else 0.0 for o in outcomes if _lookalike(o)]
        ),
        "latency_p50_ms": _percentile(latencies, 50),
        "latency_p95_ms": _percentile(latencies, 95),
        "latency_portfolio_p95_ms": _percentile(sorted(o.answer.latency_ms for o in portfolio), 95),
        **_generated(outcomes),
    }


def _generated(outcomes: list[Outcome]) -> dict[str, float]:
    """With an LLM answerer (``dsi eval --answerer llm``): the share of answers it wrote,
    the share of its sentences that passed the check, and how often the extractive
    answer stood in (none of these without an LLM)."""
    made = [o.answer.generation for o in outcomes if o.answer.generation is not None]
    if not made:
        return {}
    sentences = sum(g.sentences for g in made)
    return {
        "llm_answers": sum(o.answer.answerer == "llm" for o in outcomes) / len(outcomes),
        "llm_sentences_kept": sum(g.kept for g in made) / sentences if sentences else 0.0,
        "llm_fallback_rate": sum(bool(g.fallback) for g in made) / len(made),
    }


def _lookalike(o: Outcome) -> bool:
    return o.item.get("portfolio") is False


def lower_is_better(metric: str) -> bool:
    """Whether a metric's floor is a ceiling (false refusals, the da-en gap, misrouted
    questions, latency)."""
    return metric.startswith(
        ("false", "answer_gap", "latency", "portfolio_misrouted", "llm_fallback")
    )


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    index = min(len(values) - 1, max(0, round(pct / 100 * len(values) + 0.5) - 1))
    return values[index]


def run(
    assistant: Assistant, questions: Path, limit: int = 0
) -> tuple[dict[str, float], list[Outcome]]:
    """Evaluate every question (the first ``limit``, when given) after one warm-up query."""
    assistant.ask("Hvad er DSI?")
    items = load_questions(questions)
    outcomes = [evaluate_one(assistant, item) for item in items[: limit or len(items)]]
    return summarise(outcomes), outcomes


# The categories a miss is read by (issue 12), so that held-out misses can be read without
# reading the held-out questions.
CATEGORIES = ("should-have-refused", "false refusal", "retrieval miss", "table", "wrong sentence")


def category(o: Outcome) -> str | None:
    """Why a question missed, or None when it did not."""
    if o.item.get("refuse"):
        return None if o.answer.refused else "should-have-refused"
    if o.accuracy >= 1.0:
        return None
    if o.answer.refused:
        return "false refusal"
    if o.coverage < 1.0:
        return "retrieval miss"
    if {"table", "table-row"} & set(o.item.get("tags", ())) or o.item.get("portfolio"):
        return "table"
    return "wrong sentence"


def misses_by_category(outcomes: list[Outcome]) -> dict[str, int]:
    """How many questions missed, per category (per language too: ``"… / en"``)."""
    counts: dict[str, int] = {}
    for o in outcomes:
        name = category(o)
        if name:
            for key in (name, f"{name} / {o.item['language']}"):
                counts[key] = counts.get(key, 0) + 1
    return counts


def _shown(name: str, value: float) -> str:
    if name.endswith("questions"):
        return f"{value:.0f}"
    return f"{value:.1f}" if name.endswith("_ms") else f"{value:.3f}"


def report_section(
    name: str, metrics: dict[str, float], outcomes: list[Outcome], list_misses: bool
) -> list[str]:
    """One set's part of ``evals/report.md``: its metrics, its misses by category, and (for
    sets that may be read) the questions that missed."""
    lines = [f"## {name}", "", "| metric | value |", "|---|---|"]
    lines += [f"| {k} | {_shown(k, v)} |" for k, v in metrics.items()]
    counts = misses_by_category(outcomes)
    lines += ["", "| miss category | all | da | en |", "|---|---|---|---|"]
    for c in CATEGORIES:
        lines.append(
            f"| {c} | {counts.get(c, 0)} | {counts.get(c + ' / da', 0)} "
            f"| {counts.get(c + ' / en', 0)} |"
        )
    if not list_misses:
        return [*lines, "", "(Held out: its questions and misses are not listed.)", ""]
    misses = [o for o in outcomes if category(o)]
    lines += ["", f"### Misses ({len(misses)})", ""]
    for o in misses:
        lines.append(
            f"- `{o.item['id']}` ({o.item['language']}, {category(o)}) {o.item['question']}"
            f" — accuracy {o.accuracy:.2f}, coverage@5 {o.coverage:.2f}"
        )
    return [*lines, ""]


def report_markdown(sections: list[list[str]], command: str) -> str:
    """``evals/report.md``: one section per set."""
    lines = ["# Evaluation report", "", f"Produced by `{command}`.", ""]
    return "\n".join(lines + [line for section in sections for line in section])
