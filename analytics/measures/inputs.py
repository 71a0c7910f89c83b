"""What the slides, the overview and the reports read, gathered once from a data folder.

:class:`Sources` holds the suppressed culture cells, the portfolio, the
follow-up measures with their effects, response rates, benchmarks and the goals
scorecard: the numbers that :mod:`analytics.present` turns into words.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.core import suppression
from analytics.core.framework import framework
from analytics.core.schema import conform
from analytics.measures import actions, goals, participation, portfolio
from analytics.store import settings


@dataclass(frozen=True)
class Sources:
    """What slides read: suppressed culture cells (``None`` without a survey),
    project summaries (as the CLI's ``projects``), the portfolio tables, the
    follow-up measures with their effects (as the CLI's ``actions``) and the
    goals scorecard (as the CLI's ``goals``)."""

    cells: pd.DataFrame | None
    summaries: list[dict]
    tables: dict[str, pd.DataFrame]
    measures: list[dict] = ()
    goals: list[dict] = ()  # the goals scorecard (analytics.measures.goals.scorecard)
    participation: list[dict] = ()  # response rates per round, as the CLI's participation gives them
    benchmarks: pd.DataFrame | None = None  # figures from others (the benchmarks table)


def sources_from_store(store, threshold: int) -> Sources:
    """The same inputs the pages use, read straight from a data folder (for the CLI)."""
    manifest = store.manifest()
    cells = (
        suppression.suppress(
            store.query("culture_cells", manifest=manifest), threshold, store.shown_thresholds(manifest)
        )
        if store.has_published_survey(manifest)
        else None
    )
    tables = portfolio.read_tables(store, manifest)
    summaries = portfolio.project_summaries(
        *(tables[name] for name in ("projects", "assessments", "phases", "actors"))
    )
    measures = actions.action_records(conform("actions", store.table("actions", manifest)), cells)
    rates = participation_records(cells, store.table("invited", manifest), threshold, store.settings())
    compared = conform("benchmarks", store.table("benchmarks", manifest))
    sources = Sources(cells, summaries, tables, measures, participation=rates, benchmarks=compared)
    return goals.with_scorecard(framework(), sources, store.settings())


def participation_records(cells, invited, threshold: int, saved: dict) -> list[dict]:
    """Response rates per round, group and unit from suppressed ``cells`` (none without a survey)."""
    if cells is None:
        return []
    return participation.participation(cells, invited, threshold, settings.flag_limit(saved))
