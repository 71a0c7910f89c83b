"""Import templates generated from the table specs: one place for every column.

An analyst downloads a workbook (one sheet per table, headers only, with
drop-down lists for the allowed values) or one CSV per table, fills it in,
and imports it with ``python -m analytics import FILE --kind projects`` (or
``events``). The sheet «Forklaring» explains every column from the same
:data:`analytics.core.schema.specs` the import validates against.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from analytics.core.framework import framework
from analytics.core.schema import KIND_TABLES, Column, allowed_values, specs
from analytics.core.text import t
from analytics.ingest.read import EXPLANATION_SHEET
from analytics.present.export import to_csv_bytes

VALIDATED_ROWS = 2000  # drop-down lists cover this many data rows


def _allowed(column: Column) -> str:
    if column.choices or column.values:
        return ", ".join(allowed_values(column))
    if column.kind == "bool":
        return t("template_bool_values")
    if column.kind == "date":
        return t("template_date_values")
    if column.kind in ("int", "score", "number"):
        return t("template_range_values", low=column.low, high=column.high)
    return ""


def _help(column: Column) -> str:
    fundament = next((f for f in framework().fundaments if f.id == column.name), None)
    if fundament is not None:
        return f"{fundament.name}: {fundament.question} {column.help}"
    return column.help


def explanation(kind: str) -> pd.DataFrame:
    """One row per column of every table of an import ``kind`` (``projects``, ``events``, ``actions``,
    ``benchmarks``).

    Columns (bokmål headers): table, column, required, type, allowed values, meaning.
    """
    rows = [
        {
            t("template_col_table"): name,
            t("template_col_column"): column.name,
            t("template_col_required"): t("yes") if column.required else t("no"),
            t("template_col_type"): t(f"template_type_{column.kind}"),
            t("template_col_allowed"): _allowed(column),
            t("template_col_help"): _help(column),
        }
        for name in KIND_TABLES[kind]
        for column in specs()[name]
    ]
    return pd.DataFrame(rows)


def _validation(column: Column) -> DataValidation | None:
    if column.choices or column.values or column.kind == "bool":
        values = (
            ",".join(allowed_values(column)) if column.kind == "str" else _allowed(column).replace(" ", "")
        )
        return DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
    if column.kind in ("int", "score", "number"):
        return DataValidation(
            type="whole" if column.kind != "number" else "decimal",
            operator="between",
            formula1=str(column.low),
            formula2=str(column.high),
            allow_blank=True,
        )
    return None


def template_xlsx(kind: str) -> bytes:
    """The workbook template for an import ``kind``: «Forklaring» and one empty sheet per table."""
    book = Workbook()
    guide = book.active
    guide.title = EXPLANATION_SHEET
    frame = explanation(kind)
    guide.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        guide.append(list(row))
    for position, width in enumerate((14, 26, 10, 22, 40, 90), start=1):
        guide.column_dimensions[get_column_letter(position)].width = width
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for name in KIND_TABLES[kind]:
        sheet = book.create_sheet(name)
        sheet.append([column.name for column in specs()[name]])
        for position, column in enumerate(specs()[name], start=1):
            letter = get_column_letter(position)
            sheet.column_dimensions[letter].width = max(14, len(column.name) + 4)
            sheet[f"{letter}1"].font = Font(bold=True)
            validation = _validation(column)
            if validation is not None:
                sheet.add_data_validation(validation)
                validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv(name: str) -> bytes:
    """The CSV template of one table: the header row, ``;``-separated, UTF-8 with BOM."""
    return to_csv_bytes(pd.DataFrame(columns=[column.name for column in specs()[name]]))
