"""The terminal's view of long work: the ingest progress bar and the report.

Shared by the command line (``dsi ingest | ask | eval``) and the server (``dsi serve`` /
``python app.py``), which both build the index first when there is none. The only
module that uses tqdm. Progress and notices go to stderr; the report's summary to stdout.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from assistant.config import Settings
from assistant.types import IngestReport


def load_assistant(settings: Settings) -> Any:
    """``Assistant.load``, imported only when needed (the CLI's ``--help`` stays fast)."""
    from assistant.pipeline import Assistant

    return Assistant.load(settings)


def ready_assistant(settings: Settings) -> Any:
    """The assistant, building the index from corpus/ first if there is none."""
    assistant = load_assistant(settings)
    if not assistant.has_index():
        click.echo(
            f"No index yet: building it from {settings.corpus_dir}/ (first run only)…", err=True
        )
        print_report(ingest_with_progress(assistant, None))
    return assistant


def current_assistant(settings: Settings) -> Any:
    """The assistant with its index brought up to date with corpus/: built if there is
    none, else an incremental ingest (unchanged files embed nothing), for a corpus that
    is written anew before each use (the evaluation sets' copies)."""
    assistant = ready_assistant(settings)
    ingest_with_progress(assistant, None)
    return assistant


def notice(message: str) -> None:
    """One line for the person at the terminal, on stderr (e.g. waiting for another ingest)."""
    click.echo(message, err=True)


def ingest_with_progress(
    assistant: Any, paths: list[Path] | None, rebuild: bool = False
) -> IngestReport:
    """``assistant.ingest`` with a progress bar on stderr (none when stderr is not a tty)."""
    from tqdm import tqdm

    bar = tqdm(total=0, unit="file", file=sys.stderr, disable=None)

    def progress(name: str, done: int, total: int) -> None:
        if not total and name:  # a notice, such as waiting for another ingest
            notice(name)
            return
        bar.total = total
        bar.n = done
        bar.set_description(name or "done")
        bar.refresh()

    try:
        report: IngestReport = assistant.ingest(paths, progress=progress, rebuild=rebuild)
        return report
    finally:
        bar.close()


def print_report(report: IngestReport) -> None:
    """One line per file (failed and skipped ones on stderr), then the totals."""
    for f in report.files:
        unit = "portfolio rows" if f.path.lower().endswith(".csv") else "chunks"
        line = f"{f.status:9} {f.path}" + (f" ({f.chunks} {unit})" if f.chunks else "")
        err = f.status in ("failed", "skipped")
        click.echo(line + (f": {f.message}" if f.message else ""), err=err)
    summary = ", ".join(
        f"{report.count(s)} {s}" for s in ("added", "updated", "unchanged", "removed", "failed")
    )
    if report.count("skipped"):
        summary += f", {report.count('skipped')} skipped"
    click.echo(f"{summary}; embedded {report.embedded} passages in {report.seconds:.1f} s")
