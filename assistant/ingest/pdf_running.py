"""A PDF's running titles and page numbers, found among its lines (plain records, see
``pdf_layout.Line``) so that the reader can drop them: a line in the top or bottom margin
whose text (digits aside) recurs on half the pages, a page number ("Side 3 af 12"), or a
chapter's running title whose number runs with the page ("Kapitel 2: Metode 14" on page 16).
"""

from __future__ import annotations

import re
from collections import Counter

from assistant.ingest.pdf_layout import Line, norm

MARGIN = 0.12  # the top and bottom share of a page where running titles live
# A page number in Danish or English: "3", "Side 3", "Page 3 of 9", "s. 3", "3/9".
PAGE_NUMBER = re.compile(r"^((side|page|s\.)\s*)?\d+(\s*(af|of|/)\s*\d+)?$", re.IGNORECASE)


def running_lines(lines: list[Line]) -> set[int]:
    """ids of the lines that are running titles and page numbers: in a page's top or
    bottom margin, with the same text (digits aside) on at least half the pages, or on two
    or more when led or ended by a number that runs with the page, as a chapter's running
    title does ("Kapitel 2: Metode 14" on page 16; the number runs on three pages or more)."""
    pages = {line.page for line in lines}
    margin = [
        line
        for line in lines
        if line.top < MARGIN * line.page_height or line.bottom > (1 - MARGIN) * line.page_height
    ]

    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", norm(line.text))

    def offset(line: Line) -> int | None:
        found = re.match(r"^(\d{1,4})\b", line.text) or re.search(r"\b(\d{1,4})$", line.text)
        return int(found.group(1)) - line.page if found else None

    on_pages: dict[str, set[int]] = {}
    by_offset: dict[int, set[int]] = {}
    sizes: dict[str, Counter[float]] = {}
    for line in margin:
        on_pages.setdefault(key(line), set()).add(line.page)
        sizes.setdefault(key(line), Counter())[line.size] += 1
        shift = offset(line)
        if shift is not None:
            by_offset.setdefault(shift, set()).add(line.page)
    repeated = {k for k, ps in on_pages.items() if len(ps) >= 2 and len(ps) >= len(pages) / 2}
    numbering = {shift for shift, ps in by_offset.items() if len(ps) >= 3}

    def running(line: Line) -> bool:
        k = key(line)
        if line.size > sizes[k].most_common(1)[0][0] + 1:
            return False  # the title on page 1, set big, that the running title repeats
        return (
            k in repeated
            or bool(PAGE_NUMBER.match(line.text))
            or (len(on_pages[k]) >= 2 and offset(line) in numbering)
        )

    return {id(line) for line in margin if running(line)}


__all__ = ["running_lines"]
