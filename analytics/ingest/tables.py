"""Parsing register tables against their specs (:mod:`analytics.core.schema`)."""

from __future__ import annotations

import re
from datetime import date, datetime

import pandas as pd

from analytics.core.schema import FIRST_PLAUSIBLE_YEAR, KIND_TABLES, aliases, allowed_values, conform, specs
from analytics.core.text import excerpt, t
from analytics.ingest.errors import ImportRefused
from analytics.ingest.read import normalise

MAX_ERRORS_LISTED = 8
TRUE_WORDS = {"ja", "j", "yes", "true", "sann", "1", "x"}
FALSE_WORDS = {"nei", "n", "no", "false", "usann", "0"}


def _parse_date(text: str) -> datetime | None:
    formats = (
        "%Y-%m-%d",
        "%d.%m.%Y",
        "%Y-%m-%d %H:%M:%S",
        "%d.%m.%Y %H:%M",
        "%d/%m/%Y",
        "%d.%m.%y",
        "%d.%m.%Y.",
    )
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def parse_int(text: str) -> int | None:
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?\d+[.,]0+", text):
        return int(re.split(r"[.,]", text)[0])
    return None


def parse_number(text: str) -> float | None:
    """A decimal number with a comma or a point: ``3,7`` -> 3.7 (``None`` when it is not one).

    >>> parse_number("3,70"), parse_number("-1.5"), parse_number("3,7,1")
    (3.7, -1.5, None)
    """
    if re.fullmatch(r"[+-]?\d+([.,]\d+)?", text):
        return float(text.replace(",", "."))
    return None


def refuse_with(problems: list[str], intro: str) -> None:
    """Raise :class:`ImportRefused` listing the first problems, if there are any."""
    if not problems:
        return
    shown = problems[:MAX_ERRORS_LISTED]
    more = len(problems) - len(shown)
    tail = t("tables_and_more", more=more) if more else ""
    raise ImportRefused(intro + "\n  " + "\n  ".join(shown) + tail)


def parse_table(name: str, cells: pd.DataFrame, source: str) -> pd.DataFrame:
    """Validate a frame of text cells against table ``name``'s spec and type it.

    Header names are matched case-insensitively, register names through
    :func:`analytics.core.schema.aliases`. Raises :class:`ImportRefused` listing missing columns or the
    first bad cells with their row numbers (the frame's index).
    """
    headers = _headers(cells, name)
    spec = specs()[name]
    missing = [c.name for c in spec if c.required and c.name not in headers]
    if missing:
        explained = "; ".join(f"{c.name} ({c.help})" for c in spec if c.name in missing)
        raise ImportRefused(t("tables_columns_missing", source=source, explained=explained, name=name))
    last_year = date.today().year + 1
    problems: list[str] = []
    parsed: dict[str, list] = {}
    for column in spec:
        raw = cells[headers[column.name]] if column.name in headers else pd.Series("", index=cells.index)
        # Allowed values match case-insensitively and are stored as declared.
        allowed = {v.lower(): v for v in allowed_values(column)} or None
        values = []
        for row, cell in raw.astype(str).str.strip().items():
            value = None
            if cell == "":
                if column.required:
                    problems.append(t("tables_cell_empty", row=row, name=column.name))
            elif column.kind == "str":
                value = cell
                if allowed is not None and cell.lower() not in allowed:
                    problems.append(
                        t(
                            "tables_cell_not_choice",
                            row=row,
                            cell=excerpt(cell),
                            name=column.name,
                            values=", ".join(sorted(allowed.values())),
                        )
                    )
                elif allowed is not None:
                    value = allowed[cell.lower()]
            elif column.kind == "date":
                value = _parse_date(cell)
                if value is None:
                    problems.append(t("tables_cell_not_date", row=row, cell=excerpt(cell), name=column.name))
                elif column.plausible_dates and not FIRST_PLAUSIBLE_YEAR <= value.year <= last_year:
                    problems.append(
                        t(
                            "date_implausible",
                            row=row,
                            value=excerpt(cell),
                            column=column.name,
                            first=FIRST_PLAUSIBLE_YEAR,
                            last=last_year,
                        )
                    )
                    value = None
            elif column.kind == "bool":
                word = cell.lower()
                value = True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
                if value is None:
                    problems.append(t("tables_cell_not_bool", row=row, cell=excerpt(cell), name=column.name))
            elif column.kind == "number":
                value = parse_number(cell)
                if value is None or not (column.low <= value <= column.high):
                    problems.append(
                        t(
                            "tables_cell_not_number",
                            row=row,
                            cell=excerpt(cell),
                            name=column.name,
                            low=column.low,
                            high=column.high,
                        )
                    )
                    value = None
            else:
                value = parse_int(cell)
                if value is None or not (column.low <= value <= column.high):
                    problems.append(
                        t(
                            "tables_cell_not_integer",
                            row=row,
                            cell=excerpt(cell),
                            name=column.name,
                            low=column.low,
                            high=column.high,
                        )
                    )
                    value = None
            values.append(value)
        parsed[column.name] = values
    refuse_with(problems, t("tables_errors", source=source, count=len(problems), name=name))
    return conform(name, pd.DataFrame(parsed))


def _headers(cells: pd.DataFrame, table: str | None = None) -> dict[str, str]:
    """Spec column name -> the frame's header that holds it (in ``table``)."""
    out = {}
    known = aliases(table)
    for header in cells.columns:
        key = normalise(header)
        out.setdefault(known.get(key, key.replace(" ", "_")), header)
    return out


def detect_table(cells: pd.DataFrame, kind: str) -> str | None:
    """Which table of an import ``kind`` a frame holds, judged by its required columns."""
    spec = specs()
    matches = [
        name
        for name in KIND_TABLES[kind]
        if {c.name for c in spec[name] if c.required} <= set(_headers(cells, name))
    ]
    # The most specific match wins (phases and actors share project_id and phase).
    return max(matches, key=lambda n: len(spec[n]), default=None)
