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

from analytics.text import fmt_number, fmt_share, t

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


# ---------------------------------------------------------------- Innovasjonskultur
# Diverging, colour-blind safe (Okabe-Ito vermillion - grey - blue), centred on the scale midpoint 3.
DIVERGING = [[0.0, "#D55E00"], [0.25, "#F0A672"], [0.5, "#F2F2F2"], [0.75, "#7FB8DA"], [1.0, "#0072B2"]]
SCALE_MIDPOINT = 3
HIDDEN_FILL = "#BDBDBD"
LIKERT_COLOURS = ("#D55E00", "#E69F00", "#BDBDBD", "#56B4E9", "#0072B2")
LIKERT_PATTERNS = ("x", "", "", "", "/")


def _value_or_none(value):
    return None if value is None or pd.isna(value) else float(value)


def culture_heatmap(cells: pd.DataFrame, labels: dict[str, str], title: str) -> go.Figure:
    """Units x indicators, coloured on a diverging scale centred on 3.

    ``cells`` is :func:`analytics.culture.heatmap`: ``unit`` (``None`` = all
    units), ``indicator``, ``mean``, ``suppressed``. Every cell states its value
    as text; hidden cells are grey and say «skjult», never coloured as a value.
    """
    indicators = [k for k in labels if k in set(cells["indicator"])]
    units = list(dict.fromkeys(cells["unit"].tolist()))
    names = [t("all_units") if u is None else u for u in units]
    columns = [labels[k] for k in indicators]
    lookup = {(r.unit, r.indicator): r for r in cells.itertuples(index=False)}
    values, hidden, text = [], [], []
    for unit in units:
        row_values, row_hidden, row_text = [], [], []
        for indicator in indicators:
            cell = lookup.get((unit, indicator))
            is_hidden = cell is not None and bool(cell.suppressed)
            row_values.append(None if cell is None or is_hidden else _value_or_none(cell.mean))
            row_hidden.append(1 if is_hidden else None)
            row_text.append(t("hidden") if is_hidden else "–" if cell is None else fmt_number(cell.mean))
        values.append(row_values)
        hidden.append(row_hidden)
        text.append(row_text)
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            x=columns,
            y=names,
            z=values,
            text=text,
            texttemplate="%{text}",
            zmin=1,
            zmax=5,
            zmid=SCALE_MIDPOINT,
            colorscale=DIVERGING,
            colorbar=dict(title=t("axis_mean"), tickvals=[1, 2, 3, 4, 5]),
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
            name=t("axis_mean"),
            xgap=2,
            ygap=2,
        )
    )
    fig.add_trace(
        go.Heatmap(
            x=columns,
            y=names,
            z=hidden,
            text=[[t("hidden") if h else "" for h in row] for row in hidden],
            texttemplate="%{text}",
            colorscale=[[0, HIDDEN_FILL], [1, HIDDEN_FILL]],
            showscale=False,
            hovertemplate="%{y}<br>%{x}: " + t("hidden") + "<extra></extra>",
            name=t("hidden"),
            xgap=2,
            ygap=2,
        )
    )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="top", tickangle=-30)
    fig = _layout(fig, title, height=140 + 48 * len(units))
    fig.update_layout(plot_bgcolor="white", margin=dict(l=10, r=10, t=120, b=10))
    return fig


def indicator_trend(rows: pd.DataFrame, title: str, targets: list[float | None]) -> go.Figure:
    """One measure across rounds: mean with its 95 % interval, and the target path.

    ``rows`` is :func:`analytics.culture.trend`; ``targets`` gives the target
    for each of its rounds (``None`` where there is none). Hidden rounds are
    gaps in the line, labelled «skjult» at the foot of the chart.
    """
    rounds = rows["round"].astype(str).tolist()
    means = [_value_or_none(v) for v in rows["mean"]]
    upper = [None if m is None else _value_or_none(h) for m, h in zip(means, rows["ci_high"])]
    lower = [None if m is None else _value_or_none(lo) for m, lo in zip(means, rows["ci_low"])]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=rounds,
            y=means,
            name=t("axis_mean"),
            mode="lines+markers+text",
            text=[fmt_number(m) if m is not None else "" for m in means],
            textposition="top center",
            marker=dict(symbol="circle", size=11, color=OKABE_ITO[0]),
            line=dict(color=OKABE_ITO[0], width=4),
            error_y=dict(
                type="data",
                symmetric=False,
                array=[None if h is None else h - m for m, h in zip(means, upper)],
                arrayminus=[None if lo is None else m - lo for m, lo in zip(means, lower)],
                color=OKABE_ITO[0],
                thickness=1.5,
            ),
            hovertemplate="%{x}: %{y:.2f}<extra></extra>",
        )
    )
    if any(v is not None for v in targets):
        fig.add_trace(
            go.Scatter(
                x=rounds,
                y=targets,
                name=t("target_line"),
                mode="lines+markers",
                marker=dict(symbol="diamond-open", size=11, color=OKABE_ITO[1]),
                line=dict(color=OKABE_ITO[1], width=3, dash="dash"),
                hovertemplate=t("target_line") + " %{x}: %{y:.2f}<extra></extra>",
            )
        )
    hidden_rounds = [r for r, s in zip(rounds, rows["suppressed"]) if s]
    if hidden_rounds:
        fig.add_trace(
            go.Scatter(
                x=hidden_rounds,
                y=[1.2] * len(hidden_rounds),
                name=t("hidden"),
                mode="text",
                text=[t("hidden")] * len(hidden_rounds),
                hoverinfo="skip",
            )
        )
    fig.update_yaxes(title=t("axis_mean"), range=[1, 5])
    fig.update_xaxes(title=t("axis_round"), type="category")
    return _layout(fig, title)


def likert_bars(table: pd.DataFrame, item_names: list[str], scale: list[str], title: str) -> go.Figure:
    """Diverging stacked bars: disagreement to the left, agreement to the right.

    ``table`` is :func:`analytics.culture.distribution`; ``item_names`` labels
    its rows; ``scale`` names the values 1-5. The neutral middle is split across
    zero. Hidden statements have no bar and say «skjult».
    """
    shares = {v: [_value_or_none(s) for s in table[f"share_{v}"]] for v in range(1, 6)}
    half = [None if s is None else s / 2 for s in shares[3]]
    # Left side in stacking order from the centre outwards, then the right side.
    parts = [
        (3, [None if h is None else -h for h in half], False),
        (2, [None if s is None else -s for s in shares[2]], True),
        (1, [None if s is None else -s for s in shares[1]], True),
        (3, half, True),
        (4, shares[4], True),
        (5, shares[5], True),
    ]
    fig = go.Figure()
    for value, x, legend in parts:
        fig.add_trace(
            go.Bar(
                y=item_names,
                x=x,
                orientation="h",
                name=f"{value} {scale[value - 1]}",
                legendgroup=str(value),
                showlegend=legend,
                marker=dict(color=LIKERT_COLOURS[value - 1], pattern=dict(shape=LIKERT_PATTERNS[value - 1])),
                text=[fmt_share(s) if s is not None and s >= 0.08 and legend else "" for s in shares[value]],
                textposition="inside",
                customdata=[fmt_share(s) if s is not None else t("hidden") for s in shares[value]],
                hovertemplate="%{y}<br>" + f"{value} {scale[value - 1]}: " + "%{customdata}<extra></extra>",
            )
        )
    hidden = [name for name, s in zip(item_names, table["suppressed"]) if s]
    if hidden:
        fig.add_trace(
            go.Scatter(
                y=hidden,
                x=[0] * len(hidden),
                mode="text",
                text=[t("hidden")] * len(hidden),
                name=t("hidden"),
                hoverinfo="skip",
            )
        )
    fig.update_layout(barmode="relative", bargap=0.25)
    fig.update_xaxes(
        title=t("axis_share"),
        range=[-1, 1],
        tickvals=[-1, -0.5, 0, 0.5, 1],
        ticktext=["100 %", "50 %", "0", "50 %", "100 %"],
        zeroline=True,
        zerolinecolor="#1f2328",
    )
    fig.update_yaxes(autorange="reversed", type="category")
    return _layout(fig, title, height=160 + 34 * len(item_names))


def gap_dumbbell(gaps: pd.DataFrame, labels: dict[str, str], base_name: str, other_name: str, title: str):
    """Per indicator, two groups' means joined by a line (a dumbbell chart).

    ``gaps`` is :func:`analytics.culture.perception_gaps`. The groups differ by
    marker shape as well as colour; hidden indicators say «skjult».
    """
    names = [f"{k} {labels[k]}" for k in gaps["indicator"]]
    base = [_value_or_none(v) for v in gaps["base_mean"]]
    other = [_value_or_none(v) for v in gaps["other_mean"]]
    shown = [not s for s in gaps["suppressed"]]
    link_x, link_y = [], []
    for name, b, o, visible in zip(names, base, other, shown):
        if visible:
            link_x += [b, o, None]
            link_y += [name, name, None]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=link_x, y=link_y, mode="lines", line=dict(color="#8c959f", width=3), showlegend=False)
    )
    for values, name, symbol, colour in (
        (base, base_name, "circle", OKABE_ITO[0]),
        (other, other_name, "diamond", OKABE_ITO[5]),
    ):
        fig.add_trace(
            go.Scatter(
                x=[v if s else None for v, s in zip(values, shown)],
                y=names,
                mode="markers",
                name=name,
                marker=dict(symbol=symbol, size=16, color=colour),
                hovertemplate=name + " %{y}: %{x:.2f}<extra></extra>",
            )
        )
    hidden = [n for n, s in zip(names, shown) if not s]
    if hidden:
        fig.add_trace(
            go.Scatter(
                x=[SCALE_MIDPOINT] * len(hidden),
                y=hidden,
                mode="text",
                text=[t("hidden")] * len(hidden),
                name=t("hidden"),
                hoverinfo="skip",
            )
        )
    fig.update_xaxes(title=t("axis_mean"), range=[1, 5])
    fig.update_yaxes(autorange="reversed", type="category")
    return _layout(fig, title, height=160 + 44 * len(names))
