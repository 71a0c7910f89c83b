"""Every setting, declared once: name, environment variable, default and help.

The README lists the same settings; a test fails when one is undocumented.
Command-line flags (``--data-dir``) override the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from analytics.core.text import t

REPO_ROOT = Path(__file__).resolve().parents[2]
MIN_ANONYMITY_THRESHOLD = 3
# Correlations with the outcome (analytics.measures.drivers) need at least this many respondents.
MIN_DRIVER_RESPONDENTS = 25
# The protection width (analytics.core.bounds) is at most this many steps of the answer scale.
MAX_PROTECTION_WIDTH = 2.0


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS = (
    Setting(
        name="data_dir",
        env="INNOBARO_DATA_DIR",
        default="data/store",
        help="Folder with the Parquet files and manifest (relative paths are from the "
        "repository root). `--data-dir` on the command line overrides it.",
    ),
    Setting(
        name="framework_dir",
        env="INNOBARO_FRAMEWORK_DIR",
        default="data",
        help="Folder with the strategy: `framework.json`, `codebook.csv`, and optionally `targets.csv` and "
        "the demo's `demo/` (relative paths are from the repository root). A municipality can keep its "
        "own strategy outside the repository.",
    ),
    Setting(
        name="anonymity_threshold",
        env="INNOBARO_ANONYMITY_THRESHOLD",
        default="5",
        help="Smallest number of respondents behind any figure that is shown. "
        f"Never below {MIN_ANONYMITY_THRESHOLD}; a lower value is refused.",
    ),
    Setting(
        name="demo_on_empty",
        env="INNOBARO_DEMO_ON_EMPTY",
        default="1",
        help="When the data folder holds no data yet, the app writes the demo dataset "
        "into it on first start (`1`) or shows how to import data (`0`).",
    ),
    Setting(
        name="max_file_mb",
        env="INNOBARO_MAX_FILE_MB",
        default="50",
        help="Largest file an import accepts, in MB (an xlsx may expand to ten times this). "
        "Keep `server.maxUploadSize` in `.streamlit/config.toml` equal to it.",
    ),
    Setting(
        name="max_rows",
        env="INNOBARO_MAX_ROWS",
        default="2000000",
        help="Largest number of rows an import accepts (a long file has one row per answer).",
    ),
    Setting(
        name="duckdb_memory",
        env="INNOBARO_DUCKDB_MEMORY",
        default="1GB",
        help="Memory DuckDB may use for queries and aggregate refreshes before it spills to "
        "the temporary folder (DuckDB syntax: 512MB, 2GB, 50%).",
    ),
    Setting(
        name="driver_min_respondents",
        env="INNOBARO_DRIVER_MIN_RESPONDENTS",
        default=str(MIN_DRIVER_RESPONDENTS),
        help="Fewest respondents behind a relation with the strategy's outcome (drivers). "
        f"Never below {MIN_DRIVER_RESPONDENTS}; a lower value is refused.",
    ),
    Setting(
        name="protection_width",
        env="INNOBARO_PROTECTION_WIDTH",
        default="1",
        help="Narrowest interval, in steps of the answer scale, to which the shown figures and the "
        "scale's ends may bound a hidden mean; more cells are hidden until none is narrower. "
        f"From 0 (off) to {MAX_PROTECTION_WIDTH:g}.",
    ),
)


class ConfigError(ValueError):
    """A setting has a value we cannot use; the message is in bokmål."""


@dataclass(frozen=True)
class Config:
    data_dir: Path
    framework_dir: Path
    anonymity_threshold: int
    demo_on_empty: bool
    max_file_mb: int
    max_rows: int
    duckdb_memory: str
    driver_min_respondents: int = MIN_DRIVER_RESPONDENTS
    protection_width: float = 1.0


def _raw(name: str, environ) -> str:
    setting = next(s for s in SETTINGS if s.name == name)
    value = environ.get(setting.env, "").strip()
    return value or setting.default


def parse_threshold(value: str | int) -> int:
    """Parse and check the anonymity threshold (an integer, at least 3)."""
    try:
        threshold = int(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(t("config_threshold_not_integer", value=value)) from exc
    if threshold < MIN_ANONYMITY_THRESHOLD:
        raise ConfigError(
            t(
                "config_threshold_too_low",
                min_anonymity_threshold=MIN_ANONYMITY_THRESHOLD,
                threshold=threshold,
            )
        )
    return threshold


def _positive(name: str, environ) -> int:
    setting = next(s for s in SETTINGS if s.name == name)
    value = _raw(name, environ)
    if not value.isdigit() or int(value) < 1:
        raise ConfigError(t("config_not_positive", env=setting.env, value=value))
    return int(value)


def framework_dir(environ=None) -> Path:
    """The strategy folder (``INNOBARO_FRAMEWORK_DIR``), absolute."""
    folder = Path(_raw("framework_dir", os.environ if environ is None else environ))
    return folder if folder.is_absolute() else REPO_ROOT / folder


def load_config(data_dir: str | Path | None = None, environ=None) -> Config:
    """Read the settings from the environment; ``data_dir`` (a CLI flag) wins."""
    environ = os.environ if environ is None else environ
    folder = Path(data_dir) if data_dir else Path(_raw("data_dir", environ))
    if not folder.is_absolute():
        folder = (Path.cwd() if data_dir else REPO_ROOT) / folder
    return Config(
        data_dir=folder,
        framework_dir=framework_dir(environ),
        anonymity_threshold=parse_threshold(_raw("anonymity_threshold", environ)),
        demo_on_empty=_raw("demo_on_empty", environ) not in {"0", "false", "nei", "no"},
        max_file_mb=_positive("max_file_mb", environ),
        max_rows=_positive("max_rows", environ),
        duckdb_memory=_raw("duckdb_memory", environ),
        driver_min_respondents=_driver_minimum(environ),
        protection_width=protection_width(environ),
    )


def _driver_minimum(environ) -> int:
    value = _raw("driver_min_respondents", environ)
    if not value.isdigit() or int(value) < MIN_DRIVER_RESPONDENTS:
        raise ConfigError(
            t("config_driver_min_invalid", min_driver_respondents=MIN_DRIVER_RESPONDENTS, value=value)
        )
    return int(value)


def protection_width(environ=None) -> float:
    """The protection width in steps of the answer scale (``INNOBARO_PROTECTION_WIDTH``, 0 to 2).

    >>> protection_width({"INNOBARO_PROTECTION_WIDTH": "0,5"})
    0.5
    """
    value = _raw("protection_width", os.environ if environ is None else environ)
    try:
        width = float(value.replace(",", "."))
    except ValueError:
        width = float("nan")
    if not 0 <= width <= MAX_PROTECTION_WIDTH:
        raise ConfigError(t("config_protection_width", most=format(MAX_PROTECTION_WIDTH, "g"), value=value))
    return width
