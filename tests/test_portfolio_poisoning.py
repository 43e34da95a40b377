"""An uploaded CSV can neither change the curated portfolio nor pass a made-up row off as
a row of a document's table: duplicates are left out and reported, never summed, and a row
that does not stand in its source document says so in every answer and view."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.portfolio.data import COLUMNS, Portfolio, load, parse_csv, read_files, save
from assistant.portfolio.view import COLUMNS as VIEW_COLUMNS
from assistant.portfolio.view import table, totals
from assistant.types import Answer

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "corpus" / "portfolio.csv"
APPENDIX = "dsi-handlingsplan-bilag-2021.txt"
FAKE = "Falsk investering"


def csv_text(*records: dict[str, str]) -> str:
    """A portfolio file with the header and ``records``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def fake_row() -> dict[str, str]:
    """A made-up row that claims to be the appendix's Tabel 1, row 1."""
    return {
        "name": FAKE,
        "kind": "investment",
        "total_mio_dkk": "999",
        "areas": "Trivsel",
        "purpose": "At se ægte ud.",
        "partners": "Falsk Fond; DSI",
        "municipalities": "Aarhus",
        "source_doc": APPENDIX,
        "source_table": "Tabel 1",
        "source_row": "1",
    }


def upload(corpus: Path, name: str, text: str) -> None:
    """What the admin upload does: copy the file into <corpus>/uploads/."""
    (corpus / "uploads").mkdir(exist_ok=True)
    (corpus / "uploads" / name).write_text(text, encoding="utf-8")


def message(assistant: Assistant, name: str) -> str:
    """The ingest report's message for the file ``name`` (ingests first)."""
    report = assistant.ingest()
    assert not report.count("failed"), report
    return next(f.message for f in report.files if f.path.endswith(name))


def row_line(answer: Answer, name: str) -> tuple[str, int]:
    """The answer's line for the row ``name`` and the number of its citation."""
    line = next(x for x in answer.text.splitlines() if x.startswith(f"- {name}"))
    return line, int(line.rsplit("[", 1)[1].rstrip("]"))


def curated_total() -> Decimal:
    with CSV.open(encoding="utf-8", newline="") as handle:
        return sum((Decimal(r["total_mio_dkk"] or 0) for r in csv.DictReader(handle)), Decimal(0))


# -- parsing: no index needed ----------------------------------------------------------


def test_a_repeated_row_in_one_file_is_an_error_not_a_second_row() -> None:
    text = CSV.read_text(encoding="utf-8")
    first = text.splitlines()[1]
    parsed = parse_csv(
        text + first.replace("Aarhus Kommune,", "aarhus  kommune,", 1) + "\n", "p.csv"
    )
    assert len(parsed.rows) == 20
    assert [str(e) for e in parsed.errors] == [
        "p.csv, line 22: duplicate of p.csv line 2; left out"
    ]


def test_the_curated_file_wins_over_an_upload_whatever_the_order(tmp_path: Path) -> None:
    (tmp_path / "uploads").mkdir()
    changed = CSV.read_text(encoding="utf-8").replace(",23.2,11.6,", ",46.4,11.6,")
    (tmp_path / "uploads" / "portfolio.csv").write_text(changed, encoding="utf-8")
    (tmp_path / "portfolio.csv").write_text(CSV.read_text(encoding="utf-8"), encoding="utf-8")
    files = [tmp_path / "uploads" / "portfolio.csv", tmp_path / "portfolio.csv"]
    merged, failed = read_files(files, tmp_path)
    assert not failed and len(merged.rows) == 20
    assert {r.file for r in merged.rows} == {"portfolio.csv"}
    assert sum((r.total or Decimal(0) for r in merged.rows), Decimal(0)) == curated_total()
    assert len(merged.errors) == 20
    error = str(merged.errors[0])
    assert error.startswith("uploads/portfolio.csv, line 2: conflicts with portfolio.csv line 2")
    assert "edit portfolio.csv and run dsi ingest" in error


def test_a_snapshot_cannot_claim_a_row_verified(tmp_path: Path) -> None:
    parsed = parse_csv(csv_text(fake_row()), "uploads/fake.csv")
    save(parsed, tmp_path)
    snapshot = (tmp_path / "portfolio.json").read_text(encoding="utf-8")
    assert '"verified"' not in snapshot
    (tmp_path / "portfolio.json").write_text(
        snapshot.replace('"line": 2', '"line": 2, "verified": true'), encoding="utf-8"
    )
    assert load(tmp_path) == parsed and not load(tmp_path).rows[0].verified
    assert load(tmp_path / "missing") == Portfolio()


# -- on a real index -------------------------------------------------------------------


@pytest.mark.slow
def test_every_shipped_row_verifies_against_its_table_row(assistant: Assistant) -> None:
    rows = assistant.portfolio()
    assert len(rows) == 20 and all(r.verified for r in rows)
    for row in rows:
        cite = assistant.row_source(row)
        assert cite.doc == APPENDIX and cite.quote == row.name and f": {row.name}." in cite.text


@pytest.mark.slow
def test_an_uploaded_copy_of_the_curated_csv_changes_no_total(fresh, assistant: Assistant) -> None:  # type: ignore[no-untyped-def]
    settings, corpus = fresh()
    upload(corpus, "portfolio.csv", CSV.read_text(encoding="utf-8"))
    poisoned = Assistant.load(settings)
    note = message(poisoned, "uploads/portfolio.csv")
    rows = poisoned.portfolio()
    assert len(rows) == 20 and {r.file for r in rows} == {"portfolio.csv"}
    assert sum((r.total or Decimal(0) for r in rows), Decimal(0)) == curated_total()
    assert note.startswith("20 row(s) left out")
    assert "uploads/portfolio.csv, line 2: conflicts with portfolio.csv line 2" in note
    question = "Hvor meget har DSI investeret i alt?"
    assert poisoned.ask(question).text == assistant.ask(question).text


@pytest.mark.slow
def test_a_made_up_row_is_marked_unverified_and_not_cited_as_the_appendix(fresh) -> None:  # type: ignore[no-untyped-def]
    settings, corpus = fresh()
    upload(corpus, "fake.csv", csv_text(fake_row()))
    poisoned = Assistant.load(settings)
    assert message(poisoned, "uploads/fake.csv") == ""  # a new row is allowed, unverified
    real = "Bekæmpelse af ungdomshjemløshed i Aarhus Kommune"
    for question, marker in [
        ("Hvor meget har DSI investeret i Aarhus?", "ikke bekræftet"),
        ("How much has DSI invested in Aarhus?", "unverified"),
    ]:
        answer = poisoned.ask(question)
        line, n = row_line(answer, FAKE)
        cite = answer.citations[n - 1]
        assert cite.doc == "uploads/fake.csv" and cite.chunk_id == "portfolio:uploads/fake.csv:2"
        assert "999" in line and marker in line
        assert "ikke bekræftet" in cite.text and "Investeringssum: 23,2" not in cite.text
        real_line, m = row_line(answer, real)
        assert marker not in real_line and answer.citations[m - 1].doc == APPENDIX
    rows = {r.name: r for r in poisoned.portfolio()}
    assert not rows[FAKE].verified and rows[FAKE].to_dict()["verified"] is False
    assert rows[real].verified and rows[real].to_dict()["verified"] is True
    source = poisoned.row_source(rows[FAKE])
    assert source.doc == "uploads/fake.csv" and "ikke bekræftet" in source.text
    for ui, marker in [("da", "ikke bekræftet"), ("en", "unverified")]:
        shown = table([rows[FAKE], rows[real]], ui)
        assert len(shown[0]) == len(VIEW_COLUMNS[ui]) == len(totals([], ui))
        assert shown[0][0] == FAKE  # the UI finds the selected row by its name
        mark = VIEW_COLUMNS[ui].index("Kilde" if ui == "da" else "Source")
        assert marker in str(shown[0][mark]) and marker not in str(shown[1][mark])


@pytest.mark.slow
def test_a_repeated_row_in_the_curated_file_is_reported_and_not_summed(
    fresh, assistant: Assistant
) -> None:  # type: ignore[no-untyped-def]
    settings, corpus = fresh()
    path = corpus / "portfolio.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    doubled = Assistant.load(settings)
    note = message(doubled, "portfolio.csv")
    assert (
        note
        == "1 row(s) left out: portfolio.csv, line 22: duplicate of portfolio.csv line 2; left out"
    )
    assert len(doubled.portfolio()) == 20
    question = "Hvor meget har DSI investeret i Aarhus?"
    assert doubled.ask(question).text == assistant.ask(question).text
