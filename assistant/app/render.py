"""Answers -> what people see: chat Markdown with clickable [n], the sources panel, exports.

Pure functions, no UI library: the Gradio app and the tests call the same code. Every piece
of text from a question or a document is HTML-escaped here, so markup in a document or a
question is shown as text and never runs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from assistant.types import Answer, Citation

CITE = re.compile(r"\[(\d+)\]")

UI_TEXT: dict[str, dict[str, str]] = {
    "da": {
        "refused_title": "Vidensbasen svarer ikke på dette",
        "closest": "Nærmeste passager (ikke et svar)",
        "computed": "Beregnet fra porteføljedata",
        "sources_hint": "Klik på et kildenummer som [1] i et svar for at se passagen her.",
        "sources_of": "Kilder til svar {turn}",
        "page": "side",
        "question": "Spørgsmål",
        "answer": "Svar",
        "sources": "Kilder",
        "export_title": "Samtale med DSI Assistant",
    },
    "en": {
        "refused_title": "The knowledge base does not answer this",
        "closest": "Closest passages (not an answer)",
        "computed": "Computed from the portfolio data",
        "sources_hint": "Click a source number such as [1] in an answer to see the passage here.",
        "sources_of": "Sources of answer {turn}",
        "page": "page",
        "question": "Question",
        "answer": "Answer",
        "sources": "Sources",
        "export_title": "Conversation with the DSI Assistant",
    },
}


def escape(text: str) -> str:
    """Text made inert for HTML rendering (the sources panel, table cells)."""
    return html.escape(text, quote=True).replace("`", "&#96;")


# Markdown that would make a reader's browser act on a document's or a question's text,
# from the CommonMark spec (images, inline links, link reference definitions) and GFM's
# autolink extension (bare URLs, "www." and e-mail addresses), which the chat renders.
# An HTML entity shows the same character but is never syntax.
MARKDOWN_ACTIVE = (
    ("![", "&#33;["),
    ("](", "]&#40;"),
    ("]:", "]&#58;"),
    ("://", "&#58;//"),
    ("www.", "www&#46;"),
    ("@", "&#64;"),
)


def inert(text: str) -> str:
    """Text made inert for Markdown and HTML: shown as written, links and images as text."""
    out = escape(text)
    for active, shown in MARKDOWN_ACTIVE:
        out = out.replace(active, shown)
    return out


def anchor(turn: int | str, n: int) -> str:
    """The id of citation ``n`` of answer ``turn`` in the sources panel."""
    return f"src-{turn}-{n}"


def chat_message(answer: Answer, turn: int, ui: str) -> str:
    """The assistant's chat message: escaped text, [n] as links to the sources panel.
    Its frame follows the answer's language (the question's), not the UI's."""
    words = UI_TEXT.get(answer.language, UI_TEXT[ui])
    body = inert(answer.text)
    if answer.refused:
        closest = "".join(f"<li>{inert(c.title)} — {inert(c.section)}</li>" for c in answer.closest)
        more = f"<p><em>{words['closest']}:</em></p><ul>{closest}</ul>" if closest else ""
        return (
            f'<div class="dsi-refusal"><strong>⚠ {words["refused_title"]}</strong>'
            f"<p>{body}</p>{more}</div>"
        )
    linked = CITE.sub(
        lambda m: f'<a href="#{anchor(turn, int(m.group(1)))}" class="dsi-cite">[{m.group(1)}]</a>',
        body,
    )
    if answer.source in ("portfolio", "mixed"):
        linked = f'<span class="dsi-badge">{words["computed"]}</span>\n\n{linked}'
    return linked


def quotes_of(answer: Answer, n: int) -> list[str]:
    """Every sentence the answer quotes from citation ``n`` («…» [n])."""
    quoted = re.findall(rf"«(.+?)» \[{n}\]", answer.text)
    first = next((c.quote for c in answer.citations if c.n == n), "")
    return quoted or ([first] if first else [])


def highlight(text: str, quotes: Sequence[str] | str) -> str:
    """The passage, escaped, with each quoted sentence or row marked."""
    wanted = [quotes] if isinstance(quotes, str) else list(quotes)
    spans = sorted({(text.find(q), text.find(q) + len(q)) for q in wanted if q and q in text})
    out, at = [], 0
    for start, end in spans:
        if start < at:
            continue  # overlapping quotes: the first one is marked
        out += [escape(text[at:start]), f"<mark>{escape(text[start:end])}</mark>"]
        at = end
    return "".join(out) + escape(text[at:])


def source_card(turn: int | str, citation: Citation, ui: str, quotes: Sequence[str] = ()) -> str:
    """One citation in the sources panel: title, section, page, passage; hidden until opened."""
    page = f" · {UI_TEXT[ui]['page']} {citation.page}" if citation.page else ""
    return (
        f'<div class="dsi-source" id="{anchor(turn, citation.n)}">'
        f'<div class="dsi-source-head">[{citation.n}] <strong>{escape(citation.title)}</strong>'
        f"{page}</div>"
        f'<div class="dsi-source-section">{escape(citation.section)}</div>'
        f'<div class="dsi-source-doc">{escape(citation.doc)}</div>'
        f'<div class="dsi-passage">{highlight(citation.text, quotes or citation.quote)}</div>'
        "</div>"
    )


def sources_panel(answers: Sequence[Answer], ui: str) -> str:
    """Every answer's citations (hidden cards) plus the latest answer's list of sources."""
    words = UI_TEXT[ui]
    cards = "".join(
        source_card(turn, c, ui, quotes_of(a, c.n))
        for turn, a in enumerate(answers, start=1)
        for c in a.citations
    )
    latest = ""
    if answers and answers[-1].citations:
        turn = len(answers)
        items = "".join(
            f'<li><a href="#{anchor(turn, c.n)}" class="dsi-cite">[{c.n}]</a> '
            f"{escape(c.title)} — {escape(c.section)}</li>"
            for c in answers[-1].citations
        )
        latest = f"<p>{words['sources_of'].format(turn=turn)}:</p><ul>{items}</ul>"
    return (
        f'<div class="dsi-sources"><p class="dsi-hint">{words["sources_hint"]}</p>'
        f"{latest}{cards}</div>"
    )


def conversation_markdown(turns: Sequence[tuple[str, Answer]], ui: str) -> str:
    """The conversation as Markdown with each answer's citations, for download."""
    words = UI_TEXT[ui]
    lines = [f"# {words['export_title']}", ""]
    for number, (question, answer) in enumerate(turns, start=1):
        lines += [f"## {number}. {words['question']}", "", inert(question), ""]
        lines += [f"### {words['answer']}", "", inert(answer.text), ""]
        if answer.citations:
            lines += [f"### {words['sources']}", ""]
            for c in answer.citations:
                page = f", {words['page']} {c.page}" if c.page else ""
                where = inert(f"{c.title} — {c.section}{page}")
                lines.append(f"- [{c.n}] {where}: «{inert(c.quote)}»")
            lines.append("")
    return "\n".join(lines)


def feedback_record(question: str, answer: Answer, liked: bool) -> dict[str, Any]:
    """One line of the feedback log: readable later for evaluation."""
    return {
        "question": question,
        "answer": answer.text,
        "refused": answer.refused,
        "citations": [c.to_dict() for c in answer.citations],
        "liked": liked,
    }
