"""The overview page's content, computed once per data version.

Everyone in a meeting opens the overview at the same moment; what it shows
depends only on the stored data, the anonymity threshold and whether the
viewer may see units. :func:`build_overview` works it all out from the suppressed
tables (figures, takeaways and the numbers behind them), so a page run only
lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from analytics.core.framework import framework
from analytics.core.text import figure_text, fmt_share, t
from analytics.measures import changes, culture, inputs, participation, portfolio
from analytics.present import changes_text, charts, culture_text, meeting, participation_text, portfolio_text


@dataclass(frozen=True)
class Chart:
    """A chart with its one-sentence takeaway and the numbers behind it."""

    takeaway: str
    figure: go.Figure
    table: pd.DataFrame


@dataclass(frozen=True)
class Overview:
    """What the overview shows. ``culture`` parts are ``None`` without a survey,
    ``portfolio`` parts without projects."""

    headline: dict | None  # index_metric of the latest round: value, n, delta (st.metric's), sentence
    latest_round: str | None
    previous_round: str | None
    index_trend: Chart | None
    indicators: Chart | None
    health: dict | None  # portfolio_health
    phases: Chart | None
    sectors: meeting.Slide  # unit figures: the page shows it only to viewers with unit views
    sectors_table: pd.DataFrame  # sectors.table as text with decimal commas, made once per data version
    moves: meeting.Slide  # «Falt og steg» per unit and group: for viewers with unit views
    moves_groups: meeting.Slide  # the same per respondent group only, for everyone else
    participation: dict | None = None  # participation_metric of the latest round
    indicators_title: str = ""  # «…, 2024 mot 2023», or the latest round only across another mix


def index_metric(cells: pd.DataFrame, overall: pd.DataFrame, latest: str, records: list[dict]) -> dict:
    """The overview's headline card: the latest round's index and respondents («skjult»
    when hidden), the delta as ``st.metric`` must be given it
    (:func:`analytics.present.changes_text.metric_delta`;
    ``None`` when the change cannot be stated like for like) and the sentence about the change."""
    now = overall[(overall["indicator"] == culture.INDEX) & (overall["round"] == latest)].iloc[0]
    hidden = bool(now["suppressed"])
    return {
        "value": figure_text(now["mean"], "mean", hidden),
        "n": figure_text(now["n"], "count", hidden),
        "delta": changes_text.metric_delta(changes.find(records, culture.INDEX)),
        "sentence": changes_text.describe(cells, t("slide_index_subject"), culture.INDEX),
    }


def participation_metric(records: list[dict], latest: str | None, previous: str | None) -> dict | None:
    """The response rate card: the latest round's rate and its change in percentage points since
    the previous round (``delta``: a number, ``None`` when either rate is not shown).

    Keys: ``value`` (text), ``delta``, ``help`` (text), ``missing`` (no invited numbers).
    """
    now = participation.round_record(records, latest) if latest else None
    if now is None:
        return None
    before = participation.round_record(records, previous) if previous else None
    if now["rate"] is None:
        return {"value": "–", "delta": None, "help": "", "missing": True}
    delta = None
    if before is not None and before["rate"] is not None:
        # The change of the percentages as shown, so it never contradicts them.
        change = round(100 * now["rate"]) - round(100 * before["rate"])
        delta = t("metric_participation_delta", change=f"{change:+d}")
    return {
        "value": fmt_share(now["rate"]),
        "delta": delta,
        "help": t(
            "metric_participation_help", rate=participation_text.rate_text(now), previous=previous or "–"
        ),
        "missing": False,
    }


def build_overview(sources: inputs.Sources) -> Overview:
    """The overview from the suppressed culture cells and the portfolio (``sources``)."""
    fw = framework()
    headline = latest = previous = trend_chart = indicators_chart = None
    if sources.cells is not None:
        cells = sources.cells
        overall = culture.overall(cells)
        trend = culture.index_by_group(cells)
        records = changes.changes(cells)
        indicators = culture.latest_vs_previous(overall, records)
        latest, previous = indicators.attrs["latest_round"], indicators.attrs["previous_round"]
        headline = index_metric(cells, overall, latest, records)
        groups, labels = fw.names("groups"), fw.names("indicators")
        rounds = sorted(set(cells["round"].astype(str)))
        first = rounds[0] if len(rounds) > 1 else None  # one round: no change to state
        index_change = changes_text.describe(cells, t("slide_index_subject"), culture.INDEX, from_round=first)
        trend_chart = Chart(
            culture_text.index_takeaway(trend, groups, index_change),
            charts.index_trend(trend, groups),
            culture_text.index_trend_table(trend, groups),
        )
        named = {k.id: f"{k.id} {k.label}" for k in fw.indicators}
        indicators_takeaway = changes_text.indicators_sentence(cells, named)
        if previous is not None and indicators.attrs["compared_round"] is None:  # another mix of groups
            indicators_takeaway += " " + t("indicators_latest_only", before=previous, after=latest)
        indicators_chart = Chart(
            indicators_takeaway,
            charts.indicators_latest_vs_previous(indicators, labels),
            culture_text.indicators_table(indicators, labels),
        )
    health = phases_chart = None
    indicators_title = "" if indicators_chart is None else culture_text.indicators_title(indicators)
    if sources.summaries:
        health = portfolio.portfolio_health(sources.summaries)
        phases = portfolio_text.phase_table(sources.summaries, fw.project_phases)
        phases_chart = Chart(
            portfolio_text.portfolio_takeaway(health),
            charts.projects_per_phase(phases),
            portfolio_text.phase_count_table(phases),
        )
    sectors = meeting.sectors_slide(sources)
    moves, moves_groups = meeting.moves_slide(sources), meeting.moves_slide(sources, units=False)
    return Overview(
        headline,
        latest,
        previous,
        trend_chart,
        indicators_chart,
        health,
        phases_chart,
        sectors,
        sectors.text_table(),
        moves,
        moves_groups,
        participation=participation_metric(sources.participation, latest, previous),
        indicators_title=indicators_title,
    )
