"""Plotly figure builders: data in, figure out, no Streamlit.

Values go in as plain lists so that the figure JSON states the numbers
(Plotly would otherwise pack numpy arrays as binary).

Colours are the Okabe-Ito palette (safe for colour-blind readers), and every
series is also told apart by its marker or its label, never by colour alone.
Large fonts, because these charts are shown on a projector in kommunestyret.

Plotly renders tick labels, legend names, bar texts and hover labels with its
own subset of HTML (``<b>``, ``<a href>``, ``<br>`` …). A unit or project name
from a file is text, never markup: :func:`_layout`, which every builder ends
with, escapes the text of every trace (:func:`plain`), and hover templates
that name a series do so with :func:`plain`.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from analytics.core.framework import framework
from analytics.core.text import fmt_number, fmt_share, t
from analytics.measures.culture import INDEX
from analytics.present.changes_text import fmt_delta
from analytics.present.culture_text import indicators_title

# ---------------------------------------------------------------- the palette, declared once
# Okabe-Ito (safe for colour-blind readers): blue, orange, green, pink, sky blue, vermillion, yellow, black.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
BLUE, ORANGE, GREEN, _, SKY, VERMILLION, YELLOW, _ = OKABE_ITO
GREY = "#BDBDBD"  # hidden figures, a neutral answer
NOT_ASSESSED_COLOUR = "#BBBBBB"
# Fundament scores, worst to best (spread over the strategy's scale).
SCORE_COLOURS = (VERMILLION, ORANGE, YELLOW, SKY, GREEN)
SCORE_PATTERNS = ("x", "/", "", "", "")
PATTERNS = ("", "/", "x", ".", "\\", "+", "-", "|")
# Diverging, centred on the answer scale's midpoint: vermillion - light grey - blue.
DIVERGING = [[0.0, VERMILLION], [0.25, "#F0A672"], [0.5, "#F2F2F2"], [0.75, "#7FB8DA"], [1.0, BLUE]]
# Answers below the midpoint, strongest first; above it, weakest first; the neutral answer grey.
DISAGREE_COLOURS = (VERMILLION, ORANGE, "#F0A672")
AGREE_COLOURS = ("#7FB8DA", SKY, BLUE)
MARKERS = ("circle", "square", "diamond", "triangle-up", "x", "star")
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=16, color="#1f2328")


def plain(value):
    """Text from data as Plotly shows it literally: ``<``, ``>`` and ``&`` as HTML entities.

    Lists (and lists of lists, as heatmaps have) are escaped element by element;
    numbers and missing values are left as they are.

    >>> plain('<a href="http://x">U</a>')
    '&lt;a href="http://x"&gt;U&lt;/a&gt;'
    >>> plain(["A & B", 3, None])
    ['A &amp; B', 3, None]
    """
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


# Trace properties that Plotly draws as text.
_TEXT_PROPERTIES = ("x", "y", "text", "name", "customdata")


# Plotly's tool buttons whose names it shows only in English (zoom, pan, select, scaling and
# spike lines): a reader of these charts needs none of them. The PNG download and Streamlit's
# full screen stay, named in bokmål (analytics.ui.BOKMAL_JS).
MODEBAR_REMOVE = (
    "zoom",
    "pan",
    "select",
    "lasso",
    "zoomIn",
    "zoomOut",
    "autoScale",
    "resetScale",
    "toggleSpikelines",
    "hoverClosestCartesian",
    "hoverCompareCartesian",
)


def _hidden_cells(columns, names, hidden, hover_extra: str = "", **extra) -> go.Heatmap:
    """A heat map's hidden cells: grey, saying «skjult» (``hidden``: 1 where hidden, else None)."""
    return go.Heatmap(
        x=columns,
        y=names,
        z=hidden,
        text=[[t("hidden") if h else "" for h in row] for row in hidden],
        texttemplate="%{text}",
        colorscale=[[0, GREY], [1, GREY]],
        showscale=False,
        hovertemplate="%{y}<br>%{x}: " + t("hidden") + hover_extra + "<extra></extra>",
        name=t("hidden"),
        xgap=2,
        ygap=2,
        **extra,
    )


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    for trace in fig.data:
        for name in _TEXT_PROPERTIES:
            if name in trace and trace[name] is not None and not hasattr(trace[name], "dtype"):
                trace[name] = plain(trace[name] if isinstance(trace[name], str) else list(trace[name]))
    # The page shows the title as a heading; the figure keeps it as metadata
    # for screen readers and image exports.
    fig.update_layout(
        meta=dict(title=title),
        font=FONT,
        height=height,
        margin=dict(l=10, r=10, t=20, b=10),
        # Above the plot: below it, the legend met the x-axis title when a phone's
        # narrow screen tilted the tick labels.
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        plot_bgcolor="white",
        separators=", ",
        modebar=dict(remove=list(MODEBAR_REMOVE)),
    )
    fig.update_xaxes(showgrid=False, linecolor="#6e7781")
    fig.update_yaxes(gridcolor="#d0d7de", linecolor="#6e7781")
    return fig


def _bar(
    categories,
    values,
    name: str,
    colour,
    pattern="",
    text=None,
    textposition: str = "outside",
    horizontal: bool = False,
    **extra,
) -> go.Bar:
    """One bar series: told apart by its colour and its pattern, its values as text (when given)."""
    axes = dict(y=categories, x=values, orientation="h") if horizontal else dict(x=categories, y=values)
    return go.Bar(
        **axes,
        name=name,
        # A series without a pattern is drawn exactly as a plain bar.
        marker=dict(color=colour, **({"pattern": dict(shape=pattern)} if pattern else {})),
        text=text,
        textposition=None if text is None else textposition,
        **extra,
    )


def _counts_with_shares(counts, shares) -> list[str]:
    """«12 (40 %)» for each count, or the count alone where the share is unknown."""
    return [
        f"{c} ({fmt_share(s)})" if s is not None and not pd.isna(s) else str(c)
        for c, s in zip(counts, shares)
    ]


def _mean_range(room: float = 0.0) -> list[float]:
    """The answer scale's range, for every axis of means (1–5, 1–6 …)."""
    fw = framework()
    return [fw.scale_min, fw.scale_max + room]


def _mean_title() -> str:
    fw = framework()
    return t("axis_mean", low=fw.scale_min, high=fw.scale_max)


def _spread(palette: tuple[str, ...], count: int) -> list[str]:
    """``count`` colours picked evenly from ``palette`` (its ends always included)."""
    if count == 1:
        return [palette[-1]]
    return [palette[round(i * (len(palette) - 1) / (count - 1))] for i in range(count)]


def _score_style(score: int | None) -> tuple[str, str]:
    """Colour and pattern of a fundament score (worst to best), or of «ikke vurdert»."""
    if score is None:
        return NOT_ASSESSED_COLOUR, "."
    top = framework().fundament_max
    colour = _spread(SCORE_COLOURS, top + 1)[score]
    pattern = SCORE_PATTERNS[0] if score == 0 else SCORE_PATTERNS[1] if score == 1 and top > 2 else ""
    return colour, pattern


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
                hovertemplate=f"{plain(name)}<br>%{{x}}: %{{y:.2f}}<extra></extra>",
            )
        )
    fig.update_yaxes(title=_mean_title(), range=_mean_range())
    fig.update_xaxes(title=t("axis_round"), type="category")
    return _layout(fig, t("index_trend_title"))


def indicators_latest_vs_previous(table: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Horizontal bars: each indicator's mean in the latest round, beside the previous
    round's when the two are like for like (``attrs["compared_round"]``)."""
    latest, previous = table.attrs.get("latest_round"), table.attrs.get("compared_round")
    names = [f"{k} {labels[k]}" for k in table["indicator"]]
    earlier, current = slide_colours(2)  # the latest round is blue on every chart
    fig = go.Figure()
    if previous:
        fig.add_trace(
            _bar(
                names,
                table["previous"].astype(float).tolist(),
                str(previous),
                earlier,
                "/",
                text=[fmt_number(v) for v in table["previous"]],
                horizontal=True,
            )
        )
    fig.add_trace(
        _bar(
            names,
            table["latest"].astype(float).tolist(),
            str(latest),
            current,
            text=[fmt_number(v) for v in table["latest"]],
            horizontal=True,
        )
    )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=_mean_title(), range=_mean_range(0.4))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, indicators_title(table), height=560)


def projects_per_phase(table: pd.DataFrame) -> go.Figure:
    """Stacked bars: projects per current phase, split by whether a fundament is 0."""
    fig = go.Figure()
    ok = table["projects"] - table["with_zero"]
    fig.add_trace(_bar(table["phase_name"].tolist(), ok.tolist(), t("slide_without_zero"), OKABE_ITO[2]))
    fig.add_trace(
        _bar(
            table["phase_name"].tolist(),
            table["with_zero"].tolist(),
            t("slide_with_zero"),
            OKABE_ITO[5],
            "x",
        )
    )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title=t("axis_projects"), dtick=1)
    fig.update_xaxes(title=t("axis_phase"))
    return _layout(fig, t("portfolio_title"))


# ---------------------------------------------------------------- portfolio, co-creation, instruments


def _label_room(fig: go.Figure, values) -> None:
    """Widen a horizontal bar chart's value axis so labels outside the bars are not cut off."""
    largest = max((v for v in values if v is not None), default=0)
    fig.update_xaxes(range=[0, largest * 1.3 + 1])


def _values(series) -> list:
    """Plain Python values, with missing ones as ``None`` (JSON null, never 0)."""
    return [None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in series]


def fundament_distribution(
    distribution: pd.DataFrame, names: dict[str, str], scale: tuple[str, ...]
) -> go.Figure:
    """Stacked bars: for each fundament, projects per score and not assessed.

    ``scale`` holds the names of the scores from 0 up (Mangler … Fullt på plass).
    """
    fig = go.Figure()
    labels = [names[f] for f in distribution["fundament"]]
    for score, label in enumerate(scale):
        counts = distribution[f"score_{score}"].astype(int).tolist()
        colour, pattern = _score_style(score)
        fig.add_trace(
            _bar(
                labels,
                counts,
                f"{score} {label.lower()}",
                colour,
                pattern,
                text=[str(c) if c else "" for c in counts],
                textposition="inside",
                horizontal=True,
            )
        )
    missing = distribution["not_assessed"].astype(int).tolist()
    fig.add_trace(
        _bar(
            labels,
            missing,
            t("not_assessed"),
            *_score_style(None),
            text=[str(c) if c else "" for c in missing],
            textposition="inside",
            horizontal=True,
        )
    )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=t("axis_projects"), dtick=2)
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, t("distribution_title"))


def limiting_fundaments(limiting: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """Bars: how often each fundament is a project's weakest, and how often it is 0."""
    labels = [names[f] for f in limiting["fundament"]]
    fig = go.Figure()
    for position, (column, name) in enumerate(
        (("limiting", t("series_limiting")), ("zero", t("series_zero")))
    ):
        counts = limiting[column].astype(int).tolist()
        fig.add_trace(
            _bar(
                labels,
                counts,
                name,
                (OKABE_ITO[1], OKABE_ITO[5])[position],
                PATTERNS[position * 2],
                text=[str(c) for c in counts],
                horizontal=True,
            )
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=t("axis_projects"))
    _label_room(fig, [*limiting["limiting"], *limiting["zero"]])
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, t("limiting_title"))


def fundament_trend(trend: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """Lines: each fundament's mean score in the running portfolio at year end."""
    fig = go.Figure()
    for position, fundament in enumerate(names):
        rows = trend[trend["fundament"] == fundament].sort_values("year")
        fig.add_trace(
            go.Scatter(
                x=rows["year"].astype(str).tolist(),
                y=_values(rows["mean"]),
                name=names[fundament],
                mode="lines+markers",
                marker=dict(symbol=MARKERS[position % len(MARKERS)], size=10),
                line=dict(color=OKABE_ITO[position], width=3),
                hovertemplate=f"{plain(names[fundament])}<br>%{{x}}: %{{y:.1f}}<extra></extra>",
            )
        )
    fig.update_yaxes(title=t("axis_score"), range=[0, framework().fundament_max + 0.2], dtick=1)
    fig.update_xaxes(title=t("axis_year"), type="category")
    return _layout(fig, t("fundament_trend_title"))


def phase_funnel(funnel: pd.DataFrame) -> go.Figure:
    """Bars: projects that ever reached each phase, and projects in it now."""
    fig = go.Figure()
    for position, (column, name) in enumerate(
        (("reached", t("series_reached")), ("current", t("series_current")))
    ):
        counts = funnel[column].astype(int).tolist()
        fig.add_trace(
            _bar(
                funnel["phase_name"].tolist(),
                counts,
                name,
                OKABE_ITO[position * 4],
                PATTERNS[position],
                text=[str(c) for c in counts],
            )
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title=t("axis_projects"))
    fig.update_xaxes(title=t("axis_phase"))
    return _layout(fig, t("funnel_title"))


def blt_loops(loops: pd.DataFrame) -> go.Figure:
    """Bars: projects by the number of Behov–Løsning–Test loops."""
    counts = loops["projects"].astype(int).tolist()
    fig = go.Figure(
        _bar(
            [t("loops_label", loops=n) for n in loops["loops"]],
            counts,
            t("axis_projects"),
            OKABE_ITO[2],
            text=[str(c) for c in counts],
        )
    )
    fig.update_yaxes(title=t("axis_projects"))
    fig.update_xaxes(title=t("axis_loops"))
    return _layout(fig, t("loops_title"), height=340)


def criteria_funnel(funnel: pd.DataFrame) -> go.Figure:
    """Bars: projects that became nytt, nyttig and nyttiggjort."""
    counts = funnel["projects"].astype(int).tolist()
    fig = go.Figure(
        _bar(
            funnel["name"].tolist(),
            counts,
            t("axis_projects"),
            OKABE_ITO[0],
            text=_counts_with_shares(counts, funnel["share"]),
        )
    )
    fig.update_yaxes(title=t("axis_projects"))
    return _layout(fig, t("criteria_title"), height=360)


def project_scores(scores: dict, names: dict[str, str]) -> go.Figure:
    """Horizontal bars of one project's five scores; a missing score is a gap labelled «ikke vurdert»."""
    labels = [names[f] if scores[f] is not None else f"{names[f]} ({t('not_assessed')})" for f in names]
    values = [scores[f] for f in names]
    fig = go.Figure(
        _bar(
            labels,
            values,
            t("axis_score"),
            [_score_style(v)[0] for v in values],
            [_score_style(v)[1] for v in values],
            text=[str(v) if v is not None else t("not_assessed") for v in values],
            horizontal=True,
        )
    )
    fig.update_xaxes(title=t("axis_score"), range=[0, framework().fundament_max + 0.6], dtick=1)
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, t("profile_scores_title"), height=340)


def assessment_history(history: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """Lines: one project's fundament scores at each assessment (gaps where not assessed)."""
    dates = history["assessed_on"].dt.strftime("%Y-%m-%d").tolist()
    fig = go.Figure()
    for position, fundament in enumerate(names):
        fig.add_trace(
            go.Scatter(
                x=dates,
                y=_values(history[fundament]),
                name=names[fundament],
                mode="lines+markers",
                marker=dict(symbol=MARKERS[position % len(MARKERS)], size=11),
                line=dict(color=OKABE_ITO[position], width=3),
            )
        )
    fig.update_yaxes(title=t("axis_score"), range=[-0.2, framework().fundament_max + 0.2], dtick=1)
    fig.update_xaxes(title=t("axis_assessed_on"), type="category")
    return _layout(fig, t("profile_history_title"), height=380)


def phase_timeline(timeline: pd.DataFrame, phase_names: dict[str, str]) -> go.Figure:
    """A Gantt chart of one project's phases; a closed phase is a marker where it began."""
    labels = [
        t("phase_loop", phase=phase_names[p], loop=n) for p, n in zip(timeline["phase"], timeline["loop"])
    ]
    running = timeline["ended_on"].notna()
    fig = go.Figure()
    fig.add_trace(
        _bar(
            [label for label, r in zip(labels, running) if r],
            [int(d) * 86_400_000 for d in timeline.loc[running, "days"]],
            t("series_phase"),
            OKABE_ITO[0],
            text=[t("days_label", days=int(d)) for d in timeline.loc[running, "days"]],
            textposition="inside",
            horizontal=True,
            base=timeline.loc[running, "started_on"].dt.strftime("%Y-%m-%d").tolist(),
        )
    )
    if (~running).any():
        fig.add_trace(
            go.Scatter(
                y=[label for label, r in zip(labels, running) if not r],
                x=timeline.loc[~running, "started_on"].dt.strftime("%Y-%m-%d").tolist(),
                mode="markers+text",
                name=t("series_closed"),
                marker=dict(symbol="diamond", size=16, color=OKABE_ITO[5]),
                text=[phase_names[p] for p in timeline.loc[~running, "phase"]],
                textposition="middle right",
            )
        )
    fig.update_xaxes(type="date", title=t("axis_date"))
    fig.update_yaxes(autorange="reversed", type="category")
    return _layout(fig, t("profile_timeline_title"), height=80 + 40 * max(len(timeline), 3))


def actor_matrix(
    matrix: pd.DataFrame, actor_names: dict[str, str], project_names: dict[str, str]
) -> go.Figure:
    """Heatmap: in how many phases each actor took part in each project (numbers in the cells)."""
    z = matrix.to_numpy().tolist()
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[actor_names[a] for a in matrix.columns],
            y=[project_names[p] for p in matrix.index],
            text=[[str(v) if v else "" for v in row] for row in z],
            texttemplate="%{text}",
            colorscale=[[0, "#ffffff"], [1, OKABE_ITO[0]]],
            zmin=0,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{y}<br>%{x}: %{z}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top")
    return _layout(fig, t("matrix_title"), height=120 + 28 * max(len(matrix), 4))


def actor_reach(reach: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """Horizontal bars: projects involving each actor, fewest at the top."""
    ordered = reach.sort_values("projects", kind="stable")
    counts = ordered["projects"].astype(int).tolist()
    fig = go.Figure(
        _bar(
            [names[a] for a in ordered["actor"]],
            counts,
            t("axis_projects"),
            OKABE_ITO[2],
            text=_counts_with_shares(counts, ordered["share"]),
            horizontal=True,
        )
    )
    fig.update_xaxes(title=t("axis_projects"))
    _label_room(fig, counts)
    return _layout(fig, t("reach_title"))


def breadth_by_year(by_year: pd.DataFrame) -> go.Figure:
    """Bars: mean number of actor types per project, by the year projects started."""
    fig = go.Figure(
        _bar(
            by_year["year"].astype(str).tolist(),
            by_year["mean_breadth"].astype(float).tolist(),
            t("col_mean_breadth"),
            OKABE_ITO[4],
            text=[
                f"{fmt_number(m, 1)} (n={n})" for m, n in zip(by_year["mean_breadth"], by_year["projects"])
            ],
        )
    )
    fig.update_yaxes(title=t("col_mean_breadth"))
    fig.update_xaxes(title=t("axis_start_year"), type="category")
    return _layout(fig, t("breadth_title"), height=380)


def citizens_in_behov(by_year: pd.DataFrame) -> go.Figure:
    """Bars: share of projects with innbyggere in the behov phase, by start year."""
    fig = go.Figure(
        _bar(
            by_year["year"].astype(str).tolist(),
            [100 * s for s in by_year["share_citizens_in_behov"]],
            t("col_share_citizens"),
            OKABE_ITO[1],
            "/",
            text=[t("n_of_m", n=c, m=p) for c, p in zip(by_year["citizens_in_behov"], by_year["projects"])],
        )
    )
    fig.update_yaxes(title=t("axis_percent"), range=[0, 115])
    fig.update_xaxes(title=t("axis_start_year"), type="category")
    return _layout(fig, t("stor_b_title"), height=380)


def instrument_year(rows: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """Grouped horizontal bars: planned and delivered per instrument in one year."""
    labels = [names[i] for i in rows["instrument"]]
    fig = go.Figure()
    for position, (column, name) in enumerate(
        (("planned", t("series_planned")), ("delivered", t("series_delivered")))
    ):
        values = _values(rows[column])
        fig.add_trace(
            _bar(
                labels,
                values,
                name,
                (OKABE_ITO[4], OKABE_ITO[0])[position],
                ("/", "")[position],
                text=[t("not_planned") if v is None else str(v) for v in values],
                horizontal=True,
            )
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=t("axis_events"))
    _label_room(fig, [*_values(rows["planned"]), *_values(rows["delivered"])])
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, t("instrument_year_title"), height=480)


def delivery_trend(totals: pd.DataFrame) -> go.Figure:
    """Grouped bars per year: planned, and delivered as planned (with the share)."""
    years = totals["year"].astype(str).tolist()
    fig = go.Figure()
    fig.add_trace(
        _bar(
            years,
            totals["planned"].astype(int).tolist(),
            t("series_planned"),
            OKABE_ITO[4],
            "/",
            text=[str(v) for v in totals["planned"]],
        )
    )
    fig.add_trace(
        _bar(
            years,
            totals["delivered_as_planned"].astype(int).tolist(),
            t("series_delivered_as_planned"),
            OKABE_ITO[0],
            text=_counts_with_shares(totals["delivered_as_planned"], totals["share"]),
        )
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title=t("axis_events"))
    fig.update_xaxes(title=t("axis_year"), type="category")
    return _layout(fig, t("delivery_trend_title"))


def participants_by_year(table: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """Stacked bars: participants per year, one pattern and colour per group."""
    fig = go.Figure()
    years = table["year"].astype(str).tolist()
    for position, group in enumerate(names):
        fig.add_trace(
            _bar(
                years,
                table[group].astype(int).tolist(),
                names[group],
                OKABE_ITO[position % len(OKABE_ITO)],
                PATTERNS[position % len(PATTERNS)],
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title=t("axis_participants"))
    fig.update_xaxes(title=t("axis_year"), type="category")
    return _layout(fig, t("participants_title"))


# ---------------------------------------------------------------- Innovasjonskultur


def _likert_style(value: int) -> tuple[str, str]:
    """Colour and pattern of one answer value: the two extremes also carry a pattern."""
    fw = framework()
    below = [v for v in fw.scale_values if v < fw.scale_midpoint]
    above = [v for v in fw.scale_values if v > fw.scale_midpoint]
    if value in below:
        colour = _spread(DISAGREE_COLOURS, len(below))[below.index(value)]
    elif value in above:
        colour = _spread(AGREE_COLOURS, len(above))[above.index(value)]
    else:
        colour = GREY
    pattern = "x" if value == fw.scale_min else "/" if value == fw.scale_max else ""
    return colour, pattern


def _value_or_none(value):
    return None if value is None or pd.isna(value) else float(value)


def culture_heatmap(
    cells: pd.DataFrame, labels: dict[str, str], title: str, rates: dict | None = None
) -> go.Figure:
    """Units x indicators, coloured on a diverging scale centred on the answer scale's midpoint.

    ``cells`` is :func:`analytics.measures.culture.heatmap`: ``unit`` (``None`` = all
    units), ``indicator``, ``mean``, ``suppressed``. Every cell states its value
    as text; hidden cells are grey and say «skjult», never coloured as a value.
    ``rates`` (unit -> response rate as text) puts each unit's rate in its cells' hover.
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
    # Each unit's response rate, in the hover of every cell of its row.
    rate = {} if rates is None else dict(customdata=[[rates.get(u, "–")] * len(indicators) for u in units])
    rate_line = "<br>" + t("col_participation") + ": %{customdata}" if rates is not None else ""
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            x=columns,
            y=names,
            z=values,
            text=text,
            texttemplate="%{text}",
            zmin=framework().scale_min,
            zmax=framework().scale_max,
            zmid=framework().scale_midpoint,
            colorscale=DIVERGING,
            colorbar=dict(title=_mean_title(), tickvals=list(framework().scale_values)),
            hovertemplate="%{y}<br>%{x}: %{text}" + rate_line + "<extra></extra>",
            name=_mean_title(),
            xgap=2,
            ygap=2,
            **rate,
        )
    )
    fig.add_trace(_hidden_cells(columns, names, hidden, rate_line, **rate))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="top", tickangle=-30)
    fig = _layout(fig, title, height=140 + 48 * len(units))
    fig.update_layout(plot_bgcolor="white", margin=dict(l=10, r=10, t=120, b=10))
    return fig


def indicator_trend(rows: pd.DataFrame, title: str, targets: list[float | None]) -> go.Figure:
    """One measure across rounds: mean with its 95 % interval, and the target path.

    ``rows`` is :func:`analytics.measures.culture.trend`; ``targets`` gives the target
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
            name=_mean_title(),
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
                y=[framework().scale_min + 0.2] * len(hidden_rounds),
                name=t("hidden"),
                mode="text",
                text=[t("hidden")] * len(hidden_rounds),
                hoverinfo="skip",
            )
        )
    fig.update_yaxes(title=_mean_title(), range=_mean_range())
    fig.update_xaxes(title=t("axis_round"), type="category")
    return _layout(fig, title)


def likert_bars(table: pd.DataFrame, item_names: list[str], scale: list[str], title: str) -> go.Figure:
    """Diverging stacked bars: disagreement to the left, agreement to the right.

    ``table`` is :func:`analytics.measures.culture.distribution`; ``item_names`` labels
    its rows; ``scale`` names the answer scale's values from 1 up. Answers below
    the scale's midpoint go left, those above it right, and a neutral middle
    answer (odd scales) is split across zero. Hidden statements have no bar and
    say «skjult».
    """
    fw = framework()
    shares = {v: [_value_or_none(s) for s in table[f"share_{v}"]] for v in fw.scale_values}

    def negative(values):
        return [None if s is None else -s for s in values]

    below = [v for v in fw.scale_values if v < fw.scale_midpoint]
    above = [v for v in fw.scale_values if v > fw.scale_midpoint]
    # Left side in stacking order from the centre outwards, then the right side.
    parts = [(v, negative(shares[v]), True) for v in reversed(below)] + [(v, shares[v], True) for v in above]
    neutral = fw.neutral_value
    if neutral is not None:
        half = [None if s is None else s / 2 for s in shares[neutral]]
        parts = [
            (neutral, negative(half), False),
            *parts[: len(below)],
            (neutral, half, True),
            *parts[len(below) :],
        ]
    fig = go.Figure()
    for value, x, legend in parts:
        colour, pattern = _likert_style(value)
        answer = plain(f"{value} {scale[value - 1]}")
        fig.add_trace(
            _bar(
                item_names,
                x,
                f"{value} {scale[value - 1]}",
                colour,
                pattern,
                text=[fmt_share(s) if s is not None and s >= 0.08 and legend else "" for s in shares[value]],
                textposition="inside",
                horizontal=True,
                legendgroup=str(value),
                showlegend=legend,
                customdata=[fmt_share(s) if s is not None else t("hidden") for s in shares[value]],
                hovertemplate=f"%{{y}}<br>{answer}: %{{customdata}}<extra></extra>",
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

    ``gaps`` is :func:`analytics.measures.culture.perception_gaps`. The groups differ by
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
                hovertemplate=plain(name) + " %{y}: %{x:.2f}<extra></extra>",
            )
        )
    hidden = [n for n, s in zip(names, shown) if not s]
    if hidden:
        fig.add_trace(
            go.Scatter(
                x=[framework().scale_midpoint] * len(hidden),
                y=hidden,
                mode="text",
                text=[t("hidden")] * len(hidden),
                name=t("hidden"),
                hoverinfo="skip",
            )
        )
    fig.update_xaxes(title=_mean_title(), range=_mean_range())
    fig.update_yaxes(autorange="reversed", type="category")
    return _layout(fig, title, height=160 + 44 * len(names))


def driver_quadrant(records: list[dict], labels: dict[str, str], focus: list[dict], title: str) -> go.Figure:
    """Each indicator's level (x) against its relation with the outcome (y, Pearson's r with
    its confidence interval), split into quadrants at the medians. The indicators that are both
    low and strongly related (``focus``) are drawn as diamonds in vermillion, the others as circles."""
    chosen = {r["indicator"] for r in focus}
    fig = go.Figure()
    for in_focus, symbol, colour, name in (
        (False, "circle", BLUE, t("drivers_legend_other")),
        (True, "diamond", VERMILLION, t("drivers_legend_focus")),
    ):
        rows = [r for r in records if (r["indicator"] in chosen) == in_focus]
        if not rows:
            continue
        fig.add_trace(
            go.Scatter(
                x=[r["level"] for r in rows],
                y=[r["r"] for r in rows],
                error_y=dict(
                    type="data",
                    symmetric=False,
                    array=[r["ci_high"] - r["r"] for r in rows],
                    arrayminus=[r["r"] - r["ci_low"] for r in rows],
                    color="#8c959f",
                ),
                mode="markers+text",
                text=[labels[r["indicator"]] for r in rows],
                textposition="top center",
                name=name,
                marker=dict(symbol=symbol, size=16, color=colour),
                hovertemplate="%{text}: "
                + t("drivers_hover", x="%{x:.2f}", y="%{y:.2f}")
                + "<extra></extra>",
            )
        )
    if records:
        fig.add_vline(x=float(pd.Series([r["level"] for r in records]).median()), line_dash="dash")
        fig.add_hline(y=float(pd.Series([r["r"] for r in records]).median()), line_dash="dash")
    fig.update_xaxes(title=t("drivers_axis_level"))
    fig.update_yaxes(title=t("drivers_axis_r"))
    return _layout(fig, title, height=520)


# ---------------------------------------------------------------- Møtemodus
def slide_chart(slide, height: int = 480) -> go.Figure:
    """The chart of a meeting slide (:class:`analytics.present.meeting.Slide`), large for a projector.

    The last series (the latest round, where series are rounds) is the product's blue, as
    on every chart. Hidden figures have no bar or point, and «skjult» is written where
    they would start, so a room never reads a blank as zero. Value axes span the answer
    scale (means) or 0–100 % (shares, with the plan drawn on a line over time); long
    category labels wrap at word boundaries; ticks and legend are at least 18 px.
    """
    fig = go.Figure()
    categories = list(slide.categories)
    colours = slide_colours(len(slide.series))
    low, high = value_range(slide)
    horizontal = slide.chart == "bar"
    for position, (series, colour) in enumerate(zip(slide.series, colours)):
        values = [None if v is None else float(v) for v in series.values]
        labels = ["" if v is None else slide.fmt(v) for v in series.values]
        if slide.chart == "line":
            fig.add_trace(
                go.Scatter(
                    x=categories,
                    y=values,
                    name=series.name,
                    mode="lines+markers+text",
                    text=labels,
                    textposition="top center",
                    marker=dict(symbol=MARKERS[position % len(MARKERS)], size=14, color=colour),
                    line=dict(width=5, color=colour),
                    cliponaxis=False,
                )
            )
        else:
            fig.add_trace(
                _bar(
                    categories,
                    values,
                    series.name,
                    colour,
                    PATTERNS[position % len(PATTERNS)] if len(slide.series) > 1 and colour != BLUE else "",
                    text=labels,
                    textposition="outside" if horizontal else "inside",
                    horizontal=horizontal,
                    cliponaxis=False,
                )
            )
    hidden = [
        (category, series.name)
        for series in slide.series
        for category, value in zip(categories, series.values)
        if value is None
    ]
    if hidden:
        words = [t("hidden") + (f" ({name})" if len(slide.series) > 1 else "") for _, name in hidden]
        where = [category for category, _ in hidden]
        start = [low + (high - low) * 0.01] * len(hidden)
        fig.add_trace(
            go.Scatter(
                x=start if horizontal else where,
                y=where if horizontal else start,
                mode="text",
                text=words,
                textposition="middle right" if horizontal else "top center",
                textfont=dict(size=20, color=FONT["color"]),
                name=t("hidden"),
                showlegend=False,
                hoverinfo="skip",
            )
        )
    ticks = _ticks(low, high, slide.value_kind)
    value_axis = dict(
        range=[low, high] if slide.value_kind != "count" else [0, high * 1.25],
        tickvals=ticks,
        ticktext=[_tick_text(v, slide.value_kind) for v in ticks],
    )
    if horizontal:
        fig.update_layout(barmode="group")
        fig.update_xaxes(**value_axis)
    else:
        fig.update_xaxes(type="category")
        fig.update_layout(barmode="stack")
        fig.update_yaxes(**value_axis)
        if slide.value_kind == "share" and slide.chart == "line":  # the plan: all delivered as planned
            fig.add_hline(
                y=1.0,
                line=dict(color=FONT["color"], width=2, dash="dash"),
                annotation_text=t("chart_plan_line"),
                annotation_position="bottom right",
                annotation_font=dict(size=18, color=FONT["color"]),
            )
    fig = _layout(fig, slide.title, height=height)
    if horizontal:
        # Long labels wrap at word boundaries (escaped line by line, joined by Plotly's <br>).
        shown = [plain(c) for c in categories]
        wrapped = ["<br>".join(plain(line) for line in axis_label(c)) for c in categories]
        fig.update_yaxes(
            autorange="reversed",
            type="category",
            categoryorder="array",
            categoryarray=shown,
            tickvals=shown,
            ticktext=wrapped,
            automargin=True,
        )
    fig.update_layout(
        font=dict(FONT, size=20),
        legend=dict(font=dict(size=20), traceorder="normal"),
        margin=dict(l=10, r=90, t=40, b=10),
        uniformtext=dict(minsize=18, mode="show"),
    )
    # Streamlit's chart theme sets small, light tick labels; a projector needs them large and dark.
    fig.update_xaxes(tickfont=dict(size=18, color=FONT["color"]))
    fig.update_yaxes(tickfont=dict(size=18, color=FONT["color"]))
    return fig


def unit_index_bars(cells: pd.DataFrame, title: str) -> go.Figure:
    """The heat map's index column as sorted bars, for narrow screens.

    ``cells`` is :func:`analytics.measures.culture.heatmap`. Highest index first; hidden
    units come last, without a bar, labelled «skjult».
    """
    rows = cells[cells["unit"].notna() & (cells["indicator"] == INDEX)]
    shown = rows[~rows["suppressed"]].sort_values("mean", ascending=False)
    hidden = rows[rows["suppressed"]].sort_values("unit")
    units = shown["unit"].tolist() + hidden["unit"].tolist()
    values = [float(v) for v in shown["mean"]]
    labels = [fmt_number(v) for v in values]
    fig = go.Figure(_bar(units[: len(values)], values, t("index_label"), BLUE, text=labels, horizontal=True))
    if len(hidden):
        # A hidden unit has no bar; «skjult» is written where its bar would start, so
        # that a reader sees the unit is there and why it has no figure.
        fig.add_trace(
            go.Scatter(
                x=[framework().scale_min] * len(hidden),
                y=hidden["unit"].tolist(),
                name=t("hidden"),
                mode="text",
                text=[t("hidden")] * len(hidden),
                textposition="middle right",
                hoverinfo="skip",
            )
        )
    fig.update_yaxes(
        autorange="reversed", type="category", automargin=True, categoryorder="array", categoryarray=units
    )
    fig.update_xaxes(title=_mean_title(), range=_mean_range(0.6))
    fig = _layout(fig, title, height=100 + 40 * max(len(units), 1))
    fig.update_layout(showlegend=False)
    return fig


def _change_text(record: dict) -> str:
    """A change cell's text: the shown change, «*» when significant, «skjult», or «–»."""
    if record["suppressed"]:
        return t("hidden")
    if record["change"] is None:
        return "–"
    return fmt_delta(record["change"]) + ("*" if record["significant"] else "")


def change_heatmap(records: list[dict], labels: dict[str, str], title: str) -> go.Figure:
    """Units x indicators: the change since the round before as shown, diverging around 0.

    ``records`` are :func:`analytics.measures.changes.changes` of one slice kind (``unit``
    ``None`` = all units, listed first). Significant changes are marked «*»; hidden
    cells are grey and say «skjult»; cells that cannot be compared say «–».
    """
    indicators = [k for k in labels if any(r["indicator"] == k for r in records)]
    units = list(dict.fromkeys(r["unit"] for r in records))
    lookup = {(r["unit"], r["indicator"]): r for r in records}
    values, hidden, text = [], [], []
    for unit in units:
        cells = [lookup.get((unit, k)) for k in indicators]
        values.append([None if c is None or c["suppressed"] else c["change"] for c in cells])
        hidden.append([1 if c is not None and c["suppressed"] else None for c in cells])
        text.append(["–" if c is None else _change_text(c) for c in cells])
    largest = max([abs(v) for row in values for v in row if v is not None] or [1.0])
    names = [t("all_units") if u is None else u for u in units]
    columns = [labels[k] for k in indicators]
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            x=columns,
            y=names,
            z=values,
            text=text,
            texttemplate="%{text}",
            zmin=-largest,
            zmax=largest,
            zmid=0,
            colorscale=DIVERGING,
            colorbar=dict(title=t("col_change")),
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
            name=t("col_change"),
            xgap=2,
            ygap=2,
        )
    )
    fig.add_trace(_hidden_cells(columns, names, hidden))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="top", tickangle=-30)
    return _layout(fig, title, height=140 + 48 * len(units))


def change_bars(records: list[dict], title: str) -> go.Figure:
    """The change heat map's index column as sorted bars, for narrow screens: largest fall
    first; hidden units and those that cannot be compared come last, labelled, without a bar."""
    rows = [r for r in records if r["unit"] is not None and r["indicator"] == INDEX]
    shown = sorted((r for r in rows if r["change"] is not None), key=lambda r: r["change"])
    rest = sorted((r for r in rows if r["change"] is None), key=lambda r: r["unit"])
    units = [r["unit"] for r in shown + rest]
    fig = go.Figure(
        _bar(
            [r["unit"] for r in shown],
            [r["change"] for r in shown],
            t("index_label"),
            BLUE,
            text=[_change_text(r) for r in shown],
            horizontal=True,
        )
    )
    if rest:
        fig.add_trace(
            go.Scatter(
                x=[0] * len(rest),
                y=[r["unit"] for r in rest],
                name=t("hidden"),
                mode="text",
                text=[_change_text(r) for r in rest],
                textposition="middle right",
                hoverinfo="skip",
            )
        )
    fig.update_yaxes(
        autorange="reversed", type="category", automargin=True, categoryorder="array", categoryarray=units
    )
    fig.update_xaxes(title=t("col_change"))
    fig = _layout(fig, title, height=100 + 40 * max(len(units), 1))
    fig.update_layout(showlegend=False)
    return fig


# ---------------------------------------------------------------- slides as SVG (the PDF report)
# The PDF draws its charts from the numbers, without a browser: an SVG whose text is the
# slide's own text, escaped, so the report needs nothing but the data.
SVG_TEXT = "#1f2328"
SVG_GRID = "#8c959f"


def slide_colours(count: int) -> list[str]:
    """Series colours of a slide: the last series (the latest round where series are rounds)
    is always the product's blue, earlier ones take the next Okabe-Ito colours.

    >>> slide_colours(2)
    ['#E69F00', '#0072B2']
    """
    others = [c for c in OKABE_ITO if c != BLUE]
    return [*others[: count - 1], BLUE][-count:]


def value_range(slide) -> tuple[float, float]:
    """The value axis of a slide: the answer scale for means, 0–100 % for shares, 0 to the
    largest count (with room) otherwise."""
    if slide.value_kind == "mean":
        return float(framework().scale_min), float(framework().scale_max)
    if slide.value_kind == "share":
        return 0.0, 1.0
    largest = max((v for s in slide.series for v in s.values if v is not None), default=1.0)
    return 0.0, max(float(largest), 1.0)


def _ticks(low: float, high: float, kind: str) -> list[float]:
    if kind == "mean":
        return [float(v) for v in range(int(low), int(high) + 1)]
    if kind == "share":
        return [i / 4 for i in range(5)]
    step = max(1, round(high / 5))
    return [float(v) for v in range(0, int(high) + step, step)]


def _tick_text(value: float, kind: str) -> str:
    return fmt_share(value) if kind == "share" else fmt_number(value, 0)


def wrap_label(text: str, width: int) -> list[str]:
    """A label cut into lines of at most ``width`` characters, at word boundaries
    (a single longer word keeps its own line).

    >>> wrap_label("Tilrettelegging for innovasjon", 16)
    ['Tilrettelegging', 'for innovasjon']
    """
    import textwrap

    return textwrap.wrap(str(text), width, break_long_words=False, break_on_hyphens=False) or [""]


AXIS_LABEL_WIDTH, AXIS_LABEL_LINES = 34, 2


def axis_label(text: str) -> list[str]:
    """A category label for a slide's axis: wrapped at word boundaries, at most two lines; a
    longer label ends with «…» after a whole word (the table states it in full).

    >>> axis_label("G3 Gjøre Jevnaker til en attraktiv kommune for innbyggere og næringsliv")
    ['G3 Gjøre Jevnaker til en attraktiv', 'kommune for innbyggere og …']
    """
    lines = wrap_label(text, AXIS_LABEL_WIDTH)
    if len(lines) <= AXIS_LABEL_LINES:
        return lines
    kept = lines[:AXIS_LABEL_LINES]
    last = kept[-1]
    while len(last) + 2 > AXIS_LABEL_WIDTH and " " in last:
        last = last.rsplit(" ", 1)[0]
    return [*kept[:-1], f"{last} …"]


def _svg_text(x, y, text, size=14, anchor="start", weight="normal", style="normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" font-style="{style}" fill="{SVG_TEXT}">{html.escape(str(text))}</text>'
    )


def _svg_legend(slide, colours, width) -> tuple[list[str], float]:
    if len(slide.series) < 2:
        return [], 0.0
    parts, x = [], 0.0
    for series, colour in zip(slide.series, colours):
        parts.append(f'<rect x="{x:.1f}" y="4" width="16" height="16" fill="{colour}"/>')
        parts.append(_svg_text(x + 22, 18, series.name))
        x += 40 + 8 * len(str(series.name))
    return parts, 34.0


def slide_svg(slide, width: int = 900) -> str:
    """A slide's chart as a standalone SVG drawn from its numbers: horizontal grouped bars,
    vertical stacked bars, or lines over time; every value written out, «skjult» where hidden."""
    colours = slide_colours(len(slide.series))
    low, high = value_range(slide)
    kind = slide.value_kind
    legend, top = _svg_legend(slide, colours, width)
    parts = list(legend)
    if slide.chart == "bar":
        label_width, value_room = 300.0, 80.0
        lines = [wrap_label(c, 34) for c in slide.categories]
        bar = 18.0
        plot_left, plot_right = label_width, width - value_room
        y = top + 28
        scale = (plot_right - plot_left) / ((high - low) or 1)
        rows = []
        for index, category_lines in enumerate(lines):
            group_height = max(bar * len(slide.series) + 8, 17 * len(category_lines) + 6)
            for number, text in enumerate(category_lines):
                rows.append(_svg_text(label_width - 10, y + 14 + 17 * number, text, anchor="end"))
            for position, (series, colour) in enumerate(zip(slide.series, colours)):
                value = series.values[index]
                bar_top = y + position * bar
                if value is None:
                    rows.append(_svg_text(plot_left + 4, bar_top + 14, slide.fmt(value), style="italic"))
                    continue
                length = max((float(value) - low) * scale, 0.0)
                rows.append(
                    f'<rect x="{plot_left:.1f}" y="{bar_top:.1f}" width="{length:.1f}" '
                    f'height="{bar - 3:.1f}" fill="{colour}"/>'
                )
                rows.append(_svg_text(plot_left + length + 4, bar_top + 14, slide.fmt(value)))
            y += group_height + 6
        height = y + 10
        for tick in _ticks(low, high, kind):
            x = plot_left + (tick - low) * scale
            parts.append(
                f'<line x1="{x:.1f}" y1="{top + 20:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{SVG_GRID}" '
                'stroke-width="0.5"/>'
            )
            parts.append(_svg_text(x, top + 14, _tick_text(tick, kind), size=12, anchor="middle"))
        parts += rows
    else:
        height = 420.0
        plot_left, plot_right, plot_top, plot_bottom = 60.0, width - 20.0, top + 30, height - 60
        scale = (plot_bottom - plot_top) / ((high - low) or 1)
        if slide.chart == "stacked":
            high = max(
                (sum(v or 0 for v in values) for values in zip(*(s.values for s in slide.series))), default=1
            )
            high = max(float(high), 1.0)
            scale = (plot_bottom - plot_top) / (high - low)
        for tick in _ticks(low, high, kind):
            y = plot_bottom - (tick - low) * scale
            parts.append(
                f'<line x1="{plot_left:.1f}" y1="{y:.1f}" x2="{plot_right:.1f}" y2="{y:.1f}" '
                f'stroke="{SVG_GRID}" stroke-width="0.5"/>'
            )
            parts.append(_svg_text(plot_left - 6, y + 4, _tick_text(tick, kind), size=12, anchor="end"))
        count = max(len(slide.categories), 1)
        step = (plot_right - plot_left) / count
        centres = [plot_left + step * (i + 0.5) for i in range(count)]
        for x, category in zip(centres, slide.categories):
            for number, text in enumerate(wrap_label(category, max(int(step / 8), 6))[:3]):
                parts.append(_svg_text(x, plot_bottom + 20 + 16 * number, text, size=13, anchor="middle"))
        if slide.chart == "stacked":
            base = [0.0] * count
            for series, colour in zip(slide.series, colours):
                for index, value in enumerate(series.values):
                    if not value:
                        continue
                    y0 = plot_bottom - base[index] * scale
                    y1 = plot_bottom - (base[index] + value) * scale
                    parts.append(
                        f'<rect x="{centres[index] - step * 0.3:.1f}" y="{y1:.1f}" width="{step * 0.6:.1f}" '
                        f'height="{y0 - y1:.1f}" fill="{colour}" stroke="white"/>'
                    )
                    parts.append(
                        _svg_text(centres[index], (y0 + y1) / 2 + 5, slide.fmt(value), anchor="middle")
                    )
                    base[index] += value
        else:
            if kind == "share":  # the plan is every instrument delivered as planned
                y = plot_bottom - (1.0 - low) * scale
                parts.append(
                    f'<line x1="{plot_left:.1f}" y1="{y:.1f}" x2="{plot_right:.1f}" y2="{y:.1f}" '
                    f'stroke="{SVG_TEXT}" stroke-width="2" stroke-dasharray="8 5"/>'
                )
                parts.append(_svg_text(plot_right, y - 6, t("chart_plan_line"), anchor="end"))
            for series, colour in zip(slide.series, colours):
                points = [
                    (x, None if v is None else plot_bottom - (float(v) - low) * scale)
                    for x, v in zip(centres, series.values)
                ]
                run: list[str] = []
                for x, y in [*points, (0.0, None)]:
                    if y is None:
                        if len(run) > 1:
                            parts.append(
                                f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                                'stroke-width="3"/>'
                            )
                        run = []
                    else:
                        run.append(f"{x:.1f},{y:.1f}")
                for (x, y), value in zip(points, series.values):
                    if y is None:
                        parts.append(
                            _svg_text(x, plot_bottom - 8, slide.fmt(value), anchor="middle", style="italic")
                        )
                        continue
                    parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>')
                    parts.append(_svg_text(x, y - 10, slide.fmt(value), anchor="middle"))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0f}" '
        f'viewBox="0 0 {width} {height:.0f}" font-family="DejaVu Sans, sans-serif">{"".join(parts)}</svg>'
    )


def slide_description(slide) -> str:
    """The alternative text of a slide's chart: what it shows and every number in it."""
    parts = []
    for series in slide.series:
        values = ", ".join(
            f"{category}: {slide.fmt(value)}" for category, value in zip(slide.categories, series.values)
        )
        parts.append(f"{series.name}: {values}" if len(slide.series) > 1 else values)
    return t("chart_alt", title=slide.title, values="; ".join(parts))
