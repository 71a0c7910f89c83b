"""Follow-up measures (tiltak): their effect next round, and where results call for action.

Pure functions over the stored ``actions`` table and the suppressed culture
cells (the output of :func:`analytics.core.suppression.suppress`), so every figure
here is computed only from figures that are published anyway.

Definitions (shared by the page, the overview, the CLI and the tests):

- **effect**: the change of the targeted indicator's mean for the measure's
  unit (all respondent groups of the unit; the whole municipality when the
  measure has no unit) from the round that prompted it (``from_round``) to
  the next round (``to_round``), with the 95 % confidence interval and
  Welch's test the culture page uses (:func:`analytics.measures.culture.change_interval`).
  Missing while there is no later round yet.
- **comparison group**: the units that have no measure on the same indicator
  prompted by the same round (a measure for the whole municipality covers
  every unit), and whose indicator mean is shown in both rounds. Its change is
  the plain (unweighted) mean of those units' changes, each the difference of
  two published figures.
- **hidden**: the effect and the comparison are both hidden when either
  figure is: when the unit's mean is hidden in either round, or when every
  unit of the comparison group is hidden.
- **net effect** (:func:`net`): the effect minus the comparison group's change
  (or, for a measure for the whole municipality or without comparison units,
  minus the indicator's previous change, a weaker comparison), with its
  interval; its **verdict** (:func:`verdict`) says it in plain words.
- Changes are those of :func:`analytics.measures.changes.changes`: the difference of
  the shown means, like for like.
- An effect is an association between a measure and a change, never proof
  that the measure caused it.
"""

from __future__ import annotations

import math
from functools import cache

import pandas as pd

from analytics.core import targets
from analytics.core.schema import ACTION_STATUSES as STATUSES
from analytics.core.schema import conform, specs
from analytics.measures import changes, culture

REASONS = ("fell", "below_target", "weakest")


def fields() -> tuple[str, ...]:
    """The columns of the follow-up measures table."""
    return tuple(column.name for column in specs()["actions"])


def indicator_cells(shown: pd.DataFrame) -> dict[str, dict[tuple, dict]]:
    """Every unit cell (all groups) and the overall cell of each indicator, by ``(round, unit)``.

    ``{indicator: {(round, unit): cell}}``; the overall cell has unit ``None``.
    """
    columns = ["round", "indicator", "by_unit", "unit", "n", "mean", "var_mean", "suppressed"]
    rows = shown.loc[
        shown["item_id"].isna() & ~shown["by_group"] & (shown["indicator"] != culture.INDEX), columns
    ]
    out: dict[str, dict[tuple, dict]] = {}
    for r in rows.to_dict("records"):
        out.setdefault(r["indicator"], {})[(r["round"], r["unit"] if r["by_unit"] else None)] = r
    return out


def _shown(row) -> bool:
    return row is not None and not bool(row["suppressed"])


def next_round(rounds, current: str) -> str | None:
    """The round after ``current`` in label order (``None`` when there is none yet)."""
    later = sorted(r for r in set(rounds) if r > current)
    return later[0] if later else None


def _empty_effect(from_round: str, to_round: str | None, suppressed: bool) -> dict:
    return {
        "from_round": from_round,
        "to_round": to_round,
        "change": None,
        "ci_low": None,
        "ci_high": None,
        "significant": None,
        "suppressed": suppressed,
    }


def _number(value) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 4)


def _stated(record: dict | None) -> bool:
    return (
        record is not None
        and record["comparable"]
        and not record["suppressed"]
        and record["change"] is not None
    )


def _variance(cells: dict, round_label: str, unit) -> float:
    cell = cells[(round_label, unit)]
    return float(cell["var_mean"])


def _count(cells: dict, round_label: str, unit) -> float:
    return float(cells[(round_label, unit)]["n"])


def net(change: float, baseline: float, parts: list[tuple[float, float]], level: float = 0.95) -> dict:
    """The net effect ``change - baseline`` with its confidence interval.

    ``parts`` are ``(variance, n)`` of every mean involved, each variance already
    multiplied by the square of its weight; the interval is
    ``± t(df) * sqrt(sum of variances)`` with Welch-Satterthwaite ``df`` over the parts.

    >>> found = net(0.5, 0.1, [(0.01, 30), (0.01, 30)])
    >>> found["net_effect"], found["net_ci_low"], found["net_ci_high"]
    (0.4, 0.12, 0.68)
    """
    total = sum(v for v, _ in parts)
    effect = round(change - baseline, 2) + 0.0
    if total <= 0 or any(n < 2 for _, n in parts):
        return {"net_effect": effect, "net_ci_low": None, "net_ci_high": None}
    df = total**2 / sum(v**2 / (n - 1) for v, n in parts if v > 0)
    margin = culture.t_critical(df, level) * math.sqrt(total)
    return {
        "net_effect": effect,
        "net_ci_low": round(change - baseline - margin, 2) + 0.0,
        "net_ci_high": round(change - baseline + margin, 2) + 0.0,
    }


def verdict(found: dict) -> str | None:
    """«trolig virkning» when the net effect's interval lies above zero, «ingen tegn til
    virkning» when the unit rose no more than its comparison (net effect at most zero),
    «uklart» otherwise; ``None`` without a net effect."""
    if found.get("net_effect") is None:
        return None
    if found["net_ci_low"] is not None and found["net_ci_low"] > 0:
        return VERDICTS[0]
    if found["net_effect"] <= 0:
        return VERDICTS[2]
    return VERDICTS[1]


VERDICTS = ("trolig virkning", "uklart", "ingen tegn til virkning")
NO_NET = {"net_effect": None, "net_ci_low": None, "net_ci_high": None, "verdict": None, "net_basis": None}


def effect(
    cells_by_indicator: dict[str, dict[tuple, dict]],
    rounds,
    action: dict,
    actions: pd.DataFrame,
    changes_between=None,
) -> tuple[dict | None, dict | None, dict]:
    """The effect of one measure, its comparison group and its net effect (module docstring).

    ``cells_by_indicator`` is :func:`indicator_cells` of the suppressed cells,
    ``rounds`` the survey's rounds, ``action`` one row of the ``actions``
    table as a dict, ``actions`` the whole table (to find the units that
    have a measure on the same indicator) and ``changes_between(from, to)`` the
    records of :func:`analytics.measures.changes.changes` (by unit) for two rounds.
    Returns ``(effect, comparison, net)``; effect and comparison are ``None``
    when the measure targets something the survey does not measure (a fundament).
    """
    indicator, unit, from_round = action["target"], action["unit"], action["prompted_by"]
    if indicator not in cells_by_indicator:
        return None, None, dict(NO_NET)
    to_round = next_round(rounds, from_round)
    if to_round is None:
        empty = {"units": [], "change": None, "suppressed": False}
        return _empty_effect(from_round, None, False), empty, dict(NO_NET)
    cells = cells_by_indicator[indicator]
    records = changes_between(from_round, to_round)
    own = changes.find(records, indicator, unit)
    same = actions[(actions["target"] == indicator) & (actions["prompted_by"] == from_round)]
    units = {u for r, u in cells if u is not None and r in (from_round, to_round)}
    candidates = set() if same["unit"].isna().any() else units - set(same["unit"].dropna())
    compared = {}
    for other in sorted(candidates):
        record = changes.find(records, indicator, other)
        if _stated(record):
            compared[other] = record["change"]
    hidden = own is None or own["suppressed"] or (bool(candidates) and not compared)
    if hidden or not _stated(own):
        return (
            _empty_effect(from_round, to_round, bool(hidden)),
            {"units": [], "change": None, "suppressed": bool(hidden)},
            dict(NO_NET),
        )
    found = {
        "from_round": from_round,
        "to_round": to_round,
        "change": own["change"],
        "ci_low": own["ci_low"],
        "ci_high": own["ci_high"],
        "significant": own["significant"],
        "suppressed": False,
    }
    comparison_change = round(sum(compared.values()) / len(compared), 2) + 0.0 if compared else None
    comparison = {"units": sorted(compared), "change": comparison_change, "suppressed": False}
    own_parts = [(_variance(cells, r, unit), _count(cells, r, unit)) for r in (from_round, to_round)]
    if compared:
        k = len(compared)
        parts = own_parts + [
            (_variance(cells, r, u) / k**2, _count(cells, r, u))
            for u in compared
            for r in (from_round, to_round)
        ]
        result = net(own["change"], comparison_change, parts) | {"net_basis": "units"}
    else:
        # The whole municipality (or no unit left to compare with): the indicator's previous change.
        before = culture.previous_round(rounds, from_round)
        previous = changes.find(changes_between(before, from_round), indicator, unit) if before else None
        if not _stated(previous):
            return found, comparison, dict(NO_NET)
        parts = own_parts + [
            (_variance(cells, r, unit), _count(cells, r, unit)) for r in (before, from_round)
        ]
        result = net(own["change"], previous["change"], parts) | {"net_basis": "previous_change"}
    return found, comparison, result | {"verdict": verdict(result)}


def _clean(value):
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value


def action_records(actions: pd.DataFrame, shown: pd.DataFrame | None) -> list[dict]:
    """One record per measure: its fields, ``effect`` and ``comparison`` (the CLI's ``actions``).

    ``actions`` is the stored table (typed by its spec), ``shown`` the
    suppressed culture cells. Sorted by ``action_id``.
    """
    actions = actions.sort_values("action_id").reset_index(drop=True)
    cells = {} if shown is None else indicator_cells(shown)
    rounds = [] if shown is None else shown["round"].unique().tolist()

    @cache
    def changes_between(from_round: str, to_round: str) -> list[dict]:
        return changes.changes(shown, from_round, to_round, by="unit")

    records = []
    for row in actions.to_dict("records"):
        record = {name: _clean(row[name]) for name in fields()}
        record["effect"], record["comparison"], found = effect(
            cells, rounds, record, actions, changes_between
        )
        record.update(found)
        records.append(record)
    return records


# ------------------------------------------------------------------ where results call for action
def calls_for_action(
    shown: pd.DataFrame, indicator_ids, target_table: pd.DataFrame | None, actions: pd.DataFrame
) -> pd.DataFrame:
    """Units and indicators of the latest round that call for a measure, ranked.

    A unit's indicator is listed when it **fell** significantly since the
    previous round (like for like, :func:`analytics.measures.changes.changes`), is **below
    target** (:func:`analytics.core.targets.status`), or is the unit's **weakest**
    shown indicator. Only shown cells are used. Ranked: significant falls first
    (largest fall first), then the distance below target (largest first), then
    the lowest mean. Returns ``round``, ``unit``, ``indicator``, ``mean``, ``n``,
    ``change`` (as shown; missing when it cannot be compared), ``target``,
    ``gap`` (how far below target), ``reasons`` (codes from :data:`REASONS`) and
    ``has_action`` (a measure on it was prompted by this round).
    """
    columns = [
        "round",
        "unit",
        "indicator",
        "mean",
        "n",
        "change",
        "target",
        "gap",
        "reasons",
        "has_action",
    ]
    if shown.empty:
        return pd.DataFrame(columns=columns)
    rounds = shown["round"].unique().tolist()
    latest = max(rounds)
    previous = culture.previous_round(rounds, latest)
    records = (
        {}
        if previous is None
        else {(r["unit"], r["indicator"]): r for r in changes.changes(shown, previous, latest, by="unit")}
    )
    rows = []
    cells_by_indicator = indicator_cells(shown)
    for indicator in indicator_ids:
        cells = cells_by_indicator.get(indicator, {})
        for (round_label, unit), row in cells.items():
            if round_label != latest or unit is None or row["suppressed"]:
                continue
            record = records.get((unit, indicator))
            change = record["change"] if _stated(record) else None
            mean = float(row["mean"])
            status = None if target_table is None else targets.status(target_table, indicator, latest, mean)
            rows.append(
                {
                    "round": latest,
                    "unit": unit,
                    "indicator": indicator,
                    "mean": mean,
                    "n": int(row["n"]),
                    "change": change,
                    "fell": bool(change is not None and record["significant"] and change < 0),
                    "target": None if status is None else status["target"],
                    "gap": None
                    if not status or status["on_track"]
                    else round(round(float(status["target"]), 2) - round(mean, 2), 2) + 0.0,
                    "below_target": bool(status and not status["on_track"]),
                }
            )
    found = pd.DataFrame(rows)
    if found.empty:
        return pd.DataFrame(columns=columns)
    found["weakest"] = found["mean"] == found.groupby("unit")["mean"].transform("min")
    found["reasons"] = [
        [reason for reason in REASONS if flags[reason]] for flags in found[list(REASONS)].to_dict("records")
    ]
    found = found[found["reasons"].str.len() > 0]
    acted = actions[actions["prompted_by"] == latest] if not actions.empty else actions
    pairs = set(zip(acted.get("unit", []), acted.get("target", [])))
    found["has_action"] = [(u, k) in pairs for u, k in zip(found["unit"], found["indicator"])]
    rank = [
        (0, float(r["change"]))
        if r["fell"]
        else (1, -float(r["gap"]))
        if r["below_target"]
        else (2, r["mean"])
        for r in found.to_dict("records")
    ]
    found = found.assign(_rank=rank).sort_values("_rank", kind="stable")
    return found[columns].reset_index(drop=True)


def with_drafts(table: pd.DataFrame, drafts: list[dict]) -> pd.DataFrame:
    """The stored measures with the drafted (not yet saved) ones below them."""
    if not drafts:
        return table
    return pd.concat([table, conform("actions", pd.DataFrame(drafts))], ignore_index=True)


# ------------------------------------------------------------------ for people


def status_counts(actions: pd.DataFrame) -> dict[str, int]:
    """How many measures have each status (every status, zero included)."""
    counts = actions["status"].value_counts() if not actions.empty else pd.Series(dtype=int)
    return {status: int(counts.get(status, 0)) for status in STATUSES}
