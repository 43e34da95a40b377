"""One assistant shared by many threads, as the UI and the API share it, while a new
document is ingested through it: no thread may fail, and the document becomes answerable."""

from __future__ import annotations

import threading
import time
import traceback
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.types import Answer

pytestmark = pytest.mark.slow

NEW_DOC = "havoern-programmet.md"
NEW_TEXT = """# Havørn-programmet

Havørn-programmet er et pilotprogram, som Den Sociale Investeringsfond har oprettet \
sammen med Tønder Kommune. I Havørn-programmet deltager 37 folkeskoler, som tilbyder \
lektiehjælp og mentorer til elever i udskolingen.
"""
NEW_QUESTION = "Hvor mange folkeskoler deltager i Havørn-programmet?"
NEW_FACT = "37"

# Answered from the base corpus before, during and after the ingest: documents and
# portfolio, Danish and English.
STABLE = [
    "Hvad er DSI?",
    "How many investments has DSI made?",
    "Hvad er en social investering?",
    "Hvor stor er DSI's pipeline?",
    "What does DSI invest in?",
    "Hvor mange investeringer har DSI foretaget?",
]
ASKERS = 8
AFTER = 2  # asks per thread once the ingest is done
DEADLINE_S = 120  # asking stops by then whatever happens


def _answers_new(answer: Answer) -> bool:
    return (
        not answer.refused
        and NEW_FACT in answer.text
        and any(c.doc == NEW_DOC for c in answer.citations)
    )


def test_eight_threads_ask_while_a_new_document_is_ingested(fresh) -> None:  # type: ignore[no-untyped-def]
    settings, corpus = fresh()
    assistant = Assistant.load(settings)
    assistant.ingest()
    # Asked once first: the base answers, and each query's vector in the cache, so that
    # the threads below spend their time in retrieval, not in embedding.
    for question in STABLE:
        assert not assistant.ask(question).refused, question
    assert assistant.ask(NEW_QUESTION).refused  # nothing about it yet
    (corpus / NEW_DOC).write_text(NEW_TEXT, encoding="utf-8")

    errors: list[str] = []
    asked: list[tuple[str, float, float, Answer]] = []  # question, started, ended, answer
    record = threading.Lock()
    started = threading.Barrier(ASKERS + 1)
    ingested = threading.Event()
    window: dict[str, float] = {}
    stop_at = time.monotonic() + DEADLINE_S

    def ask_loop(number: int) -> None:
        questions = [*STABLE, NEW_QUESTION]
        i, after = number, 0
        try:
            started.wait(timeout=30)
            while after < AFTER and time.monotonic() < stop_at:
                done = ingested.is_set()
                if done and not after:  # the first ask after the ingest: the new document
                    question = NEW_QUESTION
                else:
                    question = questions[i % len(questions)]
                    i += 1
                begun = time.monotonic()
                answer = assistant.ask(question)
                with record:
                    asked.append((question, begun, time.monotonic(), answer))
                after += done
        except BaseException:
            with record:
                errors.append(f"asker {number}:\n{traceback.format_exc()}")

    def ingest() -> None:
        try:
            started.wait(timeout=30)
            window["start"] = time.monotonic()
            report = assistant.ingest()
            window["end"] = time.monotonic()
            added = [f for f in report.files if f.status == "added"]
            assert [Path(f.path).name for f in added] == [NEW_DOC], report
            assert not report.count("failed"), report
        except BaseException:
            with record:
                errors.append(f"ingest:\n{traceback.format_exc()}")
        finally:
            ingested.set()

    threads = [threading.Thread(target=ask_loop, args=(n,), name=f"ask-{n}") for n in range(ASKERS)]
    threads.append(threading.Thread(target=ingest, name="ingest"))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE_S + 30)
    alive = [t.name for t in threads if t.is_alive()]
    assert not alive, f"threads still running: {alive}"
    assert not errors, "\n".join(errors)

    during = [a for a in asked if a[1] < window["end"] and a[2] > window["start"]]
    assert during, "no question was in flight while the ingest ran"
    seconds = window["end"] - window["start"]
    print(f"{len(asked)} answers, {len(during)} in flight during the {seconds:.1f} s ingest")
    for question, _, _, answer in asked:
        if question in STABLE:
            assert not answer.refused, (question, answer.text)
    # Each thread's first ask after the ingest: the new document is answerable.
    late = [a for q, begun, _, a in asked if q == NEW_QUESTION and begun > window["end"]]
    assert len(late) >= ASKERS and all(_answers_new(a) for a in late), [a.text for a in late]
    answer = assistant.ask(NEW_QUESTION)
    assert _answers_new(answer), answer.text
