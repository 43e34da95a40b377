"""English questions the knowledge base cannot answer are refused, over the whole library
(corpus/ plus the four fixture documents), now that the term bridge translates more words
(CSLS, ``index.bridge``): a word the bridge maps to some corpus word ("football" ->
"tackle") must not make an off-topic question look answerable.

The questions were written for this test, off the documents' topics or about what no
document states; none is from an evaluation set. The two the assistant still answers are
strict known misses, so a fix shows up here."""

from __future__ import annotations

import pytest

from assistant import Assistant

KNOWN_MISS = "known miss, issue 12 open: "

REFUSED = (
    "Who won the last election in Denmark?",
    "How do I reset my password on the intranet?",
    "What time does the office close on Fridays?",
    "How many employees does DSI have?",
    "What is the CEO's salary?",
    "Who is the chairman of the board?",
    "What was the fund's profit in 2019?",
    "When will the fund invest in Greenland?",
    "What is the interest rate on DSI's loans?",
    "How do I apply for a job at DSI?",
    "What is the weather forecast for Copenhagen?",
    "Which football team does the minister support?",
    "How many children were helped in 2030?",
    "What is the phone number of the Vejle contact person?",
    "Who audited the 2019 accounts?",
    "What is the capital of Norway?",
    # once answered with the sentences that name Aarhus; refused since sentences are
    # ranked by the question without its names (``Evidence.topic_vector``)
    "Can you recommend a good restaurant in Aarhus?",
    # once answered with what DSI does invest in; refused since a rare word after a
    # preposition that the bridge finds no word for names an absent thing
    # (``support.absent_objects``)
    "Does DSI invest in cryptocurrency?",
    "Does DSI invest in wind turbines?",
    "Is the fund active in aquaculture?",
)

STILL_ANSWERED = (
    ("What is the price of a train ticket to Odense?", "a table row naming Odense is quoted"),
    ("What does the fund invest in climate projects?", "the portfolio lists its investments"),
)


@pytest.mark.parametrize("question", REFUSED)
def test_an_off_topic_english_question_is_refused(whole_library: Assistant, question: str) -> None:
    answer = whole_library.ask(question)
    assert answer.refused, f"{question!r} was answered: {answer.text[:300]}"


@pytest.mark.parametrize(
    "question",
    [
        pytest.param(q, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISS + why))
        for q, why in STILL_ANSWERED
    ],
)
def test_known_misses_off_topic(whole_library: Assistant, question: str) -> None:
    assert whole_library.ask(question).refused


# Danish questions about a thing no document is about, named after a preposition
# (``support.absent_objects``); each answered with sentences on what DSI does invest in
# before the check covered prose as well as tables. Beside them, questions of the same
# shape about things the documents do name, which must still be answered.
ABSENT_THINGS = (
    ("Investerer DSI i vindmøller?", "vindmøller"),
    ("Har DSI investeret i kryptovaluta?", "kryptovaluta"),
    ("Kan kommunen få hjælp til tolkebistand?", "tolkebistand"),
)
PRESENT_THINGS = (
    "Hvad gør DSI for ældre med demens?",
    "Har DSI investeret i hjemløshed?",
    "Støtter fonden indsatser for fængselsindsatte?",
    # English, the same shape: the rare word is a word of the documents, or bridged
    "Does DSI have projects for people with dementia?",
    "What has DSI done for young people with autism?",
    "Has DSI worked on stress treatment for people on sick leave?",
)


@pytest.mark.parametrize(("question", "thing"), ABSENT_THINGS)
def test_a_danish_question_about_an_absent_thing_is_refused_by_name(
    whole_library: Assistant, question: str, thing: str
) -> None:
    answer = whole_library.ask(question)
    assert answer.refused, f"{question!r} was answered: {answer.text[:300]}"
    assert f"“{thing}”" in answer.text


@pytest.mark.parametrize("question", PRESENT_THINGS)
def test_a_question_about_a_named_thing_is_answered(
    whole_library: Assistant, question: str
) -> None:
    answer = whole_library.ask(question)
    assert not answer.refused, answer.text
