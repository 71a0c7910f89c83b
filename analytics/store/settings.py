"""Settings an admin changes in the app: stored in the data folder, used by every session and the CLI.

The environment (``analytics.core.config``) gives each setting's starting value; a
value saved on the page *Administrasjon* replaces it for everyone who uses the
same data folder, until it is changed again.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analytics.core import targets
from analytics.core.config import MIN_ANONYMITY_THRESHOLD, Config, ConfigError, parse_threshold
from analytics.core.text import t

MAX_ANONYMITY_THRESHOLD = 50


def check_threshold(value) -> int:
    """An anonymity threshold within its bounds (3 to 50).

    >>> check_threshold("7")
    7
    >>> check_threshold(51)
    Traceback (most recent call last):
    ...
    analytics.core.config.ConfigError: Anonymitetsgrensen kan ikke være høyere enn 50 (fikk 51).
    """
    threshold = parse_threshold(value)
    if threshold > MAX_ANONYMITY_THRESHOLD:
        raise ConfigError(
            t(
                "settings_threshold_too_high",
                max_anonymity_threshold=MAX_ANONYMITY_THRESHOLD,
                threshold=threshold,
            )
        )
    return threshold


THRESHOLD_BOUNDS = (MIN_ANONYMITY_THRESHOLD, MAX_ANONYMITY_THRESHOLD)


def effective(config: Config, stored: dict) -> Config:
    """The settings in force: the environment's, with the values saved in the app on top."""
    if "anonymity_threshold" in stored:
        return replace(config, anonymity_threshold=check_threshold(stored["anonymity_threshold"]))
    return config


FLAG_LIMIT_KEY = "response_rate_flag"
# Survey vendors' guidance: look hard at groups answering below 60 %.
DEFAULT_FLAG_LIMIT = 60


def check_flag_limit(value) -> int:
    """The response rate (whole percent, 1-100) under which a unit is flagged.

    >>> check_flag_limit("60")
    60
    """
    try:
        limit = int(str(value).strip())
    except ValueError:
        limit = None
    if limit is None or not 1 <= limit <= 100:
        raise ConfigError(t("flag_limit_invalid", value=value))
    return limit


def flag_limit(stored: dict) -> int:
    """The flag limit in force: saved on *Administrasjon*, or 60 %."""
    return check_flag_limit(stored.get(FLAG_LIMIT_KEY, DEFAULT_FLAG_LIMIT))


def empty_targets() -> pd.DataFrame:
    """A targets table with no rows, for editing when there are none."""
    return pd.DataFrame({"indicator": pd.Series(dtype="str"), "year": [], "target": []})


def _as_text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a year from a number column: 2024.0 -> 2024
    return str(value).strip()


def check_targets(frame: pd.DataFrame) -> list[dict]:
    """Targets edited in a table, checked, as records to store (raises ``targets.TargetsError``).

    >>> check_targets(pd.DataFrame({"indicator": ["index"], "year": [2024.0], "target": [3.5]}))
    [{'indicator': 'index', 'year': 2024, 'target': 3.5}]
    """
    rows = [
        {column: _as_text(row.get(column)) for column in targets.COLUMNS} for row in frame.to_dict("records")
    ]
    rows = [row for row in rows if any(row.values())]
    checked = targets.check_rows(rows, t("settings_source_targets"), first_line=1)
    return [
        {"indicator": r.indicator, "year": int(r.year), "target": float(r.target)}
        for r in checked.itertuples(index=False)
    ]


def stored_targets(stored: dict) -> pd.DataFrame | None:
    """Targets saved in the app, or ``None`` when the targets file is in force."""
    if "targets" not in stored:
        return None
    rows = [{k: str(v) for k, v in record.items()} for record in stored["targets"]]
    return targets.check_rows(rows, t("settings_source_saved_targets"), first_line=1)
