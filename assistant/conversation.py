"""Follow-up questions: resolve them against the conversation, keep its language.

No LLM is needed: a question that leans on an earlier turn (a pronoun, no subject of its
own, very short) is searched together with the previous user question, so "Who are the
partners?" after a turn about Brøndby searches for Brøndby's partners. The answer keeps
the language of the question, or of the conversation when the question gives no signal.
The pronouns and openers come from the language packs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

from assistant.lang import DEFAULT, PACKS, detect, words


class Turn(TypedDict):
    """One message, as chat UIs and the ``--jsonl`` contract send it."""

    role: str
    content: str


ANAPHORA = frozenset().union(*(p.anaphora for p in PACKS.values()))
FOLLOW_UP_OPENERS = tuple(o for p in PACKS.values() for o in p.follow_up_openers)
SHORT_QUESTION_WORDS = 7  # a question this short rarely names its own subject


def user_turns(history: Sequence[Turn] | None) -> list[str]:
    """The user's earlier questions, oldest first."""
    return [t["content"] for t in history or [] if t.get("role") == "user" and t.get("content")]


def elliptical(question: str) -> bool:
    """Whether the question opens as a follow-up does ("and …", "hvad med …")."""
    return question.strip().lower().startswith(FOLLOW_UP_OPENERS)


def is_follow_up(question: str, has_subject: bool) -> bool:
    """Whether ``question`` needs the conversation to be understood."""
    tokens = words(question)
    if elliptical(question):
        return True
    if any(w in ANAPHORA for w in tokens) and not has_subject:
        return True
    return len(tokens) <= SHORT_QUESTION_WORDS and not has_subject


def previous_question(question: str, history: Sequence[Turn] | None, has_subject: bool) -> str:
    """The earlier question a follow-up leans on; "" when it stands alone."""
    previous = user_turns(history)
    return previous[-1] if previous and is_follow_up(question, has_subject) else ""


def answer_language(question: str, history: Sequence[Turn] | None) -> str:
    """The question's language, else the conversation's, else the default (Danish)."""
    found = detect(question)
    if found:
        return found
    for text in reversed(user_turns(history)):
        found = detect(text)
        if found:
            return found
    return DEFAULT.code
