"""Leadership's targets per indicator and year, kept as data in ``targets.csv`` beside the strategy.

The file (in the strategy folder, ``INNOBARO_FRAMEWORK_DIR``) has the columns
``indicator`` (an indicator id of the strategy or ``index``), ``year`` and
``target`` (on the strategy's answer scale, decimal point). A strategy without
the file has no targets. Between two target years the
target path is a straight line; after the last target year its target still
holds; before the first target year there is no target.

Examples
--------
>>> targets = load_targets()
>>> target_for(targets, "index", 2022)
3.65
>>> status(targets, "index", "2024", 3.7)["on_track"]
False
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pandas as pd

from analytics.core.config import framework_dir
from analytics.core.framework import framework
from analytics.core.text import t

TARGETS_NAME = "targets.csv"
COLUMNS = ("indicator", "year", "target")


def targets_file() -> Path:
    """The configured strategy's targets file."""
    return framework_dir() / TARGETS_NAME


class TargetsError(ValueError):
    """The targets file cannot be used; the message is in bokmål."""


def load_targets(path: Path | str | None = None) -> pd.DataFrame:
    """Read and check the targets file (default :func:`targets_file`): ``indicator``,
    ``year`` (int), ``target`` (float). No file in the strategy folder means no targets.

    Raises :class:`TargetsError` naming every problem (line by line) and how to fix it.
    """
    if path is None and not targets_file().is_file():
        return pd.DataFrame({"indicator": [], "year": [], "target": []}).astype(
            {"year": int, "target": float}
        )
    path = Path(path or targets_file())
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip().lower() for h in reader.fieldnames or []]
            rows = [{k.strip().lower(): (v or "").strip() for k, v in r.items() if k} for r in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise TargetsError(t("targets_file_unreadable", name=path.name, exc=exc)) from exc
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise TargetsError(t("targets_columns_missing", name=path.name, missing=", ".join(missing)))
    return check_rows(rows, t("targets_source_file", name=path.name))


def check_rows(rows: list[dict], source: str, first_line: int = 2) -> pd.DataFrame:
    """Check target rows (``indicator``, ``year``, ``target`` as text) and return them as a frame.

    Raises :class:`TargetsError` naming every problem (line by line) and how to fix it.
    """
    fw = framework()
    known = (*fw.indicator_ids, "index")
    problems, records, seen = [], [], set()
    for line, row in enumerate(rows, start=first_line):
        indicator, year, target = row["indicator"], row["year"], row["target"].replace(",", ".")
        if indicator not in known:
            problems.append(
                t("targets_line_unknown_indicator", line=line, indicator=indicator, known=", ".join(known))
            )
            continue
        if not re.fullmatch(r"20\d\d", year):
            problems.append(t("measure_targets_year", line=line, year=year))
            continue
        try:
            value = float(target)
        except ValueError:
            value = math.nan
        if not fw.scale_min <= value <= fw.scale_max:
            problems.append(
                t(
                    "targets_line_off_scale",
                    line=line,
                    target=row["target"],
                    scale_min=fw.scale_min,
                    scale_max=fw.scale_max,
                )
            )
            continue
        if (indicator, year) in seen:
            problems.append(t("targets_line_repeated", line=line, indicator=indicator, year=year))
            continue
        seen.add((indicator, year))
        records.append((indicator, int(year), value))
    if problems:
        raise TargetsError(t("targets_errors", source=source, count=len(problems)) + " ".join(problems))
    frame = pd.DataFrame(records, columns=list(COLUMNS))
    return frame.sort_values(["indicator", "year"]).reset_index(drop=True)


def round_year(round_label: str) -> int | None:
    """The year a round belongs to: its leading four digits (``"2024-vår"`` -> 2024)."""
    match = re.match(r"(\d{4})", str(round_label))
    return int(match.group(1)) if match else None


def target_for(targets: pd.DataFrame, indicator: str, year: int) -> float | None:
    """The target path of ``indicator`` in ``year`` (``None`` before its first target)."""
    rows = targets[targets["indicator"] == indicator]
    if rows.empty or year < rows["year"].min():
        return None
    years, values = rows["year"].tolist(), rows["target"].tolist()
    if year >= years[-1]:
        return values[-1]
    for (y0, v0), (y1, v1) in zip(zip(years, values), zip(years[1:], values[1:])):
        if y0 <= year <= y1:
            return round(v0 + (v1 - v0) * (year - y0) / (y1 - y0), 4)
    return None


def status(targets: pd.DataFrame, indicator: str, round_label: str, mean) -> dict | None:
    """Whether ``mean`` in ``round_label`` is on track for the target path.

    Returns ``{year, target, distance, on_track}`` (``distance`` = mean minus
    target), or ``None`` when there is no target or the mean is hidden.
    """
    year = round_year(round_label)
    target = None if year is None else target_for(targets, indicator, year)
    if target is None or mean is None or pd.isna(mean):
        return None
    distance = float(mean) - target
    return {"year": year, "target": target, "distance": distance, "on_track": distance >= 0}


def along(targets: pd.DataFrame | None, indicator: str, rounds, means) -> tuple[list, list]:
    """The target path and :func:`status` for each round of a trend.

    ``targets`` may be ``None`` (no usable targets file): then both lists hold ``None``.
    """
    rounds, means = list(rounds), list(means)
    if targets is None:
        return [None] * len(rounds), [None] * len(rounds)
    years = [round_year(r) for r in rounds]
    path = [None if y is None else target_for(targets, indicator, y) for y in years]
    statuses = [status(targets, indicator, r, m) for r, m in zip(rounds, means)]
    return path, statuses
