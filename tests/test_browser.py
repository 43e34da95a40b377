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


def test_fit_check_form_report_citation_and_pdf(browser: Any, server: dict[str, Any]) -> None:
    """Fill the fit form, get the report, open a citation, download the PDF and read it."""
    import io

    from pypdf import PdfReader

    page = browser.new_page(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    page.goto(server["url"] + "/")
    page.wait_for_selector("#dsi-chat", timeout=30_000)
    page.get_by_role("tab", name="Passer vores problem?").click()
    fields = {
        "problem": "Unge hjemløse i kommunen mister deres bolig igen efter kort tid.",
        "target_group": "Cirka 120 unge hjemløse mellem 18 og 24 år",
        "evidence": "Housing First er evalueret med god effekt i flere kommuner",
        "outcomes": "Andelen der bevarer egen bolig efter et år, målt mod en baseline",
        "costs_and_gains": "Kommunen betaler indsatsen og sparer udgifter til herberg",
        "horizon": "Gevinsterne kommer inden for tre år",
    }
    for name, text in fields.items():
        page.locator(f"#dsi-fit-{name} textarea").fill(text)
    page.locator("#dsi-fit-run").click()
    report = page.locator("#dsi-fit-report")
    report.get_by_text("ser stærkt ud").first.wait_for(timeout=30_000)
    assert "Bekæmpelse af ungdomshjemløshed" in report.inner_text()
    report.locator("a.dsi-cite", has_text="[1]").first.click()
    opened = page.locator("#dsi-fit-sources .dsi-source.dsi-open")
    opened.wait_for(timeout=10_000)
    assert opened.locator("mark").count() >= 1  # the quoted sentence is highlighted
    page.screenshot(path=str(SHOTS / "fit-check.png"), full_page=True)
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="Hent rapporten (PDF)").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Passer jeres problem" in text
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="Hent rapporten (Markdown)").click()
    markdown = Path(download.value.path()).read_text(encoding="utf-8")
    assert markdown.startswith("# Passer jeres problem") and "[1]" in markdown
    page.close()


def test_a_fit_question_in_the_chat_fills_in_the_fit_check(
    browser: Any, server: dict[str, Any]
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server["url"] + "/")
    page.wait_for_selector("#dsi-chat", timeout=30_000)
    question = "Kommune med mange unge ledige – passer det?"
    page.locator("#dsi-question textarea").fill(question)
    page.locator("#dsi-ask").click()
    page.locator("#dsi-chat", has_text="Passer vores problem?").wait_for(timeout=30_000)
    page.get_by_role("tab", name="Passer vores problem?").click()
    problem = page.locator("#dsi-fit-problem textarea")
    problem.wait_for(timeout=10_000)
    assert problem.input_value() == question
    page.close()
