"""The front door's pieces on their own: secrets with Danish letters, the back-off clock,
the allowed hosts, and the question and history limits (findings 2, 8 and 9)."""

from __future__ import annotations

import pytest

from assistant.app.api import basic_credentials
from assistant.app.guard import FREE_FAILURES, Backoff, allowed_hosts, same_secret


def test_secrets_with_danish_letters_compare() -> None:
    assert same_secret("hemmelig-æøå", "hemmelig-æøå")
    assert not same_secret("hemmelig-aeoa", "hemmelig-æøå")
    assert not same_secret("\ud800", "x")  # a lone surrogate is a wrong secret, not a crash


def test_basic_credentials_are_read_as_utf8() -> None:
    import base64

    token = base64.b64encode("bruger:kodeørd".encode()).decode()
    assert basic_credentials(f"Basic {token}") == ("bruger", "kodeørd")
    assert basic_credentials("Basic !!!") is None
    assert basic_credentials("Bearer x") is None


def test_backoff_doubles_after_the_free_failures_and_clears_on_success() -> None:
    now = [0.0]
    backoff = Backoff(clock=lambda: now[0])
    for _ in range(FREE_FAILURES):
        backoff.failed("a")
    assert backoff.wait_s("a") == 0
    backoff.failed("a")
    assert backoff.wait_s("a") == pytest.approx(1.0)
    backoff.failed("a")
    assert backoff.wait_s("a") == pytest.approx(2.0)
    assert backoff.wait_s("b") == 0  # per client
    now[0] += 5
    assert backoff.wait_s("a") == 0
    backoff.succeeded("a")
    backoff.failed("a")
    assert backoff.wait_s("a") == 0


def test_allowed_hosts_are_loopback_the_bound_name_and_the_configured_ones() -> None:
    assert allowed_hosts("127.0.0.1", "") == ["localhost", "127.0.0.1", "::1", "[::1]"]
    assert "dsi.example.org" in allowed_hosts("0.0.0.0", "dsi.example.org, x.example")
    assert "0.0.0.0" not in allowed_hosts("0.0.0.0", "")
