"""The dataclasses that pass between stages. No logic lives here."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Element:
    """One block of a document's structure, in reading order.

    ``kind`` is "heading" (with its ``level``, 1 = top), "paragraph", "item" (a list item,
    or a definition as "term: definition"), or "table" (``text`` is its caption, ``header``
    the column headers, ``rows`` the body rows with cells in header order). ``page`` is the
    page it starts on, ``row_pages`` the page of each body row, where the format has pages.
    """

    kind: str
    text: str = ""
    level: int = 0
    page: int | None = None
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    row_pages: tuple[int | None, ...] = ()


@dataclass(frozen=True)
class Document:
    """A loaded source file: its structure as ``elements`` where the format has one (PDF,
    DOCX, HTML, Markdown, plain text), else text with light markup (``# heading`` lines,
    page spans) for the raw-PDF-extraction repair. ``text`` is always the plain text."""

    doc_id: str
    text: str
    sha256: str
    meta: dict[str, str] = field(default_factory=dict)
    # (character offset where a page starts, page number), ascending; empty when unpaged.
    pages: tuple[tuple[int, int], ...] = ()
    elements: tuple[Element, ...] = ()

    @property
    def title(self) -> str:
        """The human title, falling back to the file name."""
        return self.meta.get("title") or self.doc_id


@dataclass(frozen=True)
class Chunk:
    """One retrievable passage with everything a citation needs."""

    id: str
    doc_id: str
    text: str
    section: str
    page: int | None
    kind: str  # "text" | "table_row" | "box"
    sentences: tuple[str, ...]
    meta: dict[str, str] = field(default_factory=dict)
    sentence_pages: tuple[int | None, ...] = ()  # the page of each sentence, where known

    @property
    def heading(self) -> str:
        """The heading the passage stands under (its section's last part); "" for a table
        row, whose section is its table's."""
        return "" if self.kind == "table_row" else self.section.split(" › ")[-1]

    def page_of(self, quote: str) -> int | None:
        """The page of the sentence ``quote`` (or the passage's first page)."""
        for sentence, page in zip(self.sentences, self.sentence_pages, strict=False):
            if sentence == quote and page is not None:
                return page
        return self.page


@dataclass(frozen=True)
class Hit:
    """A chunk returned by retrieval, with its fused rank score, and the passages that
    follow it in its document (where a list or a table it announces goes on)."""

    chunk: Chunk
    score: float
    following: tuple[Chunk, ...] = ()
    # The document's title and first passage, lower-cased: where a document says what all
    # of it is about (a contract's parties, a case's municipality), which its later
    # passages do not repeat.
    opening: str = ""
    # For a table row: every row of its table, in document order (a superlative compares
    # them all, not only the rows retrieved).
    table: tuple[Chunk, ...] = ()
    # For a table row: the sentence before its table that gives the unit of its numbers
    # ("Alle beløb er i mio. kr."), when there is one; the cells then need not.
    unit: str = ""

    @property
    def context(self) -> str:
        """The passage with its headings, its document's title and opening: all that says
        what it is about."""
        title = self.chunk.meta.get("title", "")
        return f"{title} {self.opening} {self.chunk.section} {self.chunk.text}"


@dataclass(frozen=True)
class Citation:
    """What ``[n]`` in an answer points to: the passage and the sentence quoted from it."""

    n: int
    doc: str
    title: str
    section: str
    page: int | None
    text: str
    quote: str
    chunk_id: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form used by the CLI contract."""
        return {
            "n": self.n,
            "doc": self.doc,
            "title": self.title,
            "section": self.section,
            "page": self.page,
            "text": self.text,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class Generation:
    """How a generated answer fared in the check (issue 15): the sentences the model
    wrote, the reason each removed one failed, and why the extractive answer was given
    instead ("" when the generated one stood)."""

    model: str
    sentences: int = 0
    removed: tuple[str, ...] = ()  # one reason per removed sentence ("number", "name" …)
    fallback: str = ""  # "refused" | "unavailable" | "too little survived" | ""

    @property
    def kept(self) -> int:
        """Sentences that passed the check."""
        return self.sentences - len(self.removed)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "model": self.model,
            "sentences": self.sentences,
            "kept": self.kept,
            "removed": list(self.removed),
            "fallback": self.fallback,
        }


@dataclass(frozen=True)
class Answer:
    """The reply to one question."""

    text: str
    citations: tuple[Citation, ...]
    refused: bool
    language: str
    query: str = ""
    closest: tuple[Citation, ...] = ()
    latency_ms: float = 0.0
    source: str = "documents"  # "documents" | "portfolio" (computed) | "mixed" | "fit" (offer)
    # Other readings of an ambiguous question, each as a question the UI offers as a
    # one-click follow-up ("… inkl. udviklingspartnerskaber").
    alternatives: tuple[str, ...] = ()
    # Who wrote the text: "extractive" (quotes, or a computed portfolio answer) or "llm"
    # (generated, every sentence checked); ``generation`` says how the check went.
    answerer: str = "extractive"
    generation: Generation | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form used by ``dsi ask --json`` and ``--jsonl``."""
        return {
            "answer": self.text,
            "refused": self.refused,
            "language": self.language,
            "citations": [c.to_dict() for c in self.citations],
            "closest": [c.to_dict() for c in self.closest],
            "source": self.source,
            "alternatives": list(self.alternatives),
            "answerer": self.answerer,
            "generation": self.generation.to_dict() if self.generation else None,
            "latency_ms": round(self.latency_ms, 1),
        }


@dataclass(frozen=True)
class FileResult:
    """What happened to one file during ingestion."""

    path: str
    status: str  # "added" | "updated" | "unchanged" | "removed" | "failed"
    chunks: int = 0
    message: str = ""


@dataclass(frozen=True)
class IngestReport:
    """The outcome of one ``ingest`` run."""

    files: tuple[FileResult, ...]
    embedded: int
    seconds: float

    def count(self, status: str) -> int:
        """How many files ended with ``status``."""
        return sum(1 for f in self.files if f.status == status)
