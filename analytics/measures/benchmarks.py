"""Figures from others, read beside our own: context for judgement, never a target.

Two kinds of rows live in the ``benchmarks`` table (imported with ``--kind
benchmarks``):

- **published figures** (``municipality`` empty): a barometer's national or
  regional figure, shown beside ours with its source and year;
- **shared figures** (``municipality`` set): what another municipality's
  ``share`` command wrote (:func:`share_rows`). With three or more
  municipalities for the same measure, group and year, ours is placed against
  their median and quartiles (:func:`network`); with fewer, each municipality's
  figure is listed by name.

A measure is an indicator id, ``index``, or a statement's text. A statement
matches ours only when its text is exactly the same; an indicator or the index
shared with the texts of its statements (``statements``) matches only when
ours has exactly the same statements for that group, since a changed wording
changes the answers.

Quartiles are numpy's default (linear interpolation between the sorted
values, as Excel's KVARTIL.INK).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from analytics.core.framework import Framework
from analytics.core.schema import conform
from analytics.core.text import figure_text, fmt_number, t
from analytics.measures.culture import INDEX

SEPARATOR = " | "
# A network comparison needs at least this many other municipalities; fewer are listed by name.
MIN_MUNICIPALITIES = 3


def _is_blank(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) or value == ""


def statements_of(fw: Framework, measure: str, group: str | None) -> str:
    """The texts of the statements behind ``measure`` for ``group`` (``None`` = all), sorted and joined."""
    items = [i for i in fw.items if group is None or group in i.groups]
    if measure != INDEX:
        items = [i for i in items if i.indicator == measure]
    return SEPARATOR.join(sorted(i.text for i in items))


def _ours(fw: Framework, measure: str) -> tuple[str, str | None] | None:
    """Our measure for a benchmark's ``measure``: ``(indicator, item_id)`` or ``None`` when we have none."""
    if measure == INDEX or measure in fw.indicator_ids:
        return measure, None
    item = next((i for i in fw.items if i.text == measure), None)
    return (item.indicator, item.item_id) if item else None


def matches(fw: Framework, row) -> bool:
    """Whether a benchmark row measures the same thing as one of our measures."""
    ours = _ours(fw, row["measure"])
    if ours is None:
        return False
    group = None if _is_blank(row["group"]) else row["group"]
    if group is not None and group not in fw.group_ids:
        return False
    if ours[1] is None and not _is_blank(row["statements"]):
        return row["statements"] == statements_of(fw, ours[0], group)
    return True


def unmatched_measures(fw: Framework, table: pd.DataFrame) -> list[str]:
    """The measures of imported rows that match none of ours (they are stored but not shown)."""
    return sorted({row["measure"] for _, row in table.iterrows() if not matches(fw, row)})


def _our_cell(shown: pd.DataFrame, round_label: str, indicator: str, item_id, group):
    rows = shown[
        (shown["round"] == round_label)
        & (shown["indicator"] == indicator)
        & ~shown["by_unit"]
        & (shown["by_group"] == (group is not None))
    ]
    rows = rows[rows["item_id"].isna()] if item_id is None else rows[rows["item_id"] == item_id]
    if group is not None:
        rows = rows[rows["group"] == group]
    return None if rows.empty else rows.iloc[0]


def measure_label(fw: Framework, measure: str) -> str:
    if measure == INDEX:
        return t("index_label")
    if measure in fw.indicator_ids:
        return f"{measure} {fw.indicator(measure).label}"
    return measure


def published(fw: Framework, table: pd.DataFrame, shown: pd.DataFrame, round_label: str, group: str | None):
    """Published figures (not shared by a municipality) for ``group``, beside our figure of ``round_label``.

    Returns one row per benchmark: ``measure``, ``ours`` (text, «skjult» when
    hidden), ``source``, ``year``, ``scope``, ``value``, ``n``, ``p25``, ``median``,
    ``p75``, ``p90`` (texts).
    """
    records = []
    for _, row in table.iterrows():
        row_group = None if _is_blank(row["group"]) else row["group"]
        if not _is_blank(row["municipality"]) or row_group != group or not matches(fw, row):
            continue
        indicator, item_id = _ours(fw, row["measure"])
        cell = _our_cell(shown, round_label, indicator, item_id, group)
        ours = "–" if cell is None else figure_text(cell["mean"], "mean", bool(cell["suppressed"]))
        records.append(
            {
                t("col_compared"): measure_label(fw, row["measure"]),
                t("col_ours", round=round_label): ours,
                t("col_benchmark_value"): fmt_number(row["value"]),
                t("col_source"): row["source"],
                t("col_year"): str(int(row["year"])),
                t("col_scope"): row["scope"],
                t("col_n"): "–" if _is_blank(row["n"]) else fmt_number(row["n"], 0),
                **{
                    t(f"col_{q}"): "–" if _is_blank(row[q]) else fmt_number(row[q])
                    for q in ("p25", "median", "p75", "p90")
                },
            }
        )
    return pd.DataFrame(records)


def network(fw: Framework, table: pd.DataFrame, shown: pd.DataFrame, round_label: str, group: str | None):
    """Our figures against what other municipalities shared, for ``group``, one record per measure.

    Each record: ``measure``, ``year`` (the latest year shared for it),
    ``ours`` (float, ``None`` when hidden or missing), ``municipalities``
    (name -> value), and with at least :data:`MIN_MUNICIPALITIES`
    municipalities ``p25``, ``median``, ``p75`` (of their values) and ``place``
    (a text key: where ours lies).
    """
    rows = [
        row
        for _, row in table.iterrows()
        if not _is_blank(row["municipality"])
        and (None if _is_blank(row["group"]) else row["group"]) == group
        and matches(fw, row)
    ]
    by_measure: dict[str, list] = {}
    for row in rows:
        by_measure.setdefault(row["measure"], []).append(row)
    records = []
    for measure, shared in by_measure.items():
        year = max(int(r["year"]) for r in shared)
        values = {r["municipality"]: float(r["value"]) for r in shared if int(r["year"]) == year}
        indicator, item_id = _ours(fw, measure)
        cell = _our_cell(shown, round_label, indicator, item_id, group)
        ours = None if cell is None or cell["suppressed"] else float(cell["mean"])
        record = {"measure": measure, "year": year, "ours": ours, "municipalities": values}
        if len(values) >= MIN_MUNICIPALITIES:
            p25, median, p75 = (float(v) for v in np.percentile(list(values.values()), [25, 50, 75]))
            record |= {"p25": p25, "median": median, "p75": p75, "place": place(ours, p25, median, p75)}
        records.append(record)
    return sorted(records, key=lambda r: (r["measure"] != INDEX, r["measure"]))


def place(ours: float | None, p25: float, median: float, p75: float) -> str:
    """Where our figure lies against the others' quartiles (a text key)."""
    if ours is None:
        return "place_hidden"
    if ours > p75:
        return "place_top"
    if ours >= median:
        return "place_upper"
    if ours >= p25:
        return "place_lower"
    return "place_bottom"


# ---------------------------------------------------------------- sharing with other municipalities
def round_year(round_label: str) -> int | None:
    """The year in a round's label (``None`` without one).

    >>> round_year("2024"), round_year("høst-2023"), round_year("runde 3")
    (2024, 2023, None)
    """
    found = re.search(r"(?<!\d)(?:19|20)\d{2}(?!\d)", str(round_label))
    return int(found.group()) if found else None


def share_rows(shown: pd.DataFrame, fw: Framework, threshold: int, demo: bool) -> pd.DataFrame:
    """The cells this municipality may share: the shown (never hidden) cells for all
    respondents and for each respondent group, per indicator and the index, exactly as
    ``summary --json`` gives them, as rows of the ``benchmarks`` table.

    Units are left out (their names mean nothing elsewhere). A round is shared as the
    year in its label; of two rounds in one year, the later label; a round without a year
    is left out. Each row records the anonymity threshold and the statements behind it.
    """
    rounds: dict[int, str] = {}
    for label in sorted(shown["round"].astype(str).unique()):
        year = round_year(label)
        if year is not None:
            rounds[year] = label
    name = fw.municipality + (t("share_demo_suffix") if demo else "")
    cells = shown[~shown["by_unit"] & shown["item_id"].isna() & ~shown["suppressed"] & shown["mean"].notna()]
    records = []
    for year, label in sorted(rounds.items()):
        for cell in cells[cells["round"].astype(str) == label].itertuples(index=False):
            group = cell.group if cell.by_group else None
            records.append(
                {
                    "source": name,
                    "year": year,
                    "scope": name,
                    "group": group,
                    "measure": cell.indicator,
                    "value": round(float(cell.mean), 4),
                    "n": int(cell.n),
                    "municipality": name,
                    "statements": statements_of(fw, cell.indicator, group),
                    "threshold": int(threshold),
                }
            )
    return conform("benchmarks", pd.DataFrame(records))
