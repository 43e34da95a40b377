"""How common a word is in a whole language: the only home of ``wordfreq``.

wordfreq's lists are counted per language over Wikipedia, subtitles, news, books, web
text and social media (its documentation lists the sources): a general source, read
here, not words taken from the corpus or the evaluation questions.
"""

from __future__ import annotations

from functools import lru_cache

from wordfreq import top_n_list, zipf_frequency


@lru_cache(maxsize=4)
def common_words(language: str, n: int, min_chars: int, skip: frozenset[str]) -> tuple[str, ...]:
    """The ``n`` most frequent words of ``language`` (a wordfreq code: "en", "da") of at
    least ``min_chars`` letters, those in ``skip`` (function words) left out."""
    out: list[str] = []
    for word in top_n_list(language, n * 4):
        if len(out) == n:
            break
        if word.isalpha() and len(word) >= min_chars and word not in skip:
            out.append(word)
    return tuple(out)


def commoner_in(word: str, language: str, than: str) -> float:
    """How much more common ``word`` is in ``language`` than in ``than``, in Zipf units
    (1 = ten times as common; a word a list lacks counts as never used there)."""
    return zipf(word, language) - zipf(word, than)


def zipf(word: str, language: str) -> float:
    """How common ``word`` is in ``language``, in Zipf units (3 = once per million words;
    0 = not in the list)."""
    return float(zipf_frequency(word, language))
