"""Portfolio rows read from the documents' own investment tables, dated; each
investment's newest figures current, the older ones its history (issue 13, part 2).

Units over hand-made passages, then one end-to-end run: two annual reports of different
years (Markdown and HTML, written here), ingested beside the real corpus and answered."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant import Assistant
from assistant.app.api import create_api
from assistant.portfolio.current import split
from assistant.portfolio.extract import amount, cells, dated, roles, rows_from, same_investment
from assistant.types import Chunk


def row_chunk(text: str, doc: str = "r.md", meta: dict[str, str] | None = None) -> Chunk:
    return Chunk(
        id=f"{doc}-{abs(hash(text))}",
        doc_id=doc,
        text=text,
        section="Investeringer",
        page=None,
        kind="table_row",
        sentences=(text,),
        meta=meta or {},
    )


NO_FILE = lambda _doc: None  # noqa: E731 - a document whose file is gone


def test_cells_roles_and_amounts() -> None:
    text = "Tabel 1. Nye investeringer — Projekt: Bolig først; Kommune: Odense; Investering (mio. kr.): 15,0"
    found = cells(text)
    assert found == {
        "Projekt": "Bolig først",
        "Kommune": "Odense",
        "Investering (mio. kr.)": "15,0",
    }
    assert roles(found) == {
        "name": "Projekt",
        "municipality": "Kommune",
        "amount": "Investering (mio. kr.)",
    }
    assert roles(["Project", "Municipality", "Investment (DKK m)", "DSI share (DKK m)"]) == {
        "name": "Project",
        "municipality": "Municipality",
        "amount": "Investment (DKK m)",
        "share": "DSI share (DKK m)",
    }
    assert amount("15,0") == Decimal("15.0") and amount("8.9 mio. kr.") == Decimal("8.9")
    assert amount("4-12") is None and amount("ukendt") is None


def test_only_tables_whose_header_names_an_investment_and_an_amount_are_read() -> None:
    rows = rows_from(
        [
            row_chunk(
                "Tabel 1 — Projekt: Bolig først; Kommune: Odense; Investering (mio. kr.): 15,0"
            ),
            row_chunk("Økonomi — Post: Familierådgivere; Budget (mio. kr.): 3,1"),
            row_chunk("Typiske beløb — Område: Beskæftigelse; Typisk beløb (mio. kr.): 5-15"),
            row_chunk("Tabel 2 — Projekt: Uden beløb; Investering (mio. kr.): ukendt"),
        ],
        NO_FILE,
    )
    assert [(r.name, r.total, r.municipalities) for r, _ in rows] == [
        ("Bolig først", Decimal("15.0"), ("Odense",))
    ]


def test_a_document_is_dated_by_metadata_title_caption_then_file() -> None:
    text = "Nye investeringer i 2023 — Projekt: A; Investering (mio. kr.): 1,0"
    assert (
        dated(row_chunk(text, meta={"date": "2024-03", "title": "Årsrapport 2022"}), NO_FILE).date
        == "2024-03"
    )
    by_title = dated(row_chunk(text, meta={"title": "Årsrapport 2022"}), NO_FILE)
    assert (by_title.date, by_title.dated_by) == ("2022", "title")
    assert dated(row_chunk(text), NO_FILE).dated_by == "caption"
    undated = "Oversigt — Projekt: A; Investering (mio. kr.): 1,0"
    by_file = dated(row_chunk(undated), lambda _doc: "2025-01-31")
    assert (by_file.date, by_file.dated_by) == ("2025-01-31", "file")


def test_the_newest_document_is_current_and_the_older_one_history() -> None:
    chunks = [
        row_chunk(
            "T — Projekt: Bolig først; Kommune: Odense; Investering (mio. kr.): 5,0",
            "a.md",
            {"date": "2023"},
        ),
        row_chunk(
            "T — Projekt: Mentor; Kommune: Køge; Investering (mio. kr.): 2,0",
            "a.md",
            {"date": "2023"},
        ),
        row_chunk(
            "T — Projekt: bolig først; Kommune: Odense Kommune; Investering (mio. kr.): 6,5",
            "b.md",
            {"date": "2024"},
        ),
    ]
    rows = [r for r, _ in rows_from(chunks, NO_FILE)]
    assert same_investment(rows[0], rows[2]) and not same_investment(rows[0], rows[1])
    current, history = split(rows)
    assert {(r.name.lower(), r.total) for r in current} == {
        ("bolig først", Decimal("6.5")),
        ("mentor", Decimal("2.0")),
    }
    assert [(r.total, r.as_of, r.current) for r in history] == [(Decimal("5.0"), "2023", False)]


REPORT_2023 = """# Årsrapport 2023

## Investeringer

| Projekt | Kommune | Investering (mio. kr.) |
|---|---|---|
| Bolig først for hjemløse | Odense | 5,0 |
| Mentorordning for unge | Køge | 3,0 |

## Budget

| Post | Budget (mio. kr.) |
|---|---|
| Sekretariat | 2,0 |
"""

REPORT_2024 = """<html><head><title>Årsrapport 2024</title></head><body>
<h1>Årsrapport 2024</h1>
<h2>Investeringer</h2>
<table>
<tr><th>Projekt</th><th>Kommune</th><th>Investering (mio. kr.)</th><th>DSI’s andel (mio. kr.)</th></tr>
<tr><td>Bolig først for hjemløse</td><td>Odense</td><td>6,5</td><td>3,0</td></tr>
<tr><td>Ældre i fællesskab</td><td>Vejle</td><td>2,0</td><td></td></tr>
</table>
<p>Fonden investerede i to nye projekter i 2024.</p>
</body></html>
"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory, built_index: Path) -> Assistant:
    import shutil

    from assistant.config import Settings

    corpus_source = Path(__file__).resolve().parent.parent / "corpus"

    root = tmp_path_factory.mktemp("dated")
    corpus = root / "corpus"
    shutil.copytree(corpus_source, corpus)
    (corpus / "aarsrapport-2023.md").write_text(REPORT_2023, encoding="utf-8")
    (corpus / "aarsrapport-2024.html").write_text(REPORT_2024, encoding="utf-8")
    index = root / "index"
    index.mkdir()
    shutil.copy(built_index / "embeddings.sqlite", index / "embeddings.sqlite")
    assistant = Assistant.load(Settings(corpus_dir=corpus, index_dir=index))
    assistant.ingest()
    return assistant


@pytest.mark.slow
def test_reports_update_the_current_figures_after_ingest(reports: Assistant) -> None:
    rows = {r.name: r for r in reports.portfolio()}
    odense = rows["Bolig først for hjemløse"]
    assert (odense.total, odense.as_of, odense.source_doc) == (
        Decimal("6.5"),
        "2024",
        "aarsrapport-2024.html",
    )
    assert "Mentorordning for unge" in rows and "Ældre i fællesskab" in rows
    assert "Sekretariat" not in rows  # a budget table is no investment table
    assert "Bekæmpelse af ungdomshjemløshed i Aarhus Kommune" in rows  # the CSV stays


@pytest.mark.slow
def test_answers_say_as_of_and_claim_no_contradiction(reports: Assistant) -> None:
    answer = reports.ask("Hvor meget har DSI investeret i Odense?")
    assert answer.source == "portfolio", answer.text[:300]
    assert "= 6,5 mio. kr." in answer.text or "6,5 mio. kr." in answer.text
    assert "pr. 2024 (aarsrapport-2024.html)" in answer.text
    # the older figure is shown beside it, dated: history, not a contradiction
    assert "tidligere 5,0 mio. kr. pr. 2023 (aarsrapport-2023.md)" in answer.text
    assert "Bemærk: teksten siger" not in answer.text
    total = reports.ask("How much has DSI invested in total?")
    assert "as of 2024 (aarsrapport-2024.html)" in total.text
    assert "as of 2021-11" in total.text  # the curated rows keep their own date
    assert "contradict" not in total.text.lower()


@pytest.mark.slow
def test_a_year_asked_takes_the_figures_stated_then(reports: Assistant) -> None:
    answer = reports.ask("Hvor meget investerede DSI i Odense i 2023?")
    assert answer.source == "portfolio", answer.text[:300]
    assert "5,0 mio. kr." in answer.text and "6,5" not in answer.text
    assert "pr. 2023 (aarsrapport-2023.md)" in answer.text
    total_2023 = reports.ask("Hvad udgør investeringerne i 2023 tilsammen?")
    assert "= 8,0 mio. kr." in total_2023.text, total_2023.text


@pytest.mark.slow
def test_the_api_and_the_tab_carry_the_dates(reports: Assistant) -> None:
    from assistant.portfolio import view

    rows = TestClient(create_api(reports, reports.settings)).get("/api/portfolio").json()["rows"]
    dated_rows = {r["name"]: r["as_of"] for r in rows}
    assert dated_rows["Bolig først for hjemløse"] == "2024"
    assert dated_rows["Bekæmpelse af ungdomshjemløshed i Aarhus Kommune"] == "2021-11"
    table = view.table(reports.portfolio(), "da")
    assert any("2024" in str(cell) for line in table for cell in line)
    assert re.search(r"aarsrapport-2024", " ".join(str(c) for line in table for c in line))


@pytest.mark.slow
def test_as_of_a_date_shows_the_portfolio_known_then(reports: Assistant) -> None:
    assert reports.portfolio_dates()[:2] == ["2024", "2023"]
    then = {r.name: r for r in reports.portfolio("2023")}
    assert then["Bolig først for hjemløse"].total == Decimal("5.0")
    assert "Ældre i fællesskab" not in then  # first stated in 2024
    client = TestClient(create_api(reports, reports.settings))
    body = client.get("/api/portfolio", params={"as_of": "2023", "municipality": "Odense"}).json()
    assert body["selected"]["total"] == 5.0 and body["dates"][0] == "2024"
    now = client.get("/api/portfolio", params={"municipality": "Odense"}).json()
    assert now["selected"]["total"] == 6.5


@pytest.mark.slow
def test_a_share_the_new_table_states_is_used(reports: Assistant) -> None:
    answer = reports.ask("Hvad er DSI's andel i Odense?")
    assert answer.source == "portfolio", answer.text[:300]
    assert "DSI’s andel 3,0 mio. kr." in answer.text, answer.text
    assert "ikke oplyst" not in answer.text.split("\n")[2]


@pytest.mark.slow
def test_a_contact_question_gets_no_rows_and_no_contradiction(reports: Assistant) -> None:
    for question in ("Hvad er fondens telefonnummer?", "Who do I contact about an investment?"):
        answer = reports.ask(question)
        assert answer.source == "documents", answer.text[:300]
        assert "Bemærk" not in answer.text and "contradict" not in answer.text.lower()


def _investments(assistant: Assistant) -> list:  # type: ignore[type-arg]
    return [r for r in assistant.portfolio() if r.kind == "investment"]


def _mio(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


@pytest.mark.slow
def test_a_total_over_figures_of_several_dates_gives_each_dates_sum(reports: Assistant) -> None:
    answer = reports.ask("How much has DSI invested in total?")
    assert answer.source == "portfolio", answer.text[:300]
    grand = re.search(r"Total investment sum: .*?([\d.]+) mio\. kr\.", answer.text)
    parts = re.findall(r"Of which as of (\S+) \(([^)]+)\): .*?([\d.]+) mio\. kr\.", answer.text)
    assert grand and len(parts) == 3, answer.text
    expected: dict[tuple[str, str], Decimal] = {}
    for row in _investments(reports):
        key = (row.as_of, row.source_doc)
        expected[key] = expected.get(key, Decimal(0)) + (row.total or Decimal(0))
    assert {(d, doc): Decimal(v) for d, doc, v in parts} == expected
    assert sum(Decimal(v) for _, _, v in parts) == Decimal(grand.group(1))
    assert [d for d, _, _ in parts] == ["2024", "2023", "2021-11"]  # newest first


@pytest.mark.slow
def test_a_percentage_is_the_part_over_the_whole_of_its_kind(reports: Assistant) -> None:
    answer = reports.ask("Hvor mange procent af investeringerne ligger i Odense?")
    assert answer.source == "portfolio", answer.text[:300]
    found = re.search(r"Andel: ([\d,]+) / ([\d,]+) = ([\d,]+) %", answer.text)
    assert found, answer.text
    part, whole, pct = (_mio(g) for g in found.groups())
    rows = _investments(reports)
    assert part == sum(r.total or 0 for r in rows if "Odense" in r.municipalities)
    assert whole == sum(r.total or 0 for r in rows)
    assert pct == (part / whole * 100).quantize(Decimal("0.1"))
    cited = {c.text.split(" — ")[0] for c in answer.citations}
    assert len(answer.citations) == len(rows), cited  # the whole's rows are cited too
    assert "Tilsvarende pr. 2024 (aarsrapport-2024.html): 6,5 / 8,5 = 76,5 %" in answer.text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "rank", "label"),
    [
        ("Hvad er den næststørste investering?", 2, "2. største investeringssum"),
        ("Which is the third largest investment?", 3, "Largest investment sum, number 3"),
        ("Which is DSI's bigest investment?", 1, "Largest investment sum"),  # a typo
        ("Hvad er den mindste investring?", -1, "Mindste investeringssum"),  # a typo
    ],
)
def test_ranks_and_typos_in_superlatives(
    reports: Assistant, question: str, rank: int, label: str
) -> None:
    answer = reports.ask(question)
    assert answer.source == "portfolio", answer.text[:300]
    values = sorted({r.total for r in _investments(reports) if r.total is not None}, reverse=True)
    value = values[rank - 1] if rank > 0 else values[-1]
    names = [r.name for r in _investments(reports) if r.total == value]
    assert all(name in answer.text for name in names), answer.text
    written = str(value).replace(".", ",") if answer.language == "da" else str(value)
    assert f"{label}: {written} mio. kr." in answer.text, answer.text


@pytest.mark.slow
def test_a_breakdown_dates_each_group_that_mixes_dates(reports: Assistant) -> None:
    answer = reports.ask("Fordel hele porteføljen inklusive pipeline på typer")
    assert answer.source == "portfolio", answer.text[:300]
    line = next(x for x in answer.text.split("\n") if x.startswith("- investeringspartnerskaber:"))
    parts = re.findall(r"pr\. (\S+) \(([^)]+)\): ([\d,]+) mio\. kr\.", line)
    expected: dict[tuple[str, str], Decimal] = {}
    for row in _investments(reports):
        key = (row.as_of, row.source_doc)
        expected[key] = expected.get(key, Decimal(0)) + (row.total or Decimal(0))
    assert {(d, doc): _mio(v) for d, doc, v in parts} == expected, line
    pipeline = next(x for x in answer.text.split("\n") if x.startswith("- pipeline-projekter:"))
    assert "heraf" not in pipeline  # one date: no split


@pytest.mark.slow
def test_a_breakdown_by_year_groups_the_rows_by_their_date(reports: Assistant) -> None:
    answer = reports.ask("Fordel investeringerne på år")
    assert answer.source == "portfolio", answer.text[:300]
    found = dict(re.findall(r"^- pr\. (\S+) \([^)]+\): .*?([\d,]+) mio\. kr\.", answer.text, re.M))
    expected: dict[str, Decimal] = {}
    for row in _investments(reports):
        expected[row.as_of] = expected.get(row.as_of, Decimal(0)) + (row.total or Decimal(0))
    assert {d: _mio(v) for d, v in found.items()} == expected, answer.text
