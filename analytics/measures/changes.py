"""Changes between two survey rounds: the one comparison every page, slide and report states.

:func:`changes` turns the suppressed culture cells (:func:`analytics.core.suppression.suppress`,
what readers see) into one record per cell: the two values as they are shown
(two decimals), the change as shown (the difference of the shown values), its
95 % confidence interval, significance, whether the comparison is like for like
(``comparable``, with the reason in ``note`` when it is not) and ``suppressed``.
:func:`sentence` writes the one sentence a page or slide says about a record, and
:func:`metric_delta` what a KPI card passes to ``st.metric``.

Like for like (the one rule, see docs/reference/definitions.md):

- A unit, a group or a unit x group is compared only when it has cells in both
  rounds (``note``: ``new`` when it did not exist in the earlier round, ``gone``
  when it is not in the later one).
- «Alle» (every group together, overall or in a unit) is compared only when the
  same respondent groups took part in both rounds: for a unit, the groups that
  answered in that unit (so a unit that lost a group is not compared even when
  the round as a whole kept every group). When the mix of groups differs,
  the record is not comparable (``note``: ``group_mix``) and a sentence states the
  change among the strategy's ``employee_group`` instead, which is a record of
  its own (group = employee_group) and suppressed like every cell.
- The interval and test are Welch's on the cluster-robust variances of the two
  means (:func:`analytics.measures.culture.change_interval`); a side with fewer than two
  respondents cannot be tested (``note``: ``too_few``).

The sentences about a change are :mod:`analytics.present.changes_text`.
"""

from __future__ import annotations

from itertools import pairwise

import pandas as pd

from analytics.core.text import t
from analytics.measures import culture

DECIMALS = 2
NOTES = ("new", "gone", "group_mix", "too_few")
FIELDS = (
    "from_round",
    "to_round",
    "unit",
    "group",
    "indicator",
    "from_value",
    "to_value",
    "change",
    "ci_low",
    "ci_high",
    "significant",
    "comparable",
    "note",
    "suppressed",
)


def default_rounds(rounds, from_round: str | None = None, to_round: str | None = None):
    """``(from_round, to_round)``: by default the latest round and the one before it.

    ``from_round`` is ``None`` when there is only one round. Raises ``ValueError``
    (in bokmål) for a round that is not among ``rounds``.

    >>> default_rounds(["2023", "2024", "2022"])
    ('2023', '2024')
    """
    ordered = sorted({str(r) for r in rounds})
    for label in (from_round, to_round):
        if label is not None and label not in ordered:
            raise ValueError(
                t("changes_unknown_round", round=label, rounds=", ".join(ordered) or t("word_none"))
            )
    to_round = to_round or (ordered[-1] if ordered else None)
    if from_round is None and to_round is not None:
        earlier = [r for r in ordered if r < to_round]
        from_round = earlier[-1] if earlier else None
    if from_round is not None and from_round >= to_round:
        raise ValueError(t("changes_order", before=from_round, after=to_round))
    return from_round, to_round


def groups_in(shown: pd.DataFrame, round_label: str, unit: str | None = None) -> tuple[str, ...]:
    """The respondent groups that took part in a round, or answered in one ``unit``
    of it (its unit x group cells), as sorted ids."""
    rows = shown[(shown["round"].astype(str) == round_label) & shown["by_group"]]
    rows = rows[~rows["by_unit"]] if unit is None else rows[rows["by_unit"] & (rows["unit"] == unit)]
    return tuple(sorted(rows["group"].dropna().astype(str).unique()))


def _mixes(shown: pd.DataFrame, labels: list[str] | None = None) -> tuple[bool, dict[tuple, set]]:
    """Whether there are unit x group cells, and the groups of each round (of ``labels``, or
    all) as a whole and per unit: ``{(round, None or ("unit", unit)): {group, ...}}`` (the same
    sets as :func:`groups_in`, read in one pass: a page asks for many units and rounds)."""
    has_unit_groups = bool((shown["by_unit"] & shown["by_group"]).any())
    rounds = shown["round"].astype(str)
    picked = shown["by_group"] & shown["group"].notna()
    if labels is not None:
        picked &= rounds.isin(labels)
    cells = shown.loc[picked, ["by_unit", "unit", "group"]].assign(round=rounds[picked].to_numpy())
    cells = cells.drop_duplicates()[["round", "by_unit", "unit", "group"]]
    mixes: dict[tuple, set] = {}
    for label, by_unit, unit, group in cells.itertuples(index=False):
        mixes.setdefault((label, ("unit", unit) if by_unit else None), set()).add(str(group))
    return has_unit_groups, mixes


def _same_mix(shown: pd.DataFrame, from_round: str, to_round: str, read: tuple | None = None):
    """``same(unit)``: whether the same groups answered in both rounds, in the whole
    round (``unit`` ``None``) or in that unit. Without unit x group cells (a table of
    units only) a unit is judged by the round's groups. ``read``: :func:`_mixes` of
    ``shown``, when already read."""
    has_unit_groups, mixes = read or _mixes(shown, [from_round, to_round])
    found = {}

    def same(unit):
        if unit is None or not has_unit_groups:
            unit = None
        if unit not in found:
            where = None if unit is None else ("unit", unit)
            before, after = mixes.get((from_round, where), set()), mixes.get((to_round, where), set())
            found[unit] = before == after
        return found[unit]

    return same


def _shown_value(cell) -> float | None:
    if cell is None or bool(cell["suppressed"]) or pd.isna(cell["mean"]):
        return None
    return round(float(cell["mean"]), DECIMALS)


def _rounded(value: float) -> float:
    return round(value, DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0, so no «−0,00»


def _record(from_round, to_round, key, before, after, mix_same) -> dict:
    unit, group, indicator = key
    record = dict.fromkeys(FIELDS)
    record.update(from_round=from_round, to_round=to_round, unit=unit, group=group, indicator=indicator)
    record["from_value"], record["to_value"] = _shown_value(before), _shown_value(after)
    record["suppressed"] = bool(
        (before is not None and before["suppressed"]) or (after is not None and after["suppressed"])
    )
    note = None
    if before is None:
        note = "new"
    elif after is None:
        note = "gone"
    elif group is None and not mix_same(unit):
        note = "group_mix"
    elif not record["suppressed"] and (
        None in (record["from_value"], record["to_value"]) or min(float(before["n"]), float(after["n"])) < 2
    ):
        note = "too_few"
    record["comparable"] = note is None
    record["note"] = note
    if note is None and not record["suppressed"]:
        record["change"] = _rounded(record["to_value"] - record["from_value"])
        found = culture.cell_change(before, after)
        if found["significant"] is not None:
            record["ci_low"] = _rounded(found["ci_low"])
            record["ci_high"] = _rounded(found["ci_high"])
            record["significant"] = found["significant"]
    return record


def changes(
    shown: pd.DataFrame, from_round: str | None = None, to_round: str | None = None, by: str | None = None
) -> list[dict]:
    """Every change between two rounds, one record per cell (the CLI's ``changes``).

    Parameters
    ----------
    shown
        The suppressed culture cells of the rounds readers see
        (:func:`analytics.core.suppression.suppress`).
    from_round, to_round
        The rounds compared; by default the latest round and the one before it.
    by
        ``None``: the overall records, per unit and per group (as ``summary``);
        ``"unit"``, ``"group"`` or ``"unit,group"``: the overall records and that
        breakdown; ``"all"``: every slice.

    Returns
    -------
    list of dict
        Keys :data:`FIELDS`, one per (slice, indicator or ``index``) that exists
        in either round; overall first, then units, groups, unit x group. Empty
        when there is no earlier round to compare with.

    Examples
    --------
    >>> cells = pd.DataFrame({"round": ["2023", "2024"], "indicator": ["index"] * 2,
    ...     "item_id": [None] * 2, "by_unit": [False] * 2, "by_group": [False] * 2,
    ...     "unit": [None] * 2, "group": [None] * 2, "n": [40, 40],
    ...     "mean": [3.504, 3.196], "var_mean": [0.01, 0.01], "suppressed": [False] * 2})
    >>> [(r["change"], r["ci_low"], r["ci_high"], r["significant"]) for r in changes(cells)]
    [(-0.3, -0.59, -0.03, True)]
    """
    from_round, to_round = default_rounds(shown["round"].astype(str).unique(), from_round, to_round)
    if from_round is None:
        return []
    wanted = {
        None: {SLICES[0], SLICES[1], SLICES[2]},
        "all": set(SLICES),
    }.get(by)
    if wanted is None:
        wanted = {SLICES[0], culture.BREAKDOWNS[by]}
    return _records(shown, from_round, to_round, wanted)


SLICES = ((False, False), (True, False), (False, True), (True, True))  # overall, unit, group, unit x group


def _records(
    shown, from_round: str, to_round: str, wanted, only: tuple | None = None, mixes: tuple | None = None
) -> list[dict]:
    """The records of the slices ``wanted`` (``(by_unit, by_group)`` flags), or of one cell
    ``only``; ``mixes``: :func:`_mixes` of ``shown``, when already read."""
    rows = shown[shown["item_id"].isna() & shown["round"].astype(str).isin([from_round, to_round])]
    if only is not None:
        rows = rows[rows["indicator"] == only[2]]
    mix_same = _same_mix(shown, from_round, to_round, mixes)
    cells: dict[tuple, dict] = {}
    for cell in rows.to_dict("records"):
        flags = (bool(cell["by_unit"]), bool(cell["by_group"]))
        if flags not in wanted:
            continue
        key = (cell["unit"] if flags[0] else None, cell["group"] if flags[1] else None, cell["indicator"])
        if only is None or key == only:
            cells[(SLICES.index(flags), key, str(cell["round"]))] = cell
    keys = sorted(
        {(position, key) for position, key, _ in cells},
        key=lambda e: (e[0], str(e[1][0] or ""), str(e[1][1] or ""), e[1][2] == culture.INDEX, e[1][2]),
    )
    return [
        _record(
            from_round,
            to_round,
            key,
            cells.get((position, key, from_round)),
            cells.get((position, key, to_round)),
            mix_same,
        )
        for position, key in keys
    ]


def along(shown: pd.DataFrame, indicator: str, unit: str | None = None, group: str | None = None) -> dict:
    """One cell's change from each round to the next: ``{to_round: record}``.

    The record of every round after the first that has the cell in either
    round; the same records as :func:`changes` for that pair of rounds.
    """
    rounds = sorted(shown["round"].astype(str).unique())
    flags = {(unit is not None, group is not None)}
    mixes = _mixes(shown)
    # The cell's own rows, picked once.
    cell = shown["item_id"].isna() & (shown["indicator"] == indicator)
    cell &= (shown["by_unit"] == (unit is not None)) & (shown["by_group"] == (group is not None))
    for column, value in (("unit", unit), ("group", group)):
        if value is not None:
            cell &= shown[column] == value
    shown = shown[cell]
    out = {}
    for before, after in pairwise(rounds):
        found = _records(shown, before, after, flags, (unit, group, indicator), mixes)
        if found:
            out[after] = found[0]
    return out


def mix(shown: pd.DataFrame, from_round: str, to_round: str, unit: str | None = None) -> tuple[tuple, tuple]:
    """The respondent groups of the two rounds (in ``unit``, when given), for :func:`sentence`."""
    return groups_in(shown, from_round, unit), groups_in(shown, to_round, unit)


def moves(records: list[dict]) -> tuple[list[dict], list[dict]]:
    """``(fell, rose)``: the significant like-for-like changes, largest first."""
    stated = [r for r in records if r["comparable"] and not r["suppressed"] and r["significant"]]
    fell = sorted((r for r in stated if r["change"] < 0), key=lambda r: r["change"])
    rose = sorted((r for r in stated if r["change"] > 0), key=lambda r: -r["change"])
    return fell, rose


def find(
    records: list[dict], indicator: str, unit: str | None = None, group: str | None = None
) -> dict | None:
    """The record of one cell among :func:`changes` (``None`` when it does not exist)."""
    for record in records:
        if (record["indicator"], record["unit"], record["group"]) == (indicator, unit, group):
            return record
    return None


# ------------------------------------------------------------------ words


def trend(shown: pd.DataFrame, indicator: str, unit: str | None = None, group: str | None = None):
    """:func:`analytics.measures.culture.trend` with the change as stated: ``change`` (the
    difference of the shown values), ``significant``, ``comparable`` and ``note``
    from each round's record against the round before (:func:`along`)."""
    rows = culture.trend(shown, indicator, unit, group)
    found = along(shown, indicator, unit, group)
    records = [found.get(str(r)) for r in rows["round"]]
    return rows.assign(
        change=[None if r is None else r["change"] for r in records],
        significant=[None if r is None else r["significant"] for r in records],
        comparable=[None if r is None else r["comparable"] for r in records],
        note=[None if r is None else r["note"] for r in records],
    )
