"""Sentence splitting with the documents' language rules; the only home of NLTK.

llama-index's default splitter uses English punkt, which ends sentences after "bl.a.",
"fx", "kr." and "mio.". NLTK's punkt model for the language knows most of these, and the
language pack adds the abbreviations it may not know. The models ship inside llama-index
(``_static/nltk_cache``), so nothing is downloaded. Only NLTK's public API is used: the
model's parameters are loaded, extended, and given to a ``PunktSentenceTokenizer``.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from nltk.data import find
from nltk.data import path as nltk_path
from nltk.tokenize.punkt import PunktSentenceTokenizer, load_punkt_params

from assistant.lang import DOCUMENTS, LanguagePack


def _bundled_models() -> str:
    import llama_index.core

    return os.path.join(os.path.dirname(llama_index.core.__file__), "_static", "nltk_cache")


def _punkt(pack: LanguagePack) -> PunktSentenceTokenizer:
    return _tokenizer(pack.punkt, pack.abbreviations)


@lru_cache(maxsize=4)
def _tokenizer(model: str, abbreviations: tuple[str, ...]) -> PunktSentenceTokenizer:
    cache = _bundled_models()
    if cache not in nltk_path:
        nltk_path.insert(0, cache)
    params = load_punkt_params(find(f"tokenizers/punkt_tab/{model}/"))
    params.abbrev_types.update(abbreviations)
    return PunktSentenceTokenizer(params)


def sentence_pieces(text: str, pack: LanguagePack = DOCUMENTS) -> list[str]:
    """Sentences with their trailing whitespace, so that joining them gives ``text`` back.

    This is the form llama-index's ``SentenceSplitter`` expects from its sentence tokenizer.
    """
    spans = list(_punkt(pack).span_tokenize(text))
    if not spans:
        return [text] if text else []
    starts = [0] + [start for start, _ in spans[1:]]
    ends = [*starts[1:], len(text)]
    return [text[s:e] for s, e in zip(starts, ends, strict=True)]


def split_sentences(text: str, pack: LanguagePack = DOCUMENTS) -> list[str]:
    """Sentences of ``text`` as exact substrings, split on the language's rules."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        if paragraph.strip():
            out.extend(s.strip() for s in _punkt(pack).tokenize(paragraph) if s.strip())
    return out
