"""Findings 5, 8 and 9 through the running app's admin tab: a Danish admin password
works, an uploaded CSV cannot poison the portfolio, a new visitor sees the index as it is
now, and uploads, exports and feedback are private files."""

from __future__ import annotations

import json
import shutil
import stat
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from conftest import ADMIN  # type: ignore[import-not-found]
from gradio_client import Client, handle_file
from gradio_queue import call, config  # type: ignore[import-not-found]
from launcher import ask_api  # type: ignore[import-not-found]

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
FAKE = (
    "name,kind,total_mio_dkk,dsi_share_mio_dkk,areas,purpose,partners,municipalities,"
    "source_doc,source_table,source_row\n"
    "Falsk investering,investment,999,,Trivsel,At se ægte ud.,Falsk Fond; DSI,Aarhus,"
    "dsi-handlingsplan-bilag-2021.txt,Tabel 1,1\n"
)
TOTAL_QUESTION = "Hvor meget har DSI investeret i alt?"


def get(url: str, path: str) -> Any:
    with urllib.request.urlopen(f"{url}{path}", timeout=60) as response:
        return json.loads(response.read())


def visit(url: str) -> str:
    """What a new visitor's page load computes (the app's load events), as text."""
    deps = config(url)["dependencies"]
    loads = [d for d in deps if any(t[1] == "load" for t in d.get("targets", []) if len(t) > 1)]
    assert loads, "nothing is computed per page visit"
    out = [
        json.dumps(call(url, d["id"], [None for _ in d["inputs"]]), ensure_ascii=False)
        for d in loads
    ]
    return "\n".join(out)


def test_uploads_with_a_danish_admin_password_cannot_poison_the_portfolio(
    app: dict[str, Any], tmp_path: Path
) -> None:
    url = app["url"]
    before_rows = get(url, "/api/portfolio")["rows"]
    before = ask_api(url, TOTAL_QUESTION)["answer"]
    copy = tmp_path / "portfolio.csv"
    shutil.copy(ROOT / "corpus" / "portfolio.csv", copy)
    fake = tmp_path / "rettelse.csv"
    fake.write_text(FAKE, encoding="utf-8")
    client = Client(url, verbose=False)
    with pytest.raises(Exception, match="password"):
        client.predict([handle_file(str(fake))], "hemmelig-aeoa", api_name="/reindex")
    result = client.predict(
        [handle_file(str(copy)), handle_file(str(fake))], ADMIN, api_name="/reindex"
    )
    report = {row[0]: row for row in result[0]["data"]}
    assert "curated" in report["portfolio.csv"][3] or "left out" in report["portfolio.csv"][3]
    rows = get(url, "/api/portfolio")["rows"]
    curated = [r for r in rows if r["name"] != "Falsk investering"]
    assert [r["name"] for r in curated] == [r["name"] for r in before_rows]  # nothing doubled
    falsk = [r for r in rows if r["name"] == "Falsk investering"]
    assert len(falsk) == 1 and falsk[0]["verified"] is False
    assert all(r["verified"] for r in curated)
    answer = ask_api(url, TOTAL_QUESTION)
    if "Falsk" in answer["answer"]:
        assert "unverified" in answer["answer"] or "ikke bekræftet" in answer["answer"]
        cited = [c for c in answer["citations"] if "Falsk" in c["text"]]
        assert all(c["doc"] != "dsi-handlingsplan-bilag-2021.txt" for c in cited)
    else:
        assert answer["answer"] == before
    for path in (Path(app["corpus"]) / "uploads").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_new_visitor_sees_the_index_as_it_is_now(app: dict[str, Any]) -> None:
    url = app["url"]
    before = get(url, "/api/health")["documents"]
    note = Path(app["corpus"]) / "notat-om-silkeborg.md"
    note.write_text(
        "# Notat om Silkeborg\n\nDSI har drøftet en social investering i Silkeborg Kommune "
        "om ensomhed blandt ældre.\n",
        encoding="utf-8",
    )
    client = Client(url, verbose=False)
    client.predict([], ADMIN, api_name="/reindex")
    assert get(url, "/api/health")["documents"] == before + 1
    page = visit(url)
    assert f"{before + 1} dokument(er)" in page
    assert "notat-om-silkeborg.md" in page


def test_exports_and_feedback_are_private_and_answers_leave_no_folders(
    app: dict[str, Any],
) -> None:
    import tempfile

    temp = Path(tempfile.gettempdir())
    folders_before = set(temp.glob("dsi-*"))
    client = Client(app["url"], verbose=False)
    for question in ("Hvad er DSI?", "Hvad er en resultatbetalingsfond?"):
        result = client.predict(question, api_name="/ask")
    assert len(set(temp.glob("dsi-*")) - folders_before) <= 1  # one exports folder at most
    download = result[-1]["value"] if isinstance(result[-1], dict) else result[-1]
    exported = Path(app["env"]["GRADIO_TEMP_DIR"])
    copies = [p for p in exported.rglob("dsi-samtale.md")]
    assert copies and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in copies)
    assert Path(download).read_text(encoding="utf-8").startswith("# Samtale")
