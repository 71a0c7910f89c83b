"""What every job of the store shares: the folder's layout, its errors and its helpers.

The names of the files and folders, the tables and the keys of their rows, the
errors (:class:`StoreError` and the refusals), staged files (:class:`Staged`),
the named SQL (:func:`sql_text`), the file lists of round-partitioned tables and
the import log's helpers. :class:`analytics.store.folder.Store` and the modules of
its jobs import from here; this module imports only from :mod:`analytics.core`.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analytics.core.framework import framework
from analytics.core.text import t

SQL_DIR = Path(__file__).resolve().parent / "sql"
MANIFEST = "manifest.json"
LOCK = ".lock"
AUDIT = "audit.jsonl"
SETTINGS = "settings.json"
AUDIT_LOCK = ".audit.lock"
TABLES_DIR = "tables"
PAYLOADS_DIR = "payloads"
# The manifest's layout: 1 = one flat file per table, 2 = Hive-style folders.
LAYOUT = 2

# Base tables and the key columns that identify a row (used by upserts).
BASE_TABLES = {
    "responses": ("round", "group", "respondent_id", "item_id"),
    "projects": ("project_id",),
    "assessments": ("project_id", "assessed_on", "assessor_role"),
    "phases": ("project_id", "phase", "started_on"),
    "actors": ("project_id", "phase", "actor"),
    "outcomes": ("project_id", "criterion"),
    "events": ("event_id",),
    "event_plan": ("year", "instrument"),
    "actions": ("action_id",),
    "invited": ("round", "unit", "group"),
    "benchmarks": ("source", "year", "scope", "group", "measure", "municipality"),
    # Remembered import mappings (data the analyst edits, not replayed payloads).
    "header_map": ("form", "header"),
    "unit_map": ("alias", "valid_from"),
    # Meetings leadership composed for Møtemodus (analytics.present.meeting).
    "meetings": ("meeting_id",),
}
# Derived table -> the base tables it is computed from (SQL in sql/<name>.sql).
# The SQL computes each round from that round's rows alone, so that one round
# can be refreshed without the others.
DERIVED_TABLES = {"agg_culture": ("responses",)}
# Tables stored as one folder per round. A derived one is computed round by
# round from its (partitioned) source, so one round can be refreshed alone.
PARTITION_COLUMN = "round"
PARTITIONED_TABLES = ("responses", "agg_culture")
# Text columns with at most this many distinct values are written as an ENUM (:func:`enum_type`);
# with more, casting each value costs more than the ENUM saves.
MAX_ENUM_VALUES = 1_000
# Characters Hive and Spark write as %XX in a partition folder's name.
_HIVE_ESCAPED = frozenset("\"#%'*/:=?\\{[]^\x7f") | {chr(code) for code in range(1, 32)}

# compute(name, tables) -> a derived table for every round, from the tables
# named by a manifest's "tables" (a full refresh with another engine).
Compute = Callable[[str, dict], pd.DataFrame]


PUBLISHED, WITHDRAWN = "published", "withdrawn"


class StoreError(RuntimeError):
    """The data folder cannot be read or written; the message is in bokmål."""


class PublishedChangeRefused(StoreError):
    """A change would let readers of a published round work out a small group's answers."""


class RetiredRoundRefused(PublishedChangeRefused):
    """A change would put answers into a round whose raw answers were deleted (its figures are frozen)."""


# What a query over a file raises (a CSV DuckDB cannot read as declared, for one).
QueryError = duckdb.Error


@dataclass(frozen=True)
class Staged:
    """Rows in a Parquet file, never held in memory at once.

    An import's validated answers and the replayed ``responses`` table travel as
    a staged file from the importer to :meth:`Store.commit`, which copies or
    splits it into the data folder. A staged file is written outside the data
    folder (:func:`_staged`; its temporary folder is removed when the object is
    no longer used); the replay of a single import is that import's own file.
    """

    path: Path
    rows: int

    def __len__(self) -> int:
        return self.rows

    @property
    def empty(self) -> bool:
        return self.rows == 0

    def to_frame(self) -> pd.DataFrame:
        """All rows as a frame (for small tables and tests)."""
        return pd.read_parquet(self.path)

    def head(self, rows: int) -> pd.DataFrame:
        """The first ``rows`` rows as a frame."""
        import pyarrow.parquet as pq

        batch = next(pq.ParquetFile(self.path).iter_batches(batch_size=max(rows, 1)), None)
        if batch is None:
            return pq.read_schema(self.path).empty_table().to_pandas()
        return batch.to_pandas().head(rows)


TEMPORARY_PREFIX = "innovasjonsbarometeret-"


def temporary_folder(kind: str) -> Path:
    """A new folder in the system's temporary folder for an import's ``kind`` of files.

    Its name carries this process's id. The caller removes it when done; folders
    left by a process that no longer runs (killed in the middle of an import) are
    removed here, so a crash does not leave a staged copy of a large file behind.
    """
    root = Path(tempfile.gettempdir())
    for folder in root.glob(f"{TEMPORARY_PREFIX}*-p*-*"):
        pid = folder.name.rsplit("-p", 1)[-1].split("-", 1)[0]
        if pid.isdigit() and not _process_runs(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{TEMPORARY_PREFIX}{kind}-p{os.getpid()}-"))


def _process_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: it runs
        return True
    return True


def _staged(write: Callable[[Path], int]) -> Staged:
    """A new staged file written by ``write(path)``, which returns its row count."""
    folder = temporary_folder("staging")
    try:
        path = folder / "rows.parquet"
        staged = Staged(path, int(write(path)))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    weakref.finalize(staged, shutil.rmtree, folder, True)
    return staged


def codebook_frame() -> pd.DataFrame:
    """The codebook as the SQL sees it: one row per statement, ``item_id`` and ``indicator``."""
    return pd.DataFrame(
        [(i.item_id, i.indicator) for i in framework().items], columns=["item_id", "indicator"]
    )


def partition_folder(label: str) -> str:
    """The Hive-style folder name of one round.

    >>> partition_folder("2024")
    'round=2024'
    >>> partition_folder("2024/25 vår")
    'round=2024%2F25 vår'
    """
    escaped = "".join(f"%{ord(char):02X}" if char in _HIVE_ESCAPED else char for char in label)
    return f"{PARTITION_COLUMN}={escaped}"


def enum_type(values) -> str | None:
    """A DuckDB ENUM type (as SQL) of the distinct text ``values``; None when there are none or
    more than :data:`MAX_ENUM_VALUES`.

    A text column cast to such a type is written to Parquet as the same dictionary-encoded
    strings as before (readers see text), but DuckDB writes it from the enum's codes instead
    of hashing every value: staging 10 M answers took half the time.
    """
    labels = sorted({value for value in values if isinstance(value, str)})
    if not labels or len(labels) > MAX_ENUM_VALUES or any("\x00" in label for label in labels):
        return None
    return "ENUM(" + ", ".join("'" + label.replace("'", "''") + "'" for label in labels) + ")"


def strategy_params() -> dict:
    """The strategy's scale and counts, as parameters of the derived tables' SQL."""
    fw = framework()
    return {
        "scale_values": list(fw.scale_values),
        "agree_values": list(fw.agree_values),
        "disagree_values": list(fw.disagree_values),
        "indicator_count": len(fw.indicator_ids),
    }


def _is_file_list(rel_path: str) -> bool:
    return rel_path.endswith(".json")


@functools.lru_cache(maxsize=256)
def _read_file_list(path: Path) -> dict:
    # Safe to cache: a file list, like every file of a table, is never changed.
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise StoreError(t("store_file_unreadable", path=path)) from exc


def _data_paths(value) -> set[str]:
    """Every string in ``value`` (a manifest or a file list) that names a data file."""
    if isinstance(value, dict):
        return set().union(*map(_data_paths, value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*map(_data_paths, value)) if value else set()
    if isinstance(value, str) and value.startswith((f"{TABLES_DIR}/", f"{PAYLOADS_DIR}/")):
        return {value}
    return set()


def named_files(data_dir: Path, manifest: dict) -> list[str]:
    """The files of a data folder that ``manifest`` names, directly or through a table's file list."""
    named = _data_paths(manifest)
    for rel_path in sorted(named):
        if _is_file_list(rel_path):
            named |= _data_paths(_read_file_list(data_dir / rel_path))
    return sorted(named)


def sql_text(name: str) -> str:
    """The text of the named query ``sql/<name>.sql``."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def undone_ids(manifest: dict) -> set[int]:
    """Ids of imports that a later record undid or replaced."""
    return {undone for rec in manifest["imports"] for undone in rec.get("undoes", ())}


def active_imports(manifest: dict) -> list[dict]:
    """The import records whose payloads make up the current data, oldest first."""
    undone = undone_ids(manifest)
    return [rec for rec in manifest["imports"] if "payload" in rec and rec.get("id") not in undone]
