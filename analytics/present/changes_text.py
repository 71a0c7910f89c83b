"""Changes in words: the one sentence per change, like for like and with its margin of error,
and the tables of changes.

Made from the numbers of :mod:`analytics.measures.changes`; nothing here computes a figure.

Examples
--------
>>> record = {"from_round": "2023", "to_round": "2024", "from_value": 3.68, "to_value": 3.70,
...     "change": 0.02, "significant": False, "comparable": True, "suppressed": False,
...     "note": None, "unit": None, "group": None, "indicator": "index"}
>>> sentence("Kulturindeksen", record)
'Kulturindeksen var stabil fra 2023 til 2024 (3,68 → 3,70, +0,02, innenfor feilmarginen).'
>>> metric_delta(record)
{'delta': '+0,02', 'delta_color': 'off', 'delta_arrow': 'up'}
"""

from __future__ import annotations

import pandas as pd

from analytics.core.framework import framework
from analytics.core.text import fmt_number, join_and, t
from analytics.measures import changes, culture


def fmt_delta(value: float) -> str:
    """A shown change as text: ``+0,07``, ``−0,92`` (real minus sign), never ``−0,00``.

    >>> fmt_delta(-0.0), fmt_delta(-0.92)
    ('+0,00', '−0,92')
    """
    value = changes._rounded(value)
    return ("\u2212" if value < 0 else "+") + fmt_number(abs(value), changes.DECIMALS)


def verb(record: dict) -> str:
    """«økte», «sank» for a significant change; «var stabil» otherwise."""
    if record["significant"] and record["change"] > 0:
        return t("change_rose")
    if record["significant"] and record["change"] < 0:
        return t("change_fell")
    return t("change_stable")


def _group_names(ids) -> str:
    fw = framework()
    names = [fw.name_of("groups", g).lower() for g in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + t("and") + names[-1]


def _values(record: dict) -> str:
    """«3,68 → 3,70, +0,02, innenfor feilmarginen» (or without the significance)."""
    parts = [
        f"{fmt_number(record['from_value'])} → {fmt_number(record['to_value'])}",
        fmt_delta(record["change"]),
    ]
    if record["significant"] is False:
        parts.append(t("not_significant"))
    elif record["significant"] is None:
        parts.append(t("change_untested"))
    return ", ".join(parts)


def sentence(
    subject: str, record: dict | None, records: list[dict] = (), mix: tuple[tuple, tuple] | None = None
) -> str:
    """The one sentence about a change (see the module docstring for the rules).

    ``records`` (all of :func:`changes` with ``by="all"``) and ``mix`` (the groups
    of the two rounds, :func:`groups_in`) are needed for a record across a change
    of the group mix: the sentence then says so and gives the change among the
    strategy's employee group.
    """
    if record is None:
        return t("change_none", subject=subject)
    rounds = dict(before=record["from_round"], after=record["to_round"])
    if record["note"] in ("new", "gone"):
        return t(f"change_{record['note']}", subject=subject, **rounds)
    if record["note"] == "group_mix":
        return _mix_sentence(subject, record, records, mix)
    if record["suppressed"]:
        return t("change_hidden", subject=subject, **rounds)
    return t("change_sentence", subject=subject, verb=verb(record), values=_values(record), **rounds)


def mix_start(from_round: str, to_round: str, mix) -> str:
    """«2025 har bare ansatte», or which groups each round had."""
    before_groups, after_groups = mix or ((), ())
    if set(after_groups) < set(before_groups):
        return t("change_mix_only", round=to_round, groups=_group_names(after_groups))
    return t(
        "change_mix_other",
        after_groups=_group_names(after_groups),
        before_groups=_group_names(before_groups),
        before=from_round,
        after=to_round,
    )


def _mix_sentence(subject: str, record: dict, records, mix) -> str:
    start = mix_start(record["from_round"], record["to_round"], mix)
    employee = framework().employee_group
    stand_in = changes.find(records, record["indicator"], record["unit"], employee) if employee else None
    name = framework().name_of("groups", employee).lower() if employee else ""
    if stand_in is None or not stand_in["comparable"]:
        return t("change_mix_no_stand_in", start=start, subject=subject, before=record["from_round"])
    if stand_in["suppressed"]:
        return t("change_mix_hidden", start=start, group=name)
    return t("change_mix", start=start, group=name, verb=verb(stand_in), values=_values(stand_in))


def metric_delta(record: dict | None) -> dict | None:
    """What a KPI card passes to ``st.metric``: ``delta`` (ASCII ``-`` so that the card
    reads a fall as a fall), ``delta_color`` («off», grey, unless the change is
    significant) and ``delta_arrow``. ``None`` (no delta) when the change cannot be
    stated like for like: hidden, across a change of mix, or a new or gone cell.

    >>> metric_delta({"change": -0.92, "significant": True, "comparable": True, "suppressed": False})
    {'delta': '-0,92', 'delta_color': 'normal', 'delta_arrow': 'down'}
    """
    if record is None or not record["comparable"] or record["suppressed"] or record["change"] is None:
        return None
    change = record["change"]
    arrow = "up" if change > 0 else "down" if change < 0 else "off"
    return {
        "delta": fmt_delta(change).replace("\u2212", "-"),
        "delta_color": "normal" if record["significant"] else "off",
        "delta_arrow": arrow,
    }


def describe(
    shown: pd.DataFrame,
    subject: str,
    indicator: str,
    unit: str | None = None,
    group: str | None = None,
    from_round: str | None = None,
    to_round: str | None = None,
) -> str:
    """:func:`sentence` about one cell between two rounds (by default the latest two).

    >>> cells = pd.DataFrame({"round": ["2023", "2024"], "indicator": ["index"] * 2,
    ...     "item_id": [None] * 2, "by_unit": [False] * 2, "by_group": [False] * 2,
    ...     "unit": [None] * 2, "group": [None] * 2, "n": [40, 40],
    ...     "mean": [3.504, 3.196], "var_mean": [0.01, 0.01], "suppressed": [False] * 2})
    >>> describe(cells, "Kulturindeksen", "index")
    'Kulturindeksen sank fra 2023 til 2024 (3,50 → 3,20, −0,30).'
    """
    from_round, to_round = changes.default_rounds(shown["round"].astype(str).unique(), from_round, to_round)
    if from_round is None:
        return sentence(subject, None)
    records = changes.changes(shown, from_round, to_round, by="all")
    return sentence(
        subject,
        changes.find(records, indicator, unit, group),
        records,
        changes.mix(shown, from_round, to_round, unit),
    )


def _moves_text(records: list[dict], labels: dict[str, str]) -> str:
    fell, rose = changes.moves(records)
    parts = []
    for key, found in (("changes_list_rose", rose), ("changes_list_fell", fell)):
        if found:
            items = [
                f"{labels.get(r['indicator'], r['indicator'])} ({fmt_delta(r['change'])})" for r in found
            ]
            parts.append(t(key, items=join_and(items)))
    return join_and(parts)


def indicators_sentence(shown: pd.DataFrame, labels: dict[str, str]) -> str:
    """Which indicators rose and fell significantly since the round before (all of them,
    largest first; across a change of the group mix, among the employee group), and the
    weakest indicator now (ties named). ``labels``: indicator id -> name."""
    from_round, to_round = changes.default_rounds(shown["round"].astype(str).unique())
    if from_round is None:
        return ""
    records = [r for r in changes.changes(shown, from_round, to_round, by="group") if r["unit"] is None]
    everyone = [r for r in records if r["group"] is None and r["indicator"] != culture.INDEX]
    rounds = dict(before=from_round, after=to_round)
    if any(r["note"] == "group_mix" for r in everyone):
        employee = framework().employee_group
        stand_in = [r for r in records if r["group"] == employee and r["indicator"] != culture.INDEX]
        start = mix_start(from_round, to_round, changes.mix(shown, from_round, to_round))
        group = framework().name_of("groups", employee).lower()
        moved = _moves_text(stand_in, labels)
        if not any(r["comparable"] for r in stand_in):
            text = t("changes_indicators_group_absent", start=start, group=group, **rounds)
        elif moved:
            text = t("changes_indicators_group", start=start, group=group, moves=moved, **rounds)
        else:
            text = t("changes_indicators_group_none", start=start, group=group)
    else:
        moved = _moves_text(everyone, labels)
        text = (
            t("changes_indicators", moves=moved, **rounds)
            if moved
            else t("changes_indicators_none", **rounds)
        )
    shown_now = [r for r in everyone if r["to_value"] is not None]
    if shown_now:
        weakest = min(r["to_value"] for r in shown_now)
        names = [labels.get(r["indicator"], r["indicator"]) for r in shown_now if r["to_value"] == weakest]
        text += " " + t("changes_weakest", round=to_round, items=join_and(names), value=fmt_number(weakest))
    return text


def moved(shown: pd.DataFrame, units: bool = True) -> list[dict]:
    """The significant like-for-like changes of the latest round against the one before,
    per unit (when ``units``) and per respondent group, for every indicator and the index:
    falls first, then rises, largest first. Each is its record plus ``where`` (the unit or
    the group's name), ``label`` (the indicator's) and ``n`` (respondents in the later round)."""
    fw = framework()
    records = [
        r for r in changes.changes(shown) if (r["unit"] is not None and units) or r["group"] is not None
    ]
    fell, rose = changes.moves(records)
    labels = {k.id: f"{k.id} {k.label}" for k in fw.indicators} | {culture.INDEX: t("index_label")}
    after = shown[
        (shown["round"].astype(str) == (records[0]["to_round"] if records else "")) & shown["item_id"].isna()
    ]
    counts = {
        (c["indicator"], c["unit"] if c["by_unit"] else None, c["group"] if c["by_group"] else None): c["n"]
        for c in after.to_dict("records")
        if c["by_unit"] != c["by_group"]
    }
    return [
        r
        | {
            "where": r["unit"] or fw.name_of("groups", r["group"]),
            "label": labels.get(r["indicator"], r["indicator"]),
            "n": counts[(r["indicator"], r["unit"], r["group"])],
        }
        for r in fell + rose
    ]


def units_sentence(records: list[dict]) -> str:
    """Where the culture index fell and rose significantly, unit by unit, largest first,
    and how many units are hidden. ``records``: :func:`changes` with units (one group or all)."""
    units = [r for r in records if r["unit"] is not None and r["indicator"] == culture.INDEX]
    if not units:
        return ""
    fell, rose = changes.moves(units)
    before, after = units[0]["from_round"], units[0]["to_round"]
    parts = []
    for key, found in (("changes_units_fell", fell), ("changes_units_rose", rose)):
        if found:
            parts.append(t(key, units=join_and([f"{r['unit']} ({fmt_delta(r['change'])})" for r in found])))
    hidden = sum(r["suppressed"] for r in units)
    text = (
        t("changes_units", before=before, after=after, moves=join_and(parts))
        if parts
        else t("changes_units_none", before=before, after=after)
    )
    return text + " " + t("changes_units_hidden", hidden=hidden, total=len(units))


def change_table(records: list[dict], labels: dict[str, str]) -> pd.DataFrame:
    """The change heat map as a wide table for people: one row per unit, the shown change
    per indicator («*» significant, «skjult», «–» not comparable), and why not."""
    rows = {}
    for r in records:
        row = rows.setdefault(r["unit"], {t("col_unit"): r["unit"] or t("all_units")})
        if r["indicator"] in labels:
            if r["suppressed"]:
                text = t("hidden")
            elif r["change"] is None:
                text = "–"
            else:
                text = fmt_delta(r["change"]) + ("*" if r["significant"] else "")
            row[labels[r["indicator"]]] = text
        if r["indicator"] == culture.INDEX:
            row[t("col_note")] = t("changes_note_" + r["note"]) if r["note"] else ""
    return pd.DataFrame(list(rows.values()))
