"""Questions in Danish and English about two documents no evaluation set asks about
(``fixtures.other_documents``: a cooperation agreement and an investor FAQ page), over
corpus/ plus those two. Each answer is checked for the sentence that answers it, each
refusal for being one; the questions were written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.library import copy_library  # type: ignore[import-not-found]
from fixtures.other_documents import FILES  # type: ignore[import-not-found]

from assistant import Assistant


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, built_index: Path) -> Assistant:
    settings, _ = copy_library(tmp_path_factory.mktemp("other-documents"), built_index, FILES)
    assistant = Assistant.load(settings)
    report = assistant.ingest()
    assert report.count("added") == 4 and not report.count("failed"), report
    return assistant


def first_quote(answer_text: str) -> str:
    return answer_text.split("\n")[2]


@pytest.mark.parametrize(
    ("question", "quoted", "first"),
    [
        # under a FAQ heading that restates the question in Danish
        ("Do investors pay tax on the return?", "Afkastet beskattes", True),
        ("What is the minimum investment for an investor?", "Den mindste investering", True),
        # an unseen Danish compound beside a word too common to weigh
        ("Hvad er mindstebeløbet for en investering?", "Den mindste investering", True),
        # the name picks the document, the rest of the question the sentence (the age
        # is quoted after the passage on the target group, not first)
        ("Which age group is the Odense programme for?", "mellem 15 og 24 år", False),
        ("Hvornår udløber aftalen med Odense?", "31. juli 2029", True),
        ("How many young people can one contact person have at a time?", "højst 15", False),
        # a Danish count whose verb follows the counted noun
        ("Hvor mange rater udbetaler fonden til Odense?", "fire rater", False),
    ],
)
def test_answered_from_the_sentence_that_answers(
    library: Assistant, question: str, quoted: str, first: bool
) -> None:
    answer = library.ask(question)
    assert not answer.refused, answer.text[:300]
    assert quoted in (first_quote(answer.text) if first else answer.text), answer.text[:400]


@pytest.mark.parametrize(
    "question",
    [
        "What is the annual interest rate on the Odense loan in 2031?",
        "Who is the project manager in Odense?",
        "What is the fund's phone number?",
    ],
)
def test_what_no_document_states_is_refused(library: Assistant, question: str) -> None:
    answer = library.ask(question)
    assert answer.refused, answer.text[:300]
