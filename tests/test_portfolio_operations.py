"""Portfolio operations beyond one sum (issue 13): the first n and the n-th largest, amount
bounds, distinct counts, breakdowns by date, "i snit", "what has DSI put into …", follow-ups
that change the operation, and spellings of a hyphenated municipality.

Expected figures are computed here from the assistant's own rows, never typed in."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from fixtures.make_pdf import TABLE_ROWS  # type: ignore[import-not-found]

from assistant import Assistant
from assistant.portfolio.data import PortfolioRow, danish
from assistant.portfolio.understand import DO_VERB


def rows(assistant: Assistant, kind: str = "investment") -> list[PortfolioRow]:
    return [r for r in assistant.portfolio() if r.kind == kind]


def amount(row: PortfolioRow) -> Decimal:
    return row.total or Decimal(0)


@pytest.mark.parametrize(
    ("question", "n"),
    [("Name the three biggest investments.", 3), ("Hvad er de to største investeringer?", 2)],
)
def test_the_first_n_largest(assistant: Assistant, question: str, n: int) -> None:
    answer = assistant.ask(question)
    assert answer.source == "portfolio", answer.text[:300]
    expected = sorted(rows(assistant), key=amount, reverse=True)[:n]
    listed = [line for line in answer.text.split("\n") if line.startswith("- ")]
    assert len(listed) == n, answer.text
    assert all(row.name in line for row, line in zip(expected, listed, strict=True))


@pytest.mark.parametrize(
    ("question", "keep"),
    [
        ("Hvilke investeringer er på under 5 mio. kr.?", lambda v: v < 5),
        ("List the investments over 10 million", lambda v: v > 10),
    ],
)
def test_an_amount_bound_picks_the_rows(assistant: Assistant, question: str, keep) -> None:  # type: ignore[no-untyped-def]
    answer = assistant.ask(question)
    assert answer.source == "portfolio", answer.text[:300]
    expected = [r for r in rows(assistant) if r.total is not None and keep(r.total)]
    assert re.search(rf"(Antal|Count): {len(expected)} ", answer.text), answer.text
    assert all(r.name in answer.text for r in expected)
    assert "Note:" not in answer.text and "Bemærk:" not in answer.text


def test_a_subset_of_a_kind_is_never_compared_with_the_kinds_stated_total(
    assistant: Assistant,
) -> None:
    # the appendix states the pipeline's total ("minimum 25 mio. kr."): the whole pipeline
    # is compared with it, a bounded subset or a rank is not
    whole = assistant.ask("Hvor stor er DSI's pipeline?")
    assert "Bemærk" in whole.text, whole.text
    for question in (
        "Hvilke pipeline-projekter er på over 4 mio. kr.?",
        "Hvad er det næststørste pipeline-projekt?",
    ):
        answer = assistant.ask(question)
        assert answer.source == "portfolio" and "Bemærk" not in answer.text, answer.text


def test_how_many_different_municipalities(assistant: Assistant) -> None:
    answer = assistant.ask("How many different municipalities has DSI invested in?")
    places = {m for r in rows(assistant) for m in r.municipalities}
    assert f"{len(places)} different municipalities." in answer.text, answer.text


@pytest.mark.parametrize(
    "question",
    [
        "What has DSI put into Aarhus?",
        "Hvad har DSI investeret i Aarhus?",
        "hvad har dsi investret i aarhus",  # a typo, lower case
    ],
)
def test_what_has_dsi_invested_asks_for_the_sum(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.source == "portfolio", answer.text[:300]
    total = sum((amount(r) for r in rows(assistant) if "Aarhus" in r.municipalities), Decimal(0))
    shown = danish(total) if answer.language == "da" else str(total)
    assert f"= {shown} mio. kr." in answer.text, answer.text


def test_i_snit_is_an_average(assistant: Assistant) -> None:
    answer = assistant.ask("hvad er et pipelineprojekt i snit på?")
    assert answer.source == "portfolio", answer.text[:300]
    pipeline = rows(assistant, "pipeline")
    total = sum((amount(r) for r in pipeline), Decimal(0))
    assert f"{danish(total)} / {len(pipeline)} " in answer.text, answer.text


def test_efter_type_is_a_breakdown(assistant: Assistant) -> None:
    answer = assistant.ask("Opdel alle partnerskaber efter type")
    assert answer.source == "portfolio", answer.text[:300]
    assert re.search(r"^- investeringspartnerskaber: ", answer.text, re.M), answer.text


def test_a_hyphenated_municipality_written_with_a_space(assistant: Assistant) -> None:
    answer = assistant.ask("Hvilke pipeline-projekter er der i Ikast Brande?")
    assert answer.source == "portfolio", answer.text[:300]
    first = answer.text.split("\n")[0]
    assert "i Ikast-Brande" in first, first


@pytest.mark.parametrize(
    ("first", "then", "check"),
    [
        ("Which is DSI's largest investment?", "and the smallest?", "Smallest investment sum"),
        ("How many investments has DSI made?", "What did they add up to?", "Total investment sum"),
        (
            "Hvad er DSI's andel i Roskilde?",
            "Og den samlede investeringssum?",
            "summen af investeringssummerne",
        ),
    ],
)
def test_a_follow_up_may_change_the_operation(
    assistant: Assistant, first: str, then: str, check: str
) -> None:
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": "…"}]
    answer = assistant.ask(then, history=history)  # type: ignore[arg-type]
    assert answer.source == "portfolio", answer.text[:300]
    assert check in answer.text, answer.text
    if "smallest" in then:
        least = min(rows(assistant), key=amount)
        assert least.name in answer.text


@pytest.mark.parametrize(
    ("question", "part", "whole"),
    [
        ("Hvor mange procent af porteføljen er pipeline?", {"pipeline"}, None),
        (
            "What percent of the money went to development partnerships?",
            {"development partnership"},
            {"investment", "development partnership"},
        ),
    ],
)
def test_a_percentage_of_one_kind_is_of_a_wider_whole(
    assistant: Assistant, question: str, part: set[str], whole: set[str] | None
) -> None:
    answer = assistant.ask(question)
    assert answer.source == "portfolio", answer.text[:300]
    found = re.search(r"(?:Andel|Share): ([\d.,]+) / ([\d.,]+) = ", answer.text)
    assert found, answer.text
    everything = assistant.portfolio()
    wanted = whole or {r.kind for r in everything}
    above = sum((amount(r) for r in everything if r.kind in part), Decimal(0))
    below = sum((amount(r) for r in everything if r.kind in wanted), Decimal(0))
    assert [Decimal(g.replace(",", ".")) for g in found.groups()] == [above, below]
    assert above < below  # never a kind as a percentage of itself


@pytest.mark.parametrize(
    "question",
    [
        "What percentage of the investments failed?",
        "Hvor mange procent af investeringerne mislykkedes?",
    ],
)
def test_a_percentage_whose_part_is_not_understood_is_no_portfolio_answer(
    assistant: Assistant, question: str
) -> None:
    # No row says which investments failed: the part would be the whole, 100 % by
    # construction. The documents do not say either, so the question is refused.
    answer = assistant.ask(question)
    assert answer.source != "portfolio", answer.text[:300]
    assert answer.refused, answer.text[:300]


@pytest.mark.parametrize(
    "question",
    [
        "How many families in Vejle got jobs?",
        "Hvor mange familier i Vejle kom i job?",
        "Hvad er antallet af borgere i Aarhus, der fik en bolig?",
        # a partitive: the counted noun follows "of the" / "af de"
        "How many of the young people in Aarhus got a home?",
        "Hvor mange af de unge i Aarhus fik en bolig?",
    ],
)
def test_a_count_of_something_no_row_is_is_no_portfolio_count(
    assistant: Assistant, question: str
) -> None:
    # The rows are investments; "1 investment partnership in Vejle" counts no families.
    answer = assistant.ask(question)
    assert answer.source != "portfolio", answer.text[:300]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What is the number of development partnerships?", "development partnership"),
        ("Hvor mange investeringspartnerskaber har DSI?", "investment"),
        ("How many different municipalities has DSI invested in?", None),
        # what DSI invested in, by any everyday name, is an investment
        ("Hvor mange indsatser har DSI investeret i?", None),
        ("How many initiatives has DSI invested in?", None),
        # a Danish compound is a kind of its last part ("projekter", "partnere")
        ("Hvor mange investeringsprojekter har DSI i Aarhus?", None),
        ("Hvor mange samarbejdspartnere har DSI i Aarhus?", None),
        ("How many of the investments are in Aarhus?", None),
        ("How many of DSI's investments are in Aarhus?", None),
        ("Hvor mange af DSI's investeringer er i Aarhus?", None),
        # a partitive of a pronoun points back to what was counted
        ("Hvor mange af dem ligger i Aarhus?", None),
        ("Hvor mange af disse ligger i Aarhus?", None),
    ],
)
def test_a_count_of_rows_or_of_a_field_stays_a_portfolio_count(
    assistant: Assistant, question: str, kind: str | None
) -> None:
    answer = assistant.ask(question)
    assert answer.source == "portfolio", answer.text[:300]
    if kind:
        n = len(rows(assistant, kind))
        assert re.search(rf"\({n} (?:rows|rækker)\)", answer.text), answer.text[:300]


def kinds_total(assistant: Assistant, kinds: set[str]) -> Decimal:
    return sum((amount(r) for r in assistant.portfolio() if r.kind in kinds), Decimal(0))


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("What are investments and pipeline together worth?", {"investment", "pipeline"}),
        ("Hvor meget er der investeret i alt med pipelinen?", {"investment", "pipeline"}),
        (
            "Hvor meget er investeret i alt, hvis udviklingspartnerskaberne tælles med?",
            {"investment", "development partnership"},
        ),
        (
            "Hvad er den samlede investeringssum inkl. udviklings- og rådgivningspartnerskaber?",
            {"investment", "development partnership", "advisory partnership"},
        ),
        (
            "How much in total if both development partnerships and the pipeline are included?",
            {"investment", "development partnership", "pipeline"},
        ),
    ],
)
def test_kinds_named_together_are_all_counted(
    assistant: Assistant, question: str, kinds: set[str]
) -> None:
    answer = assistant.ask(question)
    assert answer.source == "portfolio", answer.text[:300]
    n = len([r for r in assistant.portfolio() if r.kind in kinds])
    assert re.search(rf"^(Count|Antal): {n} \(", answer.text, re.M), answer.text
    total = kinds_total(assistant, kinds)
    shown = danish(total) if answer.language == "da" else str(total)
    assert f"= {shown} mio. kr." in answer.text, answer.text


def test_a_kind_and_the_generic_noun_are_no_list(assistant: Assistant) -> None:
    answer = assistant.ask("Which pipeline project is the smallest?")
    least = min(rows(assistant, "pipeline"), key=amount)
    assert answer.source == "portfolio" and least.name in answer.text, answer.text
    assert "among pipeline projects" in answer.text.split("\n")[0]


@pytest.mark.parametrize(
    "question",
    [
        "How is the pipeline split by area?",
        "Hvordan fordeler pipelinen sig på indsatsområder?",
        "Opdel investeringerne inkl. udviklingspartnerskaberne efter kommune",
        "For each partnership type, how much money is involved?",
    ],
)
def test_more_ways_of_asking_for_a_breakdown(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.source == "portfolio", answer.text[:300]
    assert re.search(r"(Fordelt på|Broken down into) \d+", answer.text), answer.text


@pytest.mark.parametrize(
    ("then", "kinds"),
    [
        ("and by municipality?", {"pipeline"}),  # a breakdown of the rows asked about
        ("hvad med udviklingspartnerskaberne?", {"development partnership"}),  # names a kind
        ("and plus the development partnerships?", {"pipeline", "development partnership"}),
    ],
)
def test_a_follow_up_keeps_names_or_adds_kinds(
    assistant: Assistant, then: str, kinds: set[str]
) -> None:
    history = [
        {"role": "user", "content": "What's the total value of the pipeline?"},
        {"role": "assistant", "content": "…"},
    ]
    answer = assistant.ask(then, history=history)  # type: ignore[arg-type]
    assert answer.source == "portfolio", answer.text[:300]
    n = len([r for r in assistant.portfolio() if r.kind in kinds])
    assert re.search(rf"^(Count|Antal): {n} \(", answer.text, re.M), answer.text


# --- English do-support: the verb is no topic ----------------------------------------------


@pytest.mark.parametrize(
    ("question", "verb"),
    [
        ("How many new investments did the fund start in 2024?", "start"),
        ("Which projects did DSI start in 2024?", "start"),
        ("What did the fund pay for in Horsens?", "pay"),
        ("How many did they start?", "start"),
        # no subject before it, a name, or no preposition after it: no verb taken
        ("How much did diabetes in Næstved cost?", None),
        ("How much does Housing First cost?", None),
        ("How many families did the Vejle project help?", None),
        ("Hvor mange investeringer startede i 2024?", None),
    ],
)
def test_the_verb_after_do_and_its_subject_is_found(question: str, verb: str | None) -> None:
    found = DO_VERB.search(question)
    assert (found.group("verb") if found else None) == verb


def test_an_english_verb_spelled_like_a_row_word_does_not_filter_the_rows(
    whole_library: Assistant,
) -> None:
    # "start" is also Danish, and a row of the fixture annual report is called "Sund start
    # for borgere med type-2-diabetes": the English question counted that one row.
    danish_answer = whole_library.ask("Hvor mange nye investeringer igangsatte fonden i 2024?")
    english = whole_library.ask("How many new investments did the fund start in 2024?")
    rows = len(TABLE_ROWS)  # the report's table of the year's new investments
    assert f"({rows} rækker)" in danish_answer.text, danish_answer.text
    assert f"({rows} rows)" in english.text, english.text
