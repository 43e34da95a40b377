"""The evaluation harness runs and the measured quality stays above the floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.evaluation import Outcome, found, load_questions, lower_is_better, run

pytestmark = pytest.mark.slow
EVALS = Path(__file__).resolve().parent.parent / "evals"
CORPUS = EVALS.parent / "corpus"


def test_question_set_shape() -> None:
    items = load_questions(EVALS / "questions.jsonl")
    assert len(items) >= 60
    assert {i["language"] for i in items} == {"da", "en"}
    assert {i["group"] for i in items} == {"staff", "municipality", "investor"}
    assert sum(1 for i in items if i.get("refuse")) >= 10
    assert sum(1 for i in items if i.get("history")) >= 5
    assert all(i.get("refuse") or (i["facts"] and i["section"]) for i in items)


def test_metrics_meet_the_floors(assistant: Assistant) -> None:
    metrics, outcomes = run(assistant, EVALS / "questions.jsonl")
    check_floors(metrics, outcomes, "own")


def test_heldout_meets_its_floors(whole_library: Assistant) -> None:
    """The held-out half over corpus/ plus the fixture documents (floors set on it)."""
    metrics, outcomes = run(whole_library, EVALS / "heldout.jsonl")
    assert metrics["questions"] >= 100 and metrics["refusal_questions"] >= 20
    check_floors(metrics, outcomes, "heldout")


def test_the_halves_are_apart_and_committed() -> None:
    dev, heldout = (load_questions(EVALS / f"{n}.jsonl") for n in ("dev", "heldout"))
    assert not {q["id"] for q in dev} & {q["id"] for q in heldout}
    assert len(dev) + len(heldout) >= 200
    assert sum(bool(q.get("refuse")) for q in dev + heldout) >= 40
    for half in (dev, heldout):
        assert {q["language"] for q in half} == {"da", "en"}


def check_floors(metrics: dict[str, float], outcomes: list[Outcome], which: str) -> None:
    floors = json.loads((EVALS / "floors.json").read_text())[which]
    for name, floor in floors.items():
        if name.startswith("latency"):
            continue  # speed belongs to benchmarks, not to tests
        if lower_is_better(name):
            assert metrics[name] <= floor, (which, name, metrics[name])
        else:
            assert metrics[name] >= floor, (which, name, metrics[name])
    for outcome in outcomes:  # the citation invariant holds for every answer
        assert all(c.quote in c.text for c in outcome.answer.citations)


@pytest.mark.parametrize(
    ("fact", "text", "expected"),
    [
        ("6,2", "Total investment sum: 6.2 mio. kr.", True),  # English decimals
        ("1.250", "1,250 citizens", True),  # English thousands
        (["Antal: 8", "Count: 8"], "count: 8 (8 investments)", True),
        ("6,2", "Total investment sum: 62 mio. kr.", False),
        ("6,2", "6,25 mio. kr.", True),  # a substring, as every fact
        ("Børn og unge", "Beskæftigelse", False),
    ],
)
def test_a_fact_is_found_whichever_mark_separates_its_digits(
    fact: str | list[str], text: str, expected: bool
) -> None:
    assert found(fact, text) is expected


def test_the_probe_documents_set_runs_over_corpus_and_its_own_documents(tmp_path: Path) -> None:
    from assistant.config import Settings
    from assistant.evalsets import documents_settings, sets

    probe = sets(EVALS)["probe-docs"]
    assert probe.documents is not None
    documents = {p.name for p in probe.documents.iterdir()}
    assert {Path(n).suffix for n in documents} == {".md", ".html", ".docx", ".pdf"}
    items = load_questions(probe.questions)
    assert {i["doc"] for i in items} == documents  # every question names its document
    assert {i["language"] for i in items} == {"da", "en"}
    assert all(i.get("refuse") or i["facts"] for i in items)
    settings = documents_settings(
        Settings(corpus_dir=CORPUS, index_dir=tmp_path / "main"), tmp_path / "work", probe.documents
    )
    copied = {p.name for p in settings.corpus_dir.iterdir()}
    assert documents <= copied and {p.name for p in CORPUS.iterdir() if p.is_file()} <= copied
    assert settings.index_dir == tmp_path / "work" / "index" and settings.index_dir.is_dir()


def test_the_held_out_documents_set_is_a_documents_set_whose_misses_are_not_listed() -> None:
    from assistant.evalsets import sets

    held = sets(EVALS)["docs-heldout"]
    assert held.documents is not None and held.name.endswith("heldout")
    documents = {p.name for p in held.documents.iterdir()}
    items = load_questions(held.questions)
    assert {i["doc"] for i in items} == documents
    assert {i["language"] for i in items} == {"da", "en"}
    assert all(i.get("refuse") or i["facts"] for i in items)


def test_an_evaluation_corpus_copy_is_ingested_again_when_it_changes(tmp_path: Path) -> None:
    # ``dsi eval`` writes each set's corpus copy anew; a document added to it since the
    # copy's index was built must be searched too, not the index of the first run.
    from assistant.config import Settings
    from assistant.progress import current_assistant

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("# Fonden\n\nFonden støtter unge i Odense.\n", "utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    current_assistant(settings)
    (corpus / "b.md").write_text("# Kontrakten\n\nKontrakten løber til 2031.\n", "utf-8")
    hits = current_assistant(settings).search("Hvornår udløber kontrakten?", 3)
    assert any(h.chunk.doc_id == "b.md" for h in hits)
