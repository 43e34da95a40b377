"""The fit report: per criterion what the municipality said, what DSI's documents say
(cited), a status and the next question; the similar investments; whether the problem
lies inside DSI's investment areas; the next steps. As JSON (``to_dict``, the API's and
the CLI's shape) and as Markdown (``markdown``, the tab's view and the download)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.fit.criteria import Criteria, Criterion, Quote
from assistant.fit.form import FitForm
from assistant.fit.rules import MIN_WORDS, MISSING, STRONG, UNCLEAR, status
from assistant.fit.similar import Closeness
from assistant.fit.texts import TEXTS
from assistant.portfolio.data import PortfolioRow, danish, english
from assistant.types import Chunk, Citation

RowSource = Mapping[PortfolioRow, Chunk]


@dataclass(frozen=True)
class CriterionResult:
    """One criterion, assessed."""

    id: str
    title: str
    said: str  # the municipality's answer ("" when none)
    status: str  # "strong" | "unclear" | "missing"
    status_label: str
    documents: tuple[int, ...]  # the citation numbers of the quotes that state it
    next_question: str
    strong_answer: str  # what a strong answer looks like ("" when the status is strong)


@dataclass(frozen=True)
class SimilarRow:
    """A portfolio investment close to the problem."""

    name: str
    total: str  # "23,2 mio. kr." in the report's language; "" when not stated
    partners: tuple[str, ...]
    areas: tuple[str, ...]
    similarity: float
    citation: int


@dataclass(frozen=True)
class Step:
    """A next step, with the citations of the passages that give it."""

    title: str
    citations: tuple[int, ...]


@dataclass(frozen=True)
class FitReport:
    """The whole report, in one language."""

    language: str
    problem: str
    criteria: tuple[CriterionResult, ...]
    similar: tuple[SimilarRow, ...]
    inside_areas: bool
    areas_text: str
    next_steps: tuple[Step, ...]
    citations: tuple[Citation, ...]
    floor: float

    def to_dict(self) -> dict[str, object]:
        """JSON-ready; each citation as in an answer (n, doc, section, page, text …)."""
        return {
            "language": self.language,
            "problem": self.problem,
            "criteria": [vars(c) | {"documents": list(c.documents)} for c in self.criteria],
            "similar": [
                vars(s) | {"partners": list(s.partners), "areas": list(s.areas)}
                for s in self.similar
            ],
            "inside_areas": self.inside_areas,
            "areas": self.areas_text,
            "next_steps": [
                {"title": s.title, "citations": list(s.citations)} for s in self.next_steps
            ],
            "citations": [c.to_dict() for c in self.citations],
        }

    def markdown(self) -> str:
        """The report as Markdown, citations as [n] with a sources list at the end."""
        w = TEXTS[self.language]
        lines = [f"# {w['title']}", "", f"**{w['problem']}:** {self.problem}", ""]
        lines += [f"## {w['criteria']}", ""]
        for c in self.criteria:
            refs = "".join(f"[{n}]" for n in c.documents)
            lines += [
                f"### {c.title} — {c.status_label}",
                "",
                f"- **{w['you_said']}:** {c.said or w['nothing_said']}",
                f"- **{w['documents_say']}:** {refs}",
                f"- **{w['next_question']}:** {c.next_question}",
                *([f"- **{w['strong_answer']}:** {c.strong_answer}"] if c.strong_answer else []),
                "",
            ]
        lines += [f"## {w['areas']}", "", self.areas_text, "", f"## {w['similar']}", ""]
        if not self.similar:
            lines.append(w["no_similar"].format(floor=self.floor))
        for s in self.similar:
            total = f"{s.total}; " if s.total else ""
            partners = f"{w['partners']}: {', '.join(s.partners)}; " if s.partners else ""
            lines.append(
                f"- {s.name}: {total}{partners}{w['similarity']} {s.similarity:.2f} [{s.citation}]"
            )
        lines += ["", f"## {w['next_steps']}", ""]
        lines += [f"- {s.title} {''.join(f'[{n}]' for n in s.citations)}" for s in self.next_steps]
        lines += ["", f"## {w['sources']}", ""]
        for cite in self.citations:
            page = f", {w['page']} {cite.page}" if cite.page else ""
            lines.append(f"[{cite.n}] {cite.doc} — {cite.section}{page}: «{cite.quote}»")
        lines += ["", f"*{w['disclaimer']}*"]
        return "\n".join(lines) + "\n"


def build(
    form: FitForm,
    language: str,
    criteria: Criteria,
    close: Closeness,
    sources: RowSource,
    floor: float,
) -> FitReport:
    """The report for ``form`` in ``language``."""
    w = TEXTS[language]
    numbering = _Numbering()
    results = tuple(_assess(c, form, language, close, numbering) for c in criteria.criteria)
    similar = tuple(
        SimilarRow(
            name=s.row.name,
            total=_amount(s.row, language),
            partners=tuple(p for p in s.row.partners if p.upper() != "DSI"),
            areas=s.row.areas,
            similarity=round(s.similarity, 3),
            citation=numbering.row(s.row, sources.get(s.row)),
        )
        for s in close.similar
    )
    steps = tuple(
        Step(step.title[language], tuple(numbering.quote(q) for q in step.quotes))
        for step in criteria.next_steps
    )
    areas = ", ".join(close.areas)
    areas_text = w["inside"].format(areas=areas) if close.inside else w["outside"]
    return FitReport(
        language=language,
        problem=form.problem,
        criteria=results,
        similar=similar,
        inside_areas=close.inside,
        areas_text=areas_text,
        next_steps=steps,
        citations=tuple(numbering.citations),
        floor=floor,
    )


def _assess(
    criterion: Criterion, form: FitForm, language: str, close: Closeness, numbering: _Numbering
) -> CriterionResult:
    if criterion.kind == "areas":
        vague = len(form.problem.split()) < MIN_WORDS
        found = UNCLEAR if vague else (STRONG if close.inside else MISSING)
    else:
        found = status(criterion, form)
    said = " · ".join(form.value(f) for f in criterion.fields if form.value(f))
    return CriterionResult(
        id=criterion.id,
        title=criterion.title[language],
        said=said,
        status=found,
        status_label=TEXTS[language][found],
        documents=tuple(numbering.quote(q) for q in criterion.quotes),
        next_question=criterion.question[language],
        strong_answer="" if found == STRONG else criterion.strong[language],
    )


def _amount(row: PortfolioRow, language: str) -> str:
    if row.total is None:
        return ""
    figure = danish(row.total) if language == "da" else english(row.total)
    return f"{figure} mio. kr."


class _Numbering:
    """One number per quoted passage or portfolio row, in the order first cited."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._seen: dict[tuple[str, str], int] = {}

    def quote(self, quote: Quote) -> int:
        chunk = quote.chunk
        key = (chunk.id if chunk else quote.doc, quote.text)
        if key not in self._seen:
            self._seen[key] = self._add(
                doc=quote.doc,
                title=chunk.meta.get("title", quote.doc) if chunk else quote.doc,
                section=chunk.section if chunk else "",
                page=chunk.page_of(quote.text) if chunk else None,
                text=chunk.text if chunk else quote.text,
                quote=quote.text,
                chunk_id=chunk.id if chunk else "",
            )
        return self._seen[key]

    def row(self, row: PortfolioRow, source: Chunk | None) -> int:
        key = ("row", f"{row.source_doc}:{row.name}")
        if key not in self._seen:
            self._seen[key] = self._add(
                doc=source.doc_id if source else row.file,
                title=source.meta.get("title", source.doc_id) if source else row.file,
                section=f"{source.section} › {row.name}" if source else row.name,
                page=source.page if source else None,
                text=source.text if source else row.text(),
                quote=row.name,
                chunk_id=source.id if source else f"portfolio:{row.file}:{row.line}",
            )
        return self._seen[key]

    def _add(self, **fields: object) -> int:
        n = len(self.citations) + 1
        self.citations.append(Citation(n=n, **fields))  # type: ignore[arg-type]
        return n
