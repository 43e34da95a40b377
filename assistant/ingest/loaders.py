"""Files -> Document. Reads txt, md, pdf (with pages), docx and html.

Each format's reader gives the document's structure as ``Element``s (headings, paragraphs,
list items, tables) and its title: ``markup`` reads Markdown, HTML and plain text,
``word`` reads DOCX, ``pdf`` reads PDF. A plain-text raw PDF extraction keeps its text
for the repair in ``cleaning``/``chunking``. A file that cannot be read raises
``BadDocument`` with a reason a person can act on; the caller skips it and carries on.
Not handled: OCR of scanned PDFs, legacy .doc, and spreadsheets; nor compression bombs
inside a PDF's streams, only those of a DOCX's zip.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import BadDocument
from assistant.ingest.markup import (
    looks_like_pdf_extraction,
    read_html,
    read_markdown,
    read_plain,
)
from assistant.ingest.pdf import read_pdf
from assistant.ingest.word import read_docx
from assistant.types import Document, Element

SUPPORTED = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
METADATA_FILE = "metadata.json"
META_FIELDS = ("title", "publisher", "date", "language", "origin")
# The defaults of Settings.max_unpacked_mb and Settings.max_file_chars. Text is what costs:
# the shipped 33,000-character appendix took 22 s to embed on 2 quiet cores (cold `dsi
# ingest`), so 2,000,000 characters (about 1,000 pages) bound one file at roughly 20-25
# minutes of embedding, several times that on a shared CPU.
MAX_UNPACKED_MB = 50.0
MAX_FILE_CHARS = 2_000_000


def discover(root: Path, suffixes: tuple[str, ...] = SUPPORTED) -> list[Path]:
    """The files below ``root`` with one of ``suffixes``, in a stable order, none via a
    symlink that leads out of ``root`` (``links_out`` lists those)."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in suffixes and inside(p, root)
    )


def links_out(root: Path) -> list[Path]:
    """Symlinks below ``root`` (to files or folders) that lead outside it."""
    return sorted(p for p in root.rglob("*") if p.is_symlink() and not inside(p, root))


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, links resolved, lies below ``root``."""
    # A corpus is often a folder others can write to; a link in it must not expose the rest
    # of the disk (say ~/.ssh) to every question asked.
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def doc_id_for(path: Path, corpus_dir: Path) -> str:
    """A stable document id: the path relative to the corpus, else the file name."""
    try:
        return path.resolve().relative_to(corpus_dir.resolve()).as_posix()
    except ValueError:
        return path.name


def load_metadata(root: Path) -> dict[str, dict[str, str]]:
    """Per-file metadata from ``root/metadata.json`` (missing file means none)."""
    path = root / METADATA_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadDocument(f"{path}: not valid JSON ({exc}); fix or delete it") from exc
    return {str(k): {f: str(v) for f, v in m.items()} for k, m in data.items()}


def load(
    path: Path,
    doc_id: str,
    meta: dict[str, str],
    max_mb: float,
    max_unpacked_mb: float = MAX_UNPACKED_MB,
    max_chars: int = MAX_FILE_CHARS,
) -> Document:
    """Read one file into a Document, or raise BadDocument saying why not."""
    data = read_bytes(path, max_mb)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise BadDocument(f"unsupported file type {path.suffix!r}; use one of {SUPPORTED}")
    if path.suffix.lower() == ".docx":
        _check_unpacked(data, max_unpacked_mb)
    if path.suffix.lower() == ".pdf":
        _check_pdf_streams(data, max_unpacked_mb)
    read = reader(data)
    text, pages = read.text, read.pages
    if not text.strip():
        raise BadDocument("no text could be extracted (is it a scanned PDF? run OCR first)")
    if len(text) > max_chars:
        raise BadDocument(
            f"the document holds {len(text):,} characters of text, over the {max_chars:,} "
            "limit; split it or raise DSI_MAX_FILE_CHARS"
        )
    title = read.title or _first_heading(read.elements, text) or path.stem
    full = {"title": title, "origin": str(path)}
    full.update(meta)
    digest = hashlib.sha256(data + json.dumps(full, sort_keys=True).encode()).hexdigest()
    return Document(
        doc_id=doc_id, text=text, sha256=digest, meta=full, pages=pages, elements=read.elements
    )


def read_bytes(path: Path, max_mb: float) -> bytes:
    """The file's bytes, or BadDocument when it is empty or over ``max_mb``."""
    size = path.stat().st_size
    if size == 0:
        raise BadDocument("the file is empty; add content or remove it")
    if size > max_mb * 1024 * 1024:
        raise BadDocument(
            f"the file is {size / 1e6:.1f} MB, over the {max_mb:g} MB limit; "
            "split it or raise DSI_MAX_FILE_MB"
        )
    return path.read_bytes()


def _check_unpacked(data: bytes, max_mb: float) -> None:
    """Refuse a zip (a DOCX) that would unpack to more than ``max_mb``, before inflating it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # zipfile stops reading a member at its declared size (a lie fails the CRC), so
            # the declared sizes bound what python-docx can inflate.
            size = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise BadDocument(f"the DOCX is corrupt ({exc}); re-save it from Word") from exc
    if size > max_mb * 1024 * 1024:
        raise BadDocument(
            f"the DOCX would unpack to {size / 1e6:,.0f} MB, over the {max_mb:g} MB limit "
            "(a zip bomb, or a document to split); split it or raise DSI_MAX_UNPACKED_MB"
        )


STREAM = re.compile(rb"stream\r?\n")


def _check_pdf_streams(data: bytes, max_mb: float) -> None:
    """Refuse a PDF whose compressed streams would inflate past ``max_mb`` in all (a
    decompression bomb): the PDF reader inflates each stream whole, with no limit. Each
    Flate stream is inflated here at most up to what is left of the limit."""
    limit = int(max_mb * 1024 * 1024)
    view = memoryview(data)
    total = 0
    for match in STREAM.finditer(data):
        inflater = zlib.decompressobj()
        try:
            total += len(inflater.decompress(view[match.end() :], limit - total + 1))
        except zlib.error:
            continue  # not Flate-compressed (plain, JPEG, …)
        if total > limit:
            raise BadDocument(
                f"the PDF's compressed content would unpack to over {max_mb:g} MB (a "
                "decompression bomb, or a document to split); split it or raise "
                "DSI_MAX_UNPACKED_MB"
            )


def _first_heading(elements: tuple[Element, ...], text: str) -> str:
    """The first top-level heading of the structure, else a ``#`` line of the text."""
    headings = [e for e in elements if e.kind == "heading"]
    if headings:
        top = min(e.level for e in headings)
        return next(e.text for e in headings if e.level == top)
    for line in text.splitlines()[:40]:
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return ""


@dataclass(frozen=True)
class Read:
    """What a format's reader gives: plain text, page starts, structure and title."""

    text: str
    pages: tuple[tuple[int, int], ...] = ()
    elements: tuple[Element, ...] = ()
    title: str = ""


def structured(elements: tuple[Element, ...], title: str = "") -> Read:
    """A Read of structured content; its plain text is every element's text."""
    parts: list[str] = []
    for element in elements:
        if element.kind == "table":
            rows = (element.header, *element.rows)
            parts.extend(" | ".join(cell for cell in row) for row in rows if row)
        elif element.text:
            parts.append(element.text)
    return Read("\n\n".join(parts), (), elements, title)


def decode_text(data: bytes) -> str:
    """Decode UTF-8, or Danish cp1252/latin-1; refuse binary data with a text extension."""
    if b"\x00" in data[:8192]:
        raise BadDocument("binary data in a text file (NUL bytes); is the extension wrong?")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise BadDocument("binary data in a text file; is the extension wrong?")
        return text
    raise BadDocument("unknown text encoding; save the file as UTF-8")  # pragma: no cover


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    control = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return control > max(4, len(sample) // 100)


def _read_text(data: bytes) -> Read:
    text = _lines(decode_text(data))
    if looks_like_pdf_extraction(text):
        return Read(text)  # repaired by cleaning/chunking, as the shipped appendix is
    return structured(read_plain(text))


def _read_markdown(data: bytes) -> Read:
    return structured(read_markdown(_lines(decode_text(data))))


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_pdf(data: bytes) -> Read:
    _, elements, title = read_pdf(data)
    return structured(elements, title)


def _read_docx(data: bytes) -> Read:
    elements, title = read_docx(data)
    return structured(elements, title)


def _read_html(data: bytes) -> Read:
    elements, title = read_html(decode_text(data))
    return structured(elements, title)


_READERS: dict[str, Callable[[bytes], Read]] = {
    ".txt": _read_text,
    ".md": _read_markdown,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
    ".html": _read_html,
    ".htm": _read_html,
}
