"""The pipeline's seams: a question understood once, answers streamed as they are found,
another answerer plugged in without touching the pipeline, and complete language packs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise

import pytest

from assistant import Assistant
from assistant.lang import PACKS, detect, pack
from assistant.pipeline import _about_first
from assistant.query import Query, understand
from assistant.types import Answer, Chunk, Hit

pytestmark = pytest.mark.slow


def test_a_document_answer_streams_one_quote_at_a_time(assistant: Assistant) -> None:
    question = "Hvordan fungerer en resultatbaseret betalingsmodel?"
    parts = list(assistant.ask_stream(question))
    final = assistant.ask(question)
    assert len(parts) >= 2, "a several-quote answer arrives in several steps"
    assert parts[-1].text == final.text and parts[-1].citations == final.citations
    for before, after in pairwise(parts):
        assert after.text.startswith(before.text)  # each step adds to the last
        assert after.citations[: len(before.citations)] == before.citations
    for part in parts:  # every step is a whole answer: each [n] it shows is cited
        shown = {c.n for c in part.citations}
        assert all(f"[{n}]" in part.text for n in shown)


def test_the_query_is_understood_once_with_its_follow_up(assistant: Assistant) -> None:
    keyword = assistant.library.current().keyword
    history = [
        {"role": "user", "content": "What does DSI do about youth homelessness in Aarhus?"},
        {"role": "assistant", "content": "…"},
    ]
    query = understand("Who are the partners?", history, keyword)
    assert query.previous == history[0]["content"]
    assert query.condensed.endswith("Who are the partners?")
    assert query.language == "en"
    assert query.terms and all(weight > 0 for _, weight in query.terms)
    lone = understand("Hvor mange investeringer har DSI foretaget i Gotham City?", None, keyword)
    assert lone.previous == "" and lone.wants == "count" and lone.language == "da"
    assert "Gotham" in lone.unknown


class Echo:
    """Another answerer (as an LLM answerer would be): answers with its first passage."""

    def __init__(self) -> None:
        self.seen: list[Query] = []

    def stream(self, query: Query, hits: Sequence[Hit]) -> Iterator[Answer]:
        self.seen.append(query)
        yield Answer(text=f"echo: {hits[0].chunk.id}", citations=(), refused=False, language="da")

    def answer(self, query: Query, hits: Sequence[Hit]) -> Answer:
        return list(self.stream(query, hits))[-1]


def test_another_answerer_plugs_in_without_touching_the_pipeline(assistant: Assistant) -> None:
    echo = Echo()
    other = Assistant(assistant.settings, assistant.embedder, assistant.store, answerer=echo)
    answer = other.ask("Hvad er en resultatbetalingsfond?")
    assert answer.text.startswith("echo: ") and echo.seen[-1].text.startswith("Hvad er")
    computed = other.ask("Hvor meget har DSI investeret i Aarhus?")
    assert computed.source == "portfolio" and not computed.text.startswith("echo")


def test_every_language_pack_is_complete() -> None:
    reference = pack("da")
    for code, language in PACKS.items():
        assert language.code == code
        assert set(language.templates) == set(reference.templates), code
        assert set(language.portfolio) == set(reference.portfolio), code
        assert set(language.kinds) == set(reference.kinds), code
        assert language.stems("investeringer") and language.function_words
    assert detect("Hvor mange investeringer har fonden?") == "da"
    assert detect("How many investments has the fund made?") == "en"
    assert detect("DSI?") is None


@pytest.mark.parametrize(
    ("question", "language"),
    [
        # a name keeps its own language's letters in a question in another language
        ("How much did Rambøll's evaluation of Næste Skridt cost?", "en"),
        ("Did Næste Skridt meet its target?", "en"),
        ("Hvad anbefaler Rambøll i evalueringen af Næste Skridt?", "da"),
        # the first word's letters still count: it is capitalised as a sentence's start
        ("Åbner fonden for nye ansøgninger?", "da"),
    ],
)
def test_a_name_does_not_decide_the_language(question: str, language: str) -> None:
    assert detect(question) == language


def test_a_portfolio_only_ingest_reaches_every_open_assistant(fresh) -> None:  # type: ignore[no-untyped-def]
    """An ingest that only adds a portfolio CSV leaves the manifest as it was; the rows
    must still reach this assistant and another one on the same index (another process)."""
    settings, corpus = fresh()
    writer = Assistant.load(settings)
    writer.ingest()
    reader = Assistant.load(settings)
    before = len(reader.portfolio())
    header = (corpus / "portfolio.csv").read_text(encoding="utf-8").splitlines()[0]
    row = "Fiktivt testprojekt i Gotham,investment,1.5,,,,,,,,"
    (corpus / "ekstra.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    writer.ingest()
    assert len(writer.portfolio()) == before + 1
    assert len(reader.portfolio()) == before + 1


def test_passages_about_the_named_subject_come_first() -> None:
    def hit(cid: str, text: str, opening: str = "") -> Hit:
        return Hit(Chunk(cid, f"{cid}.md", text, "Afsnit", None, "text", (text,)), 0.0, (), opening)

    hits = [
        hit("a", "DSI investerer i mange kommuner."),
        hit("b", "Kommunen betaler tilbage.", opening="aftale med odense kommune"),
        hit("c", "Fonden har en aftale med Odense."),
        hit("d", "Århus Kommune deltager."),
    ]
    assert [h.chunk.id for h in _about_first(hits, ("odense",))] == ["b", "c", "a", "d"]
    # names are matched written out: "aarhus" names "Århus"
    assert [h.chunk.id for h in _about_first(hits, ("aarhus",))] == ["d", "a", "b", "c"]
    assert _about_first(hits, ()) == hits


@pytest.mark.parametrize(
    ("question", "quoted"),
    [
        # the Horsens case's recommendation: the dense side ranked other documents'
        # payment passages above it, and the question was refused
        ("When should the first payment be made in Horsens?", "første udbetaling"),
    ],
)
def test_the_named_subjects_passages_are_answered_from(
    whole_library: Assistant, question: str, quoted: str
) -> None:
    answer = whole_library.ask(question)
    assert not answer.refused, answer.text
    assert quoted in answer.text, answer.text
