"""The chat tab: ask and answer with clickable citations, the sources panel, feedback
(like/dislike) and the conversation download.

The chat as shown and the answers asked so far live on the server, in ``gr.State``: no
event takes the chatbot's value from the browser.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

import gradio as gr

from assistant.app.render import chat_message, feedback_record, inert, sources_panel
from assistant.app.ui.exports import PRIVATE, Exports
from assistant.app.ui.labels import EXAMPLES, LABELS
from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.fit.intent import asks_fit
from assistant.pipeline import Assistant
from assistant.types import Answer


def tab(
    assistant: Assistant, settings: Settings, ui: gr.State, fit_problem: gr.Textbox
) -> dict[str, Any]:
    """The chat tab's components, by name, with their events wired. A question that asks
    whether a problem fits ("… – passer det?") also fills in ``fit_problem``, the fit
    check's problem field (the answer points to that tab)."""
    words = LABELS["da"]
    turns = gr.State([])
    # The chat as shown lives on the server too: no event takes the chatbot's value from
    # the browser, so no client can pass a file (or forged history) in as chat content.
    shown = gr.State([])
    parts: dict[str, Any] = {}
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                height=520,
                elem_id="dsi-chat",
                placeholder=words["chatbot"],
                feedback_options=("Like", "Dislike"),
                show_label=False,
                buttons=["copy"],
            )
            with gr.Row():
                box = gr.Textbox(
                    placeholder=words["box"],
                    show_label=False,
                    scale=6,
                    max_lines=4,
                    elem_id="dsi-question",
                )
                send = gr.Button(words["send"], variant="primary", scale=1, elem_id="dsi-ask")
            parts.update(chatbot=chatbot, box=box, send=send)
            parts["examples_md"] = gr.Markdown(f"**{words['examples_md']}**")
            buttons: list[tuple[gr.Button, str]] = []
            for group, texts in EXAMPLES.items():
                with gr.Row():
                    parts[f"group_{group}"] = gr.Markdown(
                        f"*{words[f'group_{group}']}*", min_width=120
                    )
                    for language in ("da", "en"):
                        button = gr.Button(texts[language], size="sm", elem_classes=["dsi-example"])
                        parts[f"example_{group}_{language}"] = button
                        buttons.append((button, texts[language]))
            with gr.Row():
                new = gr.Button(words["new"], size="sm")
                download = gr.DownloadButton(words["download"], size="sm", visible=False)
        with gr.Column(scale=2):
            parts["sources_title"] = gr.Markdown(f"### {words['sources_title']}")
            sources = gr.HTML(sources_panel([], "da"), elem_id="dsi-sources")
    parts.update(new=new, download=download, sources=sources)
    exports = Exports()

    def on_ask(
        question: str,
        chat: list[dict[str, str]],
        history: list[tuple[str, Answer]],
        lang: str,
        request: gr.Request,
    ) -> Iterator[tuple[Any, ...]]:
        def export(done: list[tuple[str, Answer]]) -> Any:
            path = exports.write(request.session_hash or "anonymous", done, lang)
            return gr.update(value=path, visible=True)

        yield from respond(assistant, question, chat, history, lang, export)

    def prefill(history: list[tuple[str, Answer]]) -> Any:
        """The question just asked, into the fit check, when it asks whether a problem fits
        (a step after the answer, so the /ask API's outputs stay as they were)."""
        question = history[-1][0] if history else ""
        return gr.update(value=question) if asks_fit(question) else gr.update()

    outputs = [chatbot, sources, turns, box, shown, download]
    asked = [
        send.click(on_ask, [box, shown, turns, ui], outputs, concurrency_id="ask", api_name="ask"),
        box.submit(
            on_ask, [box, shown, turns, ui], outputs, concurrency_id="ask", api_visibility="private"
        ),
    ]
    for event in asked:
        event.then(prefill, turns, fit_problem, api_visibility="private")
    for button, text in buttons:
        button.click(
            on_ask,
            [gr.State(text), shown, turns, ui],
            outputs,
            concurrency_id="ask",
            api_visibility="private",
        )

    def on_option(
        data: gr.SelectData,
        chat: list[dict[str, str]],
        history: list[tuple[str, Answer]],
        lang: str,
        request: gr.Request,
    ) -> Iterator[tuple[Any, ...]]:
        yield from on_ask(str(data.value), chat, history, lang, request)

    chatbot.option_select(
        on_option, [shown, turns, ui], outputs, concurrency_id="ask", api_visibility="private"
    )
    new.click(
        lambda lang: ([], sources_panel([], lang), [], "", [], gr.update(visible=False)),
        ui,
        outputs,
        api_visibility="private",
    )

    def on_like(data: gr.LikeData, history: list[tuple[str, Answer]], lang: str) -> None:
        _feedback(settings, data, history, lang)

    chatbot.like(on_like, [turns, ui], None, api_visibility="private")
    return parts


def respond(
    assistant: Assistant,
    question: str,
    chat: list[dict[str, str]],
    history: list[tuple[str, Answer]],
    lang: str,
    export: Callable[[list[tuple[str, Answer]]], Any],
) -> Iterator[tuple[Any, ...]]:
    """Updates of (chatbot, sources, turns, box, shown, download): the chat with the answer
    so far each time ``ask_stream`` yields one, then the sources, the chat kept (``shown``
    and ``turns`` change together, only here) and ``export``'s download of the finished
    conversation. On an error: a warning, and the chat as it was. Nothing waits here but
    the engine: no pause holds the concurrency slot."""
    question = (question or "").strip()
    before = list(chat or [])
    turn = len(history) + 1
    asked = {"role": "user", "content": inert(question)}
    answer: Answer | None = None
    try:
        for answer in assistant.ask_stream(question, _recent(history, assistant.settings)):
            reply: dict[str, Any] = {
                "role": "assistant",
                "content": chat_message(answer, turn, lang),
            }
            if answer.alternatives:  # another reading, one click away
                reply["options"] = [{"label": a, "value": a} for a in answer.alternatives]
            chat = [*before, asked, reply]
            yield chat, gr.update(), history, "", gr.update(), gr.update()
    except AssistantError as exc:
        gr.Warning(str(exc))
        yield before, gr.update(), history, question, before, gr.update()
        return
    if answer is None:  # ask_stream yields at least one answer; nothing to add otherwise
        return
    history = [*history, (question, answer)]
    answers = [a for _, a in history]
    yield chat, sources_panel(answers, lang), history, "", chat, export(history)


def _recent(history: list[tuple[str, Answer]], settings: Settings) -> list[Any]:
    """The latest turns that fit the history limits: a long conversation keeps going, with
    the oldest turns dropped, as the API's clients are asked to do."""
    past: list[dict[str, str]] = []
    used = 0
    for question, answer in reversed(history):
        pair = [
            {"role": "assistant", "content": answer.text},
            {"role": "user", "content": question},
        ]
        size = sum(len(t["content"]) for t in pair)
        if len(past) + 2 > settings.max_history_turns or used + size > settings.max_history_chars:
            break
        past += pair
        used += size
    return list(reversed(past))


def _feedback(
    settings: Settings, data: gr.LikeData, history: list[tuple[str, Answer]], lang: str
) -> None:
    """Append a like or dislike of an answer to the feedback log (owner-only JSON lines)."""
    index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
    turn = int(index) // 2
    if turn >= len(history):
        return
    question, answer = history[turn]
    record = feedback_record(question, answer, bool(data.liked))
    record["time"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    settings.feedback_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(settings.feedback_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE)
    os.fchmod(fd, PRIVATE)  # also a log created by an older version
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    gr.Info(LABELS[lang]["thanks"])


def relabel(lang: str) -> dict[str, Any]:
    """The chat tab's labels in ``lang``, by part name."""
    w = LABELS[lang]
    return {
        "chatbot": gr.update(placeholder=w["chatbot"]),
        "box": gr.update(placeholder=w["box"]),
        "send": gr.update(value=w["send"]),
        "examples_md": gr.update(value=f"**{w['examples_md']}**"),
        **{f"group_{g}": gr.update(value=f"*{w[f'group_{g}']}*") for g in EXAMPLES},
        "new": gr.update(value=w["new"]),
        "download": gr.update(label=w["download"]),
        "sources_title": gr.update(value=f"### {w['sources_title']}"),
    }
