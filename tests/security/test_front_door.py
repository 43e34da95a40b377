"""Findings 2, 8 and 9 against the running app: hosts, CORS, logins with Danish letters,
back-off, API docs, read-only uploads, broken Unicode, long histories."""

from __future__ import annotations

import base64
import http.client
import json
import threading
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlparse

import pytest
from conftest import AUTH_PASSWORD, AUTH_USER  # type: ignore[import-not-found]

pytestmark = pytest.mark.slow


def request(
    url: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    raw: bytes | None = None,
    timeout: float = 60,
) -> tuple[int, dict[str, str], bytes]:
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    req = urllib.request.Request(f"{url}{path}", data=data, headers=all_headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_a_foreign_host_header_is_refused(app: dict[str, Any]) -> None:
    status, _, _ = request(app["url"], "/api/health", headers={"Host": "evil.example:7860"})
    assert status == 400
    for host in ("127.0.0.1", "localhost"):
        assert request(app["url"], "/api/health", headers={"Host": host})[0] == 200


def test_no_cross_origin_reads(app: dict[str, Any]) -> None:
    for path in ("/api/health", "/config", "/gradio_api/info"):
        _, headers, _ = request(app["url"], path, headers={"Origin": "http://localhost:9999"})
        allowed = {k.lower(): v for k, v in headers.items()}
        assert "access-control-allow-origin" not in allowed, (path, allowed)


def test_long_histories_do_not_stall_a_normal_question(app: dict[str, Any]) -> None:
    url = app["url"]
    big = [{"role": "user", "content": "ord " * 250_000}]  # 1 MB in one turn
    many = [{"role": "user", "content": "Hvad er DSI?"}] * 5000
    results: list[int] = []

    def attack(history: list[dict[str, str]]) -> None:
        body = {"question": "Og hvad så?", "history": history}
        results.append(request(url, "/api/ask", body)[0])

    attackers = [threading.Thread(target=attack, args=(h,)) for h in (big, big, big, many)]
    for thread in attackers:
        thread.start()
    time.sleep(1.5)  # the attacks are in (1 MB each takes a moment to send) before we ask
    started = time.monotonic()
    status, _, body = request(url, "/api/ask", {"question": "Hvad er en resultatbetalingsfond?"})
    elapsed = time.monotonic() - started
    for thread in attackers:
        thread.join(timeout=60)
    print(f"a normal question beside 4 long-history requests: {elapsed:.2f} s")
    assert status == 200 and not json.loads(body)["refused"]
    assert elapsed < 5, f"a normal question took {elapsed:.1f} s beside long histories"
    assert results == [422] * 4
    error = json.loads(request(url, "/api/ask", {"question": "Og?", "history": big})[2])
    assert "history" in error["error"] and "limit" in error["error"]


def test_a_lone_surrogate_is_a_422_and_the_connection_lives_on(app: dict[str, Any]) -> None:
    parsed = urlparse(app["url"])
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    headers = {"Content-Type": "application/json"}
    for body in (b'{"question": "Hvad er \\ud800?"}', b'{"question": 5, "x": "\\ud800"}'):
        connection.request("POST", "/api/ask", body=body, headers=headers)
        response = connection.getresponse()
        payload = json.loads(response.read())
        assert response.status == 422 and "error" in payload
    connection.request("GET", "/api/health")
    assert connection.getresponse().status == 200  # same connection, still served
    connection.close()


def test_danish_letters_in_the_login_work_on_ui_and_api(auth_app: dict[str, Any]) -> None:
    url = auth_app["url"]
    assert request(url, "/api/health")[0] == 401
    assert request(url, "/api/health", headers=basic(AUTH_USER, "forkert"))[0] == 401
    assert request(url, "/api/health", headers=basic(AUTH_USER, AUTH_PASSWORD))[0] == 200
    form = f"username={AUTH_USER}&password={urllib.parse.quote(AUTH_PASSWORD)}".encode()
    status, _, _ = request(
        url, "/login", raw=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 200


def test_api_docs_are_behind_the_login_and_need_no_cdn(auth_app: dict[str, Any]) -> None:
    url = auth_app["url"]
    assert request(url, "/openapi.json")[0] == 401
    status, _, body = request(url, "/openapi.json", headers=basic(AUTH_USER, AUTH_PASSWORD))
    assert status == 200 and "/api/ask" in json.loads(body)["paths"]
    for page in ("/docs", "/redoc"):  # Swagger/ReDoc pages load scripts from a CDN: none
        status, _, body = request(url, page, headers=basic(AUTH_USER, AUTH_PASSWORD))
        assert b"cdn.jsdelivr" not in body and b"unpkg.com" not in body


def test_read_only_app_takes_no_upload(auth_app: dict[str, Any]) -> None:
    boundary = "dsiboundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\nhej\r\n--{boundary}--\r\n"
    ).encode()
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        **basic(AUTH_USER, AUTH_PASSWORD),
    }
    assert request(auth_app["url"], "/gradio_api/upload", raw=body, headers=headers)[0] == 403
    config = json.loads(
        request(auth_app["url"], "/config", headers=basic(AUTH_USER, AUTH_PASSWORD))[2]
    )
    types = {c.get("type") for c in config.get("components", [])}
    assert "file" not in types  # no upload field is rendered


def test_repeated_wrong_logins_back_off(auth_app: dict[str, Any]) -> None:
    url = auth_app["url"]
    statuses = [
        request(url, "/api/health", headers=basic(AUTH_USER, f"gæt-{i}"))[0] for i in range(12)
    ]
    assert statuses[:5] == [401] * 5  # a person's typos cost nothing
    assert 429 in statuses[5:]
    status, headers, _ = request(url, "/api/health", headers=basic(AUTH_USER, AUTH_PASSWORD))
    assert status == 429 and int(headers.get("retry-after", headers.get("Retry-After", "0"))) >= 1
    time.sleep(int(headers.get("retry-after", headers.get("Retry-After", "1"))) + 0.5)
    assert request(url, "/api/health", headers=basic(AUTH_USER, AUTH_PASSWORD))[0] == 200
