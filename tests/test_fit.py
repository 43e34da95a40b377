"""The fit check (issue 14): criteria with verified quotes, statuses from explicit rules,
similar investments above a floor, the areas verdict, the report as JSON, Markdown and
PDF; the same report from the engine, the API and the CLI.

The six cases in tests/fixtures/fit_cases.json were written with their expected statuses
before the rules were run on them."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from assistant import Assistant
from assistant.app.api import create_api
from assistant.fit import criteria as fit_criteria
from assistant.fit.form import FitForm, FitInputError
from assistant.fit.pdf import render
from assistant.fit.rules import MISSING, STRONG, UNCLEAR, status
from assistant.types import Chunk

ROOT = Path(__file__).resolve().parent.parent
CASES = json.loads((ROOT / "tests" / "fixtures" / "fit_cases.json").read_text("utf-8"))
CASES = CASES["cases"] if isinstance(CASES, dict) else CASES


def case_id(case: dict[str, object]) -> str:
    return str(case["id"])


# --- the form and the rules, as units ------------------------------------------------


def test_the_form_says_what_is_wrong() -> None:
    with pytest.raises(FitInputError, match="problem"):
        FitForm.from_mapping({"problem": "   "})
    with pytest.raises(FitInputError, match="unknown field"):
        FitForm.from_mapping({"problem": "x", "budget": "1"})
    with pytest.raises(FitInputError, match="must be a string"):
        FitForm.from_mapping({"problem": "x", "horizon": 3})
    with pytest.raises(FitInputError, match="characters"):
        FitForm.from_mapping({"problem": "x" * 5000})
    assert FitForm.from_mapping({"problem": " a  b ", "horizon": None}).horizon == ""


def criterion(kind: str, fields: tuple[str, ...]) -> fit_criteria.Criterion:
    text = {"da": "x", "en": "x"}
    return fit_criteria.Criterion(kind, kind, fields, text, text, text, text, text, ())


@pytest.mark.parametrize(
    ("kind", "field", "answer", "expected"),
    [
        ("horizon", "horizon", "", UNCLEAR),
        ("horizon", "horizon", "snart", UNCLEAR),  # too short to judge
        ("horizon", "horizon", "Gevinsterne kommer efter tre år", STRONG),
        ("horizon", "horizon", "Det ved vi ikke endnu", MISSING),
        ("evidence", "evidence", "Indsatsen er evalueret i Odense med god effekt", STRONG),
        ("evidence", "evidence", "Vi tror at det virker godt", UNCLEAR),
        ("target_group", "target_group", "Unge hjemløse mellem 18 og 24 år, cirka 120", STRONG),
        ("scale", "target_group", "Cirka 20 familier i alt", UNCLEAR),  # under MIN_SCALE
        ("economics", "costs_and_gains", "Kommunen betaler, og staten sparer udgifter", STRONG),
        ("economics", "costs_and_gains", "Det bliver billigere på sigt for alle", UNCLEAR),
        ("collaboration", "problem", "We will work across departments on this problem", STRONG),
    ],
)
def test_status_rules(kind: str, field: str, answer: str, expected: str) -> None:
    form = FitForm.from_mapping(
        {"problem": "p", field: answer} if field != "problem" else {"problem": answer}
    )
    assert status(criterion(kind, (field,)), form) == expected


def test_a_criterion_whose_quote_is_not_in_the_corpus_is_left_out() -> None:
    chunk = Chunk(
        "c1", "d.txt", "Investorerne bidrager med risiko-\nvillig kapital.", "S", None, "text", ()
    )
    good = fit_criteria.Quote("d.txt", "bidrager med risikovillig kapital")
    bad = fit_criteria.Quote("d.txt", "DSI garanterer altid afkast")
    text = {"da": "x", "en": "x"}
    kept = fit_criteria.verify(
        [
            fit_criteria.Criterion(
                "a", "evidence", ("evidence",), text, text, text, text, text, (good,)
            ),
            fit_criteria.Criterion(
                "b", "horizon", ("horizon",), text, text, text, text, text, (bad,)
            ),
        ],
        [],
        [chunk],
    )
    assert [c.id for c in kept.criteria] == ["a"]
    assert kept.criteria[0].quotes[0].chunk == chunk
    assert any("'b' left out" in p for p in kept.problems)


# --- the real criteria file and the six cases -------------------------------------------


def test_every_criterion_quote_stands_in_the_corpus_file() -> None:
    data = json.loads((ROOT / "corpus" / fit_criteria.CRITERIA_FILE).read_text("utf-8"))
    for item in [*data["criteria"], *data["next_steps"]]:
        assert item["quotes"], item
        for quote in item["quotes"]:
            source = (ROOT / "corpus" / quote["doc"]).read_text("utf-8")
            assert fit_criteria.normalise(quote["text"]) in fit_criteria.normalise(source)


@pytest.mark.slow
def test_the_index_keeps_every_criterion(assistant: Assistant) -> None:
    assert assistant.fit_problems() == ()
    kinds = [c.kind for c in assistant.library.current().fit.criteria]
    assert sorted(kinds) == sorted(fit_criteria.KINDS)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_fit_cases(assistant: Assistant, case: dict[str, object]) -> None:
    form = FitForm.from_mapping(case["form"])  # type: ignore[arg-type]
    report = assistant.fit(form, str(case["language"]))
    assert {c.id: c.status for c in report.criteria} == case["expected"]
    assert report.inside_areas is case["inside_areas"]
    names = [s.name for s in report.similar]
    wanted = case["similar_contains"]
    assert isinstance(wanted, list)
    if wanted:
        assert all(any(w.lower() in n.lower() for n in names) for w in wanted), names
    else:
        assert names == []
    cited = {c.n for c in report.citations}
    for result in report.criteria:
        assert result.documents and set(result.documents) <= cited  # every one backed
    for row in report.similar:
        assert row.citation in cited


# --- the report in every form, and from every door --------------------------------------


@pytest.fixture(scope="module")
def strong(assistant: Assistant):  # type: ignore[no-untyped-def]
    case = next(c for c in CASES if c["id"].startswith("strong"))
    return case, assistant.fit(FitForm.from_mapping(case["form"]), case["language"])


@pytest.mark.slow
def test_markdown_and_pdf(strong) -> None:  # type: ignore[no-untyped-def]
    _, report = strong
    text = report.markdown()
    assert text.startswith("# Passer jeres problem") and "ser stærkt ud" in text
    assert all(f"[{c.n}]" in text for c in report.citations)
    pdf = render(report)
    assert pdf.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert "Passer jeres problem" in "".join(p.extract_text() for p in pages)


@pytest.mark.slow
def test_api_and_cli_give_the_engines_report(assistant: Assistant, strong, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    case, report = strong
    client = TestClient(create_api(assistant, assistant.settings))
    body = client.post("/api/fit", json={**case["form"], "language": case["language"]}).json()
    assert body == json.loads(json.dumps(report.to_dict()))
    bad = client.post("/api/fit", json={"problem": ""})
    assert bad.status_code == 422 and "problem" in bad.text
    form = tmp_path / "form.json"
    form.write_text(json.dumps(case["form"]), encoding="utf-8")
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "fit",
            "--json",
            str(form),
            "--lang",
            case["language"],
        ],
        capture_output=True,
        text=True,
        env=_env(assistant),
        check=True,
    )
    assert cli.stdout.strip(), cli.stderr[-2000:]
    assert json.loads(cli.stdout) == body
    for citation in body["citations"]:
        assert {"n", "doc", "section", "page", "text"} <= set(citation)


def _env(assistant: Assistant) -> dict[str, str]:
    import os

    settings = assistant.settings
    return {
        **os.environ,
        "DSI_INDEX_DIR": str(settings.index_dir),
        "DSI_CORPUS_DIR": str(settings.corpus_dir),
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "offered"),
    [
        ("Kommune med mange unge ledige – passer det?", True),
        ("Loneliness among elderly – could that be a case?", True),
        ("Passer det, at DSI har investeret i Aarhus?", False),  # "is it true that"
        ("Hvad er en social investering?", False),
    ],
)
def test_the_chat_offers_the_fit_check(assistant: Assistant, question: str, offered: bool) -> None:
    answer = assistant.ask(question)
    assert (answer.source == "fit") is offered, answer.text[:200]
    if offered:
        assert not answer.citations and "/api/fit" in answer.text


@pytest.mark.slow
def test_the_tab_shows_the_engines_report(strong) -> None:  # type: ignore[no-untyped-def]
    from assistant.app.fit_html import report_html, sources_html

    _, report = strong
    body, cards = report_html(report), sources_html(report)
    for c in report.criteria:
        assert c.status_label in body
    for citation in report.citations:
        assert f'href="#src-fit-{citation.n}"' in body and f'id="src-fit-{citation.n}"' in cards
    assert "<script" not in body and "<script" not in cards


@pytest.mark.slow
def test_ingest_reports_a_criterion_whose_quote_is_not_in_the_corpus(fresh) -> None:  # type: ignore[no-untyped-def]
    import os

    settings, corpus = fresh()
    path = corpus / fit_criteria.CRITERIA_FILE
    data = json.loads(path.read_text("utf-8"))
    data["criteria"][0]["quotes"] = [
        {"doc": "dsi-handlingsplan-bilag-2021.txt", "text": "DSI garanterer et afkast på 12 pct."}
    ]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "DSI_INDEX_DIR": str(settings.index_dir), "DSI_CORPUS_DIR": str(corpus)}
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-1000:]
    left_out = data["criteria"][0]["id"]
    assert f"criterion '{left_out}' left out" in done.stderr
    report = Assistant.load(settings).fit(FitForm(problem="Unge hjemløse mister boligen igen"))
    assert left_out not in {c.id for c in report.criteria} and report.criteria


def test_the_api_request_has_the_forms_fields() -> None:
    """The API's request model repeats the form's fields for its OpenAPI schema: the two
    must not drift apart."""
    from dataclasses import fields

    from assistant.app.api import FitRequest
    from assistant.fit.form import FitForm

    assert set(FitRequest.model_fields) - {"language"} == {f.name for f in fields(FitForm)}
