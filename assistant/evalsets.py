"""The evaluation sets and the corpora they run on.

- ``own``: ``evals/questions.jsonl``, the project's first 89 questions, over ``corpus/``.
- ``dev`` and ``heldout``: ``evals/dev.jsonl`` and ``evals/heldout.jsonl`` (issue 12), over
  ``corpus/`` plus the four fixture documents that ``tests/fixtures/documents.py`` writes
  (a contract, an annual report, a case and an FAQ page: one per supported format).
  Floors are set on the held-out half; the dev half is for development and calibration.
- ``portfolio-dev`` and ``portfolio-heldout``: issue 13's portfolio questions
  (``evals/PORTFOLIO-SPLIT.md``), over the same corpus.
- ``portfolio-probe``: 40 more portfolio questions a helper wrote in session 8 against the
  current rows (2021 and 2024), after the dev half reached 1.000: a second dev set;
  ``portfolio-probe2``: 40 more, in other words and kinds (follow-ups, bounds, top N);
  ``portfolio-probe3``: 40 more on breakdowns, the pipeline and kinds named together.
- ``probe-docs``: ``evals/probe-docs.jsonl``, 240 questions (120 Danish, 120 English; 48 to
  refuse) that helpers wrote in session 20 with six new documents of their own, in
  ``evals/probe-docs/`` (a results contract and a midway evaluation in Markdown, an annual
  report and a contract summary in HTML, a municipal decision memo in Word, an FAQ in
  PDF), over ``corpus/`` plus those six: how the product does on documents nobody tuned it
  for when they were written. A dev set since: its misses were read and fixed by class.

The fixture corpus is built in a working folder (``index/eval`` by default), re-using the
main index's embedding cache, so a second run re-embeds nothing. It needs the source
checkout (``tests/fixtures``) and the dev extras (``fpdf2`` writes the PDF).
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.index.cache import CACHE_FILE

EVALS = Path("evals")


@dataclass(frozen=True)
class EvalSet:
    """One question file and whether it runs over the fixture corpus."""

    name: str
    questions: Path
    fixtures: bool
    documents: Path | None = None  # a folder of documents added to corpus/ for this set


def sets(evals: Path = EVALS) -> dict[str, EvalSet]:
    """The known sets, by name, in report order."""
    return {
        "own": EvalSet("own", evals / "questions.jsonl", False),
        "dev": EvalSet("dev", evals / "dev.jsonl", True),
        "heldout": EvalSet("heldout", evals / "heldout.jsonl", True),
        "portfolio-dev": EvalSet("portfolio-dev", evals / "portfolio-dev.jsonl", True),
        "portfolio-heldout": EvalSet("portfolio-heldout", evals / "portfolio-heldout.jsonl", True),
        "portfolio-probe": EvalSet("portfolio-probe", evals / "portfolio-probe.jsonl", True),
        "portfolio-probe2": EvalSet("portfolio-probe2", evals / "portfolio-probe2.jsonl", True),
        "portfolio-probe3": EvalSet("portfolio-probe3", evals / "portfolio-probe3.jsonl", True),
        "probe-docs": EvalSet(
            "probe-docs", evals / "probe-docs.jsonl", False, evals / "probe-docs"
        ),
        "docs-heldout": EvalSet(
            "docs-heldout", evals / "docs-heldout.jsonl", False, evals / "docs-heldout"
        ),
    }


def fixture_settings(settings: Settings, work: Path) -> Settings:
    """Settings for corpus/ plus the fixture documents, in ``work`` (written when missing).

    The corpus copy is rewritten on every call (so a changed corpus or fixture writer is
    picked up by the incremental ingest); the index and its embedding cache are kept."""
    write_all = _fixture_writer(settings.corpus_dir)
    corpus = _corpus_copy(settings, work)
    write_all(corpus)
    return _with_index(settings, corpus, work / "index")


def _corpus_copy(settings: Settings, work: Path) -> Path:
    """A fresh copy of corpus/ in ``work`` (uploads left out)."""
    corpus = work / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    shutil.copytree(settings.corpus_dir, corpus, ignore=shutil.ignore_patterns("added"))
    return corpus


def _with_index(settings: Settings, corpus: Path, index: Path) -> Settings:
    """Settings for ``corpus`` indexed in ``index``, which starts from a copy of the main
    index's embedding cache (so the shipped corpus is not embedded again)."""
    index.mkdir(parents=True, exist_ok=True)
    cache = settings.index_dir / CACHE_FILE
    if cache.exists() and not (index / CACHE_FILE).exists():
        shutil.copy(cache, index / CACHE_FILE)
    return settings.model_copy(update={"corpus_dir": corpus, "index_dir": index})


def documents_settings(settings: Settings, work: Path, documents: Path) -> Settings:
    """Settings for corpus/ plus the documents of the folder ``documents``, in ``work``
    (rewritten on every call as ``fixture_settings``'s corpus is; the index kept)."""
    corpus = _corpus_copy(settings, work)
    for path in sorted(documents.iterdir()):
        if path.is_file():
            shutil.copy(path, corpus / path.name)
    return _with_index(settings, corpus, work / "index")


def _fixture_writer(corpus_dir: Path):  # type: ignore[no-untyped-def]
    """``write_all`` from tests/fixtures/documents.py of this checkout."""
    tests = corpus_dir.resolve().parent / "tests"
    if not (tests / "fixtures" / "documents.py").exists():
        raise AssistantError(
            f"the dev and heldout sets need the fixture documents in {tests}/fixtures; "
            "run dsi eval from the source checkout, or use --set own"
        )
    if str(tests) not in sys.path:
        sys.path.insert(0, str(tests))
    try:
        from fixtures.documents import write_all
    except ImportError as exc:
        raise AssistantError(
            f"the fixture documents need the dev extras ({exc}); run pip install -e '.[dev]'"
        ) from exc
    return write_all
