"""Settings an admin changes in the app: stored in the data folder, used by every session and the CLI.

The environment (``analytics.core.config``) gives each setting's starting value; a
value saved on the page *Administrasjon* replaces it for everyone who uses the
same data folder, until it is changed again. :class:`SavedSettings` is the job of
:class:`analytics.store.folder.Store` that reads and saves them and works out the
anonymity threshold in force.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd

from analytics.core import targets
from analytics.core.config import MIN_ANONYMITY_THRESHOLD, Config, ConfigError, load_config, parse_threshold
from analytics.core.text import t
from analytics.store.files import AUDIT_LOCK, SETTINGS, StoreError

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


class SavedSettings:
    """The settings of :class:`analytics.store.folder.Store` saved in the app, and the threshold in force.

    Uses what ``Store.__init__`` sets (``data_dir``), and the other jobs through
    ``self``: the writing (``_writer_lock``, ``_replace_file``), the audit trail
    (``append_audit``) and the publication (``shown_thresholds``).
    """

    def threshold(self) -> int:
        """The anonymity threshold in force for this folder (an admin's saved value wins).

        The one place it is worked out: the pages, the CLI and the reports take it from here.
        """
        return effective(load_config(self.data_dir), self.settings()).anonymity_threshold

    def thresholds(self, manifest: dict | None = None) -> tuple[int, tuple[tuple[str, int], ...]]:
        """The threshold in force and each published round's own (as readers see it), hashable."""
        return self.threshold(), tuple(sorted(self.shown_thresholds(manifest).items()))

    def settings(self) -> dict:
        """Settings changed in the app (empty when none were)."""
        try:
            return json.loads((self.data_dir / SETTINGS).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, json.JSONDecodeError) as exc:
            raise StoreError(t("store_settings_unreadable", data_dir=self.data_dir, exc=exc)) from exc

    def save_settings(self, changes: dict, who: str, detail: str) -> dict:
        """Merge ``changes`` into the stored settings (atomically) and audit the change."""
        with self._writer_lock(AUDIT_LOCK):
            values = {**self.settings(), **changes}
            self._replace_file(SETTINGS, json.dumps(values, ensure_ascii=False, indent=1).encode("utf-8"))
        self.append_audit(who, "setting", detail)
        return values
