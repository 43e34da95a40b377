"""The portfolio as data: ``corpus/*.csv`` -> typed rows, validated, snapshotted at ingest.

Schema (one row per investment, partnership or pipeline entry; UTF-8, comma-separated):

| column | meaning |
|---|---|
| name | the row's name as the source table gives it (required) |
| kind | ``investment``, ``development partnership``, ``advisory partnership`` or ``pipeline`` |
| total_mio_dkk | total sum in mio. kr. ("23.2" or "23,2"); empty when the source gives none |
| dsi_share_mio_dkk | DSI's share in mio. kr., only where the source states it; else empty |
| areas | investment areas, separated by ";" |
| purpose | the purpose as written |
| partners | partners, separated by ";" |
| municipalities | municipality names without "Kommune", separated by ";" |
| source_doc, source_table, source_row | where the row stands in the corpus |

A malformed row (no name, a sum that is not a number, an unknown kind) is reported with
its line number and left out; the other rows stay usable. ``dsi ingest`` validates the
files and writes ``index/portfolio.json``, which the assistant reads.

A row is in the portfolio once: a later row with the same name and kind is reported and
left out, never summed. Curated files (anywhere but ``uploads/``) are read first, so an
uploaded file can add rows but never override a curated one. Whether a row stands in its
source document is checked when the index is opened (``portfolio.answer.verify``), not
here, and is never read from the snapshot.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from assistant.errors import BadDocument
from assistant.ingest import loaders
from assistant.ingest.loaders import decode_text
from assistant.lang import pack

KINDS = ("investment", "development partnership", "advisory partnership", "pipeline")
COLUMNS = (
    "name",
    "kind",
    "total_mio_dkk",
    "dsi_share_mio_dkk",
    "areas",
    "purpose",
    "partners",
    "municipalities",
    "source_doc",
    "source_table",
    "source_row",
)
REQUIRED = ("name", "kind", "total_mio_dkk")
# A fund's investment overview lists dozens of rows, hundreds at most. Far past that a file
# is no portfolio but a mistake or an attack: a 37 MB CSV took 3.5 GB to ingest and put
# 64 MB into every page load. Such a file is refused whole, with a message, never cut.
MAX_ROWS = 5000
SNAPSHOT = "portfolio.json"
UPLOADS = "uploads"  # the admin upload's folder in the corpus: data nobody curated
# Danish labels, as the source tables word them.
KIND_LABEL_DA = {
    "investment": "Investeringspartnerskab",
    "development partnership": "Udviklingspartnerskab",
    "advisory partnership": "Rådgivningspartnerskab",
    "pipeline": "Pipeline",
}


@dataclass(frozen=True)
class PortfolioRow:
    """One investment, partnership or pipeline entry."""

    name: str
    kind: str
    total: Decimal | None  # mio. kr.
    share: Decimal | None  # DSI's share in mio. kr.; None when the source does not state it
    areas: tuple[str, ...]
    purpose: str
    partners: tuple[str, ...]
    municipalities: tuple[str, ...]
    source_doc: str
    source_table: str
    source_row: int | None
    file: str  # the CSV file the row came from
    line: int  # its line number there
    # Set when the index is opened; not part of the row's identity, so a row finds its
    # table-row passage (a dict keyed by rows) whether it was checked or not.
    verified: bool = field(default=False, compare=False)
    # When the row's figures were stated: its document's date (issue 13), and how that was
    # found ("metadata", "title", "caption", "file"); set when the index is opened.
    as_of: str = field(default="", compare=False)
    dated_by: str = field(default="", compare=False)
    current: bool = field(default=True, compare=False)  # False: superseded by a newer document

    def text(self) -> str:
        """The row as one Danish passage, the text its citations show."""
        where = f"{self.source_table}, række {self.source_row}" if self.source_table else ""
        parts = [f"{KIND_LABEL_DA[self.kind]}: {self.name}."]
        if self.total is not None:
            share = f" (DSI’s andel: {danish(self.share)} mio. kr.)." if self.share else ""
            parts.append(f"Investeringssum: {danish(self.total)} mio. kr.{share}")
        if self.areas:
            parts.append(f"Investeringsområde: {', '.join(self.areas)}.")
        if self.purpose:
            parts.append(f"Formål: {self.purpose.rstrip('.')}.")
        if self.partners:
            parts.append(f"Partnerskab: {', '.join(self.partners)}.")
        if where:
            parts.append(f"Kilde: {self.source_doc}, {where}.")
        if not self.verified:
            parts.append(unverified_mark("da"))
        return " ".join(parts)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (numbers as floats) for the API and the UI."""
        data = asdict(self)
        data["total"] = float(self.total) if self.total is not None else None
        data["share"] = float(self.share) if self.share is not None else None
        return data


@dataclass(frozen=True)
class RowError:
    """A row that was left out, and why."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}: {self.message}"


@dataclass(frozen=True)
class Portfolio:
    """The valid rows of every portfolio file, and the rows left out."""

    rows: tuple[PortfolioRow, ...] = ()
    errors: tuple[RowError, ...] = ()
    # Older figures of the same investments, superseded by a newer document's (issue 13).
    history: tuple[PortfolioRow, ...] = ()


def unverified_mark(language: str) -> str:
    """``'(unverified: not found in an indexed source document)'``, in ``language``."""
    texts = pack(language).portfolio
    return f"({texts['unverified']}: {texts['unverified_why']})"


def is_upload(file: str) -> bool:
    """Whether a portfolio file (its corpus-relative name) came through the admin upload."""
    return file.startswith(f"{UPLOADS}/")


def danish(value: Decimal | None) -> str:
    """``Decimal('23.2')`` -> ``'23,2'`` (at least one decimal, as the source writes sums)."""
    return english(value).replace(".", ",")


def english(value: Decimal | None) -> str:
    """``Decimal('23.2')`` -> ``'23.2'``; whole numbers keep one decimal (``'1.0'``)."""
    if value is None:
        return ""
    places = max(1, -int(value.normalize().as_tuple().exponent))
    return f"{value:.{min(places, 2)}f}"


def parse_amount(raw: str) -> Decimal | None:
    """'23,2', '23.2' or '23,2 mio. kr.' -> Decimal; '' -> None; else ValueError."""
    text = re.sub(r"\s*(mio\.?\s*kr\.?|mio\.?)\s*$", "", raw.strip(), flags=re.I)
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(f"{raw.strip()!r} is not a number (write e.g. 23,2 or 23.2)") from exc
    if not value.is_finite() or value < 0:
        raise ValueError(f"{raw.strip()!r} is not a positive number")
    return value


def _split(raw: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in raw.split(";") if p.strip())


def parse_csv(text: str, file: str, max_rows: int = MAX_ROWS) -> Portfolio:
    """Parse one portfolio file. A bad header or too many rows is fatal (BadDocument); a
    bad row is not."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise BadDocument(
            f"{file}: the header lacks {', '.join(missing)}; the columns are: {','.join(COLUMNS)}"
        )
    rows: list[PortfolioRow] = []
    errors: list[RowError] = []
    for record in reader:
        line = reader.line_num
        if not any((v or "").strip() for k, v in record.items() if k is not None):
            continue  # a blank line
        if len(rows) + len(errors) >= max_rows:
            raise BadDocument(
                f"{file}: more than {max_rows:,} rows; a portfolio file holds one row per "
                "investment: split the file or remove rows that are not investments"
            )
        try:
            rows.append(_row(record, file, line))
        except ValueError as exc:
            errors.append(RowError(file, line, str(exc)))
    return merge([Portfolio(tuple(rows), tuple(errors))])


def merge(parts: list[Portfolio]) -> Portfolio:
    """One portfolio; a row with the name and kind of an earlier one is reported and left
    out, so that a repeated or re-uploaded row is never summed twice."""
    first: dict[tuple[str, str], PortfolioRow] = {}
    rows: list[PortfolioRow] = []
    errors: list[RowError] = []
    for part in parts:
        errors.extend(part.errors)
        for row in part.rows:
            seen = first.setdefault(_key(row), row)
            if seen is row:
                rows.append(row)
            else:
                errors.append(RowError(row.file, row.line, _clash(row, seen)))
    return Portfolio(tuple(rows), tuple(errors))


def _key(row: PortfolioRow) -> tuple[str, str]:
    return " ".join(row.name.casefold().split()).rstrip("."), row.kind


def _clash(row: PortfolioRow, seen: PortfolioRow) -> str:
    if is_upload(row.file) and not is_upload(seen.file):
        return (
            f"conflicts with {seen.file} line {seen.line} (same name and kind); left out, "
            f"as an upload never overrides the curated data: to change that row, edit "
            f"{seen.file} and run dsi ingest"
        )
    return f"duplicate of {seen.file} line {seen.line}; left out"


def _row(record: dict[str | None, str | None], file: str, line: int) -> PortfolioRow:
    if record.get(None):
        raise ValueError("more fields than the header has columns (quote text with commas)")
    get = {k: (v or "").strip() for k, v in record.items() if k is not None}
    if not get.get("name"):
        raise ValueError("the name is missing")
    kind = get.get("kind", "").lower()
    if kind not in KINDS:
        raise ValueError(f"unknown kind {get.get('kind', '')!r}; use one of {', '.join(KINDS)}")
    total = parse_amount(get.get("total_mio_dkk", ""))
    share = parse_amount(get.get("dsi_share_mio_dkk", ""))
    if share is not None and total is not None and share > total:
        raise ValueError(f"DSI's share {share} is larger than the total {total}")
    source_row = get.get("source_row", "")
    if source_row and not source_row.isdigit():
        raise ValueError(f"source_row {source_row!r} is not a row number")
    return PortfolioRow(
        name=get["name"],
        kind=kind,
        total=total,
        share=share,
        areas=_split(get.get("areas", "")),
        purpose=get.get("purpose", ""),
        partners=_split(get.get("partners", "")),
        municipalities=_split(get.get("municipalities", "")),
        source_doc=get.get("source_doc", ""),
        source_table=get.get("source_table", ""),
        source_row=int(source_row) if source_row else None,
        file=file,
        line=line,
    )


def read_files(
    paths: list[Path], root: Path, max_mb: float = 25.0, max_rows: int = MAX_ROWS
) -> tuple[Portfolio, dict[str, str]]:
    """Parse every portfolio file, curated ones before uploads; returns the merged
    portfolio (each row once) and file-level errors (also a file over ``max_mb``)."""
    named = sorted(((loaders.doc_id_for(p, root), p) for p in paths), key=lambda f: is_upload(f[0]))
    parts: list[Portfolio] = []
    failed: dict[str, str] = {}
    for name, path in named:
        try:
            text = decode_text(loaders.read_bytes(path, max_mb))
            parts.append(parse_csv(text, name, max_rows))
        except BadDocument as exc:
            failed[str(path)] = str(exc)
        except OSError as exc:
            failed[str(path)] = f"cannot read the file ({exc})"
    return merge(parts), failed


def discover(root: Path) -> list[Path]:
    """The portfolio files below ``root``."""
    return loaders.discover(root, (".csv",))


def save(portfolio: Portfolio, index_dir: Path) -> None:
    """Write the snapshot atomically (readers never see half a file)."""
    data = {
        "rows": [_encode(r) for r in portfolio.rows],
        "errors": [asdict(e) for e in portfolio.errors],
    }
    index_dir.mkdir(parents=True, exist_ok=True)
    tmp = index_dir / f".{SNAPSHOT}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, index_dir / SNAPSHOT)


def load(index_dir: Path) -> Portfolio:
    """The snapshot written by the last ingest; empty when there is none."""
    path = index_dir / SNAPSHOT
    if not path.exists():
        return Portfolio()
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = tuple(_decode(r) for r in data.get("rows", []))
    errors = tuple(RowError(**e) for e in data.get("errors", []))
    return Portfolio(rows, errors)


def _encode(row: PortfolioRow) -> dict[str, object]:
    data = asdict(row)
    data["total"] = str(row.total) if row.total is not None else None
    data["share"] = str(row.share) if row.share is not None else None
    del data["verified"]  # checked against the documents on every load, never stored
    del data["as_of"], data["dated_by"], data["current"]  # dated on every load
    return data


def _decode(data: dict[str, object]) -> PortfolioRow:
    fields = dict(data)
    for key in ("verified", "as_of", "dated_by", "current"):
        fields.pop(key, None)  # a snapshot cannot vouch for a row, nor date it
    for key in ("total", "share"):
        value = fields[key]
        fields[key] = Decimal(str(value)) if value is not None else None
    for key in ("areas", "partners", "municipalities"):
        fields[key] = tuple(fields[key])  # type: ignore[arg-type]
    return PortfolioRow(**fields)  # type: ignore[arg-type]
