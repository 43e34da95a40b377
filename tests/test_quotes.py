"""Issue 12's quoting rules: one contiguous block of the best passage, a list or a pointer
quoted with what it announces and never alone, no heading as an answer, no sentence twice,
at most two other passages; and the snapshot's heading filter. The passages are written
here by hand; one end-to-end group asks list questions of the four fixture documents."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest
from fixtures.documents import Expected  # type: ignore[import-not-found]

from assistant import Assistant
from assistant.answer.quotes import MAX_BLOCK, Quote, Scored, announces, choose, statement
from assistant.snapshot import following, headings, quotable
from assistant.types import Answer, Chunk, Hit


def chunk(
    cid: str,
    section: str,
    sentences: Sequence[str],
    kind: str = "text",
    doc: str = "vejledning.md",
) -> Chunk:
    return Chunk(cid, doc, " ".join(sentences), section, None, kind, tuple(sentences))


def texts(quotes: Sequence[Quote]) -> list[str]:
    """The quoted sentences, after checking each stands verbatim in its passage."""
    for q in quotes:
        assert q.text in q.chunk.text, f"{q.text!r} is not in its passage {q.chunk.id}"
        assert q.text in q.chunk.sentences
    return [q.text for q in quotes]


# --- lists and pointers -------------------------------------------------------------------

INTRO = "Der er tre opgaver:"
ITEMS = (
    "Fonden rådgiver kommunerne om nye indsatser.",
    "Fonden finansierer indsatser, der virker.",
    "Fonden samler viden om resultaterne.",
)
FOURTH = "Fonden deltager også i internationale netværk."


def list_hits() -> list[Hit]:
    """A passage ending with a list intro, its items as the sections after it (each opening
    with a bare "1." marker sentence, as a splitter leaves numbered items), a fourth section
    the intro does not announce."""
    intro = chunk("p0", "Opgaver", ("Fonden har flere roller i markedet.", INTRO))
    items = [
        chunk(
            f"p{i + 1}",
            f"Opgaver › Opgave {i + 1}",
            (f"{i + 1}.", item, "Det sker i tæt samarbejde med kommunerne."),
        )
        for i, item in enumerate(ITEMS)
    ]
    extra = chunk("p4", "Opgaver › Netværk", ("4.", FOURTH))
    after = (*items, extra)
    return [Hit(intro, 1.0, after), *(Hit(c, 0.5) for c in after)]


def test_list_intro_at_the_end_of_a_passage_pulls_the_announced_items() -> None:
    hits = list_hits()
    ranked = [
        Scored(0, INTRO, 0.90),
        Scored(0, "Fonden har flere roller i markedet.", 0.70),
    ]
    quoted = texts(choose(ranked, hits, max_quotes=4))
    assert INTRO in quoted
    for item in ITEMS:
        assert item in quoted, f"item {item!r} not quoted: {quoted}"
    assert quoted.index(INTRO) < min(quoted.index(i) for i in ITEMS)
    assert not any(re.fullmatch(r"\d+\.", q) for q in quoted), f"a bare marker: {quoted}"
    assert FOURTH not in quoted, "more items quoted than the intro announces"


def test_a_sentence_that_counts_the_items_announces_them_to_a_list_question() -> None:
    # "… med tre indsatsområder, som …" ends its passage, each area a section after it:
    # for a question that asks for the items it is quoted with them, as a colon would be;
    # for any other question it is a sentence like another.
    counted = "Fonden arbejder i perioden med tre indsatsområder, som bestyrelsen har vedtaget."
    intro = chunk("q0", "Strategi", ("Strategien gælder fra 2026.", counted))
    areas = [
        chunk(f"q{i + 1}", f"Strategi › Område {i + 1}", (item,)) for i, item in enumerate(ITEMS)
    ]
    hits = [Hit(intro, 1.0, tuple(areas)), *(Hit(c, 0.5) for c in areas)]
    ranked = [Scored(0, counted, 0.9), Scored(0, "Strategien gælder fra 2026.", 0.6)]
    quoted = choose(ranked, hits, 4, listing=True)
    assert texts(quoted) == [counted, *ITEMS]
    # each item under its section's heading, which names it
    assert [q.group for q in quoted] == ["", "Område 1", "Område 2", "Område 3"]
    assert texts(choose(ranked, hits, 4)) == [counted]
    # a table row's number is no count of items
    row = chunk("r0", "Tabel", ("Område: Bolig; Antal projekter: 3",), kind="table_row")
    rows = [Hit(row, 1.0, tuple(areas)), *(Hit(c, 0.5) for c in areas)]
    only = [Scored(0, "Område: Bolig; Antal projekter: 3", 0.9)]
    assert texts(choose(only, rows, 4, listing=True)) == ["Område: Bolig; Antal projekter: 3"]


def test_an_item_that_names_itself_gets_no_heading_above_it() -> None:
    # "Opgave 2: …" already starts with its section's heading
    intro = chunk("n0", "Opgaver", ("Der er to opgaver:",))
    named = [chunk(f"n{i}", f"Opgaver › Opgave {i}", (f"Opgave {i}: {ITEMS[i]}",)) for i in (1, 2)]
    hits = [Hit(intro, 1.0, tuple(named)), *(Hit(c, 0.5) for c in named)]
    quoted = choose([Scored(0, "Der er to opgaver:", 0.9)], hits, 4)
    assert len(quoted) == 3 and [q.group for q in quoted] == ["", "", ""]


def test_list_intro_in_the_middle_of_a_passage_quotes_the_rest_up_to_its_count() -> None:
    after = "Kontrakten er underskrevet i to eksemplarer."
    sentences = ("Kontrakten har tre mål:", *ITEMS, after)
    hits = [Hit(chunk("k", "Formål", sentences), 1.0)]
    quoted = texts(choose([Scored(0, "Kontrakten har tre mål:", 0.9)], hits, max_quotes=4))
    assert quoted == ["Kontrakten har tre mål:", *ITEMS]


def test_a_list_split_between_two_passages_is_quoted_up_to_its_count() -> None:
    """A passage boundary inside a list: the intro and two items end one passage, the
    third item opens the next passage of the same section; the passage after that (the
    next paragraph) is not announced."""
    first = chunk("a", "Forord", ("Kontrakten har tre mål:", *ITEMS[:2]))
    second = chunk("b", "Forord", (ITEMS[2], FOURTH))
    hits = [Hit(first, 1.0, (second,)), Hit(second, 0.5)]
    quoted = texts(choose([Scored(0, "Kontrakten har tre mål:", 0.9)], hits, max_quotes=4))
    assert quoted == ["Kontrakten har tre mål:", *ITEMS]


def test_a_pointer_with_nothing_after_it_is_never_quoted_alone() -> None:
    pointer = "Tabellen nedenfor viser forskellen."
    other = "Investeringspartnerskaber finansieres af sociale investorer."
    hits = [
        Hit(chunk("a", "Forskelle", (pointer,)), 1.0),
        Hit(chunk("b", "Partnerskaber", (other,), doc="andet.md"), 0.9),
    ]
    ranked = [Scored(0, pointer, 0.90), Scored(1, other, 0.88)]
    quoted = texts(choose(ranked, hits, max_quotes=4))
    assert pointer not in quoted, f"the pointer quoted without its table: {quoted}"


def test_a_pointer_is_quoted_with_the_table_rows_that_follow() -> None:
    pointer = "Tabellen nedenfor viser forskellen på de to former."
    rows = (
        chunk("r1", "Forskelle", ("Udviklingspartnerskab: fonden betaler for udviklingen.",)),
        chunk("r2", "Forskelle", ("Investeringspartnerskab: investorer betaler for driften.",)),
    )
    rows = tuple(
        Chunk(r.id, r.doc_id, r.text, r.section, None, "table_row", r.sentences) for r in rows
    )
    hits = [Hit(chunk("a", "Forskelle", (pointer,)), 1.0, rows)]
    quoted = texts(choose([Scored(0, pointer, 0.9)], hits, max_quotes=4))
    assert len(quoted) >= 3 and quoted[0] == pointer, quoted
    for row in rows:
        assert row.sentences[0] in quoted


def test_a_heading_line_is_never_the_first_quote() -> None:
    heading = "Sociale investeringer"
    defining = "En social investering finansierer en indsats, der forebygger sociale problemer."
    hits = [Hit(chunk("a", "Indledning", (heading, defining, "Det sker i samarbejde.")), 1.0)]
    ranked = [
        Scored(0, heading, 0.95),
        Scored(0, defining, 0.90),
        Scored(0, "Det sker i samarbejde.", 0.60),
    ]
    quoted = texts(choose(ranked, hits, max_quotes=4))
    assert quoted, "the defining sentence is quotable"
    assert quoted[0] != heading, f"a heading quoted first: {quoted}"
    assert defining in quoted


def test_a_passage_of_headings_only_is_not_quoted() -> None:
    hits = [Hit(chunk("toc", "Indhold", ("Indledning", "Sociale investeringer")), 1.0)]
    ranked = [Scored(0, "Indledning", 0.95), Scored(0, "Sociale investeringer", 0.94)]
    assert choose(ranked, hits, max_quotes=4) == []


def test_a_sentence_in_two_overlapping_passages_is_quoted_once() -> None:
    shared = "Fonden investerer i indsatser for udsatte borgere."
    first = "Fonden blev oprettet ved lov."
    last = "Indsatserne evalueres af en uafhængig part."
    hits = [
        Hit(chunk("a", "Om fonden", (first, shared)), 1.0),
        Hit(chunk("b", "Om fonden", (shared, last)), 0.9),
    ]
    ranked = [
        Scored(0, shared, 0.90),
        Scored(1, shared, 0.90),
        Scored(1, last, 0.89),
        Scored(0, first, 0.70),
    ]
    quoted = texts(choose(ranked, hits, max_quotes=4))
    assert quoted.count(shared) == 1, quoted
    assert last in quoted


def test_at_most_two_other_passages() -> None:
    sentences = [f"Kommune nummer {n} har fået en investering fra fonden." for n in range(6)]
    hits = [Hit(chunk(f"c{n}", "Investeringer", (s,)), 1.0) for n, s in enumerate(sentences)]
    ranked = [Scored(n, s, 0.90 - 0.001 * n) for n, s in enumerate(sentences)]
    quotes = choose(ranked, hits, max_quotes=8)
    texts(quotes)
    assert quotes[0].chunk.id == "c0"
    assert len({q.chunk.id for q in quotes}) <= 3, [q.chunk.id for q in quotes]


def test_another_subjects_passage_is_not_quoted_beside_the_subjects_own() -> None:
    # "Hvornår betaler fonden anden rate i Odense?": the Odense agreement's passage is best;
    # the Vejle contract's payment sentence scores as close but is about another subject.
    odense = chunk("o", "Betaling", ("Anden rate betales i Odense efter et år.",), doc="o.md")
    vejle = chunk("v", "Betaling", ("Anden rate betales i Vejle efter et halvt år.",), doc="v.md")
    other = chunk("x", "Betaling", ("Odense Kommune modtager fire rater i alt.",), doc="x.md")
    hits = [Hit(odense, 1.0), Hit(vejle, 0.9), Hit(other, 0.8)]
    ranked = [Scored(n, h.chunk.sentences[0], 0.90 - 0.01 * n) for n, h in enumerate(hits)]

    def about(hit: Hit) -> bool:
        return "odense" in hit.chunk.text.lower()

    assert [q.chunk.id for q in choose(ranked, hits, max_quotes=4)] == ["o", "v", "x"]
    assert [q.chunk.id for q in choose(ranked, hits, max_quotes=4, about=about)] == ["o", "x"]
    # a best passage not about the subject scopes nothing
    first_vejle = [ranked[1], ranked[0], ranked[2]]
    quoted = choose(first_vejle, hits, max_quotes=4, about=about)
    assert [q.chunk.id for q in quoted] == ["v", "o", "x"]


@pytest.mark.parametrize(
    "question",
    ["How much does the evaluation in Vejle cost?", "Hvad koster evalueringen i Vejle?"],
)
def test_a_named_subjects_answer_quotes_no_other_subjects_document(
    whole_library: Assistant, question: str
) -> None:
    # The Horsens case's budget (sag.md) has an evaluation row, and never names Vejle;
    # it was quoted beside the passages about Vejle.
    answer = whole_library.ask(question)
    assert "sag.md" not in {c.doc for c in answer.citations}, answer.text


def test_the_block_is_contiguous_from_the_best_passage() -> None:
    sentences = (
        "Fonden blev oprettet ved lov.",
        "En social investering betales af investorer.",
        "Kommunen betaler kun tilbage, hvis resultaterne nås.",
        "Fondens sekretariat ligger i København.",
    )
    hits = [Hit(chunk("a", "Modellen", sentences), 1.0)]
    ranked = [
        Scored(0, sentences[1], 0.90),
        Scored(0, sentences[2], 0.86),
        Scored(0, sentences[3], 0.60),
        Scored(0, sentences[0], 0.55),
    ]
    quoted = texts(choose(ranked, hits, max_quotes=4))
    assert quoted == [sentences[1], sentences[2]]


@pytest.mark.parametrize(
    ("sentences", "scores", "block"),
    [
        # The answer stands two sentences after the best one ("Horsens Kommune har søgt
        # …", "Familierne har …", "Indsatsen skal samle kontakten …"): the block reaches it.
        (
            (
                "Kommunen har søgt fonden om en investering i en samlet indsats.",
                "Familierne har kontakt med syv afdelinger.",
                "Indsatsen skal samle kontakten hos én rådgiver.",
                "Rådgiveren følger familien i to år.",
                "Sagen behandles på bestyrelsens møde i juni.",
            ),
            (0.94, 0.88, 0.90, 0.89, 0.87),
            slice(0, MAX_BLOCK),
        ),
        # It grows after the best sentence first: numbered items flattened into
        # sentences, the best one an item's label, the one before it the end of the
        # previous item, the one after it the label's reason.
        (
            (
                "Hjemløshed.",
                "Flere unge bliver hjemløse hvert år.",
                "Ældre og ensomhed.",
                "Hver femte ældre over 75 år føler sig ensom.",
                "Fonden vil derfor investere i fællesskaber.",
            ),
            (0.80, 0.90, 0.95, 0.90, 0.90),
            slice(2, 5),
        ),
    ],
)
def test_the_block_grows_a_neighbour_at_a_time_up_to_its_size(
    sentences: tuple[str, ...], scores: tuple[float, ...], block: slice
) -> None:
    hits = [Hit(chunk("a", "Baggrund", sentences), 1.0)]
    ranked = sorted(
        (Scored(0, s, score) for s, score in zip(sentences, scores, strict=True)),
        key=lambda c: -c.score,
    )
    quoted = texts(choose(ranked, hits, max_quotes=8))
    assert quoted == list(sentences[block]), quoted


def test_a_pointer_beside_the_best_sentence_does_not_join_its_block() -> None:
    sentences = (
        "Bikubenfonden stiller en underskudsgaranti for investeringen.",
        "Nedenfor beskriver vi, hvordan den sociale investering fungerer.",
    )
    after = chunk("b", "Modellen › Sådan virker det", ("Kommunen betaler for resultaterne.",))
    hits = [Hit(chunk("a", "Modellen", sentences), 1.0, (after,))]
    ranked = [Scored(0, sentences[0], 0.90), Scored(0, sentences[1], 0.89)]
    assert texts(choose(ranked, hits, max_quotes=4)) == [sentences[0]]


@pytest.mark.parametrize(
    ("sentence", "kind", "expected"),
    [
        ("Sociale investeringer", "text", False),
        ("Indledning", "text", False),
        ("Fonden investerer i sociale indsatser.", "text", True),
        ("Beskæftigelse: 5-15", "table_row", True),
    ],
)
def test_statement(sentence: str, kind: str, expected: bool) -> None:
    assert statement(sentence, chunk("x", "S", (sentence,), kind=kind)) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Der er fire væsentlige opgaver:", True),
        ("Tabellen nedenfor viser forskellen.", True),
        ("Nedenstående tabel viser beløbene.", True),
        ("Fonden investerer i sociale indsatser.", False),
    ],
)
def test_announces(sentence: str, expected: bool) -> None:
    assert announces(sentence) is expected


# --- the snapshot's heading filter and following passages --------------------------------


def test_a_table_of_contents_line_equal_to_a_heading_is_dropped() -> None:
    body = chunk("b", "Bilag 1 › Baggrund", ("Fonden blev oprettet i 2017.",), doc="bilag.pdf")
    toc = Chunk(
        "t",
        "bilag.pdf",
        "Indhold Baggrund. Resultater: Fonden blev oprettet for at skabe resultater.",
        "Indhold",
        1,
        "text",
        ("Indhold", "Baggrund.", "Resultater:", "Fonden blev oprettet for at skabe resultater."),
        sentence_pages=(1, 1, 1, 2),
    )
    results = chunk("r", "Bilag 1 › Resultater", ("Otte investeringer.",), doc="bilag.pdf")
    found = headings([body, toc, results])
    assert {"baggrund", "resultater", "indhold", "bilag 1"} <= found["bilag.pdf"]
    kept = quotable(toc, found["bilag.pdf"])
    assert kept.sentences == ("Fonden blev oprettet for at skabe resultater.",)
    assert kept.sentence_pages == (2,)
    assert quotable(body, found["bilag.pdf"]) == body, "a sentence that is no heading stays"


def test_headings_of_another_document_do_not_filter() -> None:
    one = chunk("a", "Baggrund", ("Noget om baggrunden.",), doc="a.md")
    two = chunk("b", "Andet", ("Baggrund", "Fonden blev oprettet i 2017."), doc="b.md")
    found = headings([one, two])
    assert "baggrund" not in found["b.md"]
    assert quotable(two, found["b.md"]).sentences == two.sentences


def test_table_rows_are_never_filtered() -> None:
    row = chunk("r", "Baggrund", ("Baggrund",), kind="table_row")
    assert quotable(row, frozenset({"baggrund"})) == row


def test_following_stays_in_its_document() -> None:
    a1, a2 = chunk("a1", "S", ("Et.",), doc="a.md"), chunk("a2", "S", ("To.",), doc="a.md")
    b1 = chunk("b1", "S", ("Tre.",), doc="b.md")
    after = following([a1, a2, b1])
    assert after["a1"] == (a2,)
    assert after["a2"] == ()
    assert after["b1"] == ()


# --- end to end: list questions over the fixture documents of every format ---------------


def announced_items(expected: Expected, intro: str) -> tuple[str, list[str]]:
    """The sentence of ``expected`` that contains ``intro`` (it ends with a colon) and the
    items that follow it, as many as it announces in words."""
    at = next(i for i, s in enumerate(expected.sentences) if intro in s)
    sentence = expected.sentences[at]
    assert sentence.endswith(":"), sentence
    count = {"to": 2, "tre": 3, "fire": 4, "fem": 5}
    n = next(count[w] for w in re.findall(r"\w+", sentence) if w in count)
    return sentence, list(expected.sentences[at + 1 : at + 1 + n])


def quoted_text(answer: Answer) -> str:
    quotes = re.findall(r"«(.+?)»\s*\[\d+\]", answer.text, flags=re.S)
    quotes += [c.quote for c in answer.citations]
    return " ".join(" ".join(q.split()) for q in quotes)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("file", "intro", "question"),
    [
        pytest.param(
            "sag.md", "tre kriterier", "Hvilke kriterier skal familierne opfylde?", id="md-da"
        ),
        pytest.param(
            "sag.md", "tre kriterier", "Which criteria must the families meet?", id="md-en"
        ),
        pytest.param("contract.docx", "tre mål", "Hvilke mål har kontrakten?", id="docx-da"),
        pytest.param(
            "contract.docx", "tre mål", "What are the three goals of the contract?", id="docx-en"
        ),
        pytest.param(
            "faq.html", "tre måder", "Hvilke måder kan tilbagebetalingen ske på?", id="html-da"
        ),
        pytest.param(
            "faq.html",
            "tre måder",
            "In which ways is the investment typically paid back?",
            id="html-en",
        ),
    ],
)
def test_a_list_question_quotes_the_announced_items(
    fixture_docs: tuple[Assistant, dict[str, Expected]], file: str, intro: str, question: str
) -> None:
    assistant, expected = fixture_docs
    sentence, items = announced_items(expected[file], intro)
    assert len(items) == 3
    answer = assistant.ask(question)
    assert not answer.refused, f"{question!r} was refused: {answer.text[:300]}"
    said = quoted_text(answer)
    got = [item for item in items if item in said]
    assert len(got) >= 2, f"{len(got)} of the items after {sentence!r} quoted: {answer.text}"
    assert all(c.doc == file for c in answer.citations if c.quote in items)


def test_a_neighbour_joins_by_its_meaning_not_by_the_words_it_repeats() -> None:
    # The heading sentence repeats the question's words (a high score); the next one says
    # what the task is in other words (a low score, a close similarity).
    sentences = (
        "Fremme ekspertise: Hvis markedet skal vokse, er der behov for aktører.",
        "Fx er der behov for aktører, som kan forvalte de voksende pengestrømme.",
    )
    hits = [Hit(chunk("a", "Fremme ekspertise", sentences), 1.0)]
    ranked = [Scored(0, sentences[0], 1.045, 0.906), Scored(0, sentences[1], 0.930, 0.860)]
    assert texts(choose(ranked, hits, max_quotes=4)) == list(sentences)
    far = [Scored(0, sentences[0], 1.045, 0.906), Scored(0, sentences[1], 0.930, 0.800)]
    assert texts(choose(far, hits, max_quotes=4)) == [sentences[0]]


def test_a_list_intro_in_the_block_ends_it_and_brings_its_items() -> None:
    sentences = (
        "Kommunen betaler kun tilbage, hvis indsatsen virker.",
        "Tilbagebetalingen sker på en af tre måder:",
        "Som en fast andel af besparelserne.",
        "Som et fast beløb pr. borger.",
        "Som en kombination af de to.",
    )
    hits = [Hit(chunk("a", "Tilbagebetaling", sentences), 1.0)]
    ranked = [Scored(0, s, 0.90 - 0.01 * i, 0.90 - 0.01 * i) for i, s in enumerate(sentences)]
    assert texts(choose(ranked, hits, max_quotes=8)) == list(sentences)


# --- definitions: the defining sentence and the sentences that complete it --------------

DEFINITION = "En resultatkontrakt er en aftale, hvor betalingen følger de opnåede resultater."
COMPLETES = (
    "Investoren lægger pengene ud, når indsatsen starter.",
    "Kommunen betaler kun, hvis de aftalte mål nås.",
)


def definition_hits() -> list[Hit]:
    """A box whose first paragraph is the definition alone, its second paragraph the next
    passage of the same section, then a passage of another section."""
    box = chunk("d0", "Modellen › Hvad er en resultatkontrakt?", (DEFINITION,), kind="box")
    rest = chunk("d1", "Modellen › Hvad er en resultatkontrakt?", COMPLETES, kind="box")
    other = chunk("d2", "Modellen › Historik", ("Den første kontrakt blev indgået i 2019.",))
    return [Hit(box, 1.0, (rest, other)), Hit(other, 0.5)]


def test_a_definition_goes_on_in_the_next_paragraph_of_its_section() -> None:
    ranked = [
        Scored(0, DEFINITION, 0.90, 0.90),
        Scored(1, "Den første kontrakt blev indgået i 2019.", 0.70, 0.70),
    ]
    quoted = texts(choose(ranked, definition_hits(), max_quotes=4, define=True))
    assert quoted[:MAX_BLOCK] == [DEFINITION, *COMPLETES], quoted
    # Without a question that asks what something is, the definition stands alone.
    assert texts(choose(ranked, definition_hits(), max_quotes=4)) == [DEFINITION]


def test_a_definition_does_not_run_into_another_section() -> None:
    box = chunk("d0", "Modellen › Hvad er en resultatkontrakt?", (DEFINITION,), kind="box")
    other = chunk("d2", "Modellen › Historik", ("Den første kontrakt blev indgået i 2019.",))
    ranked = [Scored(0, DEFINITION, 0.90, 0.90)]
    assert texts(choose(ranked, [Hit(box, 1.0, (other,))], 4, define=True)) == [DEFINITION]


def test_a_sentence_that_defines_nothing_gets_no_completion() -> None:
    plain = "Fonden har arbejdet med resultatkontrakter siden 2019."
    box = chunk("d0", "Modellen › Hvad er en resultatkontrakt?", (plain,), kind="box")
    rest = chunk("d1", "Modellen › Hvad er en resultatkontrakt?", COMPLETES, kind="box")
    ranked = [Scored(0, plain, 0.90, 0.90)]
    assert texts(choose(ranked, [Hit(box, 1.0, (rest,))], 4, define=True)) == [plain]


# --- a typed question: the fact beside the sentence that names its subject ---------------

DATED = re.compile(r"\b(?:19|20)\d\d\b")  # a "when" question's answer type, as a test


def signing_hits() -> tuple[list[Hit], tuple[str, ...]]:
    """A signature clause: the sentence that names the signing, then the place and date
    (no word of a "when was it signed" question), then who signs."""
    sentences = (
        "Aftalen er underskrevet af begge parter.",
        "Odense, den 3. maj 2023.",
        "For kommunen underskriver borgmesteren.",
    )
    return [Hit(chunk("s", "§ 12 Underskrift", sentences), 1.0)], sentences


def test_a_typed_question_takes_the_fact_just_after_the_best_sentence() -> None:
    hits, sentences = signing_hits()
    ranked = [Scored(0, sentences[0], 0.95, 0.88), Scored(0, sentences[2], 0.80, 0.76)]
    ranked.append(Scored(0, sentences[1], 0.70, 0.70))
    answers = DATED.search
    quoted = texts(choose(ranked, hits, max_quotes=4, answers=lambda s: bool(answers(s))))
    assert quoted == list(sentences[:2]), quoted
    # An untyped question takes no such neighbour.
    assert texts(choose(ranked, hits, max_quotes=4)) == [sentences[0]]


def test_a_typed_question_takes_the_fact_just_before_the_best_sentence() -> None:
    sentences = (
        "Bevillingen var 4,5 mio. kr. i alt.",
        "Beløbet dækker rådgivning og evaluering af indsatsen i Odense.",
    )
    hits = [Hit(chunk("b", "Økonomi", sentences), 1.0)]
    ranked = [Scored(0, sentences[1], 0.95, 0.88), Scored(0, sentences[0], 0.70, 0.70)]
    amount = re.compile(r"\d.*\bkr\.")
    quoted = texts(choose(ranked, hits, 4, answers=lambda s: bool(amount.search(s))))
    assert quoted == list(sentences), quoted


def test_a_fact_two_sentences_away_or_behind_a_pointer_is_not_taken() -> None:
    sentences = (
        "Aftalen er underskrevet af begge parter.",
        "Se tabellen nedenfor.",
        "Odense, den 3. maj 2023.",
    )
    hits = [Hit(chunk("s", "§ 12 Underskrift", sentences), 1.0)]
    ranked = [Scored(0, sentences[0], 0.95, 0.88), Scored(0, sentences[2], 0.60, 0.60)]
    answers = DATED.search
    quoted = texts(choose(ranked, hits, max_quotes=1, answers=lambda s: bool(answers(s))))
    assert quoted == [sentences[0]], quoted


@pytest.mark.parametrize(
    "question",
    ["Hvornår blev kontrakten underskrevet?", "Hvornår og hvor blev kontrakten underskrevet?"],
)
def test_when_a_contract_was_signed_is_quoted_from_its_signature_clause(
    whole_library: Assistant, question: str
) -> None:
    # The fixture contract (DOCX) states the signing in one sentence and its date in the
    # next: "Kontrakten er underskrevet i to eksemplarer …", "København, den 14. februar 2025."
    # Beside the other documents, its term sentence ("Kontrakten løber fra den 1. marts
    # 2025 …") has a date and scores close: the signing sentence must stay first.
    answer = whole_library.ask(question)
    assert not answer.refused, answer.text
    quotes = [line for line in answer.text.splitlines() if line.startswith("- «")]
    assert any("14. februar 2025" in q for q in quotes[:2]), answer.text
    assert answer.citations[0].doc == "contract.docx"
