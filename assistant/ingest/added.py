"""Files named from outside the corpus: each is copied into ``corpus/added/`` under a safe
name (never over a different file: ``name-2.md``) and ingested from there, so that the next
plain ingest keeps it. The report names such a file as it was named and says where it was
copied to; a copy made by a run of a file that fails to ingest is deleted again.
"""

from __future__ import annotations

import filecmp
import re
import shutil
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.config import Settings
from assistant.ingest.loaders import SUPPORTED, inside
from assistant.types import FileResult

NOT_A_FILE = "not a file; name files, or run a plain `dsi ingest` for the whole corpus"
ADDED = "added"  # corpus/added/: where a file named from outside the corpus is copied to


@dataclass(frozen=True)
class Copy:
    """A named file from outside the corpus, and its copy in ``corpus/added/``."""

    named: str  # the path as it was named
    note: str  # for the report: "copied to corpus/added/x.md"
    created: bool  # copied by this run (and deleted again if it fails)


def place(
    paths: list[Path], settings: Settings
) -> tuple[list[Path], list[FileResult], dict[str, Copy]]:
    """The named files to ingest, a failed line for each name that is not a file, and the
    copies made of files from outside the corpus (by the copy's path)."""
    corpus = settings.corpus_dir
    files: list[Path] = []
    failed: list[FileResult] = []
    copies: dict[str, Copy] = {}
    for path in paths:
        if not path.is_file():
            reason = NOT_A_FILE if path.exists() else "no such file"
            failed.append(FileResult(str(path), "failed", message=reason))
        elif inside(path, corpus) or not _worth_copying(path, settings.max_file_mb):
            files.append(path)  # in place; or one that fails anyway, with the loader's reason
        else:
            try:
                target, created = copy_in(path, corpus / ADDED)
            except OSError as exc:
                message = f"cannot copy it into {corpus / ADDED} ({exc})"
                failed.append(FileResult(str(path), "failed", message=message))
                continue
            if str(target) in copies:  # the same file named twice
                continue
            note = f"copied to {target}" if created else f"already in the corpus as {target}"
            copies[str(target)] = Copy(str(path), note, created)
            files.append(target)
    return files, failed, copies


def _worth_copying(path: Path, max_mb: float) -> bool:
    """Whether ``path`` could be ingested at all (a type we read, neither empty nor too big):
    a file that cannot is not copied into the corpus, only reported."""
    size = path.stat().st_size
    return path.suffix.lower() in (*SUPPORTED, ".csv") and 0 < size <= max_mb * 1024 * 1024


def safe_name(name: str) -> str:
    """A file name with no path parts: letters (æøå too), digits, ``-``, ``_`` and ``.``;
    any other run of characters becomes one ``_``; no leading dot; the suffix lower case."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    kept = "".join(c if c.isalpha() or c in "0123456789-_." else "_" for c in base)
    kept = re.sub(r"_{2,}", "_", kept)
    stem, dot, suffix = kept.rpartition(".")
    if not dot:
        stem, suffix = kept, ""
    stem = stem.strip("._-")[:100] or "fil"
    return f"{stem}.{suffix.lower()}" if suffix else stem


def copy_in(source: Path, folder: Path) -> tuple[Path, bool]:
    """``source`` in ``folder`` under its safe name, and whether it was copied now: a file
    already there with the same bytes is used as it is, and a different one is never
    overwritten ("-2", "-3", … is added to the name instead)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = safe_name(source.name)
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    for n in range(1, 1000):
        target = folder / (name if n == 1 else f"{stem}-{n}{dot}{suffix}")
        try:
            out = target.open("xb")
        except FileExistsError:
            same = target.is_file() and not target.is_symlink()
            if same and filecmp.cmp(source, target, shallow=False):
                return target, False
            continue
        try:
            with out, source.open("rb") as src:
                shutil.copyfileobj(src, out)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return target, True
    raise OSError(f"too many files named like {name} in {folder}")


def as_named(results: list[FileResult], copies: dict[str, Copy]) -> list[FileResult]:
    """The report's lines under the names given, saying where a file was copied to; a copy
    made by this run of a file that failed is deleted again (the corpus keeps no bad file)."""
    named: list[FileResult] = []
    for result in results:
        copy = copies.get(result.path)
        if copy is None:
            named.append(result)
            continue
        if result.status == "failed" and copy.created:
            Path(result.path).unlink(missing_ok=True)
            message = result.message
        else:
            message = "; ".join(m for m in (copy.note, result.message) if m)
        named.append(replace(result, path=copy.named, message=message))
    return named


__all__ = ["ADDED", "NOT_A_FILE", "Copy", "as_named", "copy_in", "place", "safe_name"]
