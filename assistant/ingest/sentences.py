"""Danish sentence splitting.

llama-index's default splitter uses English punkt, which ends sentences after "bl.a.",
"fx", "kr." and "mio.". NLTK's Danish punkt model knows these abbreviations; its data
ships inside llama-index (``_static/nltk_cache``), so nothing is downloaded.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any

# Abbreviations common in Danish public documents that punkt's model may not know.
EXTRA_ABBREVIATIONS = (
    "bl.a",
    "fx",
    "f.eks",
    "kr",
    "mio",
    "mia",
    "pct",
    "ca",
    "jf",
    "mv",
    "hhv",
    "ifm",
    "inkl",
    "evt",
    "nr",
    "stk",
    "vedr",
    "dvs",
    "mht",
    "ift",
)


@lru_cache(maxsize=1)
def _punkt() -> Any:
    import llama_index.core
    import nltk
    from nltk.tokenize import PunktTokenizer

    cache = os.path.join(os.path.dirname(llama_index.core.__file__), "_static", "nltk_cache")
    if cache not in nltk.data.path:
        nltk.data.path.insert(0, cache)
    tokenizer = PunktTokenizer("danish")
    tokenizer._params.abbrev_types.update(EXTRA_ABBREVIATIONS)
    return tokenizer


def sentence_pieces(text: str) -> list[str]:
    """Sentences with their trailing whitespace, so that joining them gives ``text`` back.

    This is the form llama-index's ``SentenceSplitter`` expects from its sentence tokenizer.
    """
    spans = list(_punkt().span_tokenize(text))
    if not spans:
        return [text] if text else []
    starts = [0] + [start for start, _ in spans[1:]]
    ends = [*starts[1:], len(text)]
    return [text[s:e] for s, e in zip(starts, ends, strict=True)]


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` as exact substrings, split on Danish punctuation rules."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        if paragraph.strip():
            out.extend(s.strip() for s in _punkt().tokenize(paragraph) if s.strip())
    return out
