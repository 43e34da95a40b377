"""Finding 6 for portfolio data: a CSV over the file-size limit or with far more rows than
any portfolio is refused with a message, and the curated rows stay usable."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import BadDocument
from assistant.portfolio.data import COLUMNS, parse_csv, read_files

ROOT = Path(__file__).resolve().parent.parent
CURATED = ROOT / "corpus" / "portfolio.csv"


def rows(count: int) -> str:
    header = ",".join(COLUMNS)
    body = "".join(f"Projekt {i},investment,1.0,,,,,,,,\n" for i in range(count))
    return f"{header}\n{body}"


def test_a_csv_with_too_many_rows_is_refused_whole() -> None:
    assert len(parse_csv(rows(50), "ok.csv", max_rows=50).rows) == 50
    with pytest.raises(BadDocument, match="more than 50 rows"):
        parse_csv(rows(51), "big.csv", max_rows=50)


def test_a_csv_over_the_size_limit_is_refused_and_the_curated_rows_stay(tmp_path: Path) -> None:
    big = tmp_path / "uploads" / "big.csv"
    big.parent.mkdir()
    big.write_text(rows(30_000), encoding="utf-8")  # about 1 MB
    (tmp_path / "portfolio.csv").write_bytes(CURATED.read_bytes())
    merged, failed = read_files([tmp_path / "portfolio.csv", big], tmp_path, max_mb=0.5)
    assert "MB limit" in failed[str(big)]
    assert len(merged.rows) == 20 and all(r.file == "portfolio.csv" for r in merged.rows)
