"""The portfolio rows closest to a municipality's problem, and whether the problem falls
inside DSI's investment areas (issue 14).

The problem (the form's free-text problem field) is embedded as a query and compared with each row's
name, purpose and areas, embedded as passages (cached, so a second check embeds only the
new problem). multilingual-e5-small puts any two texts of one kind near 0.8, so a row's
score is its similarity plus how far it stands above the median row: a problem about
roads is about as similar to every social investment, one about young homeless people
stands out at the rows about homelessness. Rows at or above the embedder's calibrated
floor are similar. The problem is inside DSI's investment areas (the rows' areas, as
its tables name them) when an area's name scores at or above the area floor, by the same
measure. Both floors are measured per embedder (``calibration.fit_floor`` and
``fit_area_floor``, by ``python benchmarks/calibrate_fit.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.index.embeddings import CachedEmbedder
from assistant.portfolio.data import PortfolioRow

TOP = 3  # similar rows shown


@dataclass(frozen=True)
class Similar:
    """A portfolio row and how close it is to the problem (cosine similarity)."""

    row: PortfolioRow
    similarity: float


@dataclass(frozen=True)
class Closeness:
    """The rows closest to the problem (above the floor), and the areas verdict."""

    similar: tuple[Similar, ...]
    inside: bool  # the closest investment area is at or above its floor
    areas: tuple[str, ...]  # the areas at or above the floor, closest first


def row_text(row: PortfolioRow) -> str:
    """What a row is about: its name, purpose and areas."""
    parts = [row.name, row.purpose, ", ".join(row.areas)]
    return ". ".join(p.strip().rstrip(".") for p in parts if p.strip())


def contrast(query: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """Each vector's similarity to ``query`` plus its lead over the median one."""
    cosine = np.einsum("ij,j->i", vectors, query)  # einsum: no BLAS threads spun
    return cosine + (cosine - np.median(cosine))


def closeness(
    problem: str,
    rows: Sequence[PortfolioRow],
    embedder: CachedEmbedder,
    floor: float,
    area_floor: float,
) -> Closeness:
    """The rows at or above ``floor``, best first (at most ``TOP``), and the areas at or
    above ``area_floor`` (the problem is inside DSI's areas when one is)."""
    areas = sorted({a for r in rows for a in r.areas})
    if not rows or not problem.strip():
        return Closeness((), False, ())
    query = embedder.query(problem)
    scores = contrast(query, embedder.passages([row_text(r) for r in rows]))
    order = np.argsort(-scores, kind="stable")
    similar = tuple(Similar(rows[i], float(scores[i])) for i in order[:TOP] if scores[i] >= floor)
    if not areas:
        return Closeness(similar, False, ())
    area_scores = contrast(query, embedder.passages(areas))
    close = [
        areas[i] for i in np.argsort(-area_scores, kind="stable") if area_scores[i] >= area_floor
    ]
    return Closeness(similar, bool(close), tuple(close))
