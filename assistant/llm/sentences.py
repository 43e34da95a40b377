"""Generated text -> whole sentences, as soon as each is complete.

A sentence ends at ".", "!" or "?" (with the [n] markers that follow it) before
whitespace and a capital letter, a bullet or a quote, or at a line break. "mio. kr.",
"fx. at" and "ca. 14" / "pr. 2021" go on: a lower-case word or a number follows. A sentence is only given once what
follows it has arrived, so that markers after the full stop stay with their sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

END = re.compile(r"(?<=[.!?])((?:\s*\[\d+(?:\s*,\s*\d+)*\])*)(?=\s+[A-ZÆØÅ\-•*\"«(])|\n+")
BULLET = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s+")


def split(deltas: Iterable[str]) -> Iterator[str]:
    """The sentences of the text that ``deltas`` add up to, each when it is complete."""
    buffer = ""
    for delta in deltas:
        buffer += delta
        while True:
            match = END.search(buffer)
            if match is None or match.end() >= len(buffer):
                break
            sentence, buffer = buffer[: match.end()], buffer[match.end() :]
            if clean(sentence):
                yield clean(sentence)
    if clean(buffer):
        yield clean(buffer)


def clean(sentence: str) -> str:
    """A sentence without surrounding space or list bullet."""
    return BULLET.sub("", sentence.strip()).strip()
