"""The one module that owns the data: Parquet files, a manifest, DuckDB queries.

Layout of a data folder (Hive-style, so that DuckDB, Spark or Trino can read
the tables directly, also from object storage)::

    manifest.json                      which files hold each table now, the import log, and
                                       which survey rounds are published
    tables/responses/round=2024/part-<random>.parquet
    tables/responses/_files-<random>.json     the table's current files, one per round
    tables/agg_culture/round=2024/part-<random>.parquet
    tables/projects/part-<random>.parquet     tables without rounds: one file
    payloads/<table>-<random>.parquet  each import's own validated rows
    .lock                              taken while a commit runs (one writer at a time)
    audit.jsonl                        the audit trail: one JSON object a line, only ever appended
    settings.json                      settings changed in the app (threshold, targets)
    .audit.lock                        taken while the audit trail or the settings are written

Tables with a ``round`` column (:data:`PARTITIONED_TABLES`) are split into
one folder per round; the partition files hold every column but ``round``,
which is the folder's name (special characters escaped as ``%XX``, as Hive
does). A table's file list (``_files-*.json``; names starting with ``_`` are
skipped by Hive-style readers) names the current file of each round with a
fingerprint of its rows. A commit writes only the rounds whose rows changed
and reuses the other rounds' files, and derived tables are recomputed only
for the rounds whose source rows changed. A folder written in the older flat
layout (``tables/<table>-<random>.parquet``) is read as it is; each table is
rewritten in the new layout the next time it changes.

Every file is written once under a new name and never changed. A commit
writes its new files, then replaces ``manifest.json`` in one atomic rename.
Readers that opened an older manifest keep reading its (unchanged) files, so
the app, a CLI import and several app processes can share one folder. A commit
that fails removes the files it wrote and leaves the folder as it was. Since
old files stay, an engine reading a table's folder must take the file list
from the manifest (:meth:`Store.table_files`), not every file below it.

DuckDB runs in memory over the Parquet files; each query gets its own cursor
because one DuckDB connection cannot serve two threads at once.

Derived tables (``agg_*``) are small pre-aggregated results, refreshed inside
the same commit as the tables they are computed from, so pages never
recompute raw answers.

Publication: a survey round reaches readers only once it is published.
:meth:`Store.query`, the reading API every page, report and CLI command goes
through, sees the published rounds only; the import pages ask for the rest.
The manifest's ``published`` section holds each round's state and the
versions of it readers have seen (its responses file then, never changed
afterwards). A commit that would show readers a new version of a published
round first checks the difference against every version they have seen
(:mod:`analytics.store.publication`) and is refused, with nothing written, when it
would reveal a small group. Publishing a withdrawn round again is checked the
same way.

History and undo: every import keeps its validated rows (its *payload*) as
its own immutable files under ``payloads/``, referenced from its record in the
manifest's ``imports`` log. The current data tables are the replay of the
active payloads in import order (``analytics.ingest.history``; the answers
are replayed by DuckDB over the payload files into a :class:`Staged` file,
which a commit splits by round with DuckDB, so millions of answers never pass
through pandas), so undoing an import is one more commit: a record that names the undone import, and the
tables replayed without it. Nothing is ever deleted, so an undo is exact and
the log tells who did what and when.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
import uuid
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from analytics.core.config import load_config
from analytics.core.framework import framework
from analytics.core.schema import conform, sql_columns
from analytics.core.text import t
from analytics.store import publication, settings

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
# Rounds written or refreshed side by side in a commit. One round's DuckDB work leaves a
# core idle part of the time (its steps that run on one thread); two rounds at once keep
# a two-core server busy: the refresh of eight rounds of 10 M answers took 3.1-3.6 s
# instead of 4.2-4.4 s, for about 200 MB more memory at the peak.
ROUNDS_AT_ONCE = 2
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


def _staged_view(cur, name: str, staged: Staged):
    """View "staged": the columns of table ``name`` (with their stored types) in a staged file."""
    relation = cur.sql(
        f"SELECT {sql_columns(name)} FROM read_parquet($path)", params={"path": str(staged.path)}
    )
    relation.create_view("staged")
    return relation


def _as_enums(cur, relation, label: str) -> None:
    """View "staged" again: ``relation`` with each text column that has few values in round
    ``label`` cast to an ENUM of them (written faster; see :func:`enum_type`)."""
    texts = [
        column
        for column, kind in zip(relation.columns, relation.types, strict=True)
        if kind == duckdb.sqltype("VARCHAR") and column != PARTITION_COLUMN
    ]
    if not texts:
        return
    listed = ", ".join(
        f'CASE WHEN count(DISTINCT "{c}") <= {MAX_ENUM_VALUES} THEN list(DISTINCT "{c}") END' for c in texts
    )
    found = cur.execute(
        f"SELECT {listed} FROM staged WHERE {PARTITION_COLUMN} = $round", {"round": label}
    ).fetchall()[0]
    types = {c: enum_type(values or ()) for c, values in zip(texts, found, strict=True)}
    columns = [f'"{c}"::{types[c]} AS "{c}"' if types.get(c) else f'"{c}"' for c in relation.columns]
    relation.project(", ".join(columns)).create_view("staged", replace=True)


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


def _per_round(work: Callable[[str], object], labels: list[str]) -> list:
    """``work(label)`` for every round, :data:`ROUNDS_AT_ONCE` at a time; the results in order.

    ``work`` runs in worker threads (DuckDB and the file writes release Python's
    lock). When one round fails, the rounds not yet started are dropped and the
    error is raised once the running ones have ended, so a commit's rollback
    sees every file they wrote.
    """
    if len(labels) < 2:
        return [work(label) for label in labels]
    with ThreadPoolExecutor(ROUNDS_AT_ONCE, thread_name_prefix="round") as pool:
        futures = [pool.submit(work, label) for label in labels]
        try:
            return [future.result() for future in futures]
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


def _derivation_basis(name: str) -> str:
    """What a derived table depends on besides its source rows: its SQL, the codebook
    and the strategy's parameters (answer scale, agree values, number of indicators).

    Computed afresh each time (it is cheap), so an edited codebook, strategy or SQL
    file makes every round's aggregate stale at the next refresh.
    """
    codebook = codebook_frame().to_csv(index=False)
    params = json.dumps(strategy_params(), sort_keys=True)
    return _fingerprint(sql_text(name), codebook, params)


@dataclass
class Part:
    """One round of a partitioned table: rows to write, or an existing file to reuse."""

    fingerprint: str
    rows: int
    frame: pd.DataFrame | None = None  # without the round column
    path: str | None = None
    staged: Staged | None = None  # the round's rows are in this staged file, with the round column


@dataclass
class Partitioned:
    """A round-partitioned table ready to be written."""

    schema: pd.DataFrame  # no rows; every column with its dtype
    parts: dict[str, Part]


# Respondents and answers of a round's responses file, by the file's path (files never change).
_ROUND_COUNTS: dict[str, tuple[int, int]] = {}


class Store:
    """A data folder: read tables, run named queries, commit changes atomically.

    ``Store(folder).query("culture_cells")`` runs
    ``sql/culture_cells.sql`` over the folder's current tables.
    """

    def __init__(self, data_dir: Path | str, lock_timeout: float = 30.0, memory_limit: str | None = None):
        self.data_dir = Path(data_dir)
        self.lock_timeout = lock_timeout
        # A memory cap keeps a large import's aggregate refresh beside the app on one
        # machine; past it DuckDB spills to the system's temporary folder.
        memory = memory_limit or load_config().duckdb_memory
        spill = Path(tempfile.gettempdir()) / "innovasjonsbarometeret-duckdb"
        try:
            self._con = duckdb.connect(
                ":memory:", config={"memory_limit": memory, "temp_directory": str(spill)}
            )
        except duckdb.Error as exc:
            raise StoreError(t("store_duckdb_memory_invalid", memory=memory, exc=exc)) from exc
        self._con_lock = threading.Lock()
        # The database every cursor starts in; each cursor's views go to a catalog of its own.
        self._main_catalog = self._con.execute("SELECT current_database()").fetchone()[0]
        self._manifest_cache: tuple[tuple[int, int, int], str] | None = None

    # ------------------------------------------------------------------ staging
    @contextmanager
    def scratch(self):
        """A DuckDB cursor under the store's memory cap, with a catalog of its own.

        Cursors share one database, so views created in its main schema would be
        shared by every thread: two sessions' queries would replace each other's
        views (one could read the other's rounds) or fail on the conflict. Each
        cursor's views live in an in-memory catalog of its own, dropped at the end.
        """
        catalog = f"scratch_{uuid.uuid4().hex}"
        with self._con_lock:
            cur = self._con.cursor()
        try:
            cur.execute(f"ATTACH ':memory:' AS {catalog}")
            cur.execute(f"USE {catalog}")
            yield cur
        finally:
            try:
                cur.execute(f"USE {self._main_catalog}")
                cur.execute(f"DETACH DATABASE IF EXISTS {catalog}")
            finally:
                cur.close()

    def stage(self, cur, sql: str, params: dict | None = None) -> Staged:
        """Write the rows of query ``sql`` (run on ``cur``) to a new staged Parquet file."""

        def copy(path: Path) -> int:
            copy_sql = f"COPY ({sql}) TO $staged_path (FORMAT parquet, COMPRESSION zstd)"
            return cur.execute(copy_sql, {**(params or {}), "staged_path": str(path)}).fetchall()[0][0]

        return _staged(copy)

    def stage_frame(self, frame: pd.DataFrame) -> Staged:
        """``frame`` as a staged Parquet file."""

        def write(path: Path) -> int:
            frame.to_parquet(path, index=False)
            return len(frame)

        return _staged(write)

    # ------------------------------------------------------------------ reading
    def manifest(self) -> dict:
        """The current manifest (an empty one when the folder has no data).

        A page run asks for it several times: the parsed file is kept while the
        file on disk is the same one (a commit replaces it by renaming a new file
        over it, so its inode, size or time changes), and each caller gets its own
        copy to change.
        """
        path = self.data_dir / MANIFEST
        try:
            stat = path.stat()
            stamp = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
            cached = self._manifest_cache
            if cached is None or cached[0] != stamp:
                cached = (stamp, path.read_text(encoding="utf-8"))
                self._manifest_cache = cached
            manifest = json.loads(cached[1])
        except FileNotFoundError:
            return {"version": 0, "tables": {}, "imports": []}
        except (OSError, json.JSONDecodeError) as exc:
            raise StoreError(t("store_folder_unreadable", path=path, exc=exc)) from exc
        if manifest.get("layout", 1) > LAYOUT:
            raise StoreError(
                t("store_newer_layout", data_dir=self.data_dir, layout=manifest["layout"], known=LAYOUT)
            )
        return manifest

    def has_data(self) -> bool:
        return bool(self.manifest()["tables"])

    def version(self) -> int:
        return int(self.manifest()["version"])

    def is_demo(self) -> bool:
        """True when the data in the folder came from the demo generator."""
        manifest = self.manifest()
        undone = undone_ids(manifest)
        return any(rec.get("kind") == "demo" and rec.get("id") not in undone for rec in manifest["imports"])

    def threshold(self) -> int:
        """The anonymity threshold in force for this folder (an admin's saved value wins).

        The one place it is worked out: the pages, the CLI and the reports take it from here.
        """
        return settings.effective(load_config(self.data_dir), self.settings()).anonymity_threshold

    def thresholds(self, manifest: dict | None = None) -> tuple[int, tuple[tuple[str, int], ...]]:
        """The threshold in force and each published round's own (as readers see it), hashable."""
        return self.threshold(), tuple(sorted(self.shown_thresholds(manifest).items()))

    def publication(self, manifest: dict | None = None) -> dict[str, dict]:
        """Each round's publication: ``{round: {"state": "published" | "withdrawn", "seen": [...]}}``.

        ``seen`` lists the versions of the round readers have seen (``version``,
        ``fingerprint`` and ``path`` of its responses file). A folder written
        before rounds were published has no such section: readers have seen
        all of its rounds, so they count as published, in their current version.
        """
        manifest = manifest or self.manifest()
        if "published" in manifest:
            return manifest["published"]
        rel_path = manifest["tables"].get("responses")
        if rel_path is not None and not _is_file_list(rel_path):
            # An older flat table has no file per round to compare a later version with.
            return {label: {"state": PUBLISHED, "seen": []} for label in self._round_labels(manifest)}
        parts = self._parts_of(rel_path)
        return {
            label: {
                "state": PUBLISHED,
                "seen": [
                    {"version": manifest["version"], "fingerprint": p["fingerprint"], "path": p["path"]}
                ],
            }
            for label, p in parts.items()
        }

    def published_rounds(self, manifest: dict | None = None) -> list[str]:
        """The survey rounds readers see, in order."""
        states = self.publication(manifest)
        return sorted(label for label, entry in states.items() if entry["state"] == PUBLISHED)

    def has_published_survey(self, manifest: dict | None = None) -> bool:
        """True when readers see at least one survey round with answers."""
        manifest = manifest or self.manifest()
        rel_path = manifest["tables"].get("responses")
        if rel_path is None:
            return False
        if not _is_file_list(rel_path):
            return bool(self.published_rounds(manifest))
        return bool(set(self._parts_of(rel_path)) & set(self.published_rounds(manifest)))

    def rounds(self) -> list[dict]:
        """Every survey round with its answers and publication, for the import pages and the CLI.

        ``round``, ``respondents``, ``answers``, ``published`` (readers see it),
        ``withdrawn`` (it was published and taken back), ``answers_deleted`` (its raw
        answers were deleted by :mod:`analytics.store.retention`; its figures stay, frozen).
        """
        manifest = self.manifest()
        if "responses" not in manifest["tables"]:
            return []
        states = self.publication(manifest)
        retired = manifest.get("retired", {})
        counts = self._round_counts(manifest)
        counts.update({label: (entry["respondents"], entry["answers"]) for label, entry in retired.items()})
        return [
            {
                "round": label,
                "respondents": respondents,
                "answers": answers,
                "published": states.get(label, {}).get("state") == PUBLISHED,
                "withdrawn": states.get(label, {}).get("state") == WITHDRAWN,
                "answers_deleted": label in retired,
            }
            for label, (respondents, answers) in sorted(counts.items())
        ]

    def _round_counts(self, manifest: dict) -> dict[str, tuple[int, int]]:
        """Respondents and answers of each round. A round's file never changes, so its
        counts are taken once per process (the import pages show them on every run)."""
        parts = self._parts_of(manifest["tables"]["responses"])
        if not parts:  # one flat file, from an older version
            counts = self.query("round_counts", manifest=manifest, include_unpublished=True)
            return {label: (int(r), int(a)) for label, r, a in counts.itertuples(index=False)}
        found = {}
        for label, part in parts.items():
            path = str((self.data_dir / part["path"]).resolve())
            if path not in _ROUND_COUNTS:
                with self.scratch() as cur:
                    row = cur.execute(sql_text("partition_counts"), {"path": path}).fetchall()[0]
                _ROUND_COUNTS[path] = (int(row[0]), int(row[1]))
            found[label] = _ROUND_COUNTS[path]
        return found

    def publish(self, label: str, who: str) -> dict | None:
        """Publish survey round ``label`` to readers; None when it already is.

        Refused (:class:`PublishedChangeRefused`) when readers saw another
        version of the round before it was withdrawn and the difference would
        reveal a small group.
        """
        return self._set_publication(label, PUBLISHED, who)

    def withdraw(self, label: str, who: str) -> dict | None:
        """Take survey round ``label`` away from readers; None when it is not published."""
        return self._set_publication(label, WITHDRAWN, who)

    def _set_publication(self, label: str, state: str, who: str) -> dict | None:
        manifest = self.manifest()
        known = sorted(self._round_labels(manifest))
        if label not in known:
            listed = ", ".join(f"«{r}»" for r in known) or t("publish_no_rounds")
            raise StoreError(t("publish_unknown_round", round=label, rounds=listed))
        if (self.publication(manifest).get(label, {}).get("state") == PUBLISHED) == (state == PUBLISHED):
            return None
        changes = {}
        if state == PUBLISHED and not _is_file_list(manifest["tables"]["responses"]):
            # An older flat table is split by round, so the version readers see has a file of its own.
            changes["responses"] = self.table("responses", manifest)
        kind = "publish" if state == PUBLISHED else "withdraw"
        new = self.commit(changes, {"kind": kind, "round": label, "who": who}, publication={label: state})
        self.append_audit(who, kind, t(f"audit_{kind}_detail", round=label, version=new["version"]))
        return new["imports"][-1]

    def _round_labels(self, manifest: dict) -> set[str]:
        rel_path = manifest["tables"].get("responses")
        if rel_path is None:
            return set()
        if _is_file_list(rel_path):
            return set(self._parts_of(rel_path))
        return set(self.table("responses", manifest)[PARTITION_COLUMN].astype(str))

    def payload(self, record: dict, name: str) -> pd.DataFrame | None:
        """Table ``name`` of an import's payload (None when it has none)."""
        rel_path = record.get("payload", {}).get(name)
        return None if rel_path is None else self._read_parquet(rel_path)

    def _read_parquet(self, rel_path: str) -> pd.DataFrame:
        try:
            return pd.read_parquet(self.data_dir / rel_path)
        except OSError as exc:
            raise self._unreadable(rel_path) from exc

    def _unreadable(self, rel_path: str) -> StoreError:
        """A file the manifest names is gone or unreadable (someone changed the folder by hand)."""
        return StoreError(t("store_file_unreadable", path=self.data_dir / rel_path))

    def _file_list(self, rel_path: str) -> dict:
        return _read_file_list(self.data_dir / rel_path)

    def table_files(self, name: str, manifest: dict | None = None, rounds=None) -> dict:
        """Where table ``name``'s current rows are: for engines that read the Parquet files themselves.

        Returns ``{"base": folder, "files": [...], "schema": file, "partition_by": column or None}``
        with paths relative to the data folder. ``files`` are the current files only
        (older versions stay in the same folders for readers of older manifests);
        ``rounds`` keeps only those rounds' files.
        """
        manifest = manifest or self.manifest()
        rel_path = manifest["tables"][name]
        if not _is_file_list(rel_path):
            return {
                "base": str(Path(rel_path).parent),
                "files": [rel_path],
                "schema": rel_path,
                "partition_by": None,
            }
        listing = self._file_list(rel_path)
        return {
            "base": str(Path(rel_path).parent),
            "files": [p["path"] for p in listing["parts"] if rounds is None or p["round"] in rounds],
            "schema": listing["schema"],
            "partition_by": PARTITION_COLUMN,
        }

    def _relation(self, cur: duckdb.DuckDBPyConnection, name: str, manifest: dict, rounds=None):
        located = self.table_files(name, manifest, rounds)
        if located["partition_by"] is None and rounds is not None and name in PARTITIONED_TABLES:
            # An older flat table holds every round in one file: keep the rows of ``rounds``.
            flat = cur.read_parquet(str(self.data_dir / located["schema"]))
            wanted = duckdb.ColumnExpression(PARTITION_COLUMN).cast(duckdb.sqltype("VARCHAR"))
            return (
                flat.filter(wanted.isin(*map(duckdb.ConstantExpression, rounds))) if rounds else flat.limit(0)
            )
        if located["partition_by"] is None or not located["files"]:
            return cur.read_parquet(str(self.data_dir / located["schema"]))
        files = [str(self.data_dir / f) for f in located["files"]]
        return cur.sql(sql_text("read_partitions"), params={"files": files})

    @contextmanager
    def _reading(self, manifest: dict, rounds=None):
        """A cursor with a view of each table of ``manifest`` (only ``rounds``, when given)."""
        with self.scratch() as cur:
            for name in manifest["tables"]:
                try:
                    self._relation(cur, name, manifest, rounds).create_view(name)
                except (duckdb.IOException, OSError) as exc:
                    raise self._unreadable(manifest["tables"][name]) from exc
            cur.from_df(codebook_frame()).create_view("codebook")
            yield cur

    def query(
        self,
        name: str,
        params: dict | None = None,
        manifest: dict | None = None,
        include_unpublished: bool = False,
    ) -> pd.DataFrame:
        """Run the named query ``sql/<name>.sql`` with ``$name`` parameters.

        The query sees what readers see: the published survey rounds only.
        ``include_unpublished`` (the import pages, ``summary --include-unpublished``)
        adds the rounds that are not published.
        """
        sql_file = SQL_DIR / f"{name}.sql"
        if not sql_file.is_file():
            raise StoreError(t("store_unknown_query", name=name))
        manifest = manifest or self.manifest()
        rounds = None if include_unpublished else self.published_rounds(manifest)
        with self._reading(manifest, rounds) as cur:
            try:
                return cur.execute(sql_file.read_text(encoding="utf-8"), params or {}).df()
            except duckdb.BinderException as exc:
                # A stored aggregate from an older release lacks today's columns until it is recomputed.
                raise StoreError(t("store_aggregate_outdated", data_dir=self.data_dir)) from exc

    def table(self, name: str, manifest: dict | None = None) -> pd.DataFrame:
        """A whole table (empty frame when it does not exist yet)."""
        manifest = manifest or self.manifest()
        rel_path = manifest["tables"].get(name)
        if rel_path is None:
            return pd.DataFrame()
        if not _is_file_list(rel_path):
            return self._read_parquet(rel_path)
        listing = self._file_list(rel_path)
        schema = self._read_parquet(listing["schema"])
        dtype = schema[PARTITION_COLUMN].dtype
        parts = []
        for part in listing["parts"]:
            frame = self._read_parquet(part["path"])
            frame[PARTITION_COLUMN] = pd.Series(part["round"], index=frame.index, dtype=dtype)
            # A round written by DuckDB from a staged file carries no pandas dtypes.
            parts.append(frame[schema.columns].astype(schema.dtypes.to_dict()))
        return pd.concat([schema, *parts], ignore_index=True) if parts else schema

    # ------------------------------------------------------------------ writing
    @contextmanager
    def _writer_lock(self, name: str = LOCK):
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            handle = open(self.data_dir / name, "a")  # noqa: SIM115 - closed by the with below
        except OSError as exc:
            raise StoreError(t("store_not_writable", data_dir=self.data_dir)) from exc
        with handle:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(t("store_import_in_progress")) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _folder(self, rel_path: str, written: list[Path]) -> Path:
        """The folder ``rel_path`` below the data folder, created (and noted) as needed."""
        folder = self.data_dir
        for name in Path(rel_path).parts:
            folder = folder / name
            if not folder.is_dir():
                folder.mkdir()
                written.append(folder)
        return folder

    def _write_file(self, rel_folder: str, stem: str, suffix: str, write, written: list[Path]) -> str:
        """Write one immutable file via a temporary name; returns its path relative to the data folder."""
        folder = self._folder(rel_folder, written)
        token = uuid.uuid4().hex[:12]
        tmp = folder / f".{stem}-{token}.tmp"
        final = folder / f"{stem}-{token}{suffix}"
        written.append(tmp)
        write(tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, final)
        written.append(final)
        return f"{rel_folder}/{final.name}"

    def _write_parquet(
        self, rel_folder: str, stem: str, frame: pd.DataFrame | Staged, written: list[Path]
    ) -> str:
        if isinstance(frame, Staged):
            return self._write_file(
                rel_folder, stem, ".parquet", lambda path: shutil.copyfile(frame.path, path), written
            )
        return self._write_file(
            rel_folder, stem, ".parquet", lambda path: frame.to_parquet(path, index=False), written
        )

    def _write_round(
        self, name: str, rel_folder: str, staged: Staged, label: str, written: list[Path]
    ) -> str:
        """One round of staged table ``name``, without its round column, as a partition file."""

        def copy(path: Path) -> None:
            with self.scratch() as cur:
                _as_enums(cur, _staged_view(cur, name, staged), label)
                cur.execute(sql_text("copy_round"), {"round": label, "target": str(path)})

        return self._write_file(rel_folder, "part", ".parquet", copy, written)

    def _write_table(
        self, name: str, frame: pd.DataFrame | Partitioned, written: list[Path], folder: str = TABLES_DIR
    ) -> str:
        """Write a table (or an import's payload table); returns what the manifest names it by."""
        if folder != TABLES_DIR:
            return self._write_parquet(folder, name, frame, written)
        if not isinstance(frame, Partitioned):
            return self._write_parquet(f"{folder}/{name}", "part", frame, written)
        table_dir = f"{folder}/{name}"
        self._folder(table_dir, written)  # made once, before the rounds' folders are made side by side

        def write(label: str) -> str:
            part = frame.parts[label]
            folder_of_round = f"{table_dir}/{partition_folder(label)}"
            if part.path:
                return part.path
            if part.staged is not None:
                return self._write_round(name, folder_of_round, part.staged, label, written)
            return self._write_parquet(folder_of_round, "part", part.frame, written)

        labels = list(frame.parts)
        parts = [
            {"round": label, "path": path, "rows": part.rows, "fingerprint": part.fingerprint}
            for label, path, part in zip(labels, _per_round(write, labels), frame.parts.values(), strict=True)
        ]
        listing = {
            "table": name,
            "partition_by": PARTITION_COLUMN,
            "schema": self._write_parquet(table_dir, "_schema", frame.schema, written),
            "parts": parts,
        }

        def dump(path: Path) -> None:
            path.write_text(json.dumps(listing, ensure_ascii=False, indent=1), encoding="utf-8")

        return self._write_file(table_dir, "_files", ".json", dump, written)

    def _parts_of(self, rel_path: str | None) -> dict[str, dict]:
        if rel_path is None or not _is_file_list(rel_path):
            return {}
        return {part["round"]: part for part in self._file_list(rel_path)["parts"]}

    def stale_aggregates(self, manifest: dict | None = None) -> dict[str, list[str]]:
        """Each derived table's rounds that are not computed from the current rows, SQL and codebook.

        Empty when every aggregate is current; a stale round needs ``refresh``
        (after an edited codebook or strategy, for one).
        """
        manifest = manifest or self.manifest()
        tables = manifest["tables"]
        stale = {}
        for name, (source,) in DERIVED_TABLES.items():
            if source not in tables or not _is_file_list(tables[source]):
                continue
            basis = _derivation_basis(name)
            have = self._parts_of(tables.get(name))
            rounds = [
                label
                for label, part in self._parts_of(tables[source]).items()
                if have.get(label, {}).get("fingerprint") != _fingerprint(basis, part["fingerprint"])
            ]
            if rounds:
                stale[name] = sorted(rounds)
        return stale

    def _partition(self, name: str, frame: pd.DataFrame | Staged, previous: str | None) -> Partitioned:
        """Split ``frame`` by round; a round whose rows are unchanged reuses its current file.

        A staged table (an import's replayed answers) is read and split by DuckDB,
        never loaded as a whole.
        """
        staged = frame if isinstance(frame, Staged) else None
        with self.scratch() as cur:
            if staged is not None:
                relation = _staged_view(cur, name, staged)
                schema = conform(name, pd.DataFrame())
            else:
                relation = cur.from_df(frame)
                schema = frame.head(0)
            relation.create_view("frame")
            if (
                PARTITION_COLUMN not in relation.columns
                or cur.execute(f"SELECT count(*) FROM frame WHERE {PARTITION_COLUMN} IS NULL").fetchall()[0][
                    0
                ]
            ):
                raise StoreError(t("store_round_missing", table=name, column=PARTITION_COLUMN))
            sums = cur.execute(sql_text("partition_fingerprints")).fetchall()
        columns = json.dumps([[c, str(t)] for c, t in schema.dtypes.items()])
        old = self._parts_of(previous)
        positions = {} if staged is not None else frame.groupby(PARTITION_COLUMN, sort=False).indices
        parts = {}
        for label, rows, row_hash in sorted(sums):
            fingerprint = _fingerprint(columns, row_hash)
            if label in old and old[label]["fingerprint"] == fingerprint:
                parts[label] = Part(fingerprint, rows, path=old[label]["path"])
            elif staged is not None:
                parts[label] = Part(fingerprint, rows, staged=staged)
            else:
                rows_of_round = frame.take(positions[label]).drop(columns=PARTITION_COLUMN)
                parts[label] = Part(fingerprint, rows, frame=rows_of_round)
        return Partitioned(schema, parts)

    def _derive(self, name: str, manifest_tables: dict[str, str], rounds=None) -> pd.DataFrame:
        """Derived table ``name`` computed with DuckDB from its sources (only ``rounds``, when given)."""
        sources = {source: manifest_tables[source] for source in DERIVED_TABLES[name]}
        with self._reading({"tables": sources}, rounds) as cur:
            return cur.execute(sql_text(name), strategy_params()).df()

    def _derive_rounds(self, name: str, tables: dict[str, str], rounds: list[str] | None) -> pd.DataFrame:
        """Derived table ``name`` for ``rounds`` (None: every round of an older flat source table).

        Round by round (:data:`ROUNDS_AT_ONCE` at a time): each round's aggregate needs only
        that round's rows, and a round's intermediate tables fit in DuckDB's memory cap where
        all rounds' would spill.
        """
        if not rounds:
            return self._derive(name, tables, rounds)
        derived = _per_round(lambda label: self._derive(name, tables, [label]), rounds)
        return pd.concat(derived, ignore_index=True)

    def _refresh(
        self,
        name: str,
        previous: str | None,
        tables: dict[str, str],
        compute: Compute | None,
        retired: frozenset[str] = frozenset(),
    ) -> tuple[Partitioned, list[str], int]:
        """Derived table ``name`` for the data in ``tables``, recomputing only the rounds that changed.

        An aggregate file is reused when it was computed by the same SQL and
        codebook from a round whose rows have the same fingerprint. ``compute``
        (another engine) recomputes every round instead. A ``retired`` round (its raw
        answers deleted) keeps the aggregate it had: there is nothing to recompute it from.
        """
        (source,) = DERIVED_TABLES[name]
        basis = _derivation_basis(name)
        wanted = {
            label: _fingerprint(basis, part["fingerprint"])
            for label, part in self._parts_of(tables[source]).items()
        }
        before = self._parts_of(previous)
        old = {} if compute else before
        kept = {
            label: old[label]
            for label, fp in wanted.items()
            if label in old and old[label]["fingerprint"] == fp
        }
        kept.update({label: before[label] for label in retired if label in before})
        stale = sorted(set(wanted) - set(kept)) if _is_file_list(tables[source]) else None
        fresh = compute(name, tables) if compute else self._derive_rounds(name, tables, stale)
        parts = {
            label: Part(part["fingerprint"], part["rows"], path=part["path"]) for label, part in kept.items()
        }
        for label, positions in fresh.groupby(PARTITION_COLUMN, sort=False).indices.items():
            rows = fresh.take(positions).drop(columns=PARTITION_COLUMN)
            # A round without a fingerprint (an older flat source table) is never reused.
            parts[label] = Part(wanted.get(label, ""), len(rows), frame=rows)
        # Rounds whose aggregate changed: recomputed, or gone with the last of their answers.
        refreshed = sorted(
            set(fresh[PARTITION_COLUMN]) | set(stale or ()) | (set(old) - set(wanted) - set(retired))
        )
        # An empty result has no dtypes to speak of: keep the reused files' schema then.
        schema = fresh.head(0)
        if fresh.empty and kept:
            schema = pd.read_parquet(self.data_dir / self._file_list(previous)["schema"])
        ordered = Partitioned(schema, {label: parts[label] for label in sorted(parts)})
        return ordered, refreshed, len(kept)

    def commit(
        self,
        changes,
        record: dict,
        payload: dict[str, pd.DataFrame] | None = None,
        recompute: Compute | None = None,
        publication: dict[str, str] | None = None,
        invented: bool = False,
        threshold: int | None = None,
        retire: dict[str, dict] | None = None,
        payload_rewrites: dict[str, pd.DataFrame] | None = None,
    ) -> dict:
        """Replace tables and log ``record`` in one atomic step.

        ``changes`` maps base table names to their complete new contents, or
        is a function that receives the current manifest and returns that
        mapping. The function runs while the writer lock is held, so a change
        computed from the current data (an upsert) cannot overwrite an import
        that landed in between; it may raise to abandon the commit. Derived
        tables depending on the changed tables are recomputed in the same
        commit, for the rounds whose rows changed; the record's ``refresh``
        says which rounds and how long it took. ``recompute`` recomputes
        every derived table for every round with that function instead.
        ``payload`` (an import's validated rows) is written next to the
        tables and referenced from the record, which gets the new version as
        its ``id``. ``publication`` publishes or withdraws rounds (``{round:
        "published" | "withdrawn"}``). ``invented`` marks the new data as
        invented (the demo, generated from a public seed): readers learn
        nothing real from it, so it is shown without a check, and a later real
        version is not compared with it. ``threshold`` shows every published
        round under a new anonymity threshold (a new version of each, checked
        like any other). The record of what readers saw is never dropped.
        Before the manifest is replaced, every published round whose answers
        or threshold differ from each version readers have seen is checked
        (:mod:`analytics.store.publication`); an unsafe change raises
        :class:`PublishedChangeRefused` and writes nothing.

        Retention (:mod:`analytics.store.retention`): ``retire`` names rounds whose raw
        answers this commit deletes (``{round: {"respondents", "answers", "at"}}``);
        their aggregate stays as it is and any later change that brings answers
        into them is refused (:class:`RetiredRoundRefused`). ``payload_rewrites``
        maps an import's payload file to its rows without what is deleted; the
        import records then name the new file. Returns the new manifest.
        """
        written: list[Path] = []
        manifest_tmp = self.data_dir / f".{MANIFEST}.{uuid.uuid4().hex[:12]}.tmp"
        with self._writer_lock():
            try:
                current = self.manifest()
                if callable(changes):
                    changes = changes(current)
                unknown = set(changes) - set(BASE_TABLES)
                if unknown:
                    raise StoreError(t("store_unknown_tables", unknown=", ".join(sorted(unknown))))
                version = current["version"] + 1
                record = {**record, "id": version}
                now = datetime.now(UTC).isoformat(timespec="seconds")
                retired = {**current.get("retired", {}), **(retire or {})}
                imports = self._rewrite_payloads(current["imports"], payload_rewrites or {}, written)
                if payload:
                    record["payload"] = {
                        name: self._write_table(name, frame, written, PAYLOADS_DIR)
                        for name, frame in payload.items()
                    }
                tables = dict(current["tables"])
                for name, frame in changes.items():
                    if name in PARTITIONED_TABLES:
                        frame = self._partition(name, frame, tables.get(name))
                    tables[name] = self._write_table(name, frame, written)
                back = set(self._parts_of(tables.get("responses"))) & set(retired)
                if "responses" in changes and back:
                    raise RetiredRoundRefused(t("retention_round_frozen", rounds=", ".join(sorted(back))))
                for name, sources in DERIVED_TABLES.items():
                    if (recompute or set(sources) & set(changes)) and set(sources) <= set(tables):
                        started = time.perf_counter()
                        derived, rounds, reused = self._refresh(
                            name, tables.get(name), tables, recompute, frozenset(retired)
                        )
                        tables[name] = self._write_table(name, derived, written)
                        # Seconds to recompute and write the aggregate; the rounds whose aggregate changed.
                        record["refresh"] = {
                            "seconds": round(time.perf_counter() - started, 3),
                            "rounds": rounds,
                            "reused": reused,
                        }
                published = dict(self.publication(current))
                for label, state in (publication or {}).items():
                    published[label] = {**published.get(label, {"seen": []}), "state": state}
                    if state == PUBLISHED:
                        published[label]["published_at"] = now
                for label in retire or {}:
                    # The files readers saw are deleted with the answers; the figures stay.
                    published[label] = {**published[label], "seen": []}
                shown_before = set(self.published_rounds(current))
                # Publishing, or a threshold, over the demo's invented data shows nothing real either.
                active = active_imports(current)
                invented = invented or (
                    not changes and bool(active) and all(rec.get("kind") == "demo" for rec in active)
                )
                published = self._guard_published(
                    published, tables, version, shown_before, invented, threshold
                )
                record = {
                    **record,
                    "at": now,
                    "version": version,
                }
                new = {
                    "version": version,
                    "layout": LAYOUT,
                    "tables": tables,
                    "imports": [*imports, record],
                    "published": published,
                }
                if retired:
                    new["retired"] = retired
                written.append(manifest_tmp)
                with open(manifest_tmp, "w", encoding="utf-8") as handle:
                    json.dump(new, handle, ensure_ascii=False, indent=1, default=str)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(manifest_tmp, self.data_dir / MANIFEST)
                _fsync_dir(self.data_dir)
                return new
            except BaseException:
                for path in reversed(written):
                    if path.is_dir():
                        path.rmdir()
                    else:
                        path.unlink(missing_ok=True)
                raise

    def _rewrite_payloads(self, imports: list[dict], rewrites: dict, written: list[Path]) -> list[dict]:
        """``imports`` with each payload file in ``rewrites`` written anew and named instead."""
        if not rewrites:
            return imports
        new_paths: dict[str, str] = {}
        changed = []
        for record in imports:
            if not set(record.get("payload", {}).values()) & set(rewrites):
                changed.append(record)
                continue
            payload = dict(record["payload"])
            for name, rel_path in payload.items():
                if rel_path in rewrites:
                    if rel_path not in new_paths:
                        new_paths[rel_path] = self._write_table(
                            name, rewrites[rel_path], written, PAYLOADS_DIR
                        )
                    payload[name] = new_paths[rel_path]
            changed.append({**record, "payload": payload})
        return changed

    def responses_without(self, manifest: dict, rounds) -> Staged:
        """The answers of ``manifest`` without those of ``rounds``, staged by DuckDB (never all in memory)."""
        with self._reading(manifest) as cur:
            return self.stage(cur, sql_text("responses_without_rounds"), {"rounds": sorted(rounds)})

    def remove_unnamed(self) -> int:
        """Delete every table and payload file the current manifest does not name; returns how many.

        Older versions of the tables are kept for readers of an older manifest;
        retention removes them (and whatever a killed import left behind) once the
        data they hold must be gone. Runs under the writer lock, so no commit is
        writing files meanwhile.
        """
        removed = 0
        with self._writer_lock():
            keep = set(named_files(self.data_dir, self.manifest()))
            for folder in (TABLES_DIR, PAYLOADS_DIR):
                for path in sorted((self.data_dir / folder).rglob("*"), reverse=True):
                    if path.is_dir():
                        if not any(path.iterdir()):
                            path.rmdir()
                    elif path.relative_to(self.data_dir).as_posix() not in keep:
                        path.unlink()
                        removed += 1
            _fsync_dir(self.data_dir)
        return removed

    def _guard_published(
        self,
        published: dict,
        tables: dict,
        version: int,
        shown_before: set,
        invented: bool = False,
        new_threshold: int | None = None,
    ) -> dict:
        """``published`` with the new versions readers will see; refuses an unsafe one.

        A version is a round's answers shown under an anonymity threshold. A
        published round keeps the threshold readers see it under (``threshold``
        of its entry) until ``new_threshold`` applies another; a round
        published now gets the threshold in force. A version readers have not
        seen is checked against each version they have seen, each under the
        threshold it was seen with (so neither a chain of small steps, nor
        withdraw, change, publish again, nor a threshold change gets round the
        rule). Invented versions (the demo) are neither checked nor checked
        against. A round without answers shows nothing and is not checked.
        """
        parts = self._parts_of(tables.get("responses"))
        in_force = self.threshold()
        checked = {}
        for label, entry in published.items():
            part = parts.get(label)
            seen = list(entry.get("seen", ()))
            if entry["state"] != PUBLISHED or part is None:
                checked[label] = entry
                continue
            if new_threshold is not None:
                threshold = new_threshold
            elif label in shown_before and "threshold" in entry:
                threshold = entry["threshold"]
            else:
                threshold = in_force
            if not any(
                s["fingerprint"] == part["fingerprint"] and s.get("threshold", in_force) == threshold
                for s in seen
            ):
                for earlier in seen if not invented else ():
                    if earlier.get("invented"):
                        continue
                    before = earlier.get("threshold", in_force)
                    verdict = self._compare(earlier["path"], part["path"], threshold, before)
                    if not verdict.safe:
                        raise PublishedChangeRefused(
                            publication.refusal(
                                label,
                                verdict,
                                threshold,
                                republish=label not in shown_before,
                                threshold_before=before,
                                threshold_change=new_threshold is not None,
                            )
                        )
                seen.append(
                    {
                        "version": version,
                        "fingerprint": part["fingerprint"],
                        "path": part["path"],
                        "threshold": threshold,
                        **({"invented": True} if invented else {}),
                    }
                )
            checked[label] = {**entry, "state": PUBLISHED, "seen": seen, "threshold": threshold}
        return checked

    def shown_thresholds(self, manifest: dict | None = None) -> dict[str, int]:
        """The anonymity threshold readers see each published round under.

        A round keeps the threshold it was published with until an admin
        applies a new one (:meth:`apply_threshold`); a threshold changed in
        the environment or the settings file applies to rounds published
        after it.
        """
        in_force = self.threshold()
        return {
            label: int(entry.get("threshold", in_force))
            for label, entry in self.publication(manifest).items()
            if entry["state"] == PUBLISHED
        }

    def apply_threshold(self, threshold: int, who: str) -> dict:
        """Show every published round under ``threshold`` from now on, and save it as the setting.

        Each published round is a new version, checked against every version
        readers have seen under the threshold they saw it with; a change that
        would reveal a cell raises :class:`PublishedChangeRefused` and changes
        nothing.
        """
        old = self.threshold()
        self.commit({}, {"kind": "threshold", "who": who, "threshold": threshold}, threshold=threshold)
        return self.save_settings(
            {"anonymity_threshold": threshold}, who, t("audit_threshold_detail", old=old, new=threshold)
        )

    def _compare(self, before: str, after: str, threshold: int, threshold_before: int) -> publication.Verdict:
        """Whether readers who saw the round in file ``before`` under ``threshold_before``
        may see it as in file ``after`` under ``threshold``."""
        with self.scratch() as cur:
            try:
                for view, rel_path in (("before", before), ("after", after)):
                    cur.sql(
                        sql_text("read_partitions"), params={"files": [str(self.data_dir / rel_path)]}
                    ).create_view(view)
                cur.from_df(codebook_frame()).create_view("codebook")
                changes = cur.execute(sql_text("culture_changes")).df()
                cells = {}
                for view in ("before", "after"):
                    cur.view(view).create_view("responses", replace=True)
                    cells[view] = cur.execute(sql_text("agg_culture"), strategy_params()).df()
            except (duckdb.IOException, OSError) as exc:
                raise self._unreadable(before) from exc
        return publication.check_change(cells["before"], cells["after"], changes, threshold, threshold_before)

    # ------------------------------------------------------- audit trail and settings
    # A separate lock, so that a long import does not hold up a download's audit line.
    def _replace_file(self, name: str, content: bytes) -> None:
        """Write ``content`` to a new file and rename it over ``name`` (never half-written)."""
        tmp = self.data_dir / f".{name}.{uuid.uuid4().hex[:12]}.tmp"
        try:
            with open(tmp, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.data_dir / name)
            _fsync_dir(self.data_dir)
        finally:
            tmp.unlink(missing_ok=True)

    def audit_log(self) -> list[dict]:
        """Every audit entry, oldest first."""
        try:
            # One entry per "\n": a value may hold U+2028 or U+0085, which splitlines() breaks at.
            lines = (self.data_dir / AUDIT).read_text(encoding="utf-8").split("\n")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(t("store_audit_unreadable", data_dir=self.data_dir, exc=exc)) from exc
        return [json.loads(line) for line in lines if line.strip()]

    def append_audit(self, who: str, action: str, detail: str) -> dict:
        """Append one entry (``at`` UTC, ``who``, ``action``, ``detail``, ``data_version``).

        The log is rewritten to a new file and renamed into place under a lock,
        so a reader sees it before or after the entry, never half of it.
        """
        with self._writer_lock(AUDIT_LOCK):
            entry = {
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "who": who,
                "action": action,
                "detail": detail,
                "data_version": self.version(),
            }
            path = self.data_dir / AUDIT
            old = path.read_bytes() if path.exists() else b""
            line = json.dumps(entry, ensure_ascii=False) + "\n"
            self._replace_file(AUDIT, old + line.encode("utf-8"))
            return entry

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

    def refresh(self, compute: Compute | None = None, who: str = "cli", engine: str = "duckdb") -> dict:
        """Recompute every derived table for every round, in one commit; returns its record.

        ``compute`` is another engine's computation (see :mod:`analytics.store.spark`);
        by default DuckDB runs the same SQL.
        """
        current = self.manifest()["tables"]
        if not any(set(sources) <= set(current) for sources in DERIVED_TABLES.values()):
            raise StoreError(t("refresh_nothing", data_dir=self.data_dir))
        if compute is None:

            def compute(name: str, tables: dict[str, str]) -> pd.DataFrame:
                (source,) = DERIVED_TABLES[name]
                rounds = sorted(self._parts_of(tables[source])) if _is_file_list(tables[source]) else None
                return self._derive_rounds(name, tables, rounds)

        manifest = self.commit({}, {"kind": "refresh", "engine": engine, "who": who}, recompute=compute)
        return manifest["imports"][-1]


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
