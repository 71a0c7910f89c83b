"""Culture indicators (strategy section 2.3): suppression, summaries, trends.

Pure functions over the pre-aggregated cells from ``sql/agg_culture.sql``.
A *cell* is one round x indicator (``K1``..``K9`` or ``index``) for one slice:
all respondents, a unit, a respondent group, or a unit x group.

Definitions (shared by every page, the CLI and the tests):

- **mean**: average of all valid answers (1-5; not Vet ikke, not blank).
- **share_agree**: share of those answers that are 4 or 5.
- **n**: distinct respondents with at least one valid answer in the cell.
- **index**: the mean of the nine indicator means.
- **suppressed**: the cell's figures are hidden (see :func:`suppress`).
"""

from __future__ import annotations

import math

import pandas as pd

from analytics.text import fmt_change, fmt_number, t

INDEX = "index"
SUMMARY_KEYS = ("round", "indicator", "unit", "group", "n", "mean", "share_agree", "suppressed")
_CELL = ["round", "by_unit", "unit", "by_group", "group"]


def _key(cells: pd.DataFrame, columns: list[str]) -> pd.Series:
    """One string per row naming the cell's position (missing values as "")."""
    return cells[columns].astype(object).fillna("").astype(str).agg("|".join, axis=1)


def _siblings_to_hide(cells: pd.DataFrame, hidden: pd.Series, over: str, fixed: list[str]) -> set:
    """Cells to hide so that no single hidden sibling can be found by subtraction.

    Siblings are the cells that split one published parent cell along ``over``
    (``unit`` or ``group``). When exactly one sibling is hidden while the parent
    is shown, the smallest shown sibling is hidden too.
    """
    flag = f"by_{over}"
    family = _key(cells, fixed)
    shown_parents = set(family[~cells[flag] & ~hidden])
    to_hide: set = set()
    children = cells[cells[flag] & family.isin(shown_parents)]
    for _, siblings in children.groupby(family[children.index], sort=False):
        siblings_hidden = hidden[siblings.index]
        if siblings_hidden.sum() == 1 and (~siblings_hidden).any():
            shown = siblings[~siblings_hidden.to_numpy()]
            to_hide.add(shown["n"].astype(float).idxmin())
    return to_hide


def suppress(cells: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Hide every figure that rests on fewer than ``threshold`` respondents.

    Returns a copy with a boolean ``suppressed`` column and ``n``, ``mean`` and
    ``share_agree`` set to missing on suppressed cells. Three rules apply until
    nothing changes:

    1. a cell with ``n`` below the threshold (or no valid answer) is hidden;
    2. a composite ``index`` is hidden when any indicator of the same slice is
       hidden, since nine means and their average give away the ninth;
    3. complementary suppression: when one unit (or group) of a shown total is
       hidden, the smallest shown sibling is hidden too, so the hidden one
       cannot be worked out by subtraction.

    Examples
    --------
    >>> cells = pd.DataFrame({"round": ["2024"] * 3, "indicator": ["K1"] * 3,
    ...     "by_unit": [False, True, True], "unit": [None, "A", "B"],
    ...     "by_group": [False] * 3, "group": [None] * 3, "n": [12, 9, 3],
    ...     "mean": [3.5, 3.4, 3.8], "share_agree": [0.5, 0.4, 0.7]})
    >>> suppress(cells, 5)["suppressed"].tolist()
    [False, True, True]
    """
    cells = cells.reset_index(drop=True)
    hidden = cells["n"].isna() | (cells["n"].astype(float) < threshold)
    while True:
        before = int(hidden.sum())
        slice_key = _key(cells, _CELL)
        hidden_slices = set(slice_key[hidden & (cells["indicator"] != INDEX)])
        hidden |= (cells["indicator"] == INDEX) & slice_key.isin(hidden_slices)
        for over, fixed in (
            ("unit", ["round", "indicator", "by_group", "group"]),
            ("group", ["round", "indicator", "by_unit", "unit"]),
        ):
            extra = _siblings_to_hide(cells, hidden, over, fixed)
            hidden.loc[list(extra)] = True
        if int(hidden.sum()) == before:
            break
    out = cells.copy()
    out["suppressed"] = hidden.to_numpy()
    for column in ("n", "mean", "share_agree"):
        out[column] = out[column].astype("Float64").mask(out["suppressed"])
    return out


def _clean(value):
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value


def summary_records(cells: pd.DataFrame, threshold: int, by: tuple[str, ...] = ("unit", "group")):
    """The CLI's ``summary`` rows: overall, per unit and per group, suppressed.

    ``by`` names the one-way breakdowns to include besides the overall rows.
    """
    wanted = ~cells["by_unit"] & ~cells["by_group"]
    if "unit" in by:
        wanted |= cells["by_unit"] & ~cells["by_group"]
    if "group" in by:
        wanted |= ~cells["by_unit"] & cells["by_group"]
    shown = suppress(cells[wanted], threshold)
    records = []
    for row in shown.itertuples(index=False):
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


def overall(cells: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Suppressed overall cells (all units, all groups): round x indicator."""
    rows = cells[~cells["by_unit"] & ~cells["by_group"]]
    return suppress(rows, threshold).sort_values(["round", "indicator"]).reset_index(drop=True)


def index_by_group(cells: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The composite index per round for all respondents and for each group.

    Returns columns ``round``, ``group`` (``None`` = all), ``n``, ``mean``,
    ``suppressed``.
    """
    rows = cells[~cells["by_unit"]]
    shown = suppress(rows, threshold)
    shown = shown[shown["indicator"] == INDEX]
    shown = shown.assign(group=shown["group"].where(shown["by_group"], None))
    return shown[["round", "group", "n", "mean", "suppressed"]].reset_index(drop=True)


def latest_vs_previous(overall_cells: pd.DataFrame) -> pd.DataFrame:
    """Each indicator's mean in the latest round beside the round before it.

    ``overall_cells`` is the output of :func:`overall`. Returns one row per
    indicator (``K1``..``K9``) with ``latest``, ``previous`` and ``change``
    (missing when either side is hidden or absent).
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
    out["change"] = out["latest"] - out["previous"]
    out.attrs.update(latest_round=latest, previous_round=previous)
    return out.reset_index().rename(columns={"index": "indicator"})


def index_takeaway(trend: pd.DataFrame, group_names: dict[str, str]) -> str:
    """One sentence on the composite index: its change over all rounds, and
    which respondent group sees the culture most and least positively."""
    everyone = trend[trend["group"].isna() & trend["mean"].notna()].sort_values("round")
    if everyone.empty:
        return t("takeaway_index_missing")
    first, last = everyone.iloc[0], everyone.iloc[-1]
    change = float(last["mean"]) - float(first["mean"])
    direction = t("up") if change > 0.005 else t("down") if change < -0.005 else t("flat")
    sentence = t(
        "takeaway_index",
        direction=direction,
        first=fmt_number(first["mean"]),
        first_round=first["round"],
        last=fmt_number(last["mean"]),
        last_round=last["round"],
        change=fmt_change(change),
    )
    groups = trend[(trend["round"] == last["round"]) & trend["group"].notna() & trend["mean"].notna()]
    if len(groups) >= 2:
        ordered = groups.sort_values("mean")
        low, high = ordered.iloc[0], ordered.iloc[-1]
        sentence += t(
            "takeaway_index_groups",
            round=last["round"],
            high_group=group_names.get(high["group"], high["group"]).lower(),
            high=fmt_number(high["mean"]),
            low_group=group_names.get(low["group"], low["group"]).lower(),
            low=fmt_number(low["mean"]),
        )
    return sentence


def indicators_takeaway(table: pd.DataFrame, labels: dict[str, str]) -> str:
    """One sentence on the nine indicators: the largest change since the
    previous round and the weakest indicator now."""
    shown = table[table["latest"].notna()]
    if shown.empty:
        return t("takeaway_index_missing")
    weakest_row = shown.loc[shown["latest"].astype(float).idxmin()]
    values = dict(
        latest=table.attrs.get("latest_round"),
        previous=table.attrs.get("previous_round"),
        weakest_label=f"{weakest_row['indicator']} {labels[weakest_row['indicator']]}",
        weakest=fmt_number(weakest_row["latest"]),
    )
    changes = shown[shown["change"].notna()]
    if changes.empty:
        return t("takeaway_indicators_single", **values)
    biggest = changes.loc[changes["change"].astype(float).abs().idxmax()]
    return t(
        "takeaway_indicators",
        label=f"{biggest['indicator']} {labels[biggest['indicator']]}",
        change=fmt_change(float(biggest["change"])),
        **values,
    )
