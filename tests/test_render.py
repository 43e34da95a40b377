"""What people see: escaping, clickable citations, the sources panel, exports."""

from __future__ import annotations

from assistant.app.render import (
    anchor,
    chat_message,
    conversation_markdown,
    feedback_record,
    highlight,
    sources_panel,
)
from assistant.types import Answer, Citation

CITATION = Citation(
    n=1,
    doc="d.txt",
    title="Bilag <b>1</b>",
    section="Tabel 1",
    page=3,
    text="Før. Det citerede <script>x()</script> her. Efter.",
    quote="Det citerede <script>x()</script> her.",
    chunk_id="c1",
)
ANSWER = Answer(
    text="Ifølge dokumenterne:\n\n- «Det citerede <script>x()</script> her.» [1]",
    citations=(CITATION,),
    refused=False,
    language="da",
)


def test_chat_message_escapes_markup_and_links_citations() -> None:
    message = chat_message(ANSWER, turn=2, ui="da")
    assert "<script>" not in message and "&lt;script&gt;" in message
    assert f'<a href="#{anchor(2, 1)}" class="dsi-cite">[1]</a>' in message


def test_refusal_looks_different_and_offers_closest_matches() -> None:
    refusal = Answer(
        text="The knowledge base does not answer this question.",
        citations=(),
        refused=True,
        language="en",
        closest=(CITATION,),
    )
    message = chat_message(refusal, turn=1, ui="da")
    assert message.startswith('<div class="dsi-refusal">')
    assert "does not answer this" in message  # the frame follows the answer's language
    assert "Closest passages" in message and "Bilag &lt;b&gt;1&lt;/b&gt;" in message
    assert "dsi-cite" not in message  # closest matches are never citations


def test_sources_panel_has_one_card_per_citation_with_the_quote_marked() -> None:
    panel = sources_panel([ANSWER, ANSWER], "en")
    assert panel.count('class="dsi-source"') == 2
    assert f'id="{anchor(1, 1)}"' in panel and f'id="{anchor(2, 1)}"' in panel
    assert "<mark>Det citerede &lt;script&gt;x()&lt;/script&gt; her.</mark>" in panel
    assert "page 3" in panel and "<script>" not in panel
    assert "Click a source number" in sources_panel([], "en")


def test_highlight_without_the_quote_just_escapes() -> None:
    assert highlight("a < b", "missing") == "a &lt; b"


def test_every_sentence_quoted_from_a_passage_is_marked() -> None:
    text = "En. To. Tre."
    assert highlight(text, ["To.", "En."]) == "<mark>En.</mark> <mark>To.</mark> Tre."
    answer = Answer(
        text="- «En.» [1]\n- «Tre.» [1]",
        citations=(Citation(1, "d", "t", "s", None, text, "En.", "c"),),
        refused=False,
        language="da",
    )
    assert sources_panel([answer], "da").count("<mark>") == 2


def test_conversation_markdown_and_feedback_keep_the_citations() -> None:
    text = conversation_markdown([("Hvad?", ANSWER)], "da")
    assert "## 1. Spørgsmål" in text and "[1] Bilag &lt;b&gt;1&lt;/b&gt; — Tabel 1, side 3" in text
    record = feedback_record("Hvad?", ANSWER, liked=False)
    assert record["liked"] is False and record["citations"][0]["quote"] == CITATION.quote


HOSTILE = (
    "Række ![p](http://127.0.0.1:9/x.png) og [klik](https://evil.example/a) "
    "samt https://evil.example/b, www.evil.example og [ref]: http://evil.example/c"
)


def test_markdown_from_documents_is_shown_as_text_not_fetched_or_linked() -> None:
    answer = Answer(text=f"«{HOSTILE}» [1]", citations=(CITATION,), refused=False, language="da")
    for shown in (
        chat_message(answer, turn=1, ui="da"),
        conversation_markdown([(HOSTILE, answer)], "da"),
    ):
        assert "![" not in shown and "](" not in shown and "]:" not in shown
        assert "://" not in shown and "www.evil" not in shown
    assert 'class="dsi-cite">[1]</a>' in chat_message(answer, turn=1, ui="da")


def test_the_markdown_download_escapes_html() -> None:
    exported = conversation_markdown([("<img src=x onerror=alert(1)>?", ANSWER)], "da")
    assert "<img" not in exported and "<script>" not in exported
    assert "&lt;img" in exported
