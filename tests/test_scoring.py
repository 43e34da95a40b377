"""Unit tests of the answerer's sentence scoring: answer types and weighted overlap."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from assistant.answer import extractive as answering
from assistant.lang import answer_type
from assistant.types import Chunk, Hit


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many investments has DSI made?", "count"),
        ("Hvor mange partnerskaber er der?", "count"),
        ("Hvad er antallet af investeringer?", "count"),
        ("What is the number of investments?", "count"),
        # "antallet"/"the number of" as the subject of another question is no count
        ("Hvad skete der med antallet af anbringelser?", None),
        ("What happened to the number of placements?", None),
        ("What share of the homeless got Housing First?", "amount"),
        ("Hvor meget har DSI investeret i Aarhus?", "amount"),
        ("Hvem er partnerne?", "who"),
        ("Hvem betaler, hvis indsatsen ikke virker?", None),  # a role, not a name
        ("Hvornår løber kontrakten ud?", "when"),
        ("What is the phone number of the secretariat?", "contact"),
        # e-mail as the channel asked about, not an address asked for
        ("Can we send the application by e-mail?", "yes/no"),
        ("Kan vi sende ansøgningen på mail?", "yes/no"),
        ("Send ansøgningen med e-mail?", None),
        # a number of years is a length of time, not a count of things
        ("Hvor mange år skal business casen regne over?", "duration"),
        ("How many years does the contract run?", "duration"),
        ("Hvor stort er programmet nu?", "amount"),
        ("Hvad er fristen for idébeskrivelsen?", "when"),
        ("Frist for ansøgning i næste runde?", "when"),
        ("Hvad er høringsfristen i år?", "when"),  # a compound ending in "frist"
        ("What is the deadline for the idea description?", "when"),
        ("What happens if we miss the deadline?", None),
        ("What annual return in percent did the investors get?", "rate"),
        ("Hvor stort var afkastet i procent?", "rate"),
        ("Forskellen på udviklings- og investeringspartnerskab?", "comparison"),
        ("Hvad er prisen?", "definition"),
        ("What is an outcomes fund?", "definition"),
        ("Hvad betyder resultatbaseret betaling?", "definition"),
        ("Which municipalities take part?", "list"),
        ("Kan en region også være med?", "yes/no"),
    ],
)
def test_answer_type(question: str, expected: str | None) -> None:
    assert answer_type(question) == expected


def words(text: str) -> list[str]:
    return text.lower().split()


def test_overlap_weighs_rare_terms_more() -> None:
    terms = {"skalere": 3.0, "børn": 1.0}
    assert answering._overlap(terms, set(words("vi kan skalere det"))) == pytest.approx(0.75)
    assert answering._overlap(terms, set(words("børn og unge"))) == pytest.approx(0.25)
    assert answering._overlap({}, set(words("børn"))) == 0.0


def test_overlap_counts_a_long_term_that_starts_a_compound() -> None:
    # Danish writes a compound as one word: "resultatmål" speaks of "resultat".
    terms = {"resultat": 1.0, "betaling": 1.0}
    assert answering._overlap(terms, {"resultatmål", "udløs", "betaling"}) == 1.0
    # Only as its first part (a "resultatbetalingsfond" is a fund, about results and
    # payment; "betaling" inside it does not count) and only a long term ("mål" is no
    # part of "formål").
    assert answering._overlap(terms, {"resultatbetalingsfond"}) == pytest.approx(0.5)
    assert answering._overlap({"mål": 1.0}, {"formål"}) == 0.0
    assert answering._overlap({"mål": 1.0}, {"målgrupp"}) == 0.0


def hit(sentences: list[str]) -> Hit:
    chunk = Chunk(
        id="c1",
        doc_id="d.txt",
        text=" ".join(sentences),
        section="Bilag 1",
        page=None,
        kind="text",
        sentences=tuple(sentences),
    )
    return Hit(chunk=chunk, score=1.0)


def evidence(wants: str | None) -> answering.Evidence:
    vector = np.array([1.0, 0.0], dtype=np.float32)
    return answering.Evidence(
        query_vector=vector,
        sentence_vectors={"Der er mange.": vector, "Det er 8 pct. af dem.": vector},
        query_terms={},
        question_words=frozenset(),
        unknown_terms=(),
        wants=wants,
    )


def test_a_sentence_with_the_asked_answer_type_ranks_first() -> None:
    hits = [hit(["Der er mange.", "Det er 8 pct. af dem."])]
    plain = answering.candidates(hits, evidence(None), words)
    assert plain[0].text == "Der er mange."  # tie: earlier sentence, stable order
    typed = answering.candidates(hits, evidence("amount"), words)
    assert typed[0].text == "Det er 8 pct. af dem."


def test_a_list_question_ranks_the_sentence_that_introduces_the_list_first() -> None:
    sentences = ["Horsens har søgt fonden om støtte.", "Familien skal opfylde tre kriterier:"]
    vector = np.array([1.0, 0.0], dtype=np.float32)
    ev = replace(evidence("list"), sentence_vectors=dict.fromkeys(sentences, vector))
    assert answering.candidates([hit(sentences)], ev, words)[0].text == sentences[1]
    plain = replace(ev, wants=None)
    assert answering.candidates([hit(sentences)], plain, words)[0].text == sentences[0]


def test_a_name_in_the_documents_opening_counts_for_its_later_passages() -> None:
    sentence = "Kontrakten løber fra 1. marts 2025."
    vector = np.array([1.0, 0.0], dtype=np.float32)
    ev = replace(
        evidence("when"),
        sentence_vectors={sentence: vector},
        query_terms={"vejle": 2.0, "kontrakten": 1.0},
        name_terms=frozenset({"vejle"}),
    )
    alone = answering.candidates([hit([sentence])], ev, words)[0]
    opened = replace(hit([sentence]), opening="kontrakt mellem fonden og vejle kommune")
    with_opening = answering.candidates([opened], ev, words)[0]
    assert alone.lexical == pytest.approx(1 / 3)
    assert with_opening.lexical == pytest.approx(1.0)


def test_a_term_only_in_a_sub_heading_counts_for_its_passage() -> None:
    # "gevinstdeling" stands in no sentence, only in the sub-heading of the passage that
    # explains it; a glossary sentence elsewhere shares another word of the question.
    model = "Kommunen betaler halvdelen af besparelsen tilbage til fonden."
    glossary = "Her betyder gevinst den besparelse, kommunen opnår."
    vector = np.array([1.0, 0.0], dtype=np.float32)
    ev = replace(
        evidence(None),
        sentence_vectors={model: vector, glossary: vector},
        query_terms={"gevinstdeling": 2.0, "betyd": 1.0},
    )

    def under(section: str, sentence: str, cid: str) -> Hit:
        h = hit([sentence])
        return replace(h, chunk=replace(h.chunk, id=cid, section=section))

    sub = [under("Ordliste", glossary, "g"), under("Modeller › Model B: Gevinstdeling", model, "m")]
    ranked = answering.candidates(sub, ev, words)
    assert ranked[0].text == model and ranked[0].lexical == pytest.approx(2 / 3)
    # a document's title heads its first passage only, yet is about all of them: no credit
    title = [under("Ordliste", glossary, "g"), under("Model B: Gevinstdeling", model, "m")]
    assert answering.candidates(title, ev, words)[0].text == glossary
    # a term some sentence uses counts where it is used, not from a heading
    said = replace(ev, query_terms={"betyd": 1.0})
    assert answering.candidates(sub, said, words)[0].text == glossary
