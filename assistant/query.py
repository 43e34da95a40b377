"""Query: everything known about a question, worked out once at the start of ``ask``.

Checking comes first (empty, too long, not Unicode, a malformed or oversized history),
then understanding: the answer language, whether it follows up an earlier turn, its
key terms weighted by how rare they are in the documents, the kind of answer it asks
for, and the names it mentions that no document does. Every later stage reads the
``Query``; none parses the question string again.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from assistant.config import Settings
from assistant.conversation import Turn, answer_language, previous_question
from assistant.errors import BadQuestion
from assistant.lang import DOCUMENTS, NAME_WORD, STOPWORDS, answer_type, words
from assistant.lang import expand_for_keywords as expand
from assistant.lang import translations as glossary

COMMON_DF = 0.3  # terms in more than this share of chunks say little about relevance
SUBJECT_DF = 0.1  # a term this rare names a specific subject (a place, a partner, a topic)
# Capitalised words that are no names: the pronoun "I", language names, greetings.
NOT_NAMES = frozenset(
    {"i", "english", "danish", "dansk", "engelsk", "please", "ok", "hi", "hej", "tak"}
)


class Vocabulary(Protocol):
    """What understanding needs to know about the documents' words (the keyword index)."""

    def knows(self, stem: str) -> bool:
        """Whether any passage uses the stemmed term."""
        ...

    def doc_freq(self, stem: str) -> float:
        """The share of passages that use the stemmed term."""
        ...


@dataclass(frozen=True)
class Query:
    """A question, understood."""

    text: str  # the question, whitespace normalised
    history: tuple[Turn, ...]
    language: str  # the answer's language: the question's, else the conversation's
    previous: str  # the earlier question this one follows up; "" when it stands alone
    terms: tuple[tuple[str, float], ...]  # stemmed key terms of what is searched -> IDF
    stems: frozenset[str]  # every stemmed word of the question (heading matches)
    wants: str | None  # the kind of answer: "count", "amount", "list", "definition" …
    subjects: tuple[str, ...]  # names and glossary concepts the question mentions
    unknown: tuple[str, ...]  # those of them no document (nor the portfolio) mentions
    doc: str | None = None  # search one document only
    section: str | None = None  # search one section only

    @property
    def condensed(self) -> str:
        """What is searched: the question, after the question it follows up."""
        return f"{self.previous} {self.text}" if self.previous else self.text

    @property
    def weights(self) -> dict[str, float]:
        """The key terms and their IDF weights."""
        return dict(self.terms)

    @property
    def scoped(self) -> bool:
        """Limited to a document or section: a question about the documents."""
        return bool(self.doc or self.section)


def understand(
    question: str,
    history: Sequence[Turn] | None,
    vocabulary: Vocabulary,
    known_names: frozenset[str] = frozenset(),
    doc: str | None = None,
    section: str | None = None,
) -> Query:
    """The ``Query`` for a checked question (see ``check``). ``known_names`` are words
    of names that data besides the documents knows (the portfolio's)."""
    turns = tuple(history or ())
    previous = previous_question(question, turns, has_subject(question, vocabulary))
    searched = f"{previous} {question}" if previous else question
    subjects = names(question)
    return Query(
        text=question,
        history=turns,
        language=answer_language(question, turns),
        previous=previous,
        terms=tuple(key_terms(searched, vocabulary).items()),
        stems=frozenset(DOCUMENTS.stems(question)),
        wants=answer_type(question),
        subjects=subjects,
        unknown=tuple(n for n in subjects if not known(n, vocabulary, known_names)),
        doc=doc,
        section=section,
    )


def content_terms(text: str) -> list[str]:
    """Stemmed words of ``text`` (with glossary terms for English words) that are no
    function words of any language."""
    tokens = [w for w in words(expand(text)) if w not in STOPWORDS and len(w) > 1]
    return DOCUMENTS.stem_words(tokens)


def has_subject(question: str, vocabulary: Vocabulary) -> bool:
    """Whether the question names something specific the documents know."""
    return any(specific(t, vocabulary) for t in content_terms(question))


def specific(stem: str, vocabulary: Vocabulary) -> bool:
    """Whether a stemmed term names a particular subject in the documents."""
    return vocabulary.knows(stem) and vocabulary.doc_freq(stem) < SUBJECT_DF


def key_terms(text: str, vocabulary: Vocabulary) -> dict[str, float]:
    """The terms that say which passage answers, each weighted by its rarity (IDF)."""
    dfs = {t: vocabulary.doc_freq(t) for t in content_terms(text) if vocabulary.knows(t)}
    return {t: math.log(1 / max(df, 1e-3)) for t, df in dfs.items() if df < COMMON_DF}


def names(question: str) -> tuple[str, ...]:
    """Names (capitalised words not first in a sentence, acronyms) and glossary concepts
    (lower-case English words the glossary translates) that the question mentions."""
    found: list[str] = []
    for first, word in _words_with_position(question):
        name = re.sub(r"(?i)['’]s$", "", word)
        concept = bool(glossary(name)) and name.islower()
        if name.lower() in NOT_NAMES or not (concept or _looks_like_name(name, first)):
            continue
        found.append(name)
    return tuple(found)


def known(word: str, vocabulary: Vocabulary, known_names: frozenset[str]) -> bool:
    """Whether the documents use ``word``, its parts, or a Danish translation of it."""
    parts = [p for p in word.split("-") if p] or [word]
    if all(p.lower() in known_names for p in parts):
        return True  # named in the portfolio data
    for part in parts:
        forms = [part.lower(), *glossary(part)]
        if not any(vocabulary.knows(s) for s in DOCUMENTS.stem_words(forms)):
            return False
    return True


def _words_with_position(text: str) -> list[tuple[bool, str]]:
    """Words with a flag for "first in its sentence" (capitalised for grammar, not a name)."""
    out: list[tuple[bool, str]] = []
    for sentence in re.split(r"(?<=[.!?;:])\s+", text):
        tokens = NAME_WORD.findall(sentence)
        out.extend((i == 0, w.strip("-'’")) for i, w in enumerate(tokens))
    return out


def _looks_like_name(word: str, first: bool) -> bool:
    if len(word) < 3 or word.isdigit():
        return False
    if word.isupper():
        return True  # acronyms, even first in the question
    return not first and word[0].isupper()


# -- checking --------------------------------------------------------------------------


def check(question: str, settings: Settings) -> str:
    """The question with its whitespace normalised, or BadQuestion saying what is wrong."""
    if not isinstance(question, str) or not question.strip():
        raise BadQuestion("the question is empty; type a question about DSI")
    if len(question) > settings.max_question_chars:
        raise BadQuestion(
            f"the question is {len(question):,} characters; the limit is "
            f"{settings.max_question_chars:,}. Shorten it to the question itself."
        )
    _require_utf8(question, "the question")
    return " ".join(question.split())


def check_history(history: Sequence[Turn] | None, settings: Settings) -> list[Turn]:
    """The conversation so far, refused when it is malformed or over the limits: every
    turn is searched and language-checked, so an unbounded history stalls everyone."""
    if history is not None and not isinstance(history, (list, tuple)):
        raise BadQuestion("the history must be a list of {'role', 'content'} turns")
    turns = list(history or [])
    limit, chars = settings.max_history_turns, settings.max_history_chars
    if len(turns) > limit:
        raise BadQuestion(
            f"the history has {len(turns):,} turns; the limit is {limit:,}. "
            "Send only the most recent turns."
        )
    if not all(_is_turn(t) for t in turns):
        raise BadQuestion("each history turn must be {'role': '...', 'content': '...'}")
    total = sum(len(t["content"]) for t in turns)
    if total > chars:
        raise BadQuestion(
            f"the history holds {total:,} characters; the limit is {chars:,}. "
            "Send only the most recent turns, or shorten them."
        )
    for turn in turns:
        _require_utf8(turn["content"], "the history")
        if turn.get("role") == "user" and len(turn["content"]) > settings.max_question_chars:
            raise BadQuestion(
                f"an earlier question in the history is over the "
                f"{settings.max_question_chars:,}-character limit for questions"
            )
    return turns


def _is_turn(value: object) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("role"), str)
        and isinstance(value.get("content"), str)
    )


def _require_utf8(text: str, what: str) -> None:
    """Refuse text that is not valid Unicode (a lone surrogate from a broken client)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadQuestion(
            f"{what} holds characters that are not valid Unicode ({exc.reason}); "
            "send it as UTF-8 text"
        ) from exc
