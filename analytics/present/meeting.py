"""Møtemodus: a meeting's slides as data, one message each.

A *slide* is a headline sentence in plain bokmål generated from the numbers,
one chart (categories and series, drawn by :func:`analytics.present.charts.slide_chart`,
by the PowerPoint and by the PDF report alike), the numbers as a table and a
source line (round, n, what is hidden for anonymity). Every culture figure
comes from the suppressed cells (:func:`analytics.core.suppression.suppress`, the same
pattern as every page and the CLI), so a hidden figure is never stated: the
headline says plainly that it is hidden instead.

A *meeting* is a title, a date and slide types in order. The standard set is
every slide type in registry order; meetings leadership composes are stored
in the data folder (table ``meetings``), each save one atomic commit.

Adding a slide type is one function ``Sources -> Slide`` and one entry in
:data:`SLIDE_TYPES` (its key, the function, and the text key of its title).

Examples
--------
>>> list(SLIDE_TYPES)[:2]
['kulturindeks', 'kjennetegn']
>>> meeting_id_for("Kommunestyret juni", "2025-06-12")
'kommunestyret-juni-2025-06-12'
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.core.framework import framework
from analytics.core.schema import conform
from analytics.core.text import fmt_number, fmt_points, fmt_share, t
from analytics.measures import changes, culture, instruments, participation, portfolio
from analytics.measures.inputs import Sources
from analytics.present import actions_text, changes_text, instruments_text, participation_text, portfolio_text

STANDARD_ID = "standard"
MEETINGS_TABLE = "meetings"
MEETING_COLUMNS = ("meeting_id", "title", "date", "slides")
REPORT_FORMATS = ("pptx", "pdf", "xlsx")  # built by analytics.present.reports
VIEW_PARAM, PRESENTATION = "visning", "presentasjon"  # ?visning=presentasjon: the slide alone
_FORMAT = {
    "mean": fmt_number,
    "share": fmt_share,
    "count": lambda v: fmt_number(v, 0),
    "decimal": lambda v: fmt_number(v, 1),
}


class MeetingError(ValueError):
    """A meeting cannot be saved or found; the message is in bokmål."""


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple  # float, or None where the figure is hidden or missing


@dataclass(frozen=True)
class Slide:
    """One message: headline, chart data, the numbers as a table, source line.

    ``chart`` is ``line``, ``bar`` (horizontal, grouped) or ``stacked``
    (vertical). ``value_kind`` is ``mean``, ``share`` or ``count``: how the
    chart's values and the table's decimal numbers are stated, except for the
    table columns named in ``table_kinds``. ``hidden`` names the figures hidden
    for anonymity.
    """

    key: str
    title: str
    headline: str
    chart: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_kind: str
    table: pd.DataFrame
    source: str
    hidden: tuple[str, ...] = ()
    table_kinds: tuple[tuple[str, str], ...] = ()  # (column, kind) where it is not value_kind

    def fmt(self, value) -> str:
        """A chart value as the slide states it (``skjult`` for a hidden one)."""
        return t("hidden") if value is None else _FORMAT[self.value_kind](value)

    def text_table(self) -> pd.DataFrame:
        """The table as the page, the PDF and the speaker notes state it."""
        return text_table(self.table, self.value_kind, dict(self.table_kinds))


@dataclass(frozen=True)
class Meeting:
    meeting_id: str
    title: str
    date: str  # ISO date, "" for the standard set
    slides: tuple[str, ...]


# ---------------------------------------------------------------- helpers
def _shown(value, suppressed) -> float | None:
    """A figure as a plain float, ``None`` when it is hidden or missing."""
    if bool(suppressed) or value is None or pd.isna(value):
        return None
    return float(value)


def _cell(value, kind: str):
    """A table cell: the number, «skjult» when hidden, «–» when missing."""
    if value is None:
        return t("hidden")
    return round(value, 4) if kind != "count" else int(value)


def _names(things: list[str]) -> str:
    return things[0] if len(things) == 1 else f"{', '.join(things[:-1])}{t('and')}{things[-1]}"


def _survey_source(round_label: str, n, hidden: list[str]) -> str:
    count = t("hidden") if n is None else fmt_number(n, 0)
    suffix = t("source_hidden", hidden=_names(hidden)) if hidden else t("source_none_hidden")
    return t("source_survey", round=round_label, n=count) + " " + suffix


def _empty(key: str, title: str, headline: str) -> Slide:
    return Slide(key, title, headline, "bar", (), (), "count", pd.DataFrame(), t("source_none"))


def _latest_rounds(cells: pd.DataFrame) -> tuple[str, str | None]:
    rounds = sorted(cells["round"].astype(str).unique())
    return rounds[-1], (rounds[-2] if len(rounds) > 1 else None)


def _stated(value, kind: str) -> str:
    """One table cell as text: a decimal number as ``kind`` states it, anything else as it is."""
    if isinstance(value, float):
        return "–" if math.isnan(value) else _FORMAT[kind](value)
    return "–" if value is None else str(value)


def text_table(table: pd.DataFrame, kind: str = "mean", kinds: dict[str, str] | None = None) -> pd.DataFrame:
    """A slide's table as text: decimal numbers as ``kind`` (or the column's own kind in
    ``kinds``) states them, with decimal commas; whole numbers, labels and «skjult» as they are.
    The table itself keeps the numbers (for the Excel file).

    >>> table = pd.DataFrame({"a": [3.2512, "skjult"], "n": [12, "skjult"], "p": [0.75, None]})
    >>> text_table(table, "mean", {"p": "share"}).values.tolist()
    [['3,25', '12', '75\xa0%'], ['skjult', 'skjult', '–']]
    """
    kinds = kinds or {}
    return pd.DataFrame(
        {column: [_stated(v, kinds.get(column, kind)) for v in table[column]] for column in table.columns},
        columns=table.columns,
    )


# ---------------------------------------------------------------- slide types
def index_slide(src: Sources) -> Slide:
    """The culture index of all respondents over every round."""
    key, title = "kulturindeks", t("slide_index_title")
    if src.cells is None:
        return _empty(key, title, t("slide_no_survey"))
    rows = culture.overall(src.cells)
    rows = rows[rows["indicator"] == culture.INDEX].sort_values("round")
    rounds = [str(r) for r in rows["round"]]
    means = [_shown(m, s) for m, s in zip(rows["mean"], rows["suppressed"])]
    counts = [_shown(n, s) for n, s in zip(rows["n"], rows["suppressed"])]
    hidden = [r for r, m in zip(rounds, means) if m is None]
    if means[-1] is None:
        headline = t("headline_hidden", subject=t("slide_index_subject"), round=rounds[-1])
    elif len(rounds) < 2:
        headline = t(
            "headline_level", subject=t("slide_index_subject"), value=fmt_number(means[-1]), round=rounds[-1]
        )
    else:
        headline = changes_text.describe(src.cells, t("slide_index_subject"), culture.INDEX)
    table = pd.DataFrame(
        {
            t("col_round"): rounds,
            t("col_n"): [_cell(n, "count") for n in counts],
            t("slide_index_subject"): [_cell(m, "mean") for m in means],
        }
    )
    return Slide(
        key,
        title,
        headline,
        "line",
        tuple(rounds),
        (Series(t("all_respondents"), tuple(means)),),
        "mean",
        table,
        _survey_source(rounds[-1], counts[-1], hidden),
        tuple(hidden),
    )


def agreement_slide(src: Sources) -> Slide:
    """Share who agree, per indicator, latest round beside the round before."""
    key, title = "kjennetegn", t("slide_agree_title")
    if src.cells is None:
        return _empty(key, title, t("slide_no_survey"))
    fw = framework()
    rows = culture.overall(src.cells)
    latest_round, previous_round = _latest_rounds(rows)

    def shares(round_label):
        part = rows[rows["round"].astype(str) == round_label].set_index("indicator")
        return {
            k: _shown(part["share_agree"].get(k), part["suppressed"].get(k, True))
            if k in part.index
            else None
            for k in fw.indicator_ids
        }

    def counts(round_label):
        part = rows[rows["round"].astype(str) == round_label].set_index("indicator")
        return {k: _shown(part["n"].get(k), part["suppressed"].get(k, True)) for k in part.index}

    now = shares(latest_round)
    before = shares(previous_round) if previous_round else dict.fromkeys(fw.indicator_ids)
    labels = {k.id: f"{k.id} {k.label}" for k in fw.indicators}
    both = [k for k in fw.indicator_ids if now[k] is not None and before[k] is not None]
    shown_now = [k for k in fw.indicator_ids if now[k] is not None]
    if both:
        chosen = max(both, key=lambda k: abs(now[k] - before[k]))
    elif shown_now:
        chosen = max(shown_now, key=lambda k: now[k])
    else:
        chosen = fw.indicator_ids[0]
    mixed = previous_round and changes.groups_in(src.cells, previous_round) != changes.groups_in(
        src.cells, latest_round
    )
    if shown_now:
        subject = t("slide_agree_subject", label=fw.indicator(chosen).label)
        headline = t("headline_level", subject=subject, value=fmt_share(now[chosen]), round=latest_round)
        if mixed:
            start = changes_text.mix_start(
                previous_round, latest_round, changes.mix(src.cells, previous_round, latest_round)
            )
            headline = t(
                "slide_agree_mix",
                subject=subject,
                after=fmt_share(now[chosen]),
                round=latest_round,
                start=start,
                previous=previous_round,
            )
        elif now[chosen] is not None and before[chosen] is not None:
            headline = t(
                "slide_agree_points",
                subject=subject,
                before=fmt_share(before[chosen]),
                previous=previous_round,
                after=fmt_share(now[chosen]),
                round=latest_round,
                points=fmt_points(now[chosen], before[chosen]),
            )
        elif previous_round:
            headline = t(
                "headline_previous_hidden",
                subject=subject,
                value=fmt_share(now[chosen]),
                round=latest_round,
                previous=previous_round,
            )
    else:
        headline = t("slide_agree_all_hidden", round=latest_round)
    hidden = [
        f"{labels[k]} {r}"
        for r, side in ((previous_round, before), (latest_round, now))
        if r
        for k in fw.indicator_ids
        if side[k] is None
    ]
    series = []
    if previous_round:
        series.append(Series(previous_round, tuple(before[k] for k in fw.indicator_ids)))
    series.append(Series(latest_round, tuple(now[k] for k in fw.indicator_ids)))
    n_now = counts(latest_round)
    table = pd.DataFrame({t("col_indicator"): [labels[k] for k in fw.indicator_ids]})
    for s in series:
        table[t("slide_share_in", round=s.name)] = [_cell(v, "share") for v in s.values]
    table[t("col_n_round", round=latest_round)] = [_cell(n_now.get(k), "count") for k in fw.indicator_ids]
    index_n = n_now.get(culture.INDEX)
    return Slide(
        key,
        title,
        headline,
        "bar",
        tuple(labels[k] for k in fw.indicator_ids),
        tuple(series),
        "share",
        table,
        _survey_source(latest_round, index_n, hidden),
        tuple(hidden),
    )


def _ranked_headline(
    kind: str, round_label: str, ranked: list[tuple[str, float]], hidden: list[str], total: int
):
    if len(ranked) < 2:
        return t(f"slide_{kind}_too_few", round=round_label, hidden=len(hidden), total=total)
    (high, high_value), (low, low_value) = ranked[0], ranked[-1]
    sentence = t(
        f"slide_{kind}_headline",
        round=round_label,
        high=high,
        high_value=fmt_number(high_value),
        low=low,
        low_value=fmt_number(low_value),
    )
    if hidden:
        sentence += " " + t(f"slide_{kind}_hidden", hidden=len(hidden), total=total)
    return sentence


def _index_cells(cells: pd.DataFrame, round_label: str, by_unit: bool, by_group: bool, group=None):
    """The composite index cells of one round and slice kind (one group's only, when given)."""
    rows = cells[
        (cells["round"].astype(str) == round_label)
        & (cells["indicator"] == culture.INDEX)
        & cells["item_id"].isna()
        & (cells["by_unit"] == by_unit)
        & (cells["by_group"] == by_group)
    ]
    return rows if group is None else rows[rows["group"] == group]


def _n_of(rows: pd.DataFrame) -> float | None:
    """n of a one-cell slice (``None`` when hidden or absent)."""
    return _shown(rows["n"].iloc[0], rows["suppressed"].iloc[0]) if len(rows) else None


def _index_by(src: Sources, key: str, title: str, kind: str, column: str, by_unit: bool) -> Slide:
    """The culture index of the latest round per group or per unit, highest first."""
    if src.cells is None:
        return _empty(key, title, t("slide_no_survey"))
    cells = src.cells
    latest_round, _ = _latest_rounds(cells)
    rows = _index_cells(cells, latest_round, by_unit, not by_unit)
    fw = framework()
    # The chart and table name groups as the strategy writes them; mid-sentence in the
    # headline they are written in lower case.
    name = (lambda u: u) if by_unit else (lambda g: fw.name_of("groups", g))
    in_sentence = (lambda u: u) if by_unit else str.lower
    entries = [
        (name(w), _shown(m, s), _shown(n, s))
        for w, m, n, s in zip(rows[column], rows["mean"], rows["n"], rows["suppressed"])
    ]
    ranked = sorted(((w, m) for w, m, _ in entries if m is not None), key=lambda e: -e[1])
    hidden = sorted(w for w, m, _ in entries if m is None)
    order = [w for w, _ in ranked] + hidden
    by_name = {w: (m, n) for w, m, n in entries}
    n_all = _n_of(_index_cells(cells, latest_round, False, False))
    table = pd.DataFrame(
        {
            t(f"col_{column}"): order,
            t("col_n"): [_cell(by_name[w][1], "count") for w in order],
            t("slide_index_subject"): [_cell(by_name[w][0], "mean") for w in order],
        }
    )
    return Slide(
        key,
        title,
        _ranked_headline(kind, latest_round, [(in_sentence(w), m) for w, m in ranked], hidden, len(entries)),
        "bar",
        tuple(order),
        (Series(latest_round, tuple(by_name[w][0] for w in order)),),
        "mean",
        table,
        _survey_source(latest_round, n_all, hidden),
        tuple(hidden),
    )


def groups_slide(src: Sources) -> Slide:
    """The culture index per respondent group in the latest round."""
    return _index_by(src, "grupper", t("slide_groups_title"), "groups", "group", by_unit=False)


def units_slide(src: Sources) -> Slide:
    """The culture index per unit (all groups) in the latest round."""
    return _index_by(src, "enheter", t("slide_units_title"), "units", "unit", by_unit=True)


def portfolio_slide(src: Sources) -> Slide:
    """Projects per current phase, and how many running ones a zero fundament holds back."""
    key, title = "portefolje", t("slide_portfolio_title")
    if not src.summaries:
        return _empty(key, title, t("no_projects"))
    health = portfolio.portfolio_health(src.summaries)
    phases = portfolio_text.phase_table(src.summaries, framework().project_phases)
    without_zero = (phases["projects"] - phases["with_zero"]).astype(float).tolist()
    table = phases[["phase_name", "projects", "with_zero"]].rename(
        columns={"phase_name": t("col_phase"), "projects": t("col_projects"), "with_zero": t("col_with_zero")}
    )
    return Slide(
        key,
        title,
        portfolio_text.portfolio_takeaway(health),
        "stacked",
        tuple(phases["phase_name"]),
        (
            Series(t("slide_without_zero"), tuple(without_zero)),
            Series(t("slide_with_zero"), tuple(phases["with_zero"].astype(float))),
        ),
        "count",
        table,
        t("source_projects", projects=len(src.summaries), open=health["open"]),
    )


def instruments_slide(src: Sources) -> Slide:
    """Instruments delivered against the yearly plan."""
    key, title = "virkemidler", t("slide_instruments_title")
    events, plan = src.tables.get("events"), src.tables.get("event_plan")
    if events is None or plan is None or (events.empty and plan.empty):
        return _empty(key, title, t("takeaway_instruments_no_plan"))
    ids = tuple(i.id for i in framework().instruments)
    totals = instruments.delivery_by_year(instruments.delivery(events, plan, ids))
    years = tuple(str(y) for y in totals["year"])
    table = totals.rename(
        columns={
            "year": t("col_year"),
            "planned": t("slide_planned"),
            "delivered": t("slide_delivered"),
            "delivered_as_planned": t("slide_as_planned"),
            "share": t("slide_share_as_planned"),
        }
    )
    return Slide(
        key,
        title,
        instruments_text.trend_takeaway(totals),
        "line",
        years,
        (Series(t("slide_share_as_planned"), tuple(_shown(s, False) for s in totals["share"])),),
        "share",
        table,
        t("source_instruments", first=years[0], last=years[-1], events=len(events)),
    )


def sectors_slide(src: Sources) -> Slide:
    """Culture and portfolio per sector, side by side: the employees' culture index of the
    latest round beside the sector's projects (median fundament index, share put into use)."""
    key, title = "sektorer", t("slide_sectors_title")
    if src.cells is None or not src.summaries:
        return _empty(key, title, t("slide_sectors_missing"))
    fw = framework()
    group = fw.employee_group
    cells = src.cells
    latest_round, _ = _latest_rounds(cells)
    rows = _index_cells(cells, latest_round, True, True, group)
    culture_of = {
        u: (_shown(m, s), _shown(n, s))
        for u, m, n, s in zip(rows["unit"], rows["mean"], rows["n"], rows["suppressed"])
    }
    # The last innovation criterion is the final step: the solution is in use.
    in_use, in_use_name = fw.innovation_criteria[-1].id, fw.innovation_criteria[-1].name.lower()
    reached = set(src.tables["outcomes"].loc[src.tables["outcomes"]["criterion"] == in_use, "project_id"])
    sectors = sorted(set(culture_of) | {p["sector"] for p in src.summaries if p["sector"]})
    projects = {s: [p for p in src.summaries if p["sector"] == s] for s in sectors}
    known = {
        s: [p["fundament_index"] for p in projects[s] if p["fundament_index"] is not None] for s in sectors
    }
    median = {s: float(pd.Series(known[s]).median()) if known[s] else None for s in sectors}
    share = {
        s: sum(p["project_id"] in reached for p in projects[s]) / len(projects[s]) if projects[s] else None
        for s in sectors
    }
    index = {s: culture_of.get(s, (None, None))[0] for s in sectors}
    ranked = sorted((s for s in sectors if index[s] is not None), key=lambda s: -index[s])
    hidden = sorted(s for s in sectors if index[s] is None)
    order = ranked + hidden
    group_name = fw.name_of("groups", group).lower()
    if len(ranked) < 2:
        headline = t(
            "slide_sectors_too_few",
            round=latest_round,
            group=group_name,
            hidden=len(hidden),
            total=len(sectors),
        )
    else:
        high, low = ranked[0], ranked[-1]
        headline = t(
            "slide_sectors_headline",
            round=latest_round,
            group=group_name,
            high=high,
            high_value=fmt_number(index[high]),
            high_projects=_portfolio_words(median[high], share[high], in_use_name),
            low=low,
            low_value=fmt_number(index[low]),
            low_projects=_portfolio_words(median[low], share[low], in_use_name),
        )
        if hidden:
            headline += " " + t("slide_sectors_hidden", hidden=len(hidden), total=len(sectors))
    median_column, share_column = t("col_median_index"), t("col_share_in_use", criterion=in_use_name)
    table = pd.DataFrame(
        {
            t("col_sector"): order,
            t("col_n_group", group=group_name): [
                _cell(culture_of.get(s, (None, None))[1], "count") for s in order
            ],
            t("slide_index_subject"): [_cell(index[s], "mean") for s in order],
            t("col_projects"): [len(projects[s]) for s in order],
            median_column: [None if median[s] is None else round(median[s], 1) for s in order],
            share_column: [None if share[s] is None else round(share[s], 4) for s in order],
        }
    )
    n_all = _n_of(_index_cells(cells, latest_round, False, True, group))
    return Slide(
        key,
        title,
        headline,
        "bar",
        tuple(order),
        (
            Series(
                t("slide_sectors_series", group=group_name, round=latest_round),
                tuple(index[s] for s in order),
            ),
        ),
        "mean",
        table,
        _survey_source(latest_round, n_all, hidden) + " " + t("slide_sectors_no_cause"),
        tuple(hidden),
        ((median_column, "decimal"), (share_column, "share")),
    )


def measures_slide(src: Sources) -> Slide:
    """«Tiltak og effekt» in aggregate: the measures per verdict on their net effect
    (no unit's figure, so every viewer may see it)."""
    key, title = "tiltak", t("actions_effect_title")
    records = list(src.measures)
    if not records:
        return _empty(key, title, t("actions_takeaway_none"))
    counts = actions_text.verdict_counts(records)
    measured = [r["effect"] for r in records if r["effect"] is not None and r["effect"]["to_round"]]
    hidden = sum(e["suppressed"] for e in measured)
    table = pd.DataFrame({t("col_verdict"): list(counts), t("col_measures"): list(counts.values())})
    return Slide(
        key,
        title,
        actions_text.effects_takeaway(records),
        "bar",
        tuple(counts),
        (Series(t("col_measures"), tuple(float(v) for v in counts.values())),),
        "count",
        table,
        t("source_measures", total=len(records), measured=len(measured) - hidden, hidden=hidden),
    )


def moves_slide(src: Sources, units: bool = True) -> Slide:
    """«Falt og steg»: the significant like-for-like changes since the round before, falls
    first, largest first, with n (per unit when ``units``, and per respondent group)."""
    key, title = "falt_steg", t("slide_moves_title")
    if src.cells is None:
        return _empty(key, title, t("slide_no_survey"))
    rows = changes_text.moved(src.cells, units)
    before, after = changes.default_rounds(src.cells["round"].astype(str).unique())
    if before is None:
        return _empty(key, title, t("changes_none"))
    fell = [r for r in rows if r["change"] < 0]
    rose = [r for r in rows if r["change"] > 0]
    if not rows:
        headline = t("slide_moves_none", before=before, after=after)
    else:
        headline = t("slide_moves_headline", before=before, after=after, fell=len(fell), rose=len(rose))
        largest = fell[0] if fell else rose[0]
        headline += " " + t(
            "slide_moves_largest_fall" if fell else "slide_moves_largest_rise",
            where=largest["where"],
            label=largest["label"],
            change=changes_text.fmt_delta(largest["change"]),
            n=fmt_number(largest["n"], 0),
        )
    names = tuple(f"{r['where']} · {r['label']}" for r in rows)
    table = pd.DataFrame(
        {
            t("col_direction"): [t("moves_fell") if r["change"] < 0 else t("moves_rose") for r in rows],
            t("col_where"): [r["where"] for r in rows],
            t("col_indicator"): [r["label"] for r in rows],
            t("col_from", round=before): [r["from_value"] for r in rows],
            t("col_to", round=after): [r["to_value"] for r in rows],
            t("col_change"): [changes_text.fmt_delta(r["change"]) for r in rows],
            t("col_n"): [int(r["n"]) for r in rows],
        }
    )
    return Slide(
        key,
        title,
        headline,
        "bar",
        names,
        (Series(t("col_change"), tuple(r["change"] for r in rows)),),
        "mean",
        table,
        t("source_moves", before=before, after=after),
    )


def goals_slide(src: Sources) -> Slide:
    """Goals and strategies at a glance: per goal, how many of its measures are on track,
    behind, or have no target (a hidden figure counts as no target, never as a value)."""
    key, title = "mal", t("slide_goals_title")
    if not src.goals:
        return _empty(key, title, t("slide_goals_none"))
    from analytics.measures.goals import STATUSES as statuses  # goals builds on this module's Sources

    counts = {s: [sum(m["status"] == s for m in g["measures"]) for g in src.goals] for s in statuses}
    names = [f"{g['id']} {g['text']}" for g in src.goals]
    on_track, behind = sum(counts[statuses[0]]), sum(counts[statuses[1]])
    with_target = on_track + behind
    headline = (
        t("slide_goals_headline", on_track=on_track, total=with_target, goals=len(src.goals))
        if with_target
        else t("slide_goals_no_targets", goals=len(src.goals))
    )
    table = pd.DataFrame({t("col_goal"): names, **{s: counts[s] for s in statuses}})
    return Slide(
        key,
        title,
        headline,
        "bar",
        tuple(names),
        tuple(Series(s, tuple(float(v) for v in counts[s])) for s in statuses),
        "count",
        table,
        t("source_goals", measures=sum(len(g["measures"]) for g in src.goals)),
    )


def benchmarks_slide(src: Sources) -> Slide:
    """The culture index beside figures from others (source and year stated; context, not a target)."""
    from analytics.measures import benchmarks

    key, title = "sammenligning", t("slide_benchmarks_title")
    if src.cells is None:
        return _empty(key, title, t("slide_no_survey"))
    table = src.benchmarks if src.benchmarks is not None else conform("benchmarks", pd.DataFrame())
    table = table[table["measure"] == culture.INDEX]
    latest, _ = _latest_rounds(src.cells)
    fw = framework()
    ours_cell = culture.overall(src.cells)
    ours_cell = ours_cell[(ours_cell["round"] == latest) & (ours_cell["indicator"] == culture.INDEX)].iloc[0]
    ours = _shown(ours_cell["mean"], ours_cell["suppressed"])
    names, values, sources = [t("slide_benchmarks_ours", round=latest)], [ours], []
    for _, row in table.iterrows():
        if not pd.isna(row["municipality"]) or not pd.isna(row["group"]) or not benchmarks.matches(fw, row):
            continue
        names.append(f"{row['scope']} ({row['source']}, {int(row['year'])})")
        values.append(float(row["value"]))
        sources.append(f"{row['source']} {int(row['year'])}")
    network = [r for r in benchmarks.network(fw, table, src.cells, latest, None) if "median" in r]
    for record in network:
        names.append(t("slide_benchmarks_median", count=len(record["municipalities"]), year=record["year"]))
        values.append(record["median"])
    if len(names) == 1:
        return _empty(key, title, t("slide_benchmarks_none"))
    headline = (
        t("slide_benchmarks_hidden", round=latest)
        if ours is None
        else t("slide_benchmarks_headline", round=latest, value=fmt_number(ours), count=len(names) - 1)
    )
    source = t("slide_benchmarks_source", sources=_names(sorted(set(sources))) if sources else "–")
    return Slide(
        key,
        title,
        headline,
        "bar",
        tuple(names),
        (Series(t("index_label"), tuple(values)),),
        "mean",
        pd.DataFrame({t("col_compared"): names, t("index_label"): [_cell(v, "mean") for v in values]}),
        source,
        () if ours is not None else (names[0],),
    )


def _portfolio_words(median: float | None, share: float | None, criterion: str) -> str:
    return t(
        "slide_sectors_projects",
        criterion=criterion,
        median="–" if median is None else fmt_number(median, 0),
        share="–" if share is None else fmt_share(share),
    )


def participation_slide(src: Sources) -> Slide:
    """Who answered: the response rate per respondent group in the latest round («Hvem svarte»)."""
    key, title = "hvem_svarte", t("slide_participation_title")
    if src.cells is None or not src.participation:
        return _empty(key, title, t("no_survey"))
    latest = max(r["round"] for r in src.participation)
    overall = participation.round_record(src.participation, latest)
    groups = [r for r in src.participation if r["round"] == latest and r["unit"] is None and r["group"]]
    names = framework().names("groups")
    if overall is None or overall["rate"] is None:
        headline = t(
            "slide_participation_no_rate", round=latest, n=participation_text.rate_text(overall or {})
        )
    else:
        headline = t(
            "slide_participation_headline",
            round=latest,
            responded=fmt_number(overall["responded"], 0),
            invited=fmt_number(overall["invited"], 0),
            rate=fmt_share(overall["rate"]),
        )
    table = pd.DataFrame(
        {
            t("col_group"): [names.get(r["group"], r["group"]) for r in groups],
            t("col_invited"): ["–" if r["invited"] is None else r["invited"] for r in groups],
            t("col_responded"): [_cell(r["responded"], "count") for r in groups],
            t("col_rate"): [
                "–" if r["rate"] is None and not r["suppressed"] else _cell(r["rate"], "share")
                for r in groups
            ],
        }
    )
    hidden = tuple(names.get(r["group"], r["group"]) for r in groups if r["suppressed"])
    return Slide(
        key,
        title,
        headline,
        "bar",
        tuple(names.get(r["group"], r["group"]) for r in groups),
        (Series(t("col_rate"), tuple(r["rate"] for r in groups)),),
        "share",
        table,
        t("source_participation", round=latest),
        hidden=hidden,
        table_kinds=((t("col_invited"), "count"), (t("col_responded"), "count")),
    )


@dataclass(frozen=True)
class SlideType:
    build: Callable[[Sources], Slide]
    title_key: str
    units: bool = False  # states a figure per unit: left out for a viewer without unit views


# The registry: key -> how to build it. The standard set is every entry, in this order.
SLIDE_TYPES: dict[str, SlideType] = {
    "kulturindeks": SlideType(index_slide, "slide_index_title"),
    "kjennetegn": SlideType(agreement_slide, "slide_agree_title"),
    "grupper": SlideType(groups_slide, "slide_groups_title"),
    "enheter": SlideType(units_slide, "slide_units_title", units=True),
    "sektorer": SlideType(sectors_slide, "slide_sectors_title", units=True),
    "portefolje": SlideType(portfolio_slide, "slide_portfolio_title"),
    "virkemidler": SlideType(instruments_slide, "slide_instruments_title"),
    "falt_steg": SlideType(moves_slide, "slide_moves_title", units=True),
    "tiltak": SlideType(measures_slide, "actions_effect_title"),
    "mal": SlideType(goals_slide, "slide_goals_title"),
    "hvem_svarte": SlideType(participation_slide, "slide_participation_title"),
    "sammenligning": SlideType(benchmarks_slide, "slide_benchmarks_title"),
}


def slide_titles() -> dict[str, str]:
    """Every slide type's key and its bokmål title, in standard order."""
    return {key: t(kind.title_key) for key, kind in SLIDE_TYPES.items()}


def build_slides(meeting: Meeting, src: Sources, units: bool = True) -> list[Slide]:
    """The meeting's slides, in its order; without ``units`` (a viewer who may not see
    unit views) the slides that state a figure per unit are left out."""
    return [SLIDE_TYPES[key].build(src) for key in meeting.slides if units or not SLIDE_TYPES[key].units]


# ---------------------------------------------------------------- meetings
def standard_meeting() -> Meeting:
    return Meeting(STANDARD_ID, t("meeting_standard_title"), "", tuple(SLIDE_TYPES))


def meeting_id_for(title: str, when: str) -> str:
    """A readable id for links (``?mote=…``): the title's letters and digits, then the date."""
    ascii_title = unicodedata.normalize("NFKD", title.translate(str.maketrans("æøåÆØÅ", "eoaEOA")))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.encode("ascii", "ignore").decode().lower()).strip("-")
    return f"{slug or 'mote'}-{when}"


def new_meeting(title: str, when: date | str | None, slides) -> Meeting:
    """A validated meeting; :class:`MeetingError` says in bokmål what is wrong."""
    title = (title or "").strip()
    problems = []
    if not title:
        problems.append(t("meeting_error_title"))
    try:
        when = date.fromisoformat(str(when)) if when else None
    except ValueError:
        when = None
    if when is None:
        problems.append(t("meeting_error_date"))
    slides = tuple(slides or ())
    unknown = [s for s in slides if s not in SLIDE_TYPES]
    if not slides:
        problems.append(t("meeting_error_slides"))
    if unknown:
        problems.append(t("meeting_error_unknown", unknown=", ".join(unknown), known=", ".join(SLIDE_TYPES)))
    if problems:
        raise MeetingError(" ".join(problems))
    if len(set(slides)) != len(slides):
        slides = tuple(dict.fromkeys(slides))
    return Meeting(meeting_id_for(title, when.isoformat()), title, when.isoformat(), slides)


def _stored(store) -> pd.DataFrame:
    return store.table(MEETINGS_TABLE)


def meetings(store) -> list[Meeting]:
    """The standard set, then the stored meetings, newest date first."""
    rows = _stored(store)
    stored = (
        [
            Meeting(r.meeting_id, r.title, r.date, tuple(s for s in r.slides.split(",") if s in SLIDE_TYPES))
            for r in rows.sort_values(["date", "meeting_id"], ascending=False).itertuples(index=False)
        ]
        if not rows.empty
        else []
    )
    return [standard_meeting(), *stored]


def find_meeting(store, meeting_id: str | None) -> Meeting:
    """The meeting with this id (the standard set for ``None``); :class:`MeetingError` if unknown."""
    wanted = meeting_id or STANDARD_ID
    for meeting in meetings(store):
        if wanted in (meeting.meeting_id, meeting.title):
            return meeting
    raise MeetingError(t("meeting_error_missing", meeting=wanted))


def save_meeting(store, meeting: Meeting, who: str) -> dict:
    """Store (or replace) a meeting in one atomic commit, logged in the manifest."""
    row = pd.DataFrame(
        [[meeting.meeting_id, meeting.title, meeting.date, ",".join(meeting.slides)]],
        columns=list(MEETING_COLUMNS),
    )

    def upsert(current: dict) -> dict[str, pd.DataFrame]:
        existing = store.table(MEETINGS_TABLE, current)
        rows = pd.concat([existing, row], ignore_index=True) if not existing.empty else row
        return {MEETINGS_TABLE: rows.drop_duplicates("meeting_id", keep="last").astype(str)}

    manifest = store.commit(upsert, {"kind": "meeting", "meeting_id": meeting.meeting_id, "who": who})
    count = len(meeting.slides)
    detail = t("audit_meeting_detail", title=meeting.title, meeting_id=meeting.meeting_id, count=count)
    store.append_audit(who, "meeting", detail)
    return manifest


def meeting_records(all_meetings: list[Meeting]) -> list[dict]:
    """The CLI's ``meetings`` rows."""
    return [
        {"meeting_id": m.meeting_id, "title": m.title, "date": m.date or None, "slides": list(m.slides)}
        for m in all_meetings
    ]


def slide_position(value, count: int) -> int:
    """The 1-based slide number a link asks for (``?lysbilde=3``), kept within 1..count.

    >>> slide_position("3", 6), slide_position("99", 6), slide_position("tre", 6)
    (3, 6, 1)
    """
    try:
        number = int(str(value))
    except ValueError:
        return 1
    return min(max(number, 1), max(count, 1))


# ---------------------------------------------------------------- layout on a projector
HEADLINE_ON_SCREEN = 150  # characters: two lines at 1280×720 and 1920×1080 in the presentation view
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9«])")


def screen_headline(headline: str, limit: int = HEADLINE_ON_SCREEN) -> tuple[str, str]:
    """A headline as a projector shows it: its first sentence (or, when that is longer than
    ``limit``, its first clause before «;») as the headline, and the rest as a detail line.
    The words are the headline's own; nothing is dropped.

    >>> screen_headline("Indeksen økte. 2 av 7 enheter er skjult.")
    ('Indeksen økte.', '2 av 7 enheter er skjult.')
    >>> screen_headline("A har mest; B har minst.", limit=10)
    ('A har mest;', 'B har minst.')
    """
    first = _SENTENCE_END.split(headline, maxsplit=1)[0]
    rest = headline[len(first) :].strip()
    if len(first) > limit and "; " in first:
        head, _, tail = first.partition("; ")
        return head + ";", f"{tail} {rest}".strip()
    return first, rest
