"""The fit report as a PDF (fpdf2, pure Python; its core font covers Danish letters).

The PDF is the Markdown report set as plain paragraphs: headings larger and bold, the
rest as text, citations as [n] with the sources listed at the end, as in the Markdown.
Characters the core font lacks (typographic dashes and quotes) are written as their
plain equivalents.
"""

from __future__ import annotations

from fpdf import FPDF

from assistant.fit.report import FitReport

PLAIN = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "›": ">", "…": "..."}
)


def render(report: FitReport) -> bytes:
    """The report as PDF bytes."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_title(_plain(report.markdown().splitlines()[0].lstrip("# ")))
    for line in report.markdown().splitlines():
        _line(pdf, line)
    return bytes(pdf.output())


def _line(pdf: FPDF, line: str) -> None:
    level = len(line) - len(line.lstrip("#"))
    text = _plain(line.lstrip("# ").replace("**", ""))
    if not text.strip():
        pdf.ln(3)
        return
    size = {1: 16, 2: 13, 3: 11}.get(level, 10)
    pdf.set_font("Helvetica", "B" if level else "", size)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")


def _plain(text: str) -> str:
    """Text the core font can set (Latin-1)."""
    return text.translate(PLAIN).encode("latin-1", "replace").decode("latin-1")
