"""Follow-up questions: resolve them against the conversation, keep its language.

No LLM is needed: a question that leans on an earlier turn (a pronoun, no subject of its
own, very short) is searched together with the previous user question, so "Who are the
partners?" after a turn about Brøndby searches for Brøndby's partners. The answer keeps
the language of the question, or of the conversation when the question gives no signal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypedDict

from assistant.lang.detect import detect


class Turn(TypedDict):
    """One message, as chat UIs and the ``--jsonl`` contract send it."""

    role: str
    content: str


ANAPHORA = frozenset(
    [
        "it",
        "its",
        "they",
        "them",
        "their",
        "those",
        "these",
        "that",
        "this",
        "he",
        "she",
        "his",
        "her",
        "there",
        "den",
        "det",
        "de",
        "dem",
        "deres",
        "dens",
        "dets",
        "denne",
        "dette",
        "disse",
        "der",
        "dér",
        "her",
        "hans",
        "hendes",
    ]
)
FOLLOW_UP_OPENERS = ("and ", "what about", "how about", "og ", "hvad med", "hvad så med", "også")
SHORT_QUESTION_WORDS = 7


def user_turns(history: Sequence[Turn] | None) -> list[str]:
    """The user's earlier questions, oldest first."""
    return [t["content"] for t in history or [] if t.get("role") == "user" and t.get("content")]


def is_follow_up(question: str, has_subject: bool) -> bool:
    """Whether ``question`` needs the conversation to be understood."""
    words = re.findall(r"\w+", question.lower())
    if question.lower().startswith(FOLLOW_UP_OPENERS):
        return True
    if any(w in ANAPHORA for w in words) and not has_subject:
        return True
    return len(words) <= SHORT_QUESTION_WORDS and not has_subject


def condense(question: str, history: Sequence[Turn] | None, has_subject: bool) -> str:
    """The search query: the question, plus the previous question when it is a follow-up."""
    previous = user_turns(history)
    if previous and is_follow_up(question, has_subject):
        return f"{previous[-1]} {question}"
    return question


def answer_language(question: str, history: Sequence[Turn] | None) -> str:
    """The question's language, else the conversation's, else Danish."""
    found = detect(question)
    if found:
        return found
    for text in reversed(user_turns(history)):
        found = detect(text)
        if found:
            return found
    return "da"
