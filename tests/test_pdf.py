"""assistant.ingest.pdf.read_pdf on the Danish annual report of tests/fixtures/make_pdf.py:
title, headings and levels, one table across a page break, pages, footnote, running
titles dropped, hyphenation mended, nothing lost; and unreadable PDFs refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fixtures.make_pdf import (  # type: ignore[import-not-found]
    BULLETS,
    CAPTION,
    FOOTNOTE,
    HEADINGS,
    HYPHENATED,
    RUNNING_TITLE,
    TABLE_HEADER,
    TABLE_ROWS,
    TITLE,
    annual_report_pdf,
    source_sentences,
)
from fpdf import FPDF
from fpdf.fonts import FontFace

from assistant.errors import BadDocument
from assistant.ingest.pdf import read_pdf
from assistant.ingest.pdf_layout import join_lines
from assistant.types import Element

Read = tuple[str, tuple[Element, ...], str]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Read:
    path = annual_report_pdf(tmp_path_factory.mktemp("pdf") / "report.pdf")
    return read_pdf(path.read_bytes())


def _kind(elements: tuple[Element, ...], kind: str) -> list[Element]:
    return [e for e in elements if e.kind == kind]


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_title_from_metadata(report: Read) -> None:
    assert report[2] == TITLE


def test_headings_with_levels_by_font_size(report: Read) -> None:
    headings = [(e.level, e.text) for e in _kind(report[1], "heading")]
    assert headings == list(HEADINGS)
    pages = {e.text: e.page for e in _kind(report[1], "heading")}
    assert pages["1. Forord"] == 1
    assert pages["2.1 Nye investeringer"] == 2
    assert pages["3.2 Børn og familier"] == 3
    assert pages["4. Økonomi og forventninger"] == 4


def test_table_across_the_page_break_is_one_table(report: Read) -> None:
    tables = _kind(report[1], "table")
    assert len(tables) == 1
    table = tables[0]
    assert table.text == CAPTION
    assert table.header == TABLE_HEADER
    assert table.rows == TABLE_ROWS  # 12 rows, the header repeated on page 3 not among them
    assert table.page == 2
    assert len(table.row_pages) == len(table.rows)
    assert table.row_pages[0] == 2 and table.row_pages[-1] == 3
    assert list(table.row_pages) == sorted(table.row_pages)


def test_table_text_is_not_repeated_as_paragraphs(report: Read) -> None:
    others = " ".join(e.text for e in report[1] if e.kind != "table")
    for cell in ("Aalborg", "Tidlig indsats for sårbare gravide", "Investering (mio. kr.)"):
        assert cell not in others
    assert CAPTION not in others  # taken as the table's caption


def test_footnote_is_its_own_paragraph(report: Read) -> None:
    footnotes = [e for e in report[1] if e.text == FOOTNOTE]
    assert len(footnotes) == 1
    assert footnotes[0].kind == "paragraph" and footnotes[0].page == 1


def test_running_title_and_page_numbers_are_dropped(report: Read) -> None:
    text, elements, _ = report
    assert RUNNING_TITLE not in text
    assert not any(re.fullmatch(r"Side \d+", e.text) for e in elements)
    assert not re.search(r"\bSide \d+\b", text)


def test_hyphenation_mended_real_hyphens_kept(report: Read) -> None:
    paragraphs = [e.text for e in _kind(report[1], "paragraph")]
    assert HYPHENATED in paragraphs  # beskæftigelses-, type-2-, Høje-Taastrup, social- og


def test_bullets_are_items(report: Read) -> None:
    assert [e.text for e in _kind(report[1], "item")] == list(BULLETS)


def test_pages_of_paragraphs(report: Read) -> None:
    pages = {e.text.split()[0] + " " + e.text.split()[1]: e.page for e in report[1]}
    assert pages["Den Sociale"] == 1
    assert pages["Tabellen viser"] == 2
    assert pages["Effekterne måles"] == 3
    assert pages["Regnskabet er"] == 4


def test_reading_order(report: Read) -> None:
    texts = [e.text for e in report[1]]
    assert texts.index("2.1 Nye investeringer") < texts.index(CAPTION)
    assert texts.index(CAPTION) < texts.index("3. Resultater og effekter")
    assert texts.index("1. Forord") < texts.index(FOOTNOTE) < texts.index("2. Investeringer i 2024")


def test_nothing_lost(report: Read) -> None:
    found = [_squash(e.text) for e in report[1]]
    missing = [s for s in source_sentences() if not any(_squash(s) in t for t in found)]
    assert not missing
    assert len(source_sentences()) > 40


def test_plain_text(report: Read) -> None:
    text = report[0]
    assert text.count(" | ".join(TABLE_HEADER)) == 1
    for row in TABLE_ROWS:
        assert " | ".join(row) in text
    assert HYPHENATED in text and FOOTNOTE in text
    assert "\n\n2. Investeringer i 2024\n\n" in text


def test_table_without_a_repeated_header_is_still_one_table(tmp_path: Path) -> None:
    path = annual_report_pdf(tmp_path / "r.pdf", repeat_header=False)
    tables = _kind(read_pdf(path.read_bytes())[1], "table")
    assert len(tables) == 1
    assert tables[0].header == TABLE_HEADER and tables[0].rows == TABLE_ROWS
    assert set(tables[0].row_pages) == {2, 3}


def test_paragraph_cut_by_a_page_break_is_one_paragraph(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.set_y(266)  # two lines fit on page 1, the rest goes on page 2
    text = (
        "Kommunen har i perioden arbejdet med at samle de mange indsatser for udsatte "
        "borgere i ét fælles tilbud, hvor borgeren møder den samme medarbejder hele vejen "
        "igennem forløbet og ikke skal fortælle sin historie flere gange til forskellige "
        "afdelinger i kommunen og regionen."
    )
    pdf.multi_cell(0, 5.5, text)
    pdf.output(str(tmp_path / "cut.pdf"))
    _, elements, _ = read_pdf((tmp_path / "cut.pdf").read_bytes())
    assert [(e.kind, e.page, e.text) for e in elements] == [("paragraph", 1, text)]


def test_a_new_table_with_its_own_header_on_the_next_page_stays_apart(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.set_y(230)  # the first table ends at the foot of page 1
    tables = (
        [("By", "Beløb"), ("Odense", "1,0"), ("Vejle", "2,0"), ("Køge", "3,0")],
        [("Region", "Antal"), ("Syddanmark", "7"), ("Nordjylland", "3")],
    )
    for n, rows in enumerate(tables):
        if n:
            pdf.add_page()
        with pdf.table(headings_style=FontFace(emphasis="BOLD")) as table:
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(value)
    pdf.output(str(tmp_path / "two.pdf"))
    _, elements, _ = read_pdf((tmp_path / "two.pdf").read_bytes())
    assert [(e.header, e.rows, e.row_pages) for e in elements] == [
        (("By", "Beløb"), (("Odense", "1,0"), ("Vejle", "2,0"), ("Køge", "3,0")), (1, 1, 1)),
        (("Region", "Antal"), (("Syddanmark", "7"), ("Nordjylland", "3")), (2, 2)),
    ]


def test_dash_lists_and_dashes_in_running_text(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    lines = (
        "Fonden har sat sig mål for perioden 2024",
        "– 2026 og følger dem hvert år. Målene er:",
        "- flere i job,",
        "- færre anbringelser.",
    )
    for line in lines:
        pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "dash.pdf"))
    _, elements, _ = read_pdf((tmp_path / "dash.pdf").read_bytes())
    assert [(e.kind, e.text) for e in elements] == [
        (
            "paragraph",
            "Fonden har sat sig mål for perioden 2024 – 2026 og følger dem hvert år. Målene er:",
        ),
        ("item", "flere i job,"),
        ("item", "færre anbringelser."),
    ]


def _small_pdf(path: Path, title: str | None = None, outline: bool = False) -> Path:
    pdf = FPDF()
    pdf.add_page()
    if title is not None:
        pdf.set_title(title)
    for level, text in ((0, "Vilkår for tilskud"), (1, "Ansøgning"), (1, "Udbetaling")):
        if outline:
            pdf.start_section(text, level=level)
        pdf.set_font("Helvetica", style="B", size=11)  # all one style: only the outline ranks
        pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(
            0, 5, f"Teksten under {text.lower()} står her.", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(4)
    pdf.output(str(path))
    return path


def test_outline_gives_heading_levels(tmp_path: Path) -> None:
    _, elements, title = read_pdf(_small_pdf(tmp_path / "o.pdf", outline=True).read_bytes())
    assert [(e.level, e.text) for e in _kind(elements, "heading")] == [
        (1, "Vilkår for tilskud"),
        (2, "Ansøgning"),
        (2, "Udbetaling"),
    ]
    assert title == "Vilkår for tilskud"  # no metadata title: the first heading


@pytest.mark.parametrize("meta", [None, "", "Microsoft Word - vilkaar_v3.docx", "untitled"])
def test_title_falls_back_to_the_first_heading(tmp_path: Path, meta: str | None) -> None:
    _, _, title = read_pdf(_small_pdf(tmp_path / "t.pdf", title=meta).read_bytes())
    assert title == "Vilkår for tilskud"


def test_corrupt_pdf_is_refused(tmp_path: Path) -> None:
    data = annual_report_pdf(tmp_path / "r.pdf").read_bytes()
    for bad in (b"not a PDF at all", b"%PDF-1.4\n%%EOF", data[: len(data) // 3]):
        with pytest.raises(BadDocument, match="corrupt or unreadable.*re-export"):
            read_pdf(bad)


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    path = annual_report_pdf(tmp_path / "secret.pdf", password="hemmelig")
    with pytest.raises(BadDocument, match="encrypted; save an unprotected copy"):
        read_pdf(path.read_bytes())


def test_pdf_protected_only_against_editing_is_read(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 8, "Første side om Aarhus.")
    pdf.set_encryption(owner_password="ejer")  # opens without a password
    pdf.output(str(tmp_path / "owner.pdf"))
    text, _, _ = read_pdf((tmp_path / "owner.pdf").read_bytes())
    assert text == "Første side om Aarhus."


def test_pdf_without_text_is_refused(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # a "scan": marks, no text
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(BadDocument, match="no text could be extracted"):
        read_pdf((tmp_path / "scan.pdf").read_bytes())


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["beskæf-", "tigelsesområdet"], "beskæftigelsesområdet"),
        (["type-", "2-diabetes"], "type-2-diabetes"),
        (["Høje-", "Taastrup"], "Høje-Taastrup"),
        (["social-", "og sundhedsområdet"], "social- og sundhedsområdet"),
        (["EU-", "midler"], "EU-midler"),
        (["2024-", "budgettet"], "2024-budgettet"),
        (["kom\u00ad", "munerne"], "kommunerne"),
        (["perioden 2024 –", "2026"], "perioden 2024 – 2026"),
        (["En linje", "og  den  næste"], "En linje og den næste"),
    ],
)
def test_join_lines(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined
