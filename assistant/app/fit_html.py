"""The fit report as HTML for the tab: every text escaped, each [n] a link that opens the
cited passage in the report's sources panel (the same cards as the chat's)."""

from __future__ import annotations

from assistant.app.render import anchor, escape, source_card
from assistant.fit.report import FitReport
from assistant.fit.texts import TEXTS

TURN = "fit"  # the sources panel's card ids: src-fit-1, src-fit-2 …
STATUS_CLASS = {
    "strong": "dsi-fit-strong",
    "unclear": "dsi-fit-unclear",
    "missing": "dsi-fit-missing",
}


def cites(numbers: tuple[int, ...] | list[int]) -> str:
    """``[1][2]`` as links to their passages."""
    return "".join(f'<a href="#{anchor(TURN, n)}" class="dsi-cite">[{n}]</a>' for n in numbers)


def report_html(report: FitReport) -> str:
    """The report's body."""
    w = TEXTS[report.language]
    out = [
        f"<h3>{escape(w['title'])}</h3>",
        f"<p><strong>{escape(w['problem'])}:</strong> {escape(report.problem)}</p>",
        f"<h4>{escape(w['criteria'])}</h4>",
        "<ul>",
    ]
    for c in report.criteria:
        out.append(
            f'<li class="dsi-fit-criterion"><strong>{escape(c.title)}</strong> — '
            f'<span class="{STATUS_CLASS[c.status]}">{escape(c.status_label)}</span><br>'
            f"<em>{escape(w['you_said'])}:</em> {escape(c.said or w['nothing_said'])}<br>"
            f"<em>{escape(w['documents_say'])}:</em> {cites(c.documents)}<br>"
            f"<em>{escape(w['next_question'])}:</em> {escape(c.next_question)}"
            + (
                f"<br><em>{escape(w['strong_answer'])}:</em> {escape(c.strong_answer)}"
                if c.strong_answer
                else ""
            )
            + "</li>"
        )
    out += ["</ul>", f"<h4>{escape(w['areas'])}</h4>", f"<p>{escape(report.areas_text)}</p>"]
    out.append(f"<h4>{escape(w['similar'])}</h4>")
    if not report.similar:
        out.append(f"<p>{escape(w['no_similar'].format(floor=report.floor))}</p>")
    else:
        out.append("<ul>")
        for s in report.similar:
            partners = (
                f"; {escape(w['partners'])}: {escape(', '.join(s.partners))}" if s.partners else ""
            )
            total = f": {escape(s.total)}" if s.total else ""
            out.append(
                f"<li>{escape(s.name)}{total}{partners} "
                f"({escape(w['similarity'])} {s.similarity:.2f}) {cites([s.citation])}</li>"
            )
        out.append("</ul>")
    out.append(f"<h4>{escape(w['next_steps'])}</h4><ul>")
    out += [f"<li>{escape(s.title)} {cites(s.citations)}</li>" for s in report.next_steps]
    out += ["</ul>", f'<p class="dsi-hint"><em>{escape(w["disclaimer"])}</em></p>']
    return "\n".join(out)


def sources_html(report: FitReport) -> str:
    """Every citation as a hidden card, opened by its [n]."""
    ui = report.language
    return "".join(source_card(TURN, c, ui) for c in report.citations)
