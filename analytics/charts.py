"""Plotly figure builders: data in, figure out, no Streamlit.

Values go in as plain lists so that the figure JSON states the numbers
(Plotly would otherwise pack numpy arrays as binary).

Colours are the Okabe-Ito palette (safe for colour-blind readers), and every
series is also told apart by its marker or its label, never by colour alone.
Large fonts, because these charts are shown on a projector in kommunestyret.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.text import fmt_number, t

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
MARKERS = ("circle", "square", "diamond", "triangle-up", "x", "star")
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=16, color="#1f2328")


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    # The page shows the title as a heading; the figure keeps it as metadata
    # for screen readers and image exports.
    fig.update_layout(
        meta=dict(title=title),
        font=FONT,
        height=height,
        margin=dict(l=10, r=10, t=20, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=-0.3, x=0),
        plot_bgcolor="white",
        separators=", ",
    )
    fig.update_xaxes(showgrid=False, linecolor="#6e7781")
    fig.update_yaxes(gridcolor="#d0d7de", linecolor="#6e7781")
    return fig


def index_trend(trend: pd.DataFrame, group_names: dict[str, str]) -> go.Figure:
    """Composite culture index per round, one line for all and one per group.

    ``trend`` has columns ``round``, ``group`` (``None`` = all), ``mean``.
    Hidden points are gaps in the line, not zeros.
    """
    fig = go.Figure()
    series = [None, *[g for g in group_names if g in set(trend["group"].dropna())]]
    for position, group in enumerate(series):
        rows = trend[trend["group"].isna()] if group is None else trend[trend["group"] == group]
        rows = rows.sort_values("round")
        name = t("all_respondents") if group is None else group_names[group]
        fig.add_trace(
            go.Scatter(
                x=rows["round"].astype(str).tolist(),
                y=rows["mean"].astype(float).tolist(),
                name=name,
                mode="lines+markers",
                marker=dict(symbol=MARKERS[position % len(MARKERS)], size=10),
                line=dict(color=OKABE_ITO[position], width=4 if group is None else 2),
                hovertemplate=f"{name}<br>%{{x}}: %{{y:.2f}}<extra></extra>",
            )
        )
    fig.update_yaxes(title=t("axis_mean"), range=[1, 5])
    fig.update_xaxes(title=t("axis_round"), type="category")
    return _layout(fig, t("index_trend_title"))


def indicators_latest_vs_previous(table: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Horizontal bars: each indicator's mean in the latest and previous round."""
    latest, previous = table.attrs.get("latest_round"), table.attrs.get("previous_round")
    names = [f"{k} {labels[k]}" for k in table["indicator"]]
    fig = go.Figure()
    if previous:
        fig.add_trace(
            go.Bar(
                y=names,
                x=table["previous"].astype(float).tolist(),
                name=str(previous),
                orientation="h",
                marker=dict(color=OKABE_ITO[4], pattern=dict(shape="/")),
                text=[fmt_number(v) for v in table["previous"]],
                textposition="outside",
            )
        )
    fig.add_trace(
        go.Bar(
            y=names,
            x=table["latest"].astype(float).tolist(),
            name=str(latest),
            orientation="h",
            marker=dict(color=OKABE_ITO[0]),
            text=[fmt_number(v) for v in table["latest"]],
            textposition="outside",
        )
    )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=t("axis_mean"), range=[1, 5.4])
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, t("indicators_title", latest=latest, previous=previous or "–"), height=560)


def projects_per_phase(table: pd.DataFrame) -> go.Figure:
    """Stacked bars: projects per current phase, split by whether a fundament is 0."""
    fig = go.Figure()
    ok = table["projects"] - table["with_zero"]
    fig.add_trace(
        go.Bar(
            x=table["phase_name"].tolist(),
            y=ok.tolist(),
            name="Ingen null-fundament",
            marker=dict(color=OKABE_ITO[2]),
        )
    )
    fig.add_trace(
        go.Bar(
            x=table["phase_name"].tolist(),
            y=table["with_zero"].tolist(),
            name="Minst ett fundament = 0",
            marker=dict(color=OKABE_ITO[5], pattern=dict(shape="x")),
        )
    )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title=t("axis_projects"), dtick=1)
    fig.update_xaxes(title=t("axis_phase"))
    return _layout(fig, t("portfolio_title"))
