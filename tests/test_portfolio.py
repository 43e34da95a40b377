"""The portfolio data: checked against the corpus text, parsed strictly, snapshotted."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.errors import BadDocument
from assistant.portfolio.data import (
    COLUMNS,
    KINDS,
    Portfolio,
    danish,
    english,
    load,
    parse_amount,
    parse_csv,
    save,
)

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "corpus" / "portfolio.csv"
SOURCE = ROOT / "corpus" / "dsi-handlingsplan-bilag-2021.txt"


def records() -> list[dict[str, str]]:
    with CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def flat_source() -> str:
    """The raw extraction with line-break hyphens joined and whitespace collapsed."""
    text = SOURCE.read_text(encoding="utf-8")
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    return " ".join(text.split())


def windows() -> list[tuple[dict[str, str], str]]:
    """Each row with the stretch of source text from its name to the next row's name."""
    text = flat_source()
    rows = records()
    starts = []
    cursor = text.index("Tabel 1")
    for row in rows:
        at = text.index(row["name"], cursor)
        starts.append(at)
        cursor = at + len(row["name"])
    # A table ends where the text goes on: after Tabel 1, and at the next appendix.
    bounds = [text.index("Ud over fondens investeringer"), text.index("Bilag 2", cursor)]
    ends = [
        min([*starts[i + 1 : i + 2], *(b for b in bounds if b > start)])
        for i, start in enumerate(starts)
    ]
    return [(row, text[s:e]) for row, s, e in zip(rows, starts, ends, strict=True)]


def test_every_table_row_is_in_the_csv() -> None:
    rows = records()
    assert [r["source_table"] for r in rows].count("Tabel 1") == 14
    assert [r["source_table"] for r in rows].count("Tabel 2") == 6
    assert {r["kind"] for r in rows} == set(KINDS)
    assert list(rows[0]) == list(COLUMNS)


WINDOWS = windows()


@pytest.mark.parametrize(("row", "window"), WINDOWS, ids=[r["name"][:40] for r, _ in WINDOWS])
def test_row_figures_and_names_stand_in_the_source_row(row: dict[str, str], window: str) -> None:
    """A typo in a sum, a share, an area or a partner fails here."""
    if row["total_mio_dkk"]:
        assert f"{danish(parse_amount(row['total_mio_dkk']))} mio. kr." in window
    else:
        assert "mio. kr." not in window
    if row["dsi_share_mio_dkk"]:
        share = danish(parse_amount(row["dsi_share_mio_dkk"]))
        assert re.search(rf"DSI[’']s andel:\s*{re.escape(share)} mio\. kr\.", window)
    else:
        assert "andel" not in window  # never inferred
    for area in row["areas"].split("; "):
        assert area in window
    for partner in filter(None, row["partners"].split("; ")):
        assert partner.split(" (")[0] in window
    for municipality in filter(None, row["municipalities"].split("; ")):
        assert municipality in window


def test_amounts_and_number_formats() -> None:
    assert parse_amount("23,2") == parse_amount("23.2") == Decimal("23.2")
    assert parse_amount(" 1,0 mio. kr. ") == Decimal("1.0")
    assert parse_amount("") is None
    for bad in ("abc", "-3", "1,2,3", "nan"):
        with pytest.raises(ValueError):
            parse_amount(bad)
    assert danish(Decimal("60.1")) == "60,1" and english(Decimal("60.1")) == "60.1"
    assert danish(Decimal("1")) == "1,0" and english(Decimal("3.75")) == "3.75"


HEADER = ",".join(COLUMNS)
GOOD = "Godt projekt,investment,2.5,1.0,Trivsel,At hjælpe.,A; DSI,Aarhus,doc.txt,Tabel 1,1"


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (",investment,2.5,,Trivsel,x,DSI,,,,", "name is missing"),
        ("X,investment,to mio,,Trivsel,x,DSI,,,,", "not a number"),
        ("X,fund,2.5,,Trivsel,x,DSI,,,,", "unknown kind"),
        ("X,investment,2.5,9.0,Trivsel,x,DSI,,,,", "larger than the total"),
        ("X,investment,2.5,,Trivsel,x,DSI,,,,,extra", "more fields"),
    ],
)
def test_a_malformed_row_is_reported_with_its_line_and_the_rest_is_kept(
    bad_row: str, message: str
) -> None:
    text = "\n".join([HEADER, GOOD, bad_row, GOOD.replace("Godt", "Andet")]) + "\n"
    parsed = parse_csv(text, "p.csv")
    assert [r.name for r in parsed.rows] == ["Godt projekt", "Andet projekt"]
    assert len(parsed.errors) == 1
    error = parsed.errors[0]
    assert error.line == 3 and message in error.message
    assert str(error).startswith("p.csv, line 3:")


def test_a_bad_header_fails_the_file_with_the_expected_columns() -> None:
    with pytest.raises(BadDocument, match="lacks name"):
        parse_csv("navn,kind,total_mio_dkk\nX,investment,1\n", "p.csv")


def test_snapshot_round_trip(tmp_path: Path) -> None:
    parsed = parse_csv(CSV.read_text(encoding="utf-8"), "portfolio.csv")
    assert not parsed.errors and len(parsed.rows) == 20
    save(parsed, tmp_path)
    assert load(tmp_path) == parsed
    assert load(tmp_path / "missing") == Portfolio()
