"""The command line: ``dsi ingest | ask | eval``. Errors become one line and exit code 1."""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import click

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.index import cache
from assistant.ingest.lock import LOCK_FILE, ingest_lock
from assistant.offline import ensure_offline
from assistant.progress import (
    current_assistant,
    ingest_with_progress,
    load_assistant,
    notice,
    print_report,
    ready_assistant,
)
from assistant.types import Answer


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except AssistantError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
def main() -> None:
    """DSI Assistant: cited answers from Den Sociale Investeringsfond's documents."""
    ensure_offline()


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rebuild", is_flag=True, help="Re-create the index (e.g. after changing embedder).")
def ingest(paths: tuple[Path, ...], rebuild: bool) -> None:
    """Ingest corpus/ (or PATHS) into the index, incrementally. Exits 1 when a file failed
    (the report says which and why); every other file is still ingested."""
    with _errors():
        settings = Settings()
        if rebuild:
            with ingest_lock(settings.index_dir, settings.ingest_lock_wait_s, notice):
                _wipe(settings.index_dir)
        assistant = load_assistant(settings)
        report = ingest_with_progress(assistant, list(paths) if paths else None, rebuild)
        print_report(report)
        for problem in assistant.fit_problems():  # the fit criteria's quotes, checked
            click.echo(f"fit criteria: {problem}", err=True)
    failed = [f.path for f in report.files if f.status == "failed"]
    if failed:  # exit 1: a script or scheduled job must notice that a file was left out
        raise click.ClickException(
            f"{len(failed)} file(s) failed, see the reasons above: {', '.join(failed)}"
        )


def _wipe(index_dir: Path) -> None:
    """Delete the index but keep a readable embedding cache: its keys name the embedder, so
    a rebuild re-embeds only what it never embedded (254 passages took 80 s)."""
    if not index_dir.exists():
        return
    keep_cache = cache.readable(index_dir / cache.CACHE_FILE)
    for child in index_dir.iterdir():
        if child.name in (".gitkeep", LOCK_FILE):
            continue
        if keep_cache and child.name.startswith(cache.CACHE_FILE):  # with its -journal
            continue
        shutil.rmtree(child) if child.is_dir() else child.unlink()


@main.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object.")
@click.option(
    "--jsonl",
    "jsonl",
    type=click.Path(path_type=Path),
    help="Answer every line of FILE ('-' for stdin).",
)
@click.option("--doc", default=None, help="Only search this document id.")
@click.option("--section", default=None, help="Only search sections containing this text.")
def ask(
    question: str | None, as_json: bool, jsonl: Path | None, doc: str | None, section: str | None
) -> None:
    """Ask a question (Danish or English)."""
    with _errors():
        assistant = ready_assistant(Settings())
        if jsonl is not None:
            _answer_jsonl(assistant, jsonl)
            return
        if question is None:
            raise click.UsageError("give a QUESTION or --jsonl FILE")
        answer = assistant.ask(question, doc=doc, section=section)
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False) if as_json else _render(answer))


@main.command()
@click.option(
    "--json",
    "form_file",
    required=True,
    type=click.Path(path_type=Path),
    help="The form as JSON: problem, target_group, intervention, evidence, outcomes, "
    "costs_and_gains, horizon ('-' for stdin).",
)
@click.option("--lang", type=click.Choice(["da", "en"]), default="da", show_default=True)
@click.option("--markdown", "as_markdown", is_flag=True, help="Print the report as Markdown.")
@click.option("--pdf", "pdf_file", type=click.Path(path_type=Path), help="Also write a PDF.")
def fit(form_file: Path, lang: str, as_markdown: bool, pdf_file: Path | None) -> None:
    """The fit check: does a municipality's problem fit a social investment? Prints the
    report as JSON (the same as POST /api/fit)."""
    from assistant.fit.form import FitForm, FitInputError

    with _errors():
        raw = sys.stdin.read() if str(form_file) == "-" else _read_form(form_file)
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise FitInputError(f"{form_file} is not JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise FitInputError(f"{form_file} must hold one JSON object with the form's fields")
        report = ready_assistant(Settings()).fit(FitForm.from_mapping(data), lang)
        if pdf_file is not None:
            from assistant.fit.pdf import render

            pdf_file.write_bytes(render(report))
        text = (
            report.markdown() if as_markdown else json.dumps(report.to_dict(), ensure_ascii=False)
        )
        click.echo(text)


def _read_form(path: Path) -> str:
    from assistant.fit.form import FitInputError

    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FitInputError(f"cannot read {path} ({exc}); give a UTF-8 JSON file") from exc


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def bench(args: tuple[str, ...]) -> None:
    """Run the benchmark suite (benchmarks/run.py; e.g. dsi bench --quick)."""
    import runpy

    script = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"
    if not script.exists():
        raise click.ClickException(f"{script} is missing: run dsi bench from a source checkout")
    sys.argv = [str(script), *args]
    runpy.run_path(str(script), run_name="__main__")


@main.command()
def serve() -> None:
    """Start the web app and REST API (DSI_HOST:DSI_PORT, default 127.0.0.1:7860)."""
    from assistant.app.server import main as serve_main

    serve_main()


def _answer_jsonl(assistant: Any, path: Path) -> None:
    # Bytes, decoded line by line: one line that is not UTF-8 must not end the batch.
    opened: Any = nullcontext(sys.stdin.buffer) if str(path) == "-" else path.open("rb")
    with opened as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            click.echo(json.dumps(_answer_line(assistant, line, number), ensure_ascii=False))


def _answer_line(assistant: Any, line: bytes, number: int) -> dict[str, Any]:
    """The answer to one --jsonl line, or an error object for it; never raises."""
    started = time.perf_counter()
    try:
        question, history = _parse_line(line)
        return dict(assistant.ask(question, history).to_dict())
    except (ValueError, AssistantError) as exc:
        error = f"line {number}: {exc}"
    elapsed = (time.perf_counter() - started) * 1000
    return {
        "answer": "",
        "refused": True,
        "citations": [],
        "latency_ms": round(elapsed, 1),
        "error": error,
    }


def _parse_line(line: bytes) -> tuple[str, Any]:
    """The question and history of one --jsonl line, or ValueError saying what is wrong
    (the history's shape and limits are checked by ``Assistant.ask``, as for the API)."""
    try:
        item = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 ({exc.reason} at byte {exc.start}); save as UTF-8") from exc
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"not JSON ({type(exc).__name__}: {exc})") from exc
    if not isinstance(item, dict) or not isinstance(item.get("question"), str):
        raise ValueError('not a JSON object with a "question" string')
    return item["question"], item.get("history")


def _render(answer: Answer) -> str:
    lines = [answer.text, ""]
    label = "Closest matches" if answer.refused else "Sources"
    shown = answer.closest if answer.refused else answer.citations
    if shown:
        lines.append(f"{label}:")
    for c in shown:
        page = f", p. {c.page}" if c.page else ""
        lines.append(f"[{c.n}] {c.title} — {c.section}{page}")
    lines.append(f"({answer.latency_ms:.0f} ms)")
    return "\n".join(lines)


@main.command(name="eval")
@click.option(
    "--set",
    "names",
    multiple=True,
    type=click.Choice(
        [
            "own",
            "dev",
            "heldout",
            "portfolio-dev",
            "portfolio-heldout",
            "portfolio-probe",
            "portfolio-probe2",
            "portfolio-probe3",
            "probe-docs",
            "docs-heldout",
        ]
    ),
    help="Which set(s) to run (default: own and dev; the held-out half only when named).",
)
@click.option("--evals", type=click.Path(path_type=Path), default=Path("evals"))
@click.option(
    "--check", is_flag=True, help="Exit 1 when a metric is below its floor in evals/floors.json."
)
@click.option(
    "--answerer",
    type=click.Choice(["extractive", "llm"]),
    default="extractive",
    help="llm: answer through the LLM of DSI_LLM_URL (report-<set>-llm.md).",
)
@click.option("--limit", type=int, default=0, help="Only the first N questions of each set.")
def evaluate(names: tuple[str, ...], evals: Path, check: bool, answerer: str, limit: int) -> None:
    """Run evaluation sets; write evals/report-<set>.md for each."""
    from assistant.evalsets import documents_settings, fixture_settings, sets
    from assistant.evaluation import report_markdown, report_section, run

    chosen = [sets(evals)[n] for n in (names or ("own", "dev"))]
    with _errors():
        settings = Settings()
        if answerer == "llm" and not settings.llm_url:
            raise click.ClickException("--answerer llm needs DSI_LLM_URL and DSI_LLM_MODEL")
        if answerer == "extractive":
            settings = settings.model_copy(update={"llm_url": ""})
        suffix = "-llm" if answerer == "llm" else ""
        for item in chosen:
            run_settings = settings
            if item.fixtures:
                run_settings = fixture_settings(settings, settings.index_dir / "eval")
            if item.documents:
                work = settings.index_dir / f"eval-{item.name}"
                run_settings = documents_settings(settings, work, item.documents)
            # a set's corpus copy is rewritten on each run: its changes are ingested
            ready = ready_assistant if run_settings is settings else current_assistant
            metrics, outcomes = run(ready(run_settings), item.questions, limit)
            section = report_section(
                item.name, metrics, outcomes, not item.name.endswith("heldout")
            )
            report = evals / f"report-{item.name}{suffix}.md"
            command = f"dsi eval --set {item.name}"
            if suffix:
                command = f"DSI_LLM_MODEL={settings.llm_model} {command} --answerer llm"
                command += f" --limit {limit}" if limit else ""
            report.write_text(report_markdown([section], command), "utf-8")
            click.echo(f"[{item.name}]")
            for name, value in metrics.items():
                click.echo(f"{name:28} {value:.3f}")
            click.echo(f"report written to {report}")
            if check:
                _check_floors(metrics, evals / "floors.json", item.name)


def _check_floors(metrics: dict[str, float], floors_file: Path, name: str) -> None:
    from assistant.evaluation import lower_is_better

    floors = json.loads(floors_file.read_text(encoding="utf-8")).get(name, {})
    failed = [
        f"{k} {metrics[k]:.3f} {'>' if lower_is_better(k) else '<'} {v}"
        for k, v in floors.items()
        if (metrics[k] > v if lower_is_better(k) else metrics[k] < v)
    ]
    if failed:
        raise click.ClickException("below the floor: " + "; ".join(failed))
    click.echo("all metrics at or above their floors")
