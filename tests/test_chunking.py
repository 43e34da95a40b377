from pathlib import Path

import pytest

from assistant.ingest.chunking import chunk_document
from assistant.ingest.loaders import load
from assistant.types import Chunk

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
NAME = "dsi-handlingsplan-bilag-2021.txt"
RAW = (CORPUS / NAME).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def chunks() -> list[Chunk]:
    doc = load(CORPUS / NAME, NAME, {"title": "Bilag"}, 25)
    return chunk_document(doc)


def rows(chunks: list[Chunk], table: str) -> list[Chunk]:
    return [c for c in chunks if c.kind == "table_row" and table in c.section]


def test_every_table_row_is_one_chunk(chunks: list[Chunk]) -> None:
    # Tabel 1 has 8 investments, 4 development and 2 advisory partnerships; Tabel 2 has 6.
    assert len(rows(chunks, "Tabel 1")) == 14
    assert len(rows(chunks, "Tabel 2")) == 6


def test_a_row_holds_name_sum_share_areas_purpose_and_partners(chunks: list[Chunk]) -> None:
    row = next(c for c in rows(chunks, "Tabel 1") if "ungdomshjemløshed i Aarhus" in c.text)
    for part in (
        "23,2 mio. kr.",
        "DSI’s andel: 11,6 mio. kr.",
        "Udsatte børn og unge",
        "At reducere hjemløshed",
        "Bikubenfonden",
        "Hjem til Alle alliancen",
    ):
        assert part in row.text


def test_a_row_split_by_a_page_break_is_rebuilt(chunks: list[Chunk]) -> None:
    row = next(c for c in rows(chunks, "Tabel 1") if "svær overvægt" in c.text)
    assert "0,3 mio. kr." in row.text
    assert "sygdomsmestring" in row.text  # purpose continued after the page break
    assert "Steno Diabetes centrene, Novo Nordisk Fonden" in row.text  # partners continued
    assert "Investeringsområde Formål Partnerskab" not in row.text


def test_row_amounts_appear_in_the_source(chunks: list[Chunk]) -> None:
    import re

    for row in rows(chunks, "Tabel"):
        for amount in re.findall(r"\d+,\d mio\. kr\.", row.text):
            assert amount in RAW


def test_sections_are_detected(chunks: list[Chunk]) -> None:
    sections = {c.section for c in chunks}
    assert any(s.startswith("Bilag 4: Private investorer") for s in sections)
    assert any("Model 2: Staten som resultatbetaler" in s for s in sections)
    assert any(s.endswith("Behov for risikovillig kapital") for s in sections)


def test_hyphenation_is_undone_in_prose(chunks: list[Chunk]) -> None:
    text = " ".join(c.text for c in chunks)
    assert "markedsmodningsopgave" in text
    assert "Housing First-tilgangen" in text
    assert "social- og beskæftigelsesforvaltningen" in text
    assert "ung- domshjemløshed" not in text


def test_chunk_ids_are_stable_and_unique(chunks: list[Chunk]) -> None:
    again = chunk_document(load(CORPUS / NAME, NAME, {"title": "Bilag"}, 25))
    assert [c.id for c in chunks] == [c.id for c in again]
    assert len({c.id for c in chunks}) == len(chunks)


def test_metadata_reaches_every_chunk(chunks: list[Chunk]) -> None:
    assert all(c.meta.get("title") == "Bilag" for c in chunks)


def test_sentences_are_substrings_of_their_chunk(chunks: list[Chunk]) -> None:
    for chunk in chunks:
        assert all(s in chunk.text for s in chunk.sentences)
