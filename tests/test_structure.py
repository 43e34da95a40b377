"""Every format keeps its structure: one parametrised test per property over the four
fixture documents of tests/fixtures (a DOCX contract, a PDF annual report, a Markdown case
and an HTML FAQ page), loaded with ``load`` and chunked with ``chunk_document``.

Per document: the title; the section of known sentences; the page of known sentences and
rows (PDF); every table row as exactly one ``table_row`` chunk carrying "Header: value" for
each non-empty cell, in the table's section; no heading, header, page furniture or other
text in a row beyond its labels, values and caption/heading prefix; no markup, navigation
or script text in any chunk; a definition kept with its term; and nothing lost: every
sentence of the source is in some chunk, whole within one of its quotable sentences.
No index and no embedder: this runs in a second or two.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from fixtures.documents import FILES, SEP, Expected, Table, write_all  # type: ignore[import-not-found]

from assistant.ingest.chunking import chunk_document
from assistant.ingest.loaders import load
from assistant.types import Chunk, Document

Loaded = tuple[Document, list[Chunk], Expected]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Loaded]:
    """Write the fixtures once; load and chunk each on first use (a crash fails only the
    tests of that document, with the reason)."""
    folder = tmp_path_factory.mktemp("fixtures")
    expected = write_all(folder)
    cache: dict[str, tuple[Document, list[Chunk]] | Exception] = {}

    def get(name: str) -> Loaded:
        if name not in cache:
            try:
                doc = load(folder / name, name, meta={}, max_mb=25.0)
                cache[name] = (doc, chunk_document(doc, chunk_chars=700))
            except Exception as exc:
                cache[name] = exc
        got = cache[name]
        if isinstance(got, Exception):
            pytest.fail(
                f"{name}: loading or chunking raised {type(got).__name__}: {got}", pytrace=False
            )
        return (*got, expected[name])

    return get


def _expected() -> dict[str, Expected]:
    """The expectations without the files (for parametrising at collection)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return write_all(Path(tmp))


EXPECTED = _expected()
WITH_TABLES = [n for n in FILES if EXPECTED[n].tables]
WITH_PAGES = [n for n in FILES if EXPECTED[n].pages or any(t.pages for t in EXPECTED[n].tables)]
WITH_PAIRS = [n for n in FILES if EXPECTED[n].together]


# --- helpers ---------------------------------------------------------------------------


def norm(text: str) -> str:
    """Whitespace collapsed, Unicode composed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def short(text: str, n: int = 60) -> str:
    text = norm(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def fail(name: str, problems: list[str], most: int = 14) -> None:
    """Fail with one line per problem (the first ``most`` of them)."""
    if problems:
        lines = problems[:most]
        if len(problems) > most:
            lines.append(f"… and {len(problems) - most} more")
        pytest.fail(f"{name}: {len(problems)} problem(s)\n  " + "\n  ".join(lines), pytrace=False)


def containing(chunks: list[Chunk], needle: str) -> list[Chunk]:
    needle = norm(needle)
    return [c for c in chunks if needle in norm(c.text)]


def below_title(section: str, titles: tuple[str, ...]) -> str:
    """A section path without the document's title at its root (a reader may put it
    there or not): "Titel › § 6 Betaling" and "§ 6 Betaling" are the same section."""
    section = norm(section)
    for title in titles:
        if section == norm(title):
            return ""
        if section.startswith(norm(title) + SEP):
            return section[len(norm(title) + SEP) :]
    return section


def rows(chunks: list[Chunk]) -> list[Chunk]:
    return [c for c in chunks if c.kind == "table_row"]


def pairs(row: dict[str, str]) -> list[str]:
    """The "Header: value" labels a row's passage must carry (empty cells have none)."""
    return [f"{norm(h)}: {norm(v)}" for h, v in row.items() if v.strip()]


def name_of(row: dict[str, str]) -> str:
    return next(v for v in row.values() if v.strip())


def row_chunk(chunks: list[Chunk], row: dict[str, str]) -> list[Chunk]:
    """The table_row chunks that carry every "Header: value" of ``row``."""
    want = pairs(row)
    return [c for c in rows(chunks) if all(p in norm(c.text) for p in want)]


def why_missing(chunks: list[Chunk], row: dict[str, str]) -> str:
    """Say what became of a row that has no single table_row chunk with all its cells."""
    name = name_of(row)
    want = pairs(row)
    values = [norm(v) for v in row.values() if v.strip()]
    whole = [c for c in chunks if all(v in norm(c.text) for v in values)]
    if whole and all(c.kind != "table_row" for c in whole):
        return (
            f"row {name!r} is not a table_row chunk but in a {whole[0].kind!r} chunk: "
            f"{short(whole[0].text, 120)!r}"
        )
    partial = [c for c in rows(chunks) if any(p in norm(c.text) for p in want)]
    # A chunk next to a partial row that holds the start or end of the row's name: cut.
    words = name.split()
    k = max(1, (len(words) + 2) // 3)
    pieces = {norm(" ".join(words[:k])), norm(" ".join(words[-k:]))}
    for c in partial:
        i = chunks.index(c)
        for j in (i - 1, i + 1):
            if 0 <= j < len(chunks) and any(p in norm(chunks[j].text) for p in pieces):
                first, second = chunks[min(i, j)], chunks[max(i, j)]
                return (
                    f"row {name!r} split in two chunks: {short(first.text, 80)!r} | "
                    f"{short(second.text, 80)!r}"
                )
    if len(partial) > 1:
        where = " | ".join(repr(short(c.text, 70)) for c in partial[:4])
        return f"row {name!r} split over {len(partial)} table_row chunks: {where}"
    if partial:
        lacking = [p for p in want if p not in norm(partial[0].text)]
        return f"row {name!r} lacks {lacking} in its chunk {short(partial[0].text, 120)!r}"
    return f"row {name!r} is in no table_row chunk, and not whole in any other"


# --- tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_title(name: str, loaded: Callable[[str], Loaded]) -> None:
    doc, _, exp = loaded(name)
    title = doc.meta.get("title", "")
    if title not in exp.titles:
        fail(name, [f"title is {title!r}, expected {exp.titles[0]!r}"])


@pytest.mark.parametrize("name", FILES)
def test_sections(name: str, loaded: Callable[[str], Loaded]) -> None:
    _, chunks, exp = loaded(name)
    problems = []
    for sentence, section in exp.sections:
        found = containing(chunks, sentence)
        if not found:
            problems.append(f"{short(sentence)!r} is in no chunk")
        elif not any(below_title(c.section, exp.titles) == norm(section) for c in found):
            got = " | ".join(repr(c.section) for c in found)
            problems.append(f"section of {short(sentence)!r} is {got}, expected {section!r}")
    fail(name, problems)


@pytest.mark.parametrize("name", WITH_PAGES)
def test_pages(name: str, loaded: Callable[[str], Loaded]) -> None:
    _, chunks, exp = loaded(name)
    problems = []
    for sentence, page in exp.pages:
        found = containing(chunks, sentence)
        if not found:
            problems.append(f"{short(sentence)!r} is in no chunk")
            continue
        got = set()
        for c in found:
            quote = next((s for s in c.sentences if norm(sentence) in norm(s)), sentence)
            got.add(c.page_of(quote))
        if page not in got:
            problems.append(
                f"page of {short(sentence)!r} is {sorted(got, key=str)}, expected {page}"
            )
    for table in exp.tables:
        for row, page in zip(table.rows, table.pages, strict=False):
            for c in row_chunk(chunks, row):
                got_page = c.page_of(c.sentences[0]) if c.sentences else c.page
                if got_page != page:
                    problems.append(f"page of row {name_of(row)!r} is {got_page}, expected {page}")
    fail(name, problems)


@pytest.mark.parametrize("name", WITH_TABLES)
def test_table_rows(name: str, loaded: Callable[[str], Loaded]) -> None:
    """Every body row is exactly one table_row chunk with each "Header: value", filed in
    the table's section; no header row or headerless cells in prose chunks."""
    _, chunks, exp = loaded(name)
    problems = []
    matched: set[str] = set()
    for table in exp.tables:
        missing = set()
        for row in table.rows:
            found = row_chunk(chunks, row)
            if not found:
                problems.append(why_missing(chunks, row))
                missing.add(name_of(row))
                continue
            if len(found) > 1:
                problems.append(f"row {name_of(row)!r} is in {len(found)} table_row chunks")
            c = found[0]
            matched.add(c.id)
            if below_title(c.section, exp.titles) != norm(table.section):
                problems.append(
                    f"row {name_of(row)!r} is in section {c.section!r}, expected {table.section!r}"
                )
        problems += _prose_with_cells(chunks, table, missing)
    expected_rows = sum(len(t.rows) for t in exp.tables)
    extra = [c for c in rows(chunks) if c.id not in matched]
    if len(rows(chunks)) != expected_rows or extra:
        listed = "; ".join(repr(short(c.text, 70)) for c in extra[:4])
        problems.append(
            f"{len(rows(chunks))} table_row chunks, expected {expected_rows}"
            + (f"; not a row of the source: {listed}" if extra else "")
        )
    fail(name, problems)


def _prose_with_cells(chunks: list[Chunk], table: Table, missing: set[str]) -> list[str]:
    """A cell is never quoted without its header: no prose chunk holds the header row, or
    all the cells of a row (one not already reported ``missing``), as plain text."""
    problems = []
    prose = [c for c in chunks if c.kind != "table_row"]
    for c in prose:
        text = norm(c.text)
        if all(norm(h) in text for h in table.header):
            problems.append(
                f"the header row {' | '.join(table.header)!r} is quoted as text in a {c.kind!r} "
                f"chunk: {short(c.text, 90)!r}"
            )
        for row in table.rows:
            if name_of(row) in missing:
                continue
            values = [norm(v) for v in row.values() if v.strip()]
            if all(v in text for v in values):
                problems.append(
                    f"cells of row {name_of(row)!r} stand without headers in a {c.kind!r} chunk: {short(c.text, 90)!r}"
                )
    return problems


@pytest.mark.parametrize("name", WITH_TABLES)
def test_nothing_leaks_into_rows(name: str, loaded: Callable[[str], Loaded]) -> None:
    """A row's passage holds its labels and values, prefixed by its caption or headings,
    and nothing else: no other heading, header, page furniture or prose."""
    _, chunks, exp = loaded(name)
    problems = []
    for table in exp.tables:
        allowed = sorted(
            {norm(a) for a in (table.caption, *exp.titles, *table.section.split(SEP)) if a},
            key=len,
            reverse=True,
        )
        own = {norm(a) for a in allowed}
        for row in table.rows:
            for c in row_chunk(chunks, row):
                rest = norm(c.text)
                for p in sorted(pairs(row), key=len, reverse=True):
                    rest = rest.replace(p, " ")
                for a in allowed:
                    rest = rest.replace(a, " ")
                leaks = [h for h in exp.headings if norm(h) not in own and norm(h) in rest]
                leaks += [h for h in exp.headers if norm(h) in rest]
                leaks += [f for f in exp.furniture if norm(f) in rest]
                if leaks:
                    problems.append(f"row {name_of(row)!r} carries {leaks}: {short(c.text, 160)!r}")
                elif re.sub(r"[\W_]+", "", rest):
                    problems.append(
                        f"row {name_of(row)!r} carries extra text {short(rest, 80)!r}: {short(c.text, 160)!r}"
                    )
    fail(name, problems)


@pytest.mark.parametrize("name", FILES)
def test_no_markup_or_page_chrome(name: str, loaded: Callable[[str], Loaded]) -> None:
    """No Markdown syntax (``**``, ``*``, ``|---|``, ``#``), HTML tags, navigation,
    scripts or styles in any chunk's text or section."""
    _, chunks, exp = loaded(name)
    problems = []
    for bad in exp.never:
        for c in chunks:
            if bad in c.text or bad in c.section:
                where = "text" if bad in c.text else "section"
                problems.append(
                    f"{bad!r} appears in a chunk's {where}: {short(c.text if where == 'text' else c.section, 90)!r}"
                )
                break
    fail(name, problems)


@pytest.mark.parametrize("name", WITH_PAIRS)
def test_definitions_kept(name: str, loaded: Callable[[str], Loaded]) -> None:
    """Each term of a definition list stands in one chunk with its definition."""
    _, chunks, exp = loaded(name)
    problems = []
    for term, definition in exp.together:
        if not any(norm(term) in norm(c.text) and norm(definition) in norm(c.text) for c in chunks):
            what = (
                "term"
                if not containing(chunks, term)
                else "definition"
                if not containing(chunks, definition)
                else "pair"
            )
            problems.append(
                f"definition of {term!r} lost ({what} in no chunk)"
                if what != "pair"
                else f"term {term!r} and its definition are in different chunks"
            )
    fail(name, problems)


@pytest.mark.parametrize("name", FILES)
def test_nothing_lost(name: str, loaded: Callable[[str], Loaded]) -> None:
    """Every sentence of the source's running text is in some chunk."""
    _, chunks, exp = loaded(name)
    texts = [norm(c.text) for c in chunks]
    squeezed = [re.sub(r"\s+", "", t) for t in texts]
    problems = []
    for s in exp.sentences:
        if any(norm(s) in t for t in texts):
            continue
        if any(re.sub(r"\s+", "", s) in t for t in squeezed):
            problems.append(f"{short(s, 100)!r} is found only with its spacing changed")
        else:
            problems.append(f"{short(s, 100)!r} is lost: in no chunk")
    fail(name, problems)


@pytest.mark.parametrize("name", FILES)
def test_sentences_quotable(name: str, loaded: Callable[[str], Loaded]) -> None:
    """Every sentence of the source can be quoted whole: it lies within one of some
    chunk's ``sentences`` (not cut at "**", "mdr." or a line break)."""
    _, chunks, exp = loaded(name)
    quotable = [norm(s) for c in chunks for s in c.sentences]
    texts = [norm(c.text) for c in chunks]
    problems = []
    for s in exp.sentences:
        if any(norm(s) in t for t in texts) and not any(norm(s) in q for q in quotable):
            problems.append(f"{short(s, 100)!r} is split across quotable sentences")
    fail(name, problems)
