"""Who was asked and who answered: response rates per round, unit and group.

``responded`` is the respondent count ``n`` of a slice's culture index cell,
after suppression (:func:`analytics.core.suppression.suppress`), so a rate is shown
exactly where that n is shown. ``invited`` comes from the table ``invited``
(an HR export counted per unit, or numbers typed in). A rate is hidden when
fewer than the anonymity threshold were invited or the cell itself is hidden.

A slice's invited count is the sum over its pieces: each unit x group of the
round's cells, and each group without units. A group's count may also be given
as one total (a row without a unit). When a piece has no count the slice's
invited count is missing, and only n is shown.

A rate as text is :mod:`analytics.present.participation_text`.
"""

from __future__ import annotations

import math

import pandas as pd

from analytics.core.schema import conform
from analytics.core.text import fmt_number
from analytics.measures.culture import BREAKDOWNS, INDEX
from analytics.store.settings import DEFAULT_FLAG_LIMIT

FIELDS = ("round", "unit", "group", "invited", "responded", "rate", "suppressed", "flag")


def _key(unit, group) -> tuple:
    return (None if _missing(unit) else str(unit), None if _missing(group) else str(group))


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _invited_lookup(invited: pd.DataFrame) -> dict[str, dict[tuple, int]]:
    """round -> (unit, group) -> invited."""
    table = conform("invited", invited)
    out: dict[str, dict[tuple, int]] = {}
    for row in table.itertuples(index=False):
        out.setdefault(str(row.round), {})[_key(row.unit, row.group)] = int(row.invited)
    return out


def _pieces(cells: pd.DataFrame) -> list[tuple]:
    """The finest slices of one round's cells: (unit, group), unit None for a group without units."""
    fine = cells[cells["by_unit"] & cells["by_group"] & cells["unit"].notna()]
    pieces = [_key(u, g) for u, g in zip(fine["unit"], fine["group"])]
    with_units = {g for _, g in pieces}
    groups = cells[~cells["by_unit"] & cells["by_group"]]["group"]
    return pieces + [(None, str(g)) for g in groups if str(g) not in with_units]


def _sum(counts: dict[tuple, int], pieces: list[tuple]) -> int | None:
    if not pieces or any(p not in counts for p in pieces):
        return None
    return sum(counts[p] for p in pieces)


def _group_invited(counts: dict[tuple, int], pieces: list[tuple], group: str) -> int | None:
    """A group's invited count: its total row, or the sum over its units."""
    if (None, group) in counts:
        return counts[(None, group)]
    return _sum(counts, [p for p in pieces if p[1] == group])


def _slice_invited(counts, pieces, unit, group) -> int | None:
    if unit is not None and group is not None:
        return counts.get((unit, group))
    if unit is not None:
        return _sum(counts, [p for p in pieces if p[0] == unit])
    if group is not None:
        return _group_invited(counts, pieces, group)
    groups = sorted({g for _, g in pieces})
    totals = [_group_invited(counts, pieces, g) for g in groups]
    return None if not groups or None in totals else sum(totals)


def shown_percent(rate: float) -> int:
    """The rate in whole percent as it is shown (flagged on the figure people read)."""
    return int(float(fmt_number(100 * rate, 0).replace("\u202f", "")))


def participation(
    shown: pd.DataFrame,
    invited: pd.DataFrame,
    threshold: int,
    flag_limit: float = DEFAULT_FLAG_LIMIT,
    by: str | None = None,
) -> list[dict]:
    """Response rates from suppressed culture cells and the invited counts.

    ``shown`` is the output of :func:`analytics.core.suppression.suppress` (the rounds
    the reader may see); ``flag_limit`` is in percent. Returns one record per
    round overall, and per unit and per group (``by=None``) or one breakdown
    (``"unit"``, ``"group"``, ``"unit,group"``): ``round``, ``unit``,
    ``group`` (``None`` = all), ``invited`` (``None`` when not known),
    ``responded`` and ``rate`` (``None`` when hidden or unknown),
    ``suppressed`` and ``flag`` (rate under ``flag_limit``; ``None`` without a rate).
    """
    wanted = [
        (False, False),
        *([BREAKDOWNS["unit"], BREAKDOWNS["group"]] if by is None else [BREAKDOWNS[by]]),
    ]
    lookup = _invited_lookup(invited)
    records = []
    index_cells = shown[(shown["indicator"] == INDEX) & shown["item_id"].isna()]
    for round_label, cells in index_cells.groupby("round", sort=True):
        round_label = str(round_label)
        counts = lookup.get(round_label, {})
        pieces = _pieces(cells)
        for flags in wanted:
            rows = cells[(cells["by_unit"] == flags[0]) & (cells["by_group"] == flags[1])]
            if flags[0]:
                rows = rows[rows["unit"].notna()]
            for row in rows.sort_values(["unit", "group"], na_position="first").itertuples(index=False):
                unit, group = _key(row.unit if flags[0] else None, row.group if flags[1] else None)
                count = _slice_invited(counts, pieces, unit, group)
                hidden = bool(row.suppressed) or (count is not None and count < threshold)
                responded = None if hidden else int(row.n)
                rate = None if hidden or not count else round(responded / count, 4)
                records.append(
                    {
                        "round": round_label,
                        "unit": unit,
                        "group": group,
                        "invited": count,
                        "responded": responded,
                        "rate": rate,
                        "suppressed": hidden,
                        "flag": None if rate is None else shown_percent(rate) < flag_limit,
                    }
                )
    return records


def every_slice(
    shown: pd.DataFrame, invited: pd.DataFrame, threshold: int, flag_limit: float = DEFAULT_FLAG_LIMIT
) -> list[dict]:
    """:func:`participation` overall and per unit, group and unit x group."""
    crossed = participation(shown, invited, threshold, flag_limit, "unit,group")
    return participation(shown, invited, threshold, flag_limit) + [
        r for r in crossed if r["unit"] and r["group"]
    ]


def slice_record(records: list[dict], round_label: str, unit: str | None, group: str | None) -> dict | None:
    """The record of one round and slice (``None`` = all units or all groups), if there is one."""
    return next(
        (r for r in records if (r["round"], r["unit"], r["group"]) == (round_label, unit, group)), None
    )


def round_record(records: list[dict], round_label: str) -> dict | None:
    """The overall record of ``round_label`` (all units, all groups)."""
    return next(
        (r for r in records if r["round"] == round_label and r["unit"] is None and r["group"] is None), None
    )


def rounds_without_invited(records: list[dict]) -> list[str]:
    """The rounds whose overall invited count is not known."""
    return sorted(
        {r["round"] for r in records if r["unit"] is None and r["group"] is None and r["invited"] is None}
    )
