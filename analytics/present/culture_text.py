"""Culture in words and tables: the takeaway sentences and the tables behind the culture charts.

Everything here is made from suppressed culture cells and the measures of
:mod:`analytics.measures.culture`; a hidden figure is written «skjult», never as a number.
"""

from __future__ import annotations

import pandas as pd

from analytics.core.framework import framework
from analytics.core.suppression import INDEX
from analytics.core.text import figure_text, fmt_number, fmt_share, join_and, t


def index_takeaway(trend_rows: pd.DataFrame, group_names: dict[str, str], change_sentence: str) -> str:
    """One sentence on the composite index: its change from the first round to the latest
    (``change_sentence``, from :func:`analytics.present.changes_text.describe`), and which respondent
    group sees the culture most and least positively (ties named)."""
    everyone = trend_rows[trend_rows["group"].isna() & trend_rows["mean"].notna()]
    if everyone.empty:
        return t("takeaway_index_missing")
    last_round = trend_rows["round"].max()
    sentence = change_sentence
    groups = trend_rows[
        (trend_rows["round"] == last_round) & trend_rows["group"].notna() & trend_rows["mean"].notna()
    ]
    if len(groups) >= 2:
        shown = groups.assign(value=groups["mean"].astype(float).round(2))
        high, low = shown["value"].max(), shown["value"].min()
        if high > low:

            def named(value):
                ids = shown.loc[shown["value"] == value, "group"]
                return join_and([group_names.get(g, g).lower() for g in ids])

            sentence += t(
                "takeaway_index_groups",
                round=last_round,
                high_group=named(high),
                high=fmt_number(high),
                low_group=named(low),
                low=fmt_number(low),
            )
    return sentence


def heatmap_takeaway(cells: pd.DataFrame, round_label: str) -> str:
    """Which unit has the highest and the lowest index, and how many are hidden.

    ``cells`` is the output of :func:`heatmap`.
    """
    units = cells[cells["unit"].notna() & (cells["indicator"] == INDEX)]
    if units.empty:
        return t("takeaway_heatmap_none", round=round_label)
    shown = units[~units["suppressed"]].sort_values("mean")
    hidden = int(units["suppressed"].sum())
    values = dict(round=round_label, hidden=hidden, units=len(units))
    if len(shown) < 2:
        return t("takeaway_heatmap_too_few", **values)
    low, high = shown.iloc[0], shown.iloc[-1]
    return t(
        "takeaway_heatmap",
        high_unit=high["unit"],
        high=fmt_number(high["mean"]),
        low_unit=low["unit"],
        low=fmt_number(low["mean"]),
        **values,
    )


def trend_takeaway(rows: pd.DataFrame, label: str, statuses: list, change_sentence: str) -> str:
    """The measure's latest shown value and how it stands against its target, then its
    change since the round before (``change_sentence``, :func:`analytics.present.changes_text.describe`).

    ``rows`` is the output of :func:`trend`; ``statuses`` holds
    :func:`analytics.core.targets.status` for each of its rounds (or ``None``).
    """
    visible = rows[rows["mean"].notna()]
    if visible.empty:
        return t("takeaway_trend_hidden", label=label)
    last = visible.iloc[-1]
    target_row = statuses[visible.index[-1]]
    sentence = t("takeaway_trend_level", label=label, value=fmt_number(last["mean"]), round=last["round"])
    if target_row is not None:
        key = "takeaway_target_on_track" if target_row["on_track"] else "takeaway_target_behind"
        sentence += " " + t(
            key,
            year=target_row["year"],
            target=fmt_number(target_row["target"]),
            distance=fmt_number(abs(target_row["distance"])),
        )
    return f"{sentence}. {change_sentence}".strip()


def short_text(text: str, limit: int = 60) -> str:
    """A statement as a sentence names it: its text, cut at ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def likert_takeaway(table: pd.DataFrame, texts: dict[str, str]) -> str:
    """The statements with the largest share who agree and who disagree (ties named);
    «flest» only where that share is more than half.

    ``table`` is the output of :func:`distribution`, ``texts`` each statement's text by id.
    """
    shown = table[~table["suppressed"]]
    if shown.empty:
        return t("takeaway_likert_hidden")
    parts = []
    for side in ("agree", "disagree"):
        percent = (shown[f"share_{side}"].astype(float) * 100).round()
        top = percent.max()
        items = [f"«{short_text(texts[i])}»" for i in shown.loc[percent == top, "item_id"]]
        key = f"takeaway_likert_most_{side}" if top > 50 else f"takeaway_likert_largest_{side}"
        parts.append(t(key, items=join_and(items), share=fmt_share(top / 100)))
    return " ".join(parts) + " " + t("takeaway_likert_hidden_count", hidden=int(table["suppressed"].sum()))


def gap_takeaway(gaps: pd.DataFrame, labels: dict[str, str], base_name: str, other_name: str) -> str:
    """The indicator where the two groups see things most differently.

    ``gaps`` is the output of :func:`perception_gaps`.
    """
    shown = gaps[~gaps["suppressed"]]
    if shown.empty:
        return t("takeaway_gap_hidden", other=other_name.lower(), base=base_name.lower())
    widest = shown.loc[shown["gap"].astype(float).abs().idxmax()]
    return t(
        "takeaway_gap",
        label=f"{widest['indicator']} {labels[widest['indicator']]}",
        other=other_name.lower(),
        base=base_name.lower(),
        gap=fmt_number(abs(float(widest["gap"]))),
        direction=t("higher") if widest["gap"] > 0 else t("lower"),
        other_mean=fmt_number(widest["other_mean"]),
        base_mean=fmt_number(widest["base_mean"]),
    )


def heatmap_table(cells: pd.DataFrame, labels: dict[str, str], rates: dict | None = None) -> pd.DataFrame:
    """:func:`heatmap` as a wide table: one row per unit, one column per indicator.

    ``rates`` (unit -> response rate as text, ``None`` = all units) adds a column «Svarprosent».
    """
    rows = []
    for unit, unit_cells in cells.groupby(cells["unit"].fillna(""), sort=False, dropna=False):
        row = {t("col_unit"): unit or t("all_units")}
        by_indicator = unit_cells.set_index("indicator")
        for indicator, label in labels.items():
            cell = by_indicator.loc[indicator] if indicator in by_indicator.index else None
            row[label] = "–" if cell is None else figure_text(cell["mean"], "mean", cell["suppressed"])
        index = by_indicator.loc[INDEX] if INDEX in by_indicator.index else None
        row[t("col_n")] = "–" if index is None else figure_text(index["n"], "count", index["suppressed"])
        if rates is not None:
            row[t("col_participation")] = rates.get(unit or None, "–")
        rows.append(row)
    return pd.DataFrame(rows)


def trend_table(rows: pd.DataFrame, target_values: list, statuses: list) -> pd.DataFrame:
    """:func:`trend` for people: figures as text, «skjult» where hidden."""
    out = []
    for row, target, state in zip(rows.itertuples(index=False), target_values, statuses):
        hidden = bool(row.suppressed)
        significant = "–" if row.significant is None else t("yes") if row.significant else t("no")
        out.append(
            {
                t("col_round"): row.round,
                t("col_mean"): figure_text(row.mean, "mean", hidden),
                t("col_ci_low"): figure_text(row.ci_low, "mean", hidden),
                t("col_ci_high"): figure_text(row.ci_high, "mean", hidden),
                t("col_n"): figure_text(row.n, "count", hidden),
                t("col_change"): figure_text(row.change, "change", hidden),
                t("col_significant"): t("hidden") if hidden else significant,
                t("col_target"): "–" if target is None else fmt_number(target),
                t("col_status"): "–"
                if state is None
                else t("on_track")
                if state["on_track"]
                else t("behind"),
            }
        )
    return pd.DataFrame(out)


def likert_table(table: pd.DataFrame, texts: dict[str, str], scale: list[str]) -> pd.DataFrame:
    """:func:`distribution` for people: shares per answer, «skjult» where hidden."""
    out = []
    for row in table.itertuples(index=False):
        hidden = bool(row.suppressed)
        record = {t("col_item"): row.item_id, t("col_statement"): texts[row.item_id]}
        record[t("col_n")] = figure_text(row.n, "count", hidden)
        for value, name in enumerate(scale, start=1):
            record[name] = figure_text(getattr(row, f"share_{value}"), "share", hidden)
        record[t("col_agree")] = figure_text(row.share_agree, "share", hidden)
        record[t("col_disagree")] = figure_text(row.share_disagree, "share", hidden)
        record[t("col_dont_know", label=framework().dont_know_label)] = figure_text(
            row.n_dont_know, "count", hidden
        )
        record[t("col_mean")] = figure_text(row.mean, "mean", hidden)
        out.append(record)
    return pd.DataFrame(out)


def gap_table(gaps: pd.DataFrame, labels: dict[str, str], base_name: str, other_name: str) -> pd.DataFrame:
    """:func:`perception_gaps` for people."""
    out = []
    for row in gaps.itertuples(index=False):
        hidden = bool(row.suppressed)
        out.append(
            {
                t("col_indicator"): row.indicator,
                t("col_label"): labels[row.indicator],
                t("col_items"): row.items,
                base_name: figure_text(row.base_mean, "mean", hidden),
                other_name: figure_text(row.other_mean, "mean", hidden),
                t("col_gap"): figure_text(row.gap, "change", hidden),
            }
        )
    return pd.DataFrame(out)


def index_trend_table(trend: pd.DataFrame, group_names: dict[str, str]) -> pd.DataFrame:
    """:func:`index_by_group` for people («Alle» for all respondents; «skjult» for a hidden figure)."""
    hidden = trend["suppressed"].astype(bool).tolist()
    table = trend.assign(
        group=trend["group"].map(group_names).fillna(t("all_respondents")),
        mean=[figure_text(v, "mean", h) for v, h in zip(trend["mean"], hidden)],
        n=[figure_text(v, "count", h) for v, h in zip(trend["n"], hidden)],
    )
    columns = {"round": t("col_round"), "group": t("col_group"), "mean": t("col_mean"), "n": t("col_n")}
    return table.rename(columns=columns).drop(columns="suppressed")


def indicators_title(indicators: pd.DataFrame) -> str:
    """The title of :func:`latest_vs_previous`: «…, 2024 mot 2023», or the latest round only."""
    latest, compared = indicators.attrs.get("latest_round"), indicators.attrs.get("compared_round")
    if compared is None:
        return t("indicators_title_latest", latest=latest)
    return t("indicators_title", latest=latest, previous=compared)


def indicators_table(indicators: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """:func:`latest_vs_previous` for people."""
    columns = ["indicator", "label", "previous", "latest", "change"]
    table = indicators.assign(label=indicators["indicator"].map(labels))[columns].round(2)
    table.columns = [t(f"col_{c}") for c in columns]
    return table
