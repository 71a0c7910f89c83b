"""Who was asked: the ``invited`` table from a filled template or an HR export of staff.

A filled template (or any table with «Enhet» and «Antall invitert») gives one
count per round, unit and group. An HR export has one row per employee and no
count column: its rows are counted per unit (and group, when it has a
``gruppe`` column), and nothing else of it is kept, so names never reach the
data folder. Unit names go through the unit table, as the survey's do.
"""

from __future__ import annotations

import pandas as pd

from analytics.core.framework import framework
from analytics.core.schema import conform
from analytics.core.text import excerpt, t
from analytics.ingest.errors import ImportRefused
from analytics.ingest.survey import _answer_dates, _unit_names
from analytics.ingest.tables import _headers, parse_table, refuse_with

TABLE = "invited"


def _with_choice(cells: pd.DataFrame, column: str, value: str | None) -> pd.DataFrame:
    """``cells`` with ``column`` set to the value chosen for the whole file, unless the file has it."""
    if column in _headers(cells, TABLE) or not value:
        return cells
    return cells.assign(**{column: value})


def _count_staff(cells: pd.DataFrame, source: str) -> pd.DataFrame:
    """One row per round, unit and group with the number of employees in an HR export."""
    headers = _headers(cells, TABLE)
    missing = [name for name in ("round", "group") if name not in headers]
    if missing:
        raise ImportRefused(t("invited_hr_needs_choice", file=source))
    text = {name: cells[headers[name]].astype(str).str.strip() for name in ("round", "unit", "group")}
    needs_unit = text["group"].str.lower().isin(framework().unit_groups)
    empty = list(cells.index[needs_unit & (text["unit"] == "")])
    refuse_with([t("invited_hr_no_unit", row=row) for row in empty], t("invited_hr_refused", file=source))
    counted = pd.DataFrame(text).value_counts(sort=False).rename("invited").reset_index()
    counted["source"] = "HR"
    counted.index = range(1, len(counted) + 1)
    return counted.astype(str)


def read_invited(sheets, unit_map: pd.DataFrame, report, round_label: str | None, group: str | None) -> None:
    """Put the ``invited`` rows of ``sheets`` (the first sheet that holds them) in ``report``."""
    source = report.file_name
    counted = False
    for sheet in sheets:
        cells = _with_choice(_with_choice(sheet.frame, "round", round_label), "group", group)
        headers = _headers(cells, TABLE)
        if "invited" in headers:
            break
        if "unit" in headers:
            staff = len(cells)
            cells = _count_staff(cells, source)
            counted = True
            report.notes.append(t("invited_hr_counted", rows=staff, counts=len(cells)))
            break
    else:
        raise ImportRefused(t("invited_no_table", file=source))
    rows = parse_table(TABLE, cells, f"{source} / {excerpt(sheet.name)}")
    rows["source"] = rows["source"].fillna("manuell")
    when = _answer_dates(None, rows["round"].astype(str))
    renamed_units, renamed = _unit_names(rows["unit"].fillna(""), when, unit_map)
    rows["unit"] = renamed_units.where(rows["unit"].notna(), None)
    if renamed:
        report.notes.append(
            t("invited_units_renamed", units=", ".join(f"{a} → {u}" for a, u in renamed.items()))
        )
    if counted:  # two names of one unit in an HR export: one count
        rows = rows.groupby(["round", "unit", "group", "source"], dropna=False, sort=False)["invited"].sum()
        rows = conform(TABLE, rows.reset_index())
    duplicated = rows[rows.duplicated(["round", "unit", "group"], keep=False)]
    refuse_with(
        [
            t("invited_duplicate", round=r.round, unit=r.unit or "-", group=r.group)
            for r in duplicated.itertuples()
        ],
        t("invited_refused", file=source),
    )
    report.tables[TABLE] = len(rows)
    report.parsed[TABLE] = rows
