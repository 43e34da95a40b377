from pathlib import Path

import pytest

from assistant.ingest.chunking import chunk_document
from assistant.ingest.loaders import load
from assistant.types import Chunk, Document

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


def _raw(text: str) -> list[Chunk]:
    return chunk_document(Document(doc_id="raw.txt", text=text, sha256="x"))


INVESTMENT_TABLE = """Bilag 1: Oversigt over investeringer

Tabel 4: Investeringer i 2024

Investering Investeringssum

Investeringsområde Formål Partnerskab

Investeringspartnerskaber
Styrket efterværn
i Odense

3,1 mio. kr.
DSI’s andel:
1,5 mio. kr.

Udsatte børn og unge

At give unge, der forlader en anbringelse, en fast voksen.

Odense Kommune og DSI.

Familier
/ med misbrug i Vejle

4,5 mio. kr.
DSI’s andel:
2,0 mio. kr.

Udsatte familier

At styrke familier med misbrug, så børnene kan blive hjemme.

Vejle Kommune og DSI.
"""


def test_a_row_name_that_looks_like_a_group_label_keeps_it() -> None:
    rows = [c for c in _raw(INVESTMENT_TABLE) if c.kind == "table_row"]
    assert len(rows) == 2
    assert "Familier / med misbrug i Vejle" in rows[1].text.replace("\n", " ")


OTHER_TABLE = """Bilag 2: Puljer

Tabel 5: Bevillinger fra puljen

Projekt Bevilling År

Lokal indsats for unge

2,0 mio. kr.

2023

Styrket efterværn

1,5 mio. kr.

2024
"""

TWO_AMOUNTS = """Bilag 3: Budget

Tabel 6: Budget

Post Budget 2024 Budget 2025

Løn

1,2 mio. kr.

1,4 mio. kr.

Drift

0,3 mio. kr.

0,2 mio. kr.
"""


@pytest.mark.parametrize("text", [OTHER_TABLE, TWO_AMOUNTS])
def test_other_tables_get_no_labels_of_the_dsi_appendix_and_never_crash(text: str) -> None:
    chunks = _raw(text)
    joined = " ".join(c.text for c in chunks)
    for label in ("Investeringssum", "Investeringsområde", "Formål", "Partnerskab"):
        assert label not in joined, f"{label!r} borrowed from another document's table"
    assert "Lokal indsats for unge" in joined or "Løn" in joined
