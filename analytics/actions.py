"""Follow-up measures (tiltak): their effect next round, and where results call for action.

Pure functions over the stored ``actions`` table and the suppressed culture
cells (the output of :func:`analytics.culture.suppress`), so every figure
here is computed only from figures that are published anyway.

Definitions (shared by the page, the overview, the CLI and the tests):

- **effect**: the change of the targeted indicator's mean for the measure's
  unit (all respondent groups of the unit; the whole municipality when the
  measure has no unit) from the round that prompted it (``from_round``) to
  the next round (``to_round``), with the 95 % confidence interval and
  Welch's test the culture page uses (:func:`analytics.culture.change_interval`).
  Missing while there is no later round yet.
- **comparison group**: the units that have no measure on the same indicator
  prompted by the same round (a measure for the whole municipality covers
  every unit), and whose indicator mean is shown in both rounds. Its change is
  the plain (unweighted) mean of those units' changes, each the difference of
  two published figures.
- **hidden**: the effect and the comparison are both hidden when either
  figure is: when the unit's mean is hidden in either round, or when every
  unit of the comparison group is hidden.
- An effect is an association between a measure and a change, never proof
  that the measure caused it.
"""

from __future__ import annotations

import math

import pandas as pd

from analytics import culture, targets
from analytics.schema import ACTION_STATUSES as STATUSES
from analytics.schema import conform, specs
from analytics.text import fmt_change, fmt_number, t

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


def _change(before, after) -> dict:
    return culture.change_interval(
        float(after["mean"]),
        float(after["var_mean"]),
        float(after["n"]),
        float(before["mean"]),
        float(before["var_mean"]),
        float(before["n"]),
    )


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


def effect(
    cells_by_indicator: dict[str, dict[tuple, dict]], rounds, action: dict, actions: pd.DataFrame
) -> tuple[dict | None, dict | None]:
    """The effect of one measure and its comparison group (see the module docstring).

    ``cells_by_indicator`` is :func:`indicator_cells` of the suppressed cells,
    ``rounds`` the survey's rounds, ``action`` one row of the ``actions``
    table as a dict and ``actions`` the whole table (to find the units that
    have a measure on the same indicator). Returns ``(effect, comparison)``;
    both are ``None`` when the measure targets something the survey does not
    measure (a fundament).
    """
    indicator, unit, from_round = action["target"], action["unit"], action["prompted_by"]
    if indicator not in cells_by_indicator:
        return None, None
    to_round = next_round(rounds, from_round)
    if to_round is None:
        return _empty_effect(from_round, None, False), {"units": [], "change": None, "suppressed": False}
    cells = cells_by_indicator[indicator]
    before, after = cells.get((from_round, unit)), cells.get((to_round, unit))
    same = actions[(actions["target"] == indicator) & (actions["prompted_by"] == from_round)]
    units = {u for r, u in cells if u is not None and r in (from_round, to_round)}
    candidates = set() if same["unit"].isna().any() else units - set(same["unit"].dropna())
    changes = {}
    for other in sorted(candidates):
        first, second = cells.get((from_round, other)), cells.get((to_round, other))
        if _shown(first) and _shown(second):
            changes[other] = float(second["mean"]) - float(first["mean"])
    hidden = not (_shown(before) and _shown(after)) or (bool(candidates) and not changes)
    if hidden:
        return _empty_effect(from_round, to_round, True), {"units": [], "change": None, "suppressed": True}
    result = _change(before, after)
    found = {
        "from_round": from_round,
        "to_round": to_round,
        **{key: _number(result[key]) for key in ("change", "ci_low", "ci_high")},
        "significant": result["significant"],
        "suppressed": False,
    }
    comparison_change = sum(changes.values()) / len(changes) if changes else None
    return found, {"units": sorted(changes), "change": _number(comparison_change), "suppressed": False}


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
    records = []
    for row in actions.to_dict("records"):
        record = {name: _clean(row[name]) for name in fields()}
        record["effect"], record["comparison"] = effect(cells, rounds, record, actions)
        records.append(record)
    return records


# ------------------------------------------------------------------ where results call for action
def calls_for_action(
    shown: pd.DataFrame, indicator_ids, target_table: pd.DataFrame | None, actions: pd.DataFrame
) -> pd.DataFrame:
    """Units and indicators of the latest round that call for a measure.

    A unit's indicator is listed when it **fell** significantly since the
    previous round, is **below target** (:func:`analytics.targets.status`),
    or is the unit's **weakest** shown indicator. Only shown cells are used.
    Returns ``round``, ``unit``, ``indicator``, ``mean``, ``change``,
    ``target``, ``reasons`` (codes from :data:`REASONS`) and ``has_action``
    (a measure on it was prompted by this round), most reasons first, then the
    lowest mean.
    """
    columns = ["round", "unit", "indicator", "mean", "change", "target", "reasons", "has_action"]
    if shown.empty:
        return pd.DataFrame(columns=columns)
    rounds = shown["round"].unique().tolist()
    latest = max(rounds)
    previous = culture.previous_round(rounds, latest)
    rows = []
    cells_by_indicator = indicator_cells(shown)
    for indicator in indicator_ids:
        cells = cells_by_indicator.get(indicator, {})
        for (round_label, unit), row in cells.items():
            if round_label != latest or unit is None or row["suppressed"]:
                continue
            before = cells.get((previous, unit))
            change = _change(before, row) if _shown(before) else None
            mean = float(row["mean"])
            status = None if target_table is None else targets.status(target_table, indicator, latest, mean)
            rows.append(
                {
                    "round": latest,
                    "unit": unit,
                    "indicator": indicator,
                    "mean": mean,
                    "change": None if change is None else change["change"],
                    "fell": bool(change and change["significant"] and change["change"] < 0),
                    "target": None if status is None else status["target"],
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
    found = found.assign(_count=found["reasons"].str.len())
    found = found.sort_values(["_count", "mean"], ascending=[False, True], kind="stable")
    return found[columns].reset_index(drop=True)


def target_labels(fw) -> dict[str, str]:
    """The name of everything a measure can target: indicator labels and fundament names by id."""
    return {k.id: k.label for k in fw.indicators} | {f.id: f.name for f in fw.fundaments}


def with_drafts(table: pd.DataFrame, drafts: list[dict]) -> pd.DataFrame:
    """The stored measures with the drafted (not yet saved) ones below them."""
    if not drafts:
        return table
    return pd.concat([table, conform("actions", pd.DataFrame(drafts))], ignore_index=True)


def draft(call: dict, labels: dict[str, str]) -> dict:
    """A new measure prefilled from one row of :func:`calls_for_action` (status «planlagt»)."""
    return {
        "action_id": None,
        "title": t(
            "action_draft_title", label=labels.get(call["indicator"], call["indicator"]), unit=call["unit"]
        ),
        "unit": call["unit"],
        "target": call["indicator"],
        "owner": call["unit"],
        "started_on": None,
        "deadline": None,
        "status": STATUSES[0],
        "prompted_by": call["round"],
        "instrument": None,
        "project_id": None,
    }


# ------------------------------------------------------------------ for people
def reasons_text(reasons: list[str]) -> str:
    return ", ".join(t(f"action_reason_{reason}") for reason in reasons)


def calls_table(calls: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """The list of calls for action with bokmål headers."""
    return pd.DataFrame(
        {
            t("col_unit"): calls["unit"],
            t("col_indicator"): [f"{k} {labels.get(k, '')}".strip() for k in calls["indicator"]],
            t("col_mean"): [fmt_number(m) for m in calls["mean"]],
            t("col_change"): ["–" if pd.isna(c) else fmt_change(c) for c in calls["change"]],
            t("col_target"): ["–" if pd.isna(v) else fmt_number(v) for v in calls["target"]],
            t("col_action_reasons"): [reasons_text(r) for r in calls["reasons"]],
            t("col_has_action"): [t("yes") if h else t("no") for h in calls["has_action"]],
        }
    )


def effect_text(found: dict | None) -> tuple[str, str, str]:
    """The change, its interval and the significance of an effect, as shown in the app."""
    if found is None:
        return t("action_not_measured"), "–", "–"
    if found["suppressed"]:
        return t("hidden"), t("hidden"), t("hidden")
    if found["to_round"] is None:
        return t("action_no_later_round"), "–", "–"
    interval = (
        "–"
        if found["ci_low"] is None
        else t("action_interval", low=fmt_change(found["ci_low"]), high=fmt_change(found["ci_high"]))
    )
    significant = "–" if found["significant"] is None else t("yes") if found["significant"] else t("no")
    return fmt_change(found["change"]), interval, significant


def _comparison_text(comparison: dict | None) -> str:
    if comparison is None:
        return "–"
    if comparison["suppressed"]:
        return t("hidden")
    if comparison["change"] is None:
        return "–"
    return t("action_comparison", change=fmt_change(comparison["change"]), units=len(comparison["units"]))


def effects_table(records: list[dict], labels: dict[str, str]) -> pd.DataFrame:
    """One row per measure: what, where, status, rounds, effect and comparison (bokmål headers)."""
    rows = []
    for r in records:
        change, interval, significant = effect_text(r["effect"])
        effect = r["effect"]
        rows.append(
            {
                t("col_action_id"): r["action_id"],
                t("col_action_title"): r["title"],
                t("col_unit"): r["unit"] or t("whole_municipality"),
                t("col_action_target"): f"{r['target']} {labels.get(r['target'], '')}".strip(),
                t("col_status"): r["status"],
                t("col_rounds"): "–"
                if effect is None
                else f"{effect['from_round']} → {effect['to_round'] or '…'}",
                t("col_change"): change,
                t("col_ci"): interval,
                t("col_significant"): significant,
                t("col_comparison"): _comparison_text(r["comparison"]),
            }
        )
    return pd.DataFrame(rows)


def effects_takeaway(records: list[dict]) -> str:
    """One sentence on the measures with a later round: how many rose significantly."""
    measured = [r["effect"] for r in records if r["effect"] is not None and r["effect"]["to_round"]]
    shown = [e for e in measured if not e["suppressed"]]
    if not records:
        return t("actions_takeaway_none")
    if not shown:
        return t("actions_takeaway_waiting", total=len(records))
    rose = sum(1 for e in shown if e["significant"] and e["change"] > 0)
    return t(
        "actions_takeaway",
        total=len(records),
        measured=len(shown),
        rose=rose,
        hidden=len(measured) - len(shown),
    )


def status_counts(actions: pd.DataFrame) -> dict[str, int]:
    """How many measures have each status (every status, zero included)."""
    counts = actions["status"].value_counts() if not actions.empty else pd.Series(dtype=int)
    return {status: int(counts.get(status, 0)) for status in STATUSES}
