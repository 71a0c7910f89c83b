"""Culture indicators (strategy section 2.3): statistics and views, numbers only.

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
- **suppressed**: the cell's figures are hidden (:func:`analytics.core.suppression.suppress`).

Every view takes the output of ``suppress`` over *all* cells, so the page,
the downloads and the CLI publish one consistent pattern of hidden cells.
"""

from __future__ import annotations

import math
from functools import cache

import pandas as pd
from scipy import stats

from analytics.core.framework import framework
from analytics.core.suppression import COUNTS, INDEX

BREAKDOWNS = {"unit": (True, False), "group": (False, True), "unit,group": (True, True)}
SIGNIFICANCE = 0.05


# ------------------------------------------------------------------ statistics
def t_two_sided_p(statistic: float, df: float) -> float:
    """P(|T| >= |statistic|) for Student's t with ``df`` degrees of freedom.

    >>> round(t_two_sided_p(2.776445, 4), 4)
    0.05
    """
    return float(2 * stats.t.sf(abs(statistic), df))


@cache
def t_critical(df: float, level: float = 0.95) -> float:
    """The two-sided critical value of Student's t.

    >>> round(t_critical(4), 3), round(t_critical(29), 3)
    (2.776, 2.045)
    """
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
    between the two rounds (:func:`analytics.measures.changes.changes`). Returns one row per
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
