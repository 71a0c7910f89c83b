"""Culture indicators (strategy section 2.3): suppression, statistics, views, takeaways.

Pure functions over the pre-aggregated cells from ``sql/agg_culture.sql``.
A *cell* is one round x measure for one slice: all respondents, a unit, a
respondent group, or a unit x group. A measure is an indicator of the strategy
(``item_id`` missing), one statement of the codebook (``item_id`` set) or the
composite ``index``.

Definitions (shared by every page, the CLI and the tests):

- **mean**: average of all valid answers (on the strategy's answer scale; not
  don't know, not blank).
- **share_agree** / **share_disagree**: share of those answers that the
  strategy counts as agree / disagree (``agree_values``, ``disagree_values``).
- **n**: distinct respondents with at least one valid answer in the cell.
- **index**: the mean of the indicator means.
- **confidence interval** (95 %): ``mean ± t(0.975, n-1) * se``. A respondent
  answers several statements of an indicator, so answers are not independent;
  the standard error treats each respondent as one cluster (the linearised
  variance of a ratio of sums, ``var_mean`` in the SQL), which is the usual
  cluster-robust standard error of a mean. For a single statement it is the
  ordinary ``s / sqrt(n)``.
- **significant change**: Welch's t-test of this round's mean against the
  previous round's, with the cluster-robust standard errors and
  Welch-Satterthwaite degrees of freedom; flagged at p < 0.05. Rounds are
  independent samples: anonymous surveys cannot follow a person across rounds.
- **suppressed**: the cell's figures are hidden (see :func:`suppress`).

Every view takes the output of :func:`suppress` over *all* cells, so the page,
the downloads and the CLI publish one consistent pattern of hidden cells.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache

import numpy as np
import pandas as pd

from analytics.framework import framework
from analytics.suppression import ALL, WHOLE, protect_block
from analytics.text import fmt_change, fmt_number, fmt_share, join_and, t

INDEX = "index"
FIGURES = (
    "n",
    "mean",
    "share_agree",
    "share_disagree",
    "n_answers",
    "n_dont_know",
    "var_mean",
)
# Answers per value of the strategy's answer scale (a list per cell), hidden like FIGURES.
COUNTS = "answer_counts"
SLICE = ["round", "by_unit", "by_group", "unit", "group"]
BREAKDOWNS = {"unit": (True, False), "group": (False, True), "unit,group": (True, True)}
SIGNIFICANCE = 0.05


# ------------------------------------------------------------------ suppression
def _complement(block: pd.DataFrame, hidden: np.ndarray, singletons: bool = False) -> np.ndarray:
    """Hide more cells of one block (a round's indicator and its statements, or
    a round's index) until no hidden cell can be computed from the shown ones."""

    def key(value, selected):
        return value if selected else ALL

    keys = [
        (key(unit, by_unit), key(group, by_group), WHOLE if part is None else part)
        for unit, by_unit, group, by_group, part in zip(
            block["unit"], block["by_unit"], block["group"], block["by_group"], block["part"]
        )
    ]
    counts = (block["n_answers"].astype(float) + block["n_dont_know"].astype(float)).tolist()
    n = block["n"].astype(float).tolist()
    return np.array(protect_block(keys, counts, n, hidden.tolist(), singletons), bool)


def suppress(
    cells: pd.DataFrame, threshold: int, rounds: Mapping[str, int] | None = None, singletons: bool = False
) -> pd.DataFrame:
    """Hide every figure that rests on fewer than ``threshold`` respondents,
    and every figure that could be worked out from the figures that are shown.

    ``rounds`` gives a round its own threshold (the one readers see a
    published round under, :meth:`analytics.store.Store.shown_thresholds`).
    ``singletons`` also protects against a respondent alone in a cell, who
    knows their own answers (:func:`analytics.suppression.protect_block`);
    not yet the default (see docs/reference/suppression.md).

    ``cells`` must hold all cells of a round (every slice and measure, as
    ``culture_cells`` returns them), because a figure can be recovered through
    any of them. Returns a copy with a boolean ``suppressed`` column and every
    figure (:data:`FIGURES`) missing on suppressed cells. The rules:

    1. **Too few**: a cell with ``n`` below the threshold (or no valid answer)
       is hidden.
    2. **Complementary**: the figures of a round are sums over pieces (unit x
       group, and the respondents of a group without a unit; statement by
       statement, and an indicator is the sum of its statements). No hidden
       cell may be computable exactly from shown cells (by subtraction from a
       total, from its siblings, across units and groups, or from its
       indicator and the other statements). The other cells are taken
       coarsest first (everyone, then unit and group totals, then unit x
       group), then by larger ``n``; each is shown unless showing it would
       make a hidden cell computable, and is hidden otherwise
       (:func:`analytics.suppression.protect`). So the finest cells with the
       smallest ``n`` are the ones hidden, and totals stay visible.
       This protects respondent counts, sums, answer counts and
       Vet ikke counts alike.
    3. **Index**: the composite ``index`` of a slice is hidden when any of its
       indicators is, since the other means and their average give away the last one;
       then rule 2 is applied to the index cells (their respondent counts).

    Rounds are separate surveys and are treated independently.

    Examples
    --------
    >>> cells = pd.DataFrame({"round": ["2024"] * 4, "indicator": ["X1"] * 4,
    ...     "item_id": ["X1_1"] * 4, "by_unit": [False, True, True, True],
    ...     "unit": [None, "A", "B", "C"], "by_group": [False] * 4,
    ...     "group": [None] * 4, "n": [20, 9, 3, 8], "n_answers": [20, 9, 3, 8],
    ...     "n_dont_know": [0] * 4, "mean": [3.5, 3.4, 3.8, 3.5]})
    >>> suppress(cells, 5)["suppressed"].tolist()
    [False, False, True, True]
    """
    cells = cells.reset_index(drop=True)
    n = cells["n"].astype(float)
    limit = cells["round"].astype(str).map(dict(rounds or {})).fillna(threshold).astype(float)
    hidden = (n.isna() | (n < limit)).to_numpy(dtype=bool, copy=True)
    is_index = (cells["indicator"] == INDEX).to_numpy()
    part = cells["item_id"].astype(object).where(cells["item_id"].notna(), None)
    cells_with_part = cells.assign(part=part.where(~is_index, INDEX))
    for _, block in cells_with_part[~is_index].groupby(["round", "indicator"], sort=False):
        hidden[block.index] = _complement(block, hidden[block.index], singletons)
    slice_key = cells["round"].astype(str)
    for column in SLICE[1:]:
        slice_key = slice_key + "|" + cells[column].astype(object).fillna("").astype(str)
    indicator_hidden = set(slice_key[hidden & ~is_index & cells["item_id"].isna().to_numpy()])
    hidden |= is_index & slice_key.isin(indicator_hidden).to_numpy()
    for _, block in cells_with_part[is_index].groupby("round", sort=False):
        hidden[block.index] = _complement(block, hidden[block.index], singletons)
    out = cells.copy()
    out["suppressed"] = hidden
    for column in FIGURES:
        if column in out:
            out[column] = out[column].astype("Float64").mask(out["suppressed"])
    if COUNTS in out:
        out[COUNTS] = out[COUNTS].astype(object).where(~out["suppressed"], None)
    return out


# ------------------------------------------------------------------ statistics
def t_two_sided_p(statistic: float, df: float) -> float:
    """P(|T| >= |statistic|) for Student's t with ``df`` degrees of freedom.

    >>> round(t_two_sided_p(2.776445, 4), 4)
    0.05
    """
    from scipy import stats  # imported when first needed: it takes most of a second

    return float(2 * stats.t.sf(abs(statistic), df))


@cache
def t_critical(df: float, level: float = 0.95) -> float:
    """The two-sided critical value of Student's t.

    >>> round(t_critical(4), 3), round(t_critical(29), 3)
    (2.776, 2.045)
    """
    from scipy import stats

    return float(stats.t.ppf(1 - (1 - level) / 2, df))


def with_confidence(shown: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Add ``ci_low`` and ``ci_high``: the confidence interval of each mean.

    Missing on hidden cells and where ``n`` < 2.
    """
    n = shown["n"].astype(float)
    margin = pd.Series(
        [
            t_critical(int(k) - 1, level) * math.sqrt(v) if k >= 2 and not pd.isna(v) else math.nan
            for k, v in zip(n.fillna(0), shown["var_mean"].astype(float))
        ],
        index=shown.index,
    )
    mean = shown["mean"].astype(float)
    return shown.assign(ci_low=mean - margin, ci_high=mean + margin)


def change_test(mean: float, var: float, n: float, prev_mean: float, prev_var: float, prev_n: float):
    """Welch's t-test of a change between two rounds: ``(change, p)``.

    ``var`` and ``prev_var`` are the variances of the two means (``var_mean``).
    ``p`` is missing when either side has fewer than two respondents.
    """
    values = (mean, var, n, prev_mean, prev_var, prev_n)
    if any(v is None or pd.isna(v) for v in values):
        return math.nan, math.nan
    change = mean - prev_mean
    if n < 2 or prev_n < 2:
        return change, math.nan
    spread = var + prev_var
    if spread <= 0:
        return change, 0.0 if change else 1.0
    return change, t_two_sided_p(change / math.sqrt(spread), _welch_df(var, n, prev_var, prev_n))


def _welch_df(var: float, n: float, prev_var: float, prev_n: float) -> float:
    """Welch-Satterthwaite degrees of freedom of the difference of two means."""
    return (var + prev_var) ** 2 / (var**2 / (n - 1) + prev_var**2 / (prev_n - 1))


def change_interval(
    mean: float, var: float, n: float, prev_mean: float, prev_var: float, prev_n: float, level: float = 0.95
) -> dict:
    """A change between two rounds with its confidence interval and Welch's test.

    Returns ``change``, ``ci_low``, ``ci_high`` (``change ± t(df) * sqrt(var +
    prev_var)``, Welch-Satterthwaite ``df``), ``p`` and ``significant``
    (p < 0.05); the interval, ``p`` and ``significant`` are missing when either
    side has fewer than two respondents.
    """
    change, p = change_test(mean, var, n, prev_mean, prev_var, prev_n)
    spread = (var + prev_var) if not math.isnan(p) else math.nan
    margin = math.nan
    if not math.isnan(spread):
        margin = (
            t_critical(_welch_df(var, n, prev_var, prev_n), level) * math.sqrt(spread) if spread > 0 else 0.0
        )
    return {
        "change": change,
        "ci_low": change - margin,
        "ci_high": change + margin,
        "p": p,
        "significant": None if math.isnan(p) else bool(p < SIGNIFICANCE),
    }


def cell_change(before, after) -> dict:
    """:func:`change_interval` between two culture cells (each with ``mean``, ``var_mean``, ``n``)."""
    return change_interval(
        float(after["mean"]),
        float(after["var_mean"]),
        float(after["n"]),
        float(before["mean"]),
        float(before["var_mean"]),
        float(before["n"]),
    )


def previous_round(rounds, current: str) -> str | None:
    """The round before ``current`` in label order (``None`` for the first)."""
    ordered = sorted(set(rounds))
    position = ordered.index(current)
    return ordered[position - 1] if position else None


def _measure_rows(shown: pd.DataFrame, indicator: str) -> pd.DataFrame:
    return shown[(shown["indicator"] == indicator) & shown["item_id"].isna()]


def _slice_rows(rows: pd.DataFrame, unit: str | None, group: str | None) -> pd.DataFrame:
    rows = rows[(rows["by_unit"] == (unit is not None)) & (rows["by_group"] == (group is not None))]
    if unit is not None:
        rows = rows[rows["unit"] == unit]
    if group is not None:
        rows = rows[rows["group"] == group]
    return rows


def trend(shown: pd.DataFrame, indicator: str, unit: str | None = None, group: str | None = None):
    """One measure of one slice across rounds, with intervals and changes.

    Returns one row per round that has the slice: ``round``, ``n``, ``mean``,
    ``ci_low``, ``ci_high``, ``suppressed``, ``change`` (since the previous
    round; missing when either round is hidden or absent), ``p`` and
    ``significant`` (p < 0.05; missing when it cannot be tested).
    """
    rows = with_confidence(_slice_rows(_measure_rows(shown, indicator), unit, group))
    rows = rows.sort_values("round").reset_index(drop=True)
    all_rounds = shown["round"].unique()
    by_round = rows.set_index("round")
    changes, p_values = [], []
    for row in rows.itertuples(index=False):
        before = previous_round(all_rounds, row.round)
        if before is None or before not in by_round.index:
            changes.append(math.nan)
            p_values.append(math.nan)
            continue
        prev = by_round.loc[before]
        change, p = change_test(row.mean, row.var_mean, row.n, prev["mean"], prev["var_mean"], prev["n"])
        changes.append(change)
        p_values.append(p)
    rows["change"] = changes
    rows["p"] = p_values
    rows["significant"] = [None if math.isnan(p) else bool(p < SIGNIFICANCE) for p in p_values]
    return rows[["round", "n", "mean", "ci_low", "ci_high", "suppressed", "change", "p", "significant"]]


# ------------------------------------------------------------------ views
def overall(shown: pd.DataFrame) -> pd.DataFrame:
    """Overall cells (all units, all groups) per round x indicator and index."""
    rows = shown[~shown["by_unit"] & ~shown["by_group"] & shown["item_id"].isna()]
    return rows.sort_values(["round", "indicator"]).reset_index(drop=True)


def index_by_group(shown: pd.DataFrame) -> pd.DataFrame:
    """The composite index per round for all respondents and for each group.

    Returns columns ``round``, ``group`` (``None`` = all), ``n``, ``mean``,
    ``suppressed``.
    """
    rows = shown[~shown["by_unit"] & (shown["indicator"] == INDEX)]
    rows = rows.assign(group=rows["group"].where(rows["by_group"], None))
    return rows[["round", "group", "n", "mean", "suppressed"]].reset_index(drop=True)


def latest_vs_previous(overall_cells: pd.DataFrame, records: list[dict]) -> pd.DataFrame:
    """Each indicator's mean in the latest round beside the round before it.

    ``overall_cells`` is the output of :func:`overall`, ``records`` the changes
    between the two rounds (:func:`analytics.changes.changes`). Returns one row per
    indicator with ``latest``, ``previous`` and ``change`` (the record's change:
    missing when either side is hidden or absent, or the rounds are not like for like).
    When the rounds had another mix of respondent groups, ``previous`` is missing too
    (the two rounds' «alle» are not comparable) and ``attrs["compared_round"]`` is
    ``None``; otherwise it is the previous round.
    """
    rounds = sorted(overall_cells["round"].unique())
    latest = rounds[-1]
    previous = rounds[-2] if len(rounds) > 1 else None
    indicators = overall_cells[overall_cells["indicator"] != INDEX]
    now = indicators[indicators["round"] == latest].set_index("indicator")["mean"]
    before = (
        indicators[indicators["round"] == previous].set_index("indicator")["mean"]
        if previous
        else pd.Series(dtype="Float64")
    )
    out = pd.DataFrame({"latest": now, "previous": before.reindex(now.index)})
    change = {r["indicator"]: r["change"] for r in records if r["unit"] is None and r["group"] is None}
    out["change"] = pd.array([change.get(k) for k in out.index], dtype="Float64")
    mixed = any(r["note"] == "group_mix" for r in records if r["unit"] is None and r["group"] is None)
    if mixed:
        out["previous"] = pd.array([None] * len(out), dtype="Float64")
    out.attrs.update(latest_round=latest, previous_round=previous, compared_round=None if mixed else previous)
    return out.reset_index().rename(columns={"index": "indicator"})


def units_of(shown: pd.DataFrame, group: str | None = None) -> list[str]:
    """The units that have cells (for ``group``, or any group), sorted."""
    rows = shown[shown["by_unit"] & (shown["by_group"] == (group is not None))]
    if group is not None:
        rows = rows[rows["group"] == group]
    return sorted(rows["unit"].dropna().unique())


def heatmap(shown: pd.DataFrame, round_label: str, group: str | None = None) -> pd.DataFrame:
    """Unit x indicator means of one round (for one group or all), long format.

    Returns ``unit`` (``None`` = all units together, listed first),
    ``indicator`` (an indicator id or ``index``), ``n``, ``mean`` and
    ``suppressed``, one row per cell that exists.
    """
    rows = shown[(shown["round"] == round_label) & shown["item_id"].isna()]
    rows = rows[rows["by_group"] == (group is not None)]
    if group is not None:
        rows = rows[rows["group"] == group]
    rows = rows.assign(_order=rows["by_unit"].astype(int)).sort_values(["_order", "unit", "indicator"])
    rows = rows[["unit", "by_unit", "indicator", "n", "mean", "suppressed"]].reset_index(drop=True)
    units = pd.Series([u if b else None for u, b in zip(rows["unit"], rows["by_unit"])], dtype=object)
    return rows.assign(unit=units).drop(columns="by_unit")


def distribution(shown: pd.DataFrame, round_label: str, unit: str | None, group: str | None):
    """The answer distribution per statement of one round and slice.

    Returns one row per statement with ``item_id``, ``indicator``, ``n``,
    ``n_dont_know``, ``share_<value>`` for each value of the answer scale (of the valid answers),
    ``share_agree``, ``share_disagree``, ``mean`` and ``suppressed``; hidden
    statements have every figure missing.
    """
    rows = shown[(shown["round"] == round_label) & shown["item_id"].notna()]
    rows = _slice_rows(rows, unit, group).sort_values(["indicator", "item_id"]).copy()
    answers = rows["n_answers"].astype("Float64")
    values = framework().scale_values
    for position, value in enumerate(values):
        counts = rows[COUNTS].map(lambda c, p=position: pd.NA if c is None else int(c[p]))
        rows[f"share_{value}"] = counts.astype("Float64") / answers
    columns = ["item_id", "indicator", "n", "n_dont_know", *(f"share_{v}" for v in values)]
    return rows[[*columns, "share_agree", "share_disagree", "mean", "suppressed"]].reset_index(drop=True)


def shared_items(items, base: str, other: str) -> dict[str, list[str]]:
    """Per indicator, the statements both groups answer (``items``: codebook)."""
    out: dict[str, list[str]] = {}
    for item in items:
        if base in item.groups and other in item.groups:
            out.setdefault(item.indicator, []).append(item.item_id)
    return out


def gap_groups(items, groups, base: str | None = None) -> list[str]:
    """The groups that answer at least one statement that ``base`` (default: the
    strategy's baseline group) answers too."""
    base = base or framework().baseline_group
    return [g for g in groups if g != base and shared_items(items, base, g)]


def perception_gaps(shown, items, round_label: str, unit: str | None, other: str, base: str | None = None):
    """How ``other`` sees each indicator compared with ``base`` (default: the
    strategy's baseline group), on the same statements.

    Each group's figure is the mean of its valid answers to the statements both
    groups answer (so a gap never compares different questions). A gap is
    hidden when any statement cell it needs is hidden or missing.
    Returns ``indicator``, ``items``, ``base_mean``, ``other_mean``, ``gap``
    (other minus base), ``suppressed``.
    """
    base = base or framework().baseline_group
    rows = shown[(shown["round"] == round_label) & shown["item_id"].notna()]
    records = []
    for indicator, item_ids in shared_items(items, base, other).items():
        means = []
        for group in (base, other):
            cells = _slice_rows(rows[rows["item_id"].isin(item_ids)], unit, group)
            if len(cells) < len(item_ids) or cells["suppressed"].any():
                means.append(math.nan)
                continue
            answers = cells["n_answers"].astype(float)
            means.append(float((cells["mean"].astype(float) * answers).sum() / answers.sum()))
        hidden = any(math.isnan(m) for m in means)
        records.append(
            {
                "indicator": indicator,
                "items": ", ".join(item_ids),
                "base_mean": means[0],
                "other_mean": means[1],
                "gap": math.nan if hidden else means[1] - means[0],
                "suppressed": hidden,
            }
        )
    return pd.DataFrame(
        records, columns=["indicator", "items", "base_mean", "other_mean", "gap", "suppressed"]
    )


# ------------------------------------------------------------------ the CLI
def _clean(value):
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value


def summary_records(shown: pd.DataFrame, by: str | None = None) -> list[dict]:
    """The CLI's ``summary`` rows from suppressed cells.

    Always the overall rows; then per unit and per group (``by=None``), or one
    breakdown: ``"unit"``, ``"group"`` or ``"unit,group"`` (unit x group).
    """
    wanted = [BREAKDOWNS["unit"], BREAKDOWNS["group"]] if by is None else [BREAKDOWNS[by]]
    flags = list(zip(shown["by_unit"], shown["by_group"]))
    keep = [f == (False, False) or f in wanted for f in flags]
    rows = shown[pd.Series(keep, index=shown.index) & shown["item_id"].isna()]
    records = []
    for row in rows.itertuples(index=False):
        n = _clean(row.n)
        mean = _clean(row.mean)
        share = _clean(row.share_agree)
        records.append(
            {
                "round": str(row.round),
                "indicator": row.indicator,
                "unit": _clean(row.unit) if row.by_unit else None,
                "group": _clean(row.group) if row.by_group else None,
                "n": None if n is None else int(n),
                "mean": None if mean is None else round(float(mean), 4),
                "share_agree": None if share is None else round(float(share), 4),
                "suppressed": bool(row.suppressed),
            }
        )
    return records


# ------------------------------------------------------------------ tables for people
def figure_text(value, kind: str, hidden: bool) -> str:
    """A figure as the page and the downloads show it: «skjult» when hidden.

    ``kind`` is ``mean`` (two decimals), ``share`` (whole percent), ``count``
    or ``change`` (signed).

    >>> figure_text(3.456, "mean", False), figure_text(0.42, "share", True)
    ('3,46', 'skjult')
    """
    if hidden:
        return t("hidden")
    if value is None or pd.isna(value):
        return "–"
    if kind == "share":
        return fmt_share(float(value))
    if kind == "count":
        return fmt_number(float(value), 0)
    if kind == "change":
        return fmt_change(float(value))
    return fmt_number(float(value))


# ------------------------------------------------------------------ takeaways
def index_takeaway(trend_rows: pd.DataFrame, group_names: dict[str, str], change_sentence: str) -> str:
    """One sentence on the composite index: its change from the first round to the latest
    (``change_sentence``, from :func:`analytics.changes.describe`), and which respondent
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
    change since the round before (``change_sentence``, :func:`analytics.changes.describe`).

    ``rows`` is the output of :func:`trend`; ``statuses`` holds
    :func:`analytics.targets.status` for each of its rounds (or ``None``).
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


# ------------------------------------------------------------------ the numbers behind the charts
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
    """:func:`index_by_group` for people («Alle» for all respondents)."""
    table = trend.assign(
        group=trend["group"].map(group_names).fillna(t("all_respondents")), mean=trend["mean"].round(2)
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
