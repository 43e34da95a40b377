"""Citations: one number per passage, in order of first use, only for words it holds."""

from __future__ import annotations

from assistant.types import Citation, Hit


def citation(n: int, hit: Hit, quote: str) -> Citation:
    """The citation ``[n]`` for one passage, quoting ``quote`` from it."""
    chunk = hit.chunk
    return Citation(
        n=n,
        doc=chunk.doc_id,
        title=chunk.meta.get("title", chunk.doc_id),
        section=chunk.section,
        page=chunk.page_of(quote),
        text=chunk.text,
        quote=quote,
        chunk_id=chunk.id,
    )


class Numbering:
    """Numbers passages as quotes are added: one passage, one number."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self.citations: list[Citation] = []

    def number(self, hit: Hit, quote: str) -> int | None:
        """The number of ``hit``'s passage, or None when it does not contain ``quote``
        (never cite a passage for words it does not hold)."""
        chunk = hit.chunk
        if quote not in chunk.text:
            return None
        if chunk.id not in self._numbers:
            self._numbers[chunk.id] = len(self._numbers) + 1
            self.citations.append(citation(self._numbers[chunk.id], hit, quote))
        return self._numbers[chunk.id]
