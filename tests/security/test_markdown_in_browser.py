"""Finding 7 in a real browser: a portfolio row whose name holds a Markdown image and
links makes no viewer's browser fetch anything, and no link from it is clickable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import ADMIN  # type: ignore[import-not-found]
from gradio_client import Client, handle_file

pytestmark = pytest.mark.slow

BAIT = "127.0.0.9"  # nothing listens there; a request to it is what we look for
NAME = f"Skadelig ![p](http://{BAIT}:9/x.png) række i Aarhus, se http://{BAIT}:9/side"
CSV = (
    "name,kind,total_mio_dkk,dsi_share_mio_dkk,areas,purpose,partners,municipalities,"
    "source_doc,source_table,source_row\n"
    f'"{NAME}",investment,1.5,,Trivsel,Test,DSI,Aarhus,,,\n'
)


def test_markdown_in_a_row_is_never_fetched_or_linked(
    browser: Any, app: dict[str, Any], tmp_path: Path
) -> None:
    upload = tmp_path / "skadelig.csv"
    upload.write_text(CSV, encoding="utf-8")
    Client(app["url"], verbose=False).predict(
        [handle_file(str(upload))], ADMIN, api_name="/reindex"
    )
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    fetched: list[str] = []
    page.on("request", lambda request: BAIT in request.url and fetched.append(request.url))
    page.goto(app["url"] + "/")
    page.wait_for_selector("#dsi-chat", timeout=30_000)
    page.locator("#dsi-question textarea").fill("Hvilke investeringer er der i Aarhus?")
    page.locator("#dsi-ask").click()
    page.locator("#dsi-chat", has_text="Skadelig").wait_for(timeout=60_000)
    page.get_by_role("tab", name="Portefølje").click()
    page.locator("#dsi-portfolio", has_text="Skadelig").wait_for(timeout=20_000)
    page.wait_for_timeout(1000)
    links = page.locator(f'a[href*="{BAIT}"], img[src*="{BAIT}"]').count()
    page.close()
    assert not fetched and links == 0, (fetched, links)
