"""The evaluation's check that a computed answer's figures stand in its citations."""

from __future__ import annotations

from assistant.evaluation import figures_supported
from assistant.types import Answer, Citation


def answer(text: str, *rows: str) -> Answer:
    cites = tuple(
        Citation(i + 1, "d", "t", "s", None, row, row, f"c{i}") for i, row in enumerate(rows)
    )
    return Answer(text=text, citations=cites, refused=False, language="en", source="portfolio")


ROW_A = "Investeringspartnerskab: A. Investeringssum: 23,2 mio. kr."
ROW_B = "Investeringspartnerskab: B. Investeringssum: 4,8 mio. kr."
GOOD = "- A: 23.2 mio. kr. [1]\n- B: 4.8 mio. kr. [2]\n\nTotal: 23.2 + 4.8 = 28.0 mio. kr."


def test_figures_that_stand_in_their_rows_pass() -> None:
    assert figures_supported(answer(GOOD, ROW_A, ROW_B))


def test_a_row_line_citing_the_wrong_row_fails() -> None:
    swapped = GOOD.replace("[1]", "[x]").replace("[2]", "[1]").replace("[x]", "[2]")
    assert not figures_supported(answer(swapped, ROW_A, ROW_B))


def test_a_sum_operand_no_row_states_fails() -> None:
    wrong = GOOD.replace("23.2 + 4.8 = 28.0", "23.3 + 4.8 = 28.1")
    assert not figures_supported(answer(wrong, ROW_A, ROW_B))


def test_no_citations_fails() -> None:
    assert not figures_supported(answer("Total: 28.0 mio. kr."))
