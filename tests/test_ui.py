"""UI helpers that need no browser: admin mode, upload checks, the feedback log, the
language toggle's labels, the streamed answer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import pytest

from assistant import Assistant, Settings
from assistant.app.guard import FREE_FAILURES, Backoff
from assistant.app.render import chat_message, inert
from assistant.app.ui import _relabel, page
from assistant.app.ui.chat import _feedback, respond
from assistant.app.ui.knowledge import Admin, safe_name
from assistant.app.ui.labels import EXAMPLES, LABELS, TEXTS, UNCHANGED
from assistant.errors import BadQuestion
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


UI = Path(__file__).resolve().parent.parent / "assistant" / "app" / "ui"
KEPT = gr.update()  # an update that leaves a component (or a state) as it is


def test_the_chat_streams_the_answer_as_ask_stream_yields_it(assistant: Assistant) -> None:
    question = EXAMPLES["staff"]["da"]
    updates = list(respond(assistant, question, [], [], "da", lambda done: "export"))
    *streamed, final = updates
    shown = [u[0] for u in streamed if len(u[0]) == 2 and u[0][-1]["content"]]
    assert shown, "no chat update before the finished answer"
    assert all(u[4] == KEPT for u in streamed)  # the chat is kept once, when it is finished
    chat, sources, history, box, kept, download = final
    assert chat[0] == {"role": "user", "content": inert(question)}
    assert chat[-1]["content"] == chat_message(assistant.ask(question), 1, "da")
    assert kept == chat and box == "" and download == "export"
    assert [q for q, _ in history] == [question] and 'class="dsi-source"' in sources


class Streaming:
    """An assistant whose answer grows by one sentence per item, counting items taken."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.settings = Settings()
        self.taken = 0
        self.fail_after = fail_after

    def ask_stream(self, question: str, history: Any, **_: Any) -> Iterator[Answer]:
        text = ""
        for n in range(1, 4):
            if self.fail_after is not None and n > self.fail_after:
                raise BadQuestion("The question is too long.")
            self.taken = n
            text += f"- «Sætning {n}.» [1]\n"
            yield Answer(text=text, citations=(), refused=False, language="da")


def test_each_piece_is_shown_as_it_arrives() -> None:
    engine = Streaming()
    updates = respond(engine, "Hvad?", [], [], "da", lambda done: None)  # type: ignore[arg-type]
    for n in range(1, 4):
        chat = next(updates)[0]
        assert engine.taken == n  # shown before the next piece is asked for
        assert chat[-1]["content"].count("Sætning") == n
    assert next(updates)[2][0][1].text.count("Sætning") == 3


@pytest.mark.parametrize("fail_after", [0, 1])
def test_an_error_warns_and_leaves_the_chat_as_it_was(fail_after: int) -> None:
    before = [{"role": "user", "content": "Før?"}, {"role": "assistant", "content": "Svar."}]
    engine = Streaming(fail_after)
    with pytest.warns(UserWarning, match="too long"):  # gr.Warning outside a request
        updates = list(respond(engine, "Hvad?", before, [], "da", lambda done: "x"))  # type: ignore[arg-type]
    chat, _, history, box, shown, download = updates[-1]
    assert chat == shown == before and history == [] and box == "Hvad?"
    assert download == KEPT


def test_the_ui_never_sleeps() -> None:
    for source in UI.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert "time.sleep" not in text and "import sleep" not in text, source.name
