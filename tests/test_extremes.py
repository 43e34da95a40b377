"""Superlatives over a document's table (issue 12, "table rows"): the row with the most or
the least of the asked column, compared over every row of the table. Unit tests on rows
written here; end to end on the tables of the four fixture documents (DOCX, PDF,
Markdown, HTML), with the expected row worked out from the fixtures' source data."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from fixtures import documents, make_pdf  # type: ignore[import-not-found]
from fixtures.documents import Expected  # type: ignore[import-not-found]

from assistant import Assistant
from assistant.answer.extremes import extreme_rows
from assistant.answer.quotes import Scored
from assistant.ingest.sections import row_text
from assistant.lang import DOCUMENTS, extreme
from assistant.query import Query
from assistant.types import Chunk, Hit

HEADER = ("Område", "Beløb (mio. kr.)", "Varighed", "Start")
ROWS = (
    ("Skole", "2,5", "2-4 år", "1. marts 2025"),
    ("Bolig", "12,0", "3-6 år", "1. maj 2024"),
    ("Sundhed", "1.250,5", "1-2 år", "1. juni 2023"),
    ("Job", "12,0", "1-3 år", "1. juli 2023"),
)


def question(text: str) -> Query:
    return Query(
        text=text,
        history=(),
        language="da" if DOCUMENTS.signal(text) else "en",
        previous="",
        terms=(),
        stems=frozenset(DOCUMENTS.stems(text)),
        wants=None,
        subjects=(),
        unknown=(),
        extreme=extreme(text),
    )


def table(header: Sequence[str] = HEADER, rows: Sequence[Sequence[str]] = ROWS) -> list[Chunk]:
    texts = [row_text("Tabel 3", tuple(header), tuple(r)) for r in rows]
    return [Chunk(f"r{i}", "t.md", t, "Tal", None, "table_row", (t,)) for i, t in enumerate(texts)]


def hits_for(rows: list[Chunk], prose: str = "Fonden investerer i mange områder.") -> list[Hit]:
    text = Chunk("p", "t.md", prose, "Tal", None, "text", (prose,))
    return [Hit(text, 0.0), *(Hit(r, 0.0, table=tuple(rows)) for r in rows)]


def ask(text: str, rows: list[Chunk], row_score: float = 0.9) -> list[str]:
    """The names of the rows quoted for ``text`` when the table's first row scores
    ``row_score`` and a prose sentence 0.9."""
    hits = hits_for(rows)
    ranked = [Scored(0, hits[0].chunk.text, 0.9), Scored(1, rows[0].text, row_score)]
    quotes = extreme_rows(question(text), ranked, hits, DOCUMENTS.stems)
    return [q.text.split(": ", 2)[1].split(";")[0] for q in quotes]


def test_the_named_column_decides_and_every_row_is_compared() -> None:
    # Only the first row was retrieved; the largest amount stands in rows 2 and 4.
    assert ask("Hvilket område har det største beløb?", table()) == ["Sundhed"]
    assert ask("Hvilket område har det mindste beløb?", table()) == ["Skole"]


def test_a_range_counts_by_its_upper_end_for_most_and_its_lower_end_for_least() -> None:
    assert ask("Hvilket område har den længste varighed?", table()) == ["Bolig"]
    assert ask("Which area has the shortest varighed?", table()) == ["Sundhed", "Job"]


def test_rows_that_share_the_extreme_are_all_quoted() -> None:
    rows = table(rows=[r for r in ROWS if r[0] != "Sundhed"])
    assert ask("Hvilket område har det højeste beløb?", rows) == ["Bolig", "Job"]


def test_of_two_named_columns_the_superlatives_noun_decides() -> None:
    header = ("Post", "Typisk beløb", "Typisk varighed")
    rows = table(header, [("A", "1", "9 år"), ("B", "5", "2 år")])
    assert ask("Hvilken post har den længste typiske varighed?", rows) == ["A"]
    assert ask("Hvilken post har det største typiske beløb?", rows) == ["B"]


def test_a_column_named_with_a_year_is_told_from_the_other_years() -> None:
    header = ("Post", "Budget 2024", "Budget 2025")
    rows = table(header, [("Løn", "3,1", "4,2"), ("Husleje", "3,5", "0,5")])
    assert ask("Hvilken post har det største budget i 2025?", rows) == ["Løn"]
    assert ask("Hvilken post har det største budget i 2024?", rows) == ["Husleje"]


def test_dates_and_years_are_no_numbers_to_compare() -> None:
    header = ("Projekt", "Start", "År")
    rows = table(header, [("A", "1. marts 2025", "2025"), ("B", "1. maj 2023", "2023")])
    assert ask("Hvilket projekt er det største?", rows) == []


def test_unclear_column_no_superlative_or_a_far_table_quote_nothing() -> None:
    header = ("Post", "Udgift", "Indtægt")
    unclear = table(header, [("A", "1", "9"), ("B", "5", "2")])
    assert ask("Hvilken post er den største?", unclear) == []
    assert ask("Hvilket område har et beløb?", table()) == []
    assert ask("Hvilket område har det største beløb?", table(), row_score=0.7) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Hvilken betaling er den største?", "most"),
        ("Which milestone pays the most?", "most"),
        ("Hvad er den korteste løbetid?", "least"),
        ("What is the lowest amount?", "least"),
        ("Skal mindst 30 borgere i job?", None),
        ("Must at least 30 citizens find work?", None),
        ("Hvad er en social investering?", None),
        # what is possible or allowed asks for a limit the documents state, not a row
        ("Hvad er det største beløb, et enkelt projekt kan få?", None),
        ("What's the most the investor can earn from the deal?", None),
        ("Hvad er den længste løbetid, en kontrakt må have?", None),
    ],
)
def test_superlative_cues(text: str, kind: str | None) -> None:
    assert extreme(text) == kind


# --- end to end: the fixture documents' own tables -------------------------------------


def number(cell: str, most: bool) -> float:
    """A cell's number the way a reader takes it: a range by the end asked about."""
    low, _, high = cell.split()[0].partition("-")
    pick = (high or low) if most else low
    return float(pick.replace(".", "").replace(",", "."))


def expected_names(rows: Sequence[Sequence[str]], name: int, column: int, most: bool) -> set[str]:
    values = {r[name]: number(r[column], most) for r in rows if r[column]}
    target = max(values.values()) if most else min(values.values())
    return {n for n, v in values.items() if v == target}


CASES = [
    ("contract.docx", documents.PAYMENT_ROWS, 0, 1, "Hvilken milepæl giver den højeste betaling?"),
    ("contract.docx", documents.PAYMENT_ROWS, 0, 1, "Which milestone has the largest payment?"),
    ("sag.md", documents.BUDGET_ROWS, 0, 2, "Hvilken post har det største budget i 2025?"),
    ("sag.md", documents.BUDGET_ROWS, 0, 1, "Hvilken post har det mindste budget i 2024?"),
    ("faq.html", documents.FAQ_ROWS, 0, 2, "Hvilket område har den længste løbetid?"),
    ("faq.html", documents.FAQ_ROWS, 0, 1, "Hvilket område har det mindste typiske beløb?"),
    ("aarsrapport.pdf", make_pdf.TABLE_ROWS, 0, 2, "Hvilket projekt fik den største investering?"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("file", "rows", "name", "column", "text"), CASES)
def test_a_superlative_quotes_the_extreme_row_of_the_documents_table(
    fixture_docs: tuple[Assistant, dict[str, Expected]],
    file: str,
    rows: Sequence[Sequence[str]],
    name: int,
    column: int,
    text: str,
) -> None:
    assistant, _ = fixture_docs
    want = expected_names(rows, name, column, extreme(text) == "most")
    answer = assistant.ask(text, doc=file)  # scoped: the document, not the portfolio
    assert not answer.refused, answer.text
    quoted = [c.quote for c in answer.citations]
    assert {r[name] for r in rows if any(r[name] in q for q in quoted)} == want, answer.text
