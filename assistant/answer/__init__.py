"""Answerers: from an understood question and its passages to a cited ``Answer``.

``Answerer`` is the interface the pipeline calls. The extractive answerer (quotes the
best sentences, no LLM) is the default; the portfolio answerer computes answers from
the portfolio rows; an LLM answerer can be added beside them without touching the
pipeline.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

from assistant.query import Query
from assistant.types import Answer, Hit


class Answerer(Protocol):
    """Turns a question and its retrieved passages into an answer (or a refusal)."""

    def stream(self, query: Query, hits: Sequence[Hit]) -> Iterator[Answer]:
        """The answer as it grows, one sentence at a time: each item a whole answer so
        far with the citations it uses; the last one is the complete answer."""
        ...

    def answer(self, query: Query, hits: Sequence[Hit]) -> Answer:
        """The complete answer."""
        ...


@runtime_checkable
class Explainer(Protocol):
    """An answerer that can also put a computed (portfolio) answer in plain words."""

    def explain(self, query: Query, computed: Answer) -> Iterator[Answer]:
        """The computed answer explained, every figure from the computation; the
        computed answer itself when that fails."""
        ...


def last(answers: Iterator[Answer]) -> Answer:
    """The complete answer of a stream."""
    final: Answer | None = None
    for final in answers:  # noqa: B007 - the last item is the answer
        pass
    if final is None:
        raise ValueError("an answerer's stream yielded nothing")
    return final
