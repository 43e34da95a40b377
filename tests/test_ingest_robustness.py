"""Ingest under stress (issues 9 and 11): concurrent ingests, oversized and hostile files,
symlinks out of the corpus, broken index files, malformed ``--jsonl`` lines, a crash
inside one file's chunking or embedding, and files named from outside the corpus.

Each test builds its own small corpus and a real index in ``tmp_path`` with the real
embedder; the few passages cost seconds, not the shared corpus's minute.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from assistant import Assistant, Settings
from assistant.cli import main
from assistant.errors import BadDocument, IngestBusy
from assistant.index.store import read_manifest
from assistant.ingest import run as ingesting
from assistant.ingest.added import safe_name
from assistant.ingest.loaders import load
from assistant.ingest.lock import ingest_lock
from assistant.types import Document, IngestReport

pytestmark = pytest.mark.slow

ODENSE = (
    "# Notat om Odense\n\n"
    "DSI har undersøgt en social investering i Odense Kommune om ensomhed blandt ældre.\n"
)
AARHUS = (
    "# Notat om Aarhus\n\nDSI har vurderet en social investering i Aarhus Kommune om unge ledige.\n"
)
VEJLE = "# Notat om Vejle\n\nDSI har drøftet en social investering i Vejle Kommune om misbrug.\n"


def make(tmp_path: Path, files: dict[str, str], **overrides: object) -> Settings:
    """A corpus of ``files`` and an empty index, both in ``tmp_path``."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    index.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return Settings(corpus_dir=corpus, index_dir=index, **overrides)  # type: ignore[arg-type]


def env_for(settings: Settings) -> dict[str, str]:
    """The environment that points the CLI at ``settings``' corpus and index."""
    return {
        **os.environ,
        "DSI_CORPUS_DIR": str(settings.corpus_dir),
        "DSI_INDEX_DIR": str(settings.index_dir),
    }


def statuses(report: IngestReport) -> dict[str, tuple[str, str]]:
    """File name -> (status, message)."""
    return {Path(f.path).name: (f.status, f.message) for f in report.files}


# -- 1. two ingests at once --------------------------------------------------------------


def test_two_ingests_started_together_keep_both_documents(tmp_path: Path) -> None:
    settings = make(tmp_path, {"odense.md": ODENSE})
    Assistant.load(settings).ingest()
    (settings.corpus_dir / "aarhus.md").write_text(AARHUS, encoding="utf-8")
    (settings.corpus_dir / "vejle.md").write_text(VEJLE, encoding="utf-8")
    # Both ingests meet here after reading the manifest, unless one waits for the other.
    together = threading.Barrier(2, timeout=5)
    waiting: list[str] = []
    errors: list[BaseException] = []

    def progress(name: str, done: int, total: int) -> None:
        if "waiting" in name:
            waiting.append(name)
            return
        with contextlib.suppress(threading.BrokenBarrierError):
            together.wait()

    def ingest(name: str) -> None:
        try:
            Assistant.load(settings).ingest([settings.corpus_dir / name], progress=progress)
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=ingest, args=(n,)) for n in ("aarhus.md", "vejle.md")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    manifest = read_manifest(settings.index_dir)
    assert manifest is not None
    assert sorted(manifest.docs) == ["aarhus.md", "odense.md", "vejle.md"]
    assert waiting and "another ingest" in waiting[0]
    assistant = Assistant.load(settings)
    assert assistant.store.count() == manifest.chunk_count()
    assert not assistant.ask("Hvad har DSI vurderet i Aarhus Kommune?").refused


def test_an_ingest_that_cannot_get_the_lock_says_what_to_do(tmp_path: Path) -> None:
    settings = make(tmp_path, {"odense.md": ODENSE}, ingest_lock_wait_s=0.5)
    assistant = Assistant.load(settings)
    with ingest_lock(settings.index_dir, 0, lambda _: None):
        started = time.monotonic()
        with pytest.raises(IngestBusy, match="another ingest"):
            assistant.ingest()
        assert time.monotonic() - started < 10
    assert read_manifest(settings.index_dir) is None
    assert assistant.ingest().count("added") == 1  # free again once the first is done


def test_the_cli_says_it_waits_and_then_what_to_do(tmp_path: Path) -> None:
    settings = make(tmp_path, {"odense.md": ODENSE})
    env = {**env_for(settings), "DSI_INGEST_LOCK_WAIT_S": "0.5"}
    with ingest_lock(settings.index_dir, 0, lambda _: None):
        result = CliRunner().invoke(main, ["ingest"], env=env)
    assert result.exit_code == 1
    assert "another ingest is running" in result.stderr and "waiting" in result.stderr
    assert "Error: another ingest is still running" in result.stderr
    assert "DSI_INGEST_LOCK_WAIT_S" in result.stderr


# -- 2. size limits and batches ----------------------------------------------------------


def _docx_bomb(path: Path, unpacked_mb: int) -> None:
    """A real DOCX whose document.xml holds one paragraph of ``unpacked_mb`` MB of 'A'."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                head, _, tail = data.decode().partition("<w:sectPr")
                body = "<w:p><w:r><w:t>" + "A" * (unpacked_mb * 1_000_000) + "</w:t></w:r></w:p>"
                data = (head + body + "<w:sectPr" + tail).encode()
            dst.writestr(item.filename, data)


def test_docx_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    _docx_bomb(path, 60)
    assert path.stat().st_size < 1_000_000
    started = time.monotonic()
    with pytest.raises(BadDocument, match="unpack"):
        load(path, "bomb.docx", {}, 25)
    assert time.monotonic() - started < 2


def test_oversized_files_are_refused_and_the_rest_ingests(tmp_path: Path) -> None:
    settings = make(tmp_path, {"odense.md": ODENSE}, max_file_chars=20_000)
    _docx_bomb(settings.corpus_dir / "bomb.docx", 60)
    sentence = "DSI gentager den samme sætning om sociale investeringer igen og igen. "
    (settings.corpus_dir / "lang.txt").write_text(sentence * 400, encoding="utf-8")  # 28,000
    report = Assistant.load(settings).ingest()
    found = statuses(report)
    assert found["odense.md"][0] == "added"
    assert found["bomb.docx"][0] == "failed" and "DSI_MAX_UNPACKED_MB" in found["bomb.docx"][1]
    assert found["lang.txt"][0] == "failed" and "DSI_MAX_FILE_CHARS" in found["lang.txt"][1]
    manifest = read_manifest(settings.index_dir)
    assert manifest is not None and list(manifest.docs) == ["odense.md"]


class _Killed(BaseException):
    """Stands for a kill in the middle of embedding (like a kill, no ``except Exception``
    catches it: a file's error handling must not turn it into one failed file)."""


class _DiesAfter:
    """An embedder that embeds ``budget`` texts, then dies like a killed process."""

    def __init__(self, inner: object, budget: int) -> None:
        self.inner, self.budget = inner, budget
        self.name, self.dim = inner.name, inner.dim  # type: ignore[attr-defined]

    def query(self, text: str) -> np.ndarray:
        return self.inner.query(text)  # type: ignore[attr-defined,no-any-return]

    def passages(self, texts: list[str]) -> np.ndarray:
        if self.budget < len(texts):
            raise _Killed
        self.budget -= len(texts)
        return self.inner.passages(texts)  # type: ignore[attr-defined,no-any-return]


def _cached_vectors(index_dir: Path) -> int:
    with sqlite3.connect(index_dir / "embeddings.sqlite") as db:
        return int(db.execute("SELECT count(*) FROM vectors").fetchone()[0])


def test_a_killed_ingest_keeps_the_embedded_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingesting, "EMBED_BATCH", 2)
    paragraphs = [  # one chunk each: eight passages, then sixteen sentences
        f"DSI vurderer en social investering nummer {i} om beskæftigelse, trivsel og "
        f"uddannelse blandt unge i kommune nummer {i}. Den samlede gevinst deles mellem parterne."
        for i in range(8)
    ]
    text = "# Stor\n\n" + "\n\n".join(paragraphs)
    settings = make(tmp_path, {"stor.md": text}, chunk_chars=200)
    assistant = Assistant.load(settings)
    assistant.embedder.inner = _DiesAfter(assistant.embedder.inner, 5)
    with pytest.raises(_Killed):
        assistant.ingest()
    assert _cached_vectors(settings.index_dir) == 4  # two whole batches of two
    assert read_manifest(settings.index_dir) is None  # nothing committed

    again = Assistant.load(settings).ingest()
    assert again.count("added") == 1
    assert again.embedded == _cached_vectors(settings.index_dir) - 4  # only what was lost


# -- 3. symlinks out of the corpus -------------------------------------------------------


def test_symlinks_out_of_the_corpus_are_skipped_with_a_report_line(tmp_path: Path) -> None:
    settings = make(tmp_path, {"odense.md": ODENSE})
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "secret.md").write_text(AARHUS, encoding="utf-8")
    (settings.corpus_dir / "secret.md").symlink_to(outside / "secret.md")
    (settings.corpus_dir / "secrets").symlink_to(outside, target_is_directory=True)
    (settings.corpus_dir / "alias.md").symlink_to(settings.corpus_dir / "odense.md")
    report = Assistant.load(settings).ingest()
    found = statuses(report)
    for name in ("secret.md", "secrets"):
        assert found[name] == ("skipped", "symlink to outside the corpus; skipped")
    assert found["alias.md"][0] == "added"  # a link inside the corpus reads its target
    manifest = read_manifest(settings.index_dir)
    assert manifest is not None and list(manifest.docs) == ["odense.md"]


# -- 4. broken indexes -------------------------------------------------------------------


def _ask(settings: Settings, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["ask", *args], env=env_for(settings))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "manifest",
    ["{not json", "[]", '{"embedder": "x", "dim": 384, "docs": []}', "\xff\xfe", ""],
)
def test_a_corrupt_manifest_gives_one_line_naming_the_rebuild(
    tmp_path: Path, manifest: str
) -> None:
    settings = make(tmp_path, {"odense.md": ODENSE})
    (settings.index_dir / "manifest.json").write_text(manifest, encoding="latin-1")
    code, output = _ask(settings, "Hvad har DSI undersøgt i Odense?")
    assert code == 1, output
    assert output.startswith("Error: ") and "dsi ingest --rebuild" in output
    assert len(output.strip().splitlines()) == 1 and "Traceback" not in output


def test_a_corrupt_embedding_cache_gives_one_line_naming_the_rebuild(tmp_path: Path) -> None:
    settings = make(tmp_path, {"odense.md": ODENSE})
    (settings.index_dir / "embeddings.sqlite").write_bytes(b"not a database" * 100)
    code, output = _ask(settings, "Hvad har DSI undersøgt i Odense?")
    assert code == 1 and output.startswith("Error: ") and "dsi ingest --rebuild" in output
    assert len(output.strip().splitlines()) == 1


def test_a_missing_keyword_snapshot_names_the_fix_and_ingest_rebuilds_it(tmp_path: Path) -> None:
    settings = make(tmp_path, {"odense.md": ODENSE})
    Assistant.load(settings).ingest()
    manifest = read_manifest(settings.index_dir)
    assert manifest is not None and manifest.bm25_dir
    shutil.rmtree(settings.index_dir / manifest.bm25_dir)

    code, output = _ask(settings, "Hvad har DSI undersøgt i Odense Kommune?")
    assert code == 1 and "dsi ingest" in output and len(output.strip().splitlines()) == 1

    report = Assistant.load(settings).ingest()
    assert report.count("unchanged") == 1 and report.embedded == 0
    after = read_manifest(settings.index_dir)
    assert after is not None and (settings.index_dir / after.bm25_dir).is_dir()
    assert not Assistant.load(settings).ask("Hvad har DSI undersøgt i Odense Kommune?").refused


def test_rebuild_keeps_the_embedding_cache(tmp_path: Path) -> None:
    settings = make(tmp_path, {"odense.md": ODENSE, "aarhus.md": AARHUS})
    command = [sys.executable, "-m", "assistant", "ingest"]
    first = subprocess.run(command, env=env_for(settings), capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    rebuilt = subprocess.run(
        [*command, "--rebuild"], env=env_for(settings), capture_output=True, text=True
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "2 added" in rebuilt.stdout and "embedded 0 passages" in rebuilt.stdout, rebuilt.stdout


# -- 5. malformed --jsonl lines ----------------------------------------------------------


def test_malformed_jsonl_lines_get_an_error_each_and_the_batch_goes_on(tmp_path: Path) -> None:
    settings = make(tmp_path, {"odense.md": ODENSE})
    Assistant.load(settings).ingest()
    good = json.dumps({"question": "Hvad har DSI undersøgt i Odense Kommune?"}).encode()
    bad = [
        b"not json",
        b"[1, 2]",
        b'{"question": 5}',
        b'{"history": []}',
        b'{"question": "Hvad med Odense?", "history": "hej"}',
        b'{"question": "Hvad med Odense?", "history": ["hej"]}',
        b'{"question": "Hvad med Odense?", "history": [{"role": "user", "content": 7}]}',
        b'{"question": "Hvad med Odense?", "history": [{"role": "user"}]}',
        b'{"question": "Hvad med \xff\xfe Odense?"}',
        b'"just a string"',
        b"[" * 100_000,
    ]
    path = tmp_path / "questions.jsonl"
    path.write_bytes(b"\n".join([good, *bad, good]) + b"\n")
    result = CliRunner().invoke(main, ["ask", "--jsonl", str(path)], env=env_for(settings))
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(bad) + 2
    for number, item in enumerate(out[1:-1], start=2):
        assert item["refused"] and item["error"].startswith(f"line {number}: "), item
    for item in (out[0], out[-1]):
        assert "error" not in item and not item["refused"] and "Odense" in item["answer"]


# -- 6. a crash inside one file ----------------------------------------------------------

ROSKILDE = (
    "# Notat om Roskilde\n\n"
    "DSI har undersøgt en social investering i Roskilde Kommune om udsatte familier.\n"
)


def _chunker_that_fails_on(*names: str) -> object:
    """``chunk_document``, raising IndexError (as a table parser might) for ``names``."""
    real = ingesting.chunk_document

    def chunk(doc: Document, chunk_chars: int = 700) -> object:
        if doc.doc_id in names:
            raise IndexError("list index out of range")
        return real(doc, chunk_chars)

    return chunk


class _FailsOn:
    """An embedder that raises for any batch holding ``word`` and embeds the rest."""

    def __init__(self, inner: object, word: str) -> None:
        self.inner, self.word = inner, word
        self.name, self.dim = inner.name, inner.dim  # type: ignore[attr-defined]

    def query(self, text: str) -> np.ndarray:
        return self.inner.query(text)  # type: ignore[attr-defined,no-any-return]

    def passages(self, texts: list[str]) -> np.ndarray:
        if any(self.word in t for t in texts):
            raise ValueError(f"cannot embed {self.word}")
        return self.inner.passages(texts)  # type: ignore[attr-defined,no-any-return]


def test_a_chunker_crash_fails_that_file_only_and_keeps_its_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = make(tmp_path, {"odense.md": ODENSE, "aarhus.md": AARHUS})
    Assistant.load(settings).ingest()
    before = read_manifest(settings.index_dir)
    assert before is not None
    (settings.corpus_dir / "aarhus.md").write_text(  # an update that will crash the chunker
        AARHUS.replace("unge ledige", "langtidsledige"), encoding="utf-8"
    )
    (settings.corpus_dir / "vejle.md").write_text(VEJLE, encoding="utf-8")  # new, crashes too
    (settings.corpus_dir / "roskilde.md").write_text(ROSKILDE, encoding="utf-8")
    monkeypatch.setattr(
        ingesting, "chunk_document", _chunker_that_fails_on("aarhus.md", "vejle.md")
    )

    report = Assistant.load(settings).ingest()
    found = statuses(report)
    reason = "chunking failed (IndexError: list index out of range); please report this file"
    assert found["aarhus.md"] == ("failed", reason)
    assert found["vejle.md"] == ("failed", reason)
    assert found["odense.md"][0] == "unchanged" and found["roskilde.md"][0] == "added"
    assert report.count("removed") == 0
    manifest = read_manifest(settings.index_dir)
    assert manifest is not None and manifest.generation == before.generation + 1
    assert sorted(manifest.docs) == ["aarhus.md", "odense.md", "roskilde.md"]
    assert manifest.docs["aarhus.md"] == before.docs["aarhus.md"]  # the old version is kept

    assistant = Assistant.load(settings)
    assert assistant.store.count() == manifest.chunk_count()
    roskilde = assistant.ask("Hvad har DSI undersøgt i Roskilde Kommune?")
    assert not roskilde.refused and roskilde.citations[0].doc == "roskilde.md"
    aarhus = assistant.ask("Hvad har DSI vurderet i Aarhus Kommune?")
    assert not aarhus.refused and aarhus.citations[0].doc == "aarhus.md"
    assert "unge ledige" in aarhus.citations[0].text

    monkeypatch.undo()  # the chunker fixed: the next plain ingest takes both files in
    again = statuses(Assistant.load(settings).ingest())
    assert again["aarhus.md"][0] == "updated" and again["vejle.md"][0] == "added"


def test_an_embedding_crash_fails_that_file_only(tmp_path: Path) -> None:
    settings = make(tmp_path, {"odense.md": ODENSE, "vejle.md": VEJLE})
    assistant = Assistant.load(settings)
    assistant.embedder.inner = _FailsOn(assistant.embedder.inner, "Vejle")
    found = statuses(assistant.ingest())
    assert found["odense.md"][0] == "added"
    assert found["vejle.md"] == (
        "failed",
        "embedding failed (ValueError: cannot embed Vejle); please report this file",
    )
    manifest = read_manifest(settings.index_dir)
    assert manifest is not None and list(manifest.docs) == ["odense.md"]
    assert not Assistant.load(settings).ask("Hvad har DSI undersøgt i Odense Kommune?").refused


# -- 7. files named from outside the corpus ----------------------------------------------


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Notat om Vejle (udkast).md", "Notat_om_Vejle_udkast.md"),
        ("../../etc/Årsrapport 2023.PDF", "Årsrapport_2023.pdf"),
        ("..\\..\\æøå ÆØÅ.docx", "æøå_ÆØÅ.docx"),
        (".skjult.md", "skjult.md"),
        ("a;rm -rf *.txt", "a_rm_-rf.txt"),
        ("..", "fil"),
    ],
)
def test_a_copied_file_gets_a_safe_name(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_a_file_from_outside_is_copied_into_the_corpus_and_kept(tmp_path: Path) -> None:
    settings = make(tmp_path, {"odense.md": ODENSE}, max_file_chars=20_000)
    Assistant.load(settings).ingest()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    vejle = outside / "Notat om Vejle (udkast).md"
    vejle.write_text(VEJLE, encoding="utf-8")
    too_long = outside / "lang.md"  # copied, fails to load, and the copy is deleted again
    too_long.write_text("DSI gentager den samme sætning om investeringer. " * 500, "utf-8")
    added = settings.corpus_dir / "added"

    report = Assistant.load(settings).ingest([vejle, too_long])
    copy = added / "Notat_om_Vejle_udkast.md"
    assert [(f.path, f.status, f.message) for f in report.files] == [
        (str(vejle), "added", f"copied to {copy}"),
        (str(too_long), "failed", report.files[1].message),
    ]
    assert "DSI_MAX_FILE_CHARS" in report.files[1].message
    assert copy.read_bytes() == vejle.read_bytes()
    assert sorted(p.name for p in added.iterdir()) == [copy.name]

    vejle.unlink()  # the original may go: the corpus holds the copy
    again = Assistant.load(settings).ingest()
    assert again.count("removed") == 0
    manifest = read_manifest(settings.index_dir)
    assert manifest is not None
    assert sorted(manifest.docs) == ["added/Notat_om_Vejle_udkast.md", "odense.md"]
    answer = Assistant.load(settings).ask("Hvad har DSI drøftet i Vejle Kommune?")
    assert not answer.refused and answer.citations[0].doc == "added/Notat_om_Vejle_udkast.md"


def test_a_copy_never_overwrites_a_different_file(tmp_path: Path) -> None:
    settings = make(tmp_path, {"odense.md": ODENSE})
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "notat.md").write_text(VEJLE, encoding="utf-8")
    (second / "notat.md").write_text(AARHUS, encoding="utf-8")
    inside = settings.corpus_dir / "odense.md"
    assistant = Assistant.load(settings)

    report = assistant.ingest([first / "notat.md", second / "notat.md", inside])
    added = settings.corpus_dir / "added"
    assert [(f.status, f.message) for f in report.files] == [
        ("added", f"copied to {added / 'notat.md'}"),
        ("added", f"copied to {added / 'notat-2.md'}"),
        ("added", ""),  # a file in the corpus is ingested in place
    ]
    assert (added / "notat.md").read_text(encoding="utf-8") == VEJLE
    assert (added / "notat-2.md").read_text(encoding="utf-8") == AARHUS

    again = assistant.ingest([second / "notat.md"])  # the same bytes: no third copy
    assert [(f.status, f.message) for f in again.files] == [
        ("unchanged", f"already in the corpus as {added / 'notat-2.md'}")
    ]
    assert sorted(p.name for p in added.iterdir()) == ["notat-2.md", "notat.md"]
