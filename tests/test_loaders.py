from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.errors import BadDocument
from assistant.ingest.loaders import decode_text, load
from assistant.types import Element

DANISH = (
    "Den Sociale Investeringsfond investerer i velfærd på tværs af kommuner. Æblet, øen og ålen."
)


def test_utf8_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(DANISH, encoding="utf-8")
    assert load(path, "a.txt", {}, 1).text == DANISH


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_danish_encodings_are_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "b.txt"
    path.write_bytes(DANISH.encode(encoding))
    assert "på tværs" in load(path, "b.txt", {}, 1).text


def _pdf(path: Path, pages: list[str], password: str | None = None) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 10, text)
    if password:
        pdf.set_encryption(owner_password=password, user_password=password)
    pdf.output(str(path))


def test_pdf_with_pages(tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    _pdf(path, ["Første side om Aarhus.", "Anden side om Brøndby."])
    doc = load(path, "doc.pdf", {}, 5)
    assert "Brøndby" in doc.text
    pages = {e.text: e.page for e in doc.elements}
    assert pages == {"Første side om Aarhus.": 1, "Anden side om Brøndby.": 2}


def test_docx_headings_become_sections(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Kontrakt om resultatbetaling", level=1)
    document.add_paragraph("Kommunen betaler kun, hvis målene nås.")
    path = tmp_path / "k.docx"
    document.save(str(path))
    doc = load(path, "k.docx", {}, 5)
    assert doc.elements[0] == Element("heading", "Kontrakt om resultatbetaling", level=1)
    assert doc.elements[1].kind == "paragraph"
    assert doc.title == "Kontrakt om resultatbetaling"


def test_html_drops_scripts_and_keeps_headings(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text("<h2>Sag</h2><script>alert(1)</script><p>Tekst om sagen.</p>", encoding="utf-8")
    doc = load(path, "p.html", {}, 5)
    assert doc.elements[0] == Element("heading", "Sag", level=2)
    assert "alert" not in doc.text and "Tekst om sagen." in doc.text


def test_decode_rejects_nul_bytes() -> None:
    with pytest.raises(BadDocument):
        decode_text(b"abc\x00def")


def _encrypted_pdf(path: Path) -> None:
    _pdf(path, ["Hemmelig tekst."], password="hemmelig")


# Each bad input gets a BadDocument whose message says what is wrong.
BAD_INPUTS = [
    ("empty.txt", lambda p: p.write_bytes(b""), "empty"),
    ("bin.md", lambda p: p.write_bytes(bytes(range(256)) * 8), "binary"),
    ("big.txt", lambda p: p.write_text("x" * 3_000_000), "limit"),
    (
        "bad.pdf",
        lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage"),
        "corrupt|no text",
    ),
    ("secret.pdf", _encrypted_pdf, "encrypted"),
    ("broken.docx", lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), "DOCX"),
]


@pytest.mark.parametrize(("name", "write", "reason"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_inputs_are_reported(
    tmp_path: Path, name: str, write: Callable[[Path], object], reason: str
) -> None:
    path = tmp_path / name
    write(path)
    with pytest.raises(BadDocument, match=reason):
        load(path, name, {}, 1)


def test_a_pdf_decompression_bomb_is_refused_before_the_reader_inflates_it(
    tmp_path: Path,
) -> None:
    import zlib

    bomb = zlib.compress(b"\0" * (80 * 1024 * 1024), 9)  # 80 MB of zeros in ~80 kB
    head = b"%PDF-1.4\n1 0 obj<</Length " + str(len(bomb)).encode()
    path = tmp_path / "bomb.pdf"
    path.write_bytes(head + b"/Filter/FlateDecode>>stream\n" + bomb + b"\nendstream\nendobj\n")
    with pytest.raises(BadDocument, match="unpack to over 50 MB"):
        load(path, "bomb.pdf", {}, 25.0)
