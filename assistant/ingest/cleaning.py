"""Cleanup of PDF-extraction artefacts: blocks, page breaks, hyphenation, repeated headers.

The shipped corpus is a raw PDF extraction: words hyphenated across line breaks, page
breaks as runs of blank lines, table headers repeated on every page, and bullet glyphs from
a private-use font. This module turns such text into ``Block``s (paragraphs) with those
artefacts removed. It deliberately does not de-interleave two-column layouts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A heading that opens a new page often follows the last line with no blank line between.
HEADING_START = re.compile(r"^\s*(?:Bilag|Model|Tabel)\s+\d+\s*:")
FULL_LINE = 60  # a line this long runs to the margin: no heading, no short last line
PAGE_BREAK_BLANKS = 3  # a paragraph gap is one blank line; a page break leaves 3 or more
# Prefixes that Danish always writes with a hyphen, so a line-end hyphen after them is real.
HYPHEN_PREFIXES = frozenset({"ikke", "non", "ex", "co", "anti"})
CONJUNCTIONS = frozenset({"og", "eller", "samt", "som", "and", "or"})
_GLYPHS = {"\uf0b7": "•", "\uf0a7": "•", "\u00ad": "", "\ufb01": "fi", "\ufb02": "fl"}


@dataclass(frozen=True)
class Block:
    """A paragraph of raw lines, with where it stands in the source."""

    lines: tuple[str, ...]
    start: int  # character offset of the first line in the source text
    page_break_before: bool

    @property
    def first(self) -> str:
        """The first line, stripped."""
        return self.lines[0].strip()


def normalise(text: str) -> str:
    """Replace private-use glyphs, soft hyphens and ligatures; strip trailing spaces."""
    for glyph, plain in _GLYPHS.items():
        text = text.replace(glyph, plain)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def blocks(text: str) -> list[Block]:
    """Split normalised text into blocks, dropping page-break noise and repeated headers."""
    raw = _drop_repeated_headers(_raw_blocks(text))
    return _mend_split_words(raw)


def _mend_split_words(items: list[Block]) -> list[Block]:
    """Rejoin a paragraph that a stray blank line cut inside a word or a sentence."""
    out: list[Block] = []
    for block in items:
        prev = out[-1] if out else None
        if prev and not block.page_break_before and _cut_word(prev.lines[-1], block.lines[0]):
            out[-1] = Block(prev.lines + block.lines, prev.start, prev.page_break_before)
        else:
            out.append(block)
    return out


def _cut_word(last: str, first: str) -> bool:
    """Whether a blank line cut a paragraph inside a word ("pas-" / "ser") or inside a
    sentence (a full line that ends in a comma or a letter, then one that goes on in
    lower case: "… for sociale investeringer," / "er der behov for …")."""
    last, first = last.rstrip(), first.strip()
    if len(last) <= FULL_LINE or not first[:1].islower():
        return False
    return (last.endswith("-") and last[-2:-1].isalpha()) or last[-1:] == "," or last[-1:].isalpha()


def _raw_blocks(text: str) -> list[Block]:
    out: list[Block] = []
    current: list[str] = []
    start = offset = blanks = 0
    pending_break = False
    for line in text.split("\n"):
        if line.strip() and current and HEADING_START.match(line):
            out.append(Block(tuple(current), start, pending_break))
            current, pending_break = [], False
        if line.strip():
            if not current:
                start = offset
                pending_break = pending_break or blanks >= PAGE_BREAK_BLANKS or "\f" in line
            current.append(line.replace("\f", ""))
            blanks = 0
        else:
            if current:
                out.append(Block(tuple(current), start, pending_break))
                current, pending_break = [], False
            blanks += 1
        offset += len(line) + 1
    if current:
        out.append(Block(tuple(current), start, pending_break))
    return out


def _drop_repeated_headers(raw: list[Block]) -> list[Block]:
    """Drop blocks that repeat an earlier block right after a page break (running headers)."""
    seen: set[str] = set()
    out: list[Block] = []
    carry_break = False
    for block in raw:
        key = " ".join(block.lines).strip()
        after_break = block.page_break_before or carry_break
        if after_break and key in seen and len(key) < 120:
            carry_break = True  # the next kept block still starts a new page
            continue
        seen.add(key)
        if carry_break and not block.page_break_before:
            block = Block(block.lines, block.start, True)
        carry_break = False
        out.append(block)
    return out


def join_lines(lines: list[str] | tuple[str, ...], vocabulary: set[str] | None = None) -> str:
    """Join wrapped lines into one paragraph, undoing hyphenation at line ends."""
    text = ""
    for line in lines:
        part = " ".join(line.split())
        if not part:
            continue
        text = _join_two(text, part, vocabulary) if text else part
    return text


def _join_two(left: str, right: str, vocabulary: set[str] | None) -> str:
    if not (left.endswith("-") and len(left) > 1 and left[-2].isalnum()):
        return f"{left} {right}"
    stem = re.split(r"[\s(/]", left[:-1])[-1]
    nxt = right.split(" ", 1)[0]
    if _real_hyphen(stem, nxt, vocabulary):
        sep = " " if nxt.lower() in CONJUNCTIONS else ""
        return f"{left}{sep}{right}"
    return f"{left[:-1]}{right}"


def _real_hyphen(stem: str, nxt: str, vocabulary: set[str] | None) -> bool:
    """Decide whether ``stem-`` + ``nxt`` was a real hyphen rather than a syllable break."""
    if not nxt or nxt[0].isdigit() or nxt.lower() in CONJUNCTIONS:
        return True  # "type-2", "social- og beskæftigelsesforvaltningen"
    if stem[-1:].isupper() or stem[-1:].isdigit() or nxt[0].isupper():
        return True  # "DSI-investering", "2-diabetes", "First-Tilgang"
    if stem.lower() in HYPHEN_PREFIXES:
        return True
    if vocabulary:
        word = re.sub(r"\W+$", "", nxt)
        return f"{stem}-{word}".lower() in vocabulary and f"{stem}{word}".lower() not in vocabulary
    return False


def hyphen_vocabulary(text: str) -> set[str]:
    """Words as written inside lines; tells real compounds ("a-b") from syllable breaks."""
    words: set[str] = set()
    for line in text.split("\n"):
        for token in re.findall(
            r"[\w’'-]+", line.rstrip()[:-1] if line.rstrip().endswith("-") else line
        ):
            words.add(token.lower())
    return words
