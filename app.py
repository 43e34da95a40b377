"""Run the DSI Assistant on the embedded default (local Chroma, bundled embedder, offline).

Until the Gradio app lands (issue 4), this is a terminal chat: it builds the index from
corpus/ on first run, then answers questions with citations, keeping the conversation.
"""

from __future__ import annotations

from assistant.cli import _ready_assistant, _render
from assistant.config import Settings
from assistant.conversation import Turn
from assistant.errors import AssistantError
from assistant.offline import ensure_offline


def main() -> None:
    """A question-and-answer loop on the terminal."""
    ensure_offline()
    assistant = _ready_assistant(Settings())
    history: list[Turn] = []
    print("DSI Assistant: ask in Danish or English (empty line to quit).")
    while True:
        try:
            question = input("\n> ").strip()
        except EOFError:
            break
        if not question:
            break
        try:
            answer = assistant.ask(question, history)
        except AssistantError as exc:
            print(f"Error: {exc}")
            continue
        print(_render(answer))
        history += [
            Turn(role="user", content=question),
            Turn(role="assistant", content=answer.text),
        ]


if __name__ == "__main__":
    main()
