"""The running app (``python app.py`` on loopback): gradio_client, uploads, security."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from gradio_client import Client, handle_file

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(server: dict[str, Any]) -> Client:
    return Client(server["url"], verbose=False)


def last_message(result: tuple[Any, ...]) -> str:
    content = result[0][-1]["content"]
    return content if isinstance(content, str) else content[0]["text"]


def status_of(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_a_question_returns_an_answer_with_citations(client: Client) -> None:
    result = client.predict("Hvad er en resultatbetalingsfond?", api_name="/ask")
    message = last_message(result)
    assert 'class="dsi-cite">[1]</a>' in message
    assert 'id="src-1-1"' in result[1]  # the sources panel holds the cited passage
    download = result[3]["value"] if isinstance(result[3], dict) else result[3]
    assert Path(download).read_text(encoding="utf-8").startswith("# Samtale")


def test_a_refusal_is_a_refusal(client: Client) -> None:
    message = last_message(client.predict("What is the capital of France?", api_name="/ask"))
    assert message.startswith('<div class="dsi-refusal">') and "dsi-cite" not in message


def test_a_script_in_the_question_comes_back_inert(client: Client) -> None:
    result = client.predict("<script>alert('x')</script> Hvad er DSI?", api_name="/ask")
    user = result[0][-2]["content"]
    text = user if isinstance(user, str) else user[0]["text"]
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "<script>" not in last_message(result)


def test_file_route_refuses_the_index(server: dict[str, Any]) -> None:
    manifest = Path(server["index"]) / "manifest.json"
    assert manifest.exists()
    for target in (str(manifest), f"{server['corpus']}/../index/manifest.json"):
        assert status_of(f"{server['url']}/gradio_api/file={target}") == 403


def test_an_upload_over_the_size_limit_is_refused(server: dict[str, Any]) -> None:
    boundary = "dsiboundary"
    payload = b"x" * (2 * 1024 * 1024)  # the test app allows 1 MB
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + payload
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    assert status_of(f"{server['url']}/gradio_api/upload", body, headers) == 413


def test_upload_and_reindex_needs_the_password_then_answers(
    client: Client, server: dict[str, Any], tmp_path: Path
) -> None:
    note = tmp_path / "notat.md"
    note.write_text(
        "# Notat om Esbjerg\n\nDSI har drøftet en social investering i Esbjerg Kommune "
        "om ensomhed blandt ældre borgere.\n",
        encoding="utf-8",
    )
    empty = tmp_path / "tom.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(Exception, match="password"):
        client.predict([handle_file(str(note))], "wrong", api_name="/reindex")
    result = client.predict(
        [handle_file(str(note)), handle_file(str(empty))], "test-admin", api_name="/reindex"
    )
    rows = {row[0]: row for row in result[0]["data"]}
    assert rows["notat.md"][1] == "added"
    assert rows["tom.txt"][1] == "failed" and "empty" in rows["tom.txt"][3]
    answer = json.loads(
        urllib.request.urlopen(
            urllib.request.Request(
                f"{server['url']}/api/ask",
                data=json.dumps({"question": "Hvad har DSI drøftet i Esbjerg Kommune?"}).encode(),
                headers={"Content-Type": "application/json"},
            ),
            timeout=30,
        ).read()
    )
    assert not answer["refused"] and answer["citations"][0]["doc"] == "uploads/notat.md"
