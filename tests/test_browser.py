"""A real browser: headless Chromium from Debian's ``chromium`` package, driven by
Playwright (``executable_path=/usr/bin/chromium``; no browser download)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

SHOTS = Path(os.environ.get("DSI_SCREENSHOTS", "/tmp/dsi-screenshots"))


def test_example_question_citation_passage_and_portfolio(
    browser: Any, server: dict[str, Any]
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server["url"] + "/")
    page.wait_for_selector("#dsi-chat", timeout=30_000)

    page.get_by_role("button", name="Hvordan fungerer en resultatbaseret betalingsmodel?").click()
    link = page.locator("#dsi-chat a.dsi-cite", has_text="[1]").first
    link.wait_for(timeout=30_000)
    assert page.locator("#dsi-sources .dsi-source.dsi-open").count() == 0

    link.click()
    opened = page.locator("#dsi-sources .dsi-source.dsi-open")
    opened.wait_for(timeout=10_000)
    assert opened.locator("mark").count() >= 1  # the cited sentences are highlighted
    assert opened.locator(".dsi-passage").inner_text().strip()
    page.screenshot(path=str(SHOTS / "chat-with-citation.png"))

    page.get_by_role("tab", name="Portefølje").click()
    table = page.locator("#dsi-portfolio")
    table.wait_for(timeout=10_000)
    assert "Bekæmpelse af ungdomshjemløshed i Aarhus Kommune" in table.inner_text()
    chart = page.locator("#dsi-chart-area canvas, #dsi-chart-area svg").first
    chart.wait_for(timeout=20_000)
    page.screenshot(path=str(SHOTS / "portfolio.png"), full_page=True)

    page.get_by_label("English").check()
    page.get_by_role("tab", name="Portfolio").wait_for(timeout=10_000)
    page.close()


def test_the_other_reading_is_one_click_away(browser: Any, server: dict[str, Any]) -> None:
    """An ambiguous portfolio question ("invested") is answered by the default reading, and
    the wider one (with the development partnerships) is offered as a button that asks it."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server["url"] + "/")
    page.wait_for_selector("#dsi-chat", timeout=30_000)
    page.locator("#dsi-question textarea").fill("Hvor meget har DSI investeret i Aarhus?")
    page.locator("#dsi-ask").click()
    option = page.locator("#dsi-chat button", has_text="inkl. udviklingspartnerskaber").first
    option.wait_for(timeout=30_000)
    option.click()
    wider = page.locator("#dsi-chat", has_text="investeringspartnerskaber, udviklingspartnerskaber")
    wider.wait_for(timeout=30_000)
    page.screenshot(path=str(SHOTS / "portfolio-other-reading.png"))
    page.close()
