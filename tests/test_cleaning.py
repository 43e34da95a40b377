from assistant.ingest.cleaning import blocks, hyphen_vocabulary, join_lines, normalise
from assistant.ingest.sentences import sentence_pieces, split_sentences


def test_joins_hyphenation_across_lines() -> None:
    assert (
        join_lines(["Bekæmpelse af ung-", "domshjemløshed i"])
        == "Bekæmpelse af ungdomshjemløshed i"
    )


def test_keeps_real_hyphens() -> None:
    assert (
        join_lines(["senkomplikationer fra", "type-2 diabetes"])
        == "senkomplikationer fra type-2 diabetes"
    )
    assert join_lines(["forebyggelse af type-", "2 diabetes"]) == "forebyggelse af type-2 diabetes"
    assert join_lines(["på tværs af social-", "og beskæftigelsesforvaltningen"]) == (
        "på tværs af social- og beskæftigelsesforvaltningen"
    )
    assert join_lines(["mange ikke-", "vestlige indvandrere"]) == "mange ikke-vestlige indvandrere"


def test_vocabulary_keeps_compounds_seen_elsewhere() -> None:
    text = "udbreder Housing First-tilgangen i dag\nat udbrede Housing First-\ntilgangen til alle"
    vocab = hyphen_vocabulary(text)
    assert (
        join_lines(["at udbrede Housing First-", "tilgangen"], vocab)
        == "at udbrede Housing First-tilgangen"
    )


def test_page_breaks_and_repeated_headers_are_dropped() -> None:
    text = "Header A\n\nrow one\n\n\n\n \n\nHeader A\n\nrow two"
    items = blocks(normalise(text))
    assert [b.first for b in items] == ["Header A", "row one", "row two"]
    assert items[2].page_break_before


def test_bullet_glyphs_are_normalised() -> None:
    assert normalise("\uf0b7 Fremme") == "• Fremme"


def test_danish_abbreviations_do_not_end_sentences() -> None:
    text = "DSI har bl.a. investeret 23,2 mio. kr. i Aarhus. Det er fx et godt eksempel. Ca. 8 pct. fik tilbuddet."
    assert split_sentences(text) == [
        "DSI har bl.a. investeret 23,2 mio. kr. i Aarhus.",
        "Det er fx et godt eksempel.",
        "Ca. 8 pct. fik tilbuddet.",
    ]


def test_sentence_pieces_rebuild_the_text() -> None:
    text = "Første sætning. Anden sætning  med mellemrum.\nTredje."
    assert "".join(sentence_pieces(text)) == text


LONG = "4. Fremme ekspertise: Hvis der skal skabes et stærkt marked for sociale investeringer,"


def test_a_blank_line_inside_a_sentence_does_not_split_the_paragraph() -> None:
    text = f"{LONG}\n\ner der behov for aktører, der kan bidrage. Fx rådgivere.\n"
    assert [b.lines for b in blocks(text)] == [
        (LONG, "er der behov for aktører, der kan bidrage. Fx rådgivere.")
    ]


def test_a_blank_line_after_a_heading_or_a_finished_sentence_still_splits() -> None:
    short = "Fremme ekspertise,"  # a short line: a heading, not a line run to the margin
    done = LONG.removesuffix(",") + "."
    for first in (short, done):
        assert len(blocks(f"{first}\n\nog så videre i et nyt afsnit.\n")) == 2, first
    # A capital after the blank line starts a new paragraph, whatever came before.
    assert len(blocks(f"{LONG}\n\nDer er behov for aktører.\n")) == 2
