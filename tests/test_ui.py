"""UI helpers that need no browser: admin mode, upload checks, the feedback log, the
language toggle's labels."""

from __future__ import annotations

import json
from pathlib import Path

import gradio as gr
import pytest

from assistant import Assistant, Settings
from assistant.app.guard import FREE_FAILURES, Backoff
from assistant.app.ui import _relabel, page
from assistant.app.ui.chat import _feedback
from assistant.app.ui.knowledge import Admin, safe_name
from assistant.app.ui.labels import LABELS, TEXTS, UNCHANGED
from assistant.types import Answer, Citation


def settings(tmp_path: Path, password: str = "") -> Settings:
    return Settings(
        corpus_dir=tmp_path / "corpus",
        index_dir=tmp_path / "index",
        admin_password=password,
        max_file_mb=1,
        feedback_path=tmp_path / "fb" / "feedback.jsonl",
    )


def test_without_an_admin_password_the_tab_is_read_only(tmp_path: Path) -> None:
    admin = Admin(None, settings(tmp_path), Backoff())  # type: ignore[arg-type]
    assert not admin.enabled
    with pytest.raises(gr.Error, match="DSI_ADMIN_PASSWORD"):
        admin.check("anything", "10.0.0.1")


def test_the_admin_password_is_checked(tmp_path: Path) -> None:
    admin = Admin(None, settings(tmp_path, "hemmelig-æøå"), Backoff())  # type: ignore[arg-type]
    with pytest.raises(gr.Error, match="Wrong"):
        admin.check("guess", "10.0.0.1")
    admin.check("hemmelig-æøå", "10.0.0.1")  # Danish letters (finding 8)


def test_wrong_admin_passwords_back_off_per_client(tmp_path: Path) -> None:
    admin = Admin(None, settings(tmp_path, "s3cret"), Backoff())  # type: ignore[arg-type]
    for _ in range(FREE_FAILURES + 1):
        with pytest.raises(gr.Error, match="Wrong"):
            admin.check("guess", "10.0.0.1")
    with pytest.raises(gr.Error, match="Too many"):
        admin.check("s3cret", "10.0.0.1")
    admin.check("s3cret", "10.0.0.2")


def test_uploads_are_checked_for_type_and_size(tmp_path: Path) -> None:
    admin = Admin(None, settings(tmp_path, "x"), Backoff())  # type: ignore[arg-type]
    ok = tmp_path / "notat.md"
    ok.write_text("# Notat\n\nTekst.\n", encoding="utf-8")
    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ")
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (2 * 1024 * 1024))
    kept, refused = admin.accept([str(ok), str(exe), str(big)])
    assert [p.name for p in kept] == ["notat.md"]
    assert (tmp_path / "corpus" / "uploads" / "notat.md").stat().st_mode & 0o777 == 0o600
    reasons = {row[0]: row[3] for row in refused}
    assert "not accepted" in reasons["tool.exe"] and "1 MB" in reasons["big.txt"]


def test_safe_name_drops_paths_and_odd_characters() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("rapport <2021>.pdf") == "rapport _2021_.pdf"


def test_feedback_is_stored_as_json_lines(tmp_path: Path) -> None:
    config = settings(tmp_path)
    cite = Citation(1, "d.txt", "Titel", "Bilag 1", None, "Tekst.", "Tekst.", "c1")
    answer = Answer(text="- «Tekst.» [1]", citations=(cite,), refused=False, language="da")
    history = [("Hvad?", answer)]
    like = gr.LikeData(None, {"index": 1, "value": answer.text, "liked": True})
    _feedback(config, like, history, "da")
    _feedback(config, gr.LikeData(None, {"index": 1, "value": "", "liked": False}), history, "en")
    records = [json.loads(line) for line in config.feedback_path.read_text().splitlines()]
    assert [r["liked"] for r in records] == [True, False]
    assert config.feedback_path.stat().st_mode & 0o777 == 0o600
    assert records[0]["question"] == "Hvad?" and records[0]["citations"][0]["doc"] == "d.txt"


def test_both_languages_have_the_same_labels() -> None:
    assert set(LABELS["da"]) == set(LABELS["en"])
    assert all(text.strip() for table in LABELS.values() for text in table.values())


@pytest.mark.parametrize("password", ["", "s3cret"])
def test_the_toggle_relabels_every_part_by_name(assistant: Assistant, password: str) -> None:
    config = assistant.settings.model_copy(update={"admin_password": password})
    app, parts, ui = page(assistant, config)
    # every component on the page is registered by name (states hold data, not text)
    components = [
        block
        for block in app.blocks.values()
        if isinstance(block, gr.components.Component) and not isinstance(block, gr.State)
    ]
    registered = {id(part) for part in parts.values()}
    assert components and all(id(c) in registered for c in components)
    assert ("upload" in parts) == bool(password)  # read-only: no upload controls at all
    labelled = {name for name in parts if name not in UNCHANGED}
    assert labelled <= set(LABELS["da"]) - TEXTS  # each labelled part has its label
    for lang in ("da", "en"):
        updates = _relabel(lang, assistant, parts, ui)
        assert updates.pop(ui) == lang
        assert set(updates) == {parts[name] for name in labelled}  # keyed by component
    table = _relabel("en", assistant, parts, ui)[parts["table"]]
    assert table["label"] == LABELS["en"]["table"]
