"""Files -> Document. Reads txt, md, pdf (with pages), docx (with headings) and html.

Every reader returns text in one light markup: ``# heading`` lines and blank-line
paragraphs, so that chunking treats all formats alike. A file that cannot be read raises
``BadDocument`` with a reason a person can act on; the caller skips it and carries on.
Not handled: OCR of scanned PDFs, legacy .doc, and spreadsheets; nor compression bombs
inside a PDF's streams (pypdf caps each at 75 MB), only those of a DOCX's zip.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from assistant.errors import BadDocument
from assistant.types import Document

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
        if p.is_file() and p.suffix.lower() in suffixes and _inside(p, root)
    )


def links_out(root: Path) -> list[Path]:
    """Symlinks below ``root`` (to files or folders) that lead outside it."""
    return sorted(p for p in root.rglob("*") if p.is_symlink() and not _inside(p, root))


def _inside(path: Path, root: Path) -> bool:
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
    text, pages = reader(data)
    if not text.strip():
        raise BadDocument("no text could be extracted (is it a scanned PDF? run OCR first)")
    if len(text) > max_chars:
        raise BadDocument(
            f"the document holds {len(text):,} characters of text, over the {max_chars:,} "
            "limit; split it or raise DSI_MAX_FILE_CHARS"
        )
    full = {"title": _first_heading(text) or path.stem, "origin": str(path)}
    full.update(meta)
    digest = hashlib.sha256(data + json.dumps(full, sort_keys=True).encode()).hexdigest()
    return Document(doc_id=doc_id, text=text, sha256=digest, meta=full, pages=pages)


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


def _first_heading(text: str) -> str:
    for line in text.splitlines()[:40]:
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return ""


Paged = tuple[str, tuple[tuple[int, int], ...]]


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


def _read_text(data: bytes) -> Paged:
    return decode_text(data).replace("\r\n", "\n").replace("\r", "\n"), ()


def _read_pdf(data: bytes) -> Paged:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise BadDocument("the PDF is encrypted; save an unprotected copy and add that")
        texts = [page.extract_text() or "" for page in reader.pages]
    except BadDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise BadDocument(f"the PDF is corrupt or unreadable ({exc}); re-export it") from exc
    except Exception as exc:  # pypdf raises many internal types on broken files
        if "encrypt" in str(exc).lower() or "crypt" in type(exc).__name__.lower():
            raise BadDocument("the PDF is encrypted; save an unprotected copy") from exc
        raise BadDocument(f"the PDF is corrupt or unreadable ({exc}); re-export it") from exc
    return _join_pages(texts)


def _join_pages(texts: list[str]) -> Paged:
    parts: list[str] = []
    pages: list[tuple[int, int]] = []
    offset = 0
    for number, text in enumerate(texts, start=1):
        pages.append((offset, number))
        parts.append(text)
        offset += len(text) + 2
    return "\n\n".join(parts), tuple(pages)


def _read_docx(data: bytes) -> Paged:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as exc:
        raise BadDocument(f"the DOCX is corrupt ({exc}); re-save it from Word") from exc
    except Exception as exc:  # zipfile.BadZipFile and lxml errors
        raise BadDocument(f"the DOCX is corrupt ({exc}); re-save it from Word") from exc
    blocks = [_docx_paragraph(p) for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n\n".join(b for b in blocks if b.strip()), ()


def _docx_paragraph(paragraph: object) -> str:
    text: str = getattr(paragraph, "text", "")
    style = getattr(getattr(paragraph, "style", None), "name", "") or ""
    if style.startswith("Heading") and style[-1:].isdigit():
        return "#" * int(style[-1]) + " " + text.strip()
    if style == "Title":
        return "# " + text.strip()
    return text


def _read_html(data: bytes) -> Paged:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(data), "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "head"]):
        tag.decompose()
    blocks: list[str] = []
    for el in soup.find_all(["h1", "h2", "h3", "h4", "p", "li", "td", "pre"]):
        text = " ".join(el.get_text(" ").split())
        if not text:
            continue
        name = el.name or ""
        blocks.append("#" * int(name[1]) + " " + text if name[:1] == "h" else text)
    if not blocks:
        blocks = [soup.get_text("\n")]
    return "\n\n".join(blocks), ()


_READERS: dict[str, Callable[[bytes], Paged]] = {
    ".txt": _read_text,
    ".md": _read_text,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
    ".html": _read_html,
    ".htm": _read_html,
}
