"""Refusals: say plainly that the knowledge base does not answer, and show what is near.

A question that names something the documents never mention (a place, an organisation)
is refused with that name; otherwise the refusal is general. Either way the nearest
passages are offered as closest matches, never as an answer.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from assistant.answer.citations import citation
from assistant.lang import pack
from assistant.types import Answer, Hit

CLOSEST = 3  # nearest passages offered with a refusal


def refusal(
    language: str, hits: Sequence[Hit], unknown: tuple[str, ...] = (), missing_what: str = ""
) -> Answer:
    """A refusal in the question's language, offering the nearest passages. It names
    what is missing: a name no document mentions, or the kind of fact no quote states
    ("a date", "an amount"); it never quotes the question back otherwise."""
    templates = pack(language).templates
    if unknown:
        terms = ", ".join(f"“{safe_term(t)}”" for t in unknown)
        text = templates["unknown"].format(terms=terms)
    elif missing_what:
        text = templates["missing"].format(what=templates[f"missing_{missing_what}"])
    else:
        text = templates["refusal"]
    closest = tuple(
        citation(i + 1, h, h.chunk.sentences[0] if h.chunk.sentences else "")
        for i, h in enumerate(hits[:CLOSEST])
    )
    if closest:
        text = f"{text} {templates['closest']}"
    return Answer(text=text, citations=(), refused=True, language=language, closest=closest)


def safe_term(term: str) -> str:
    """A word from the question, made inert for echoing back."""
    return html.escape(re.sub(r"[<>\"'`]", "", term))[:60]
