"""The one module that owns the data: Parquet files, a manifest, DuckDB queries.

Layout of a data folder::

    manifest.json        which file holds each table now, and the import log
    tables/*.parquet     immutable table files, named <table>-<random>.parquet
    .lock                taken while a commit runs (one writer at a time)

Every table file is written once under a new name and never changed. A commit
writes its new files, then replaces ``manifest.json`` in one atomic rename.
Readers that opened an older manifest keep reading its (unchanged) files, so
the app, a CLI import and several app processes can share one folder. A commit
that fails removes the files it wrote and leaves the folder as it was.

DuckDB runs in memory over the Parquet files; each query gets its own cursor
because one DuckDB connection cannot serve two threads at once.

Derived tables (``agg_*``) are small pre-aggregated results, refreshed inside
the same commit as the tables they are computed from, so pages never
recompute raw answers.

History and undo: every import keeps its validated rows (its *payload*) as
its own immutable files under ``payloads/``, referenced from its record in the
manifest's ``imports`` log. The current data tables are the replay of the
active payloads in import order (``analytics.ingest.history``), so undoing an
import is one more commit: a record that names the undone import, and the
tables replayed without it. Nothing is ever deleted, so an undo is exact and
the log tells who did what and when.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from analytics.config import load_config
from analytics.framework import framework

SQL_DIR = Path(__file__).resolve().parent / "sql"
MANIFEST = "manifest.json"
LOCK = ".lock"
TABLES_DIR = "tables"
PAYLOADS_DIR = "payloads"

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
    # Remembered import mappings (data the analyst edits, not replayed payloads).
    "header_map": ("form", "header"),
    "unit_map": ("alias", "valid_from"),
}
# Derived table -> the base tables it is computed from (SQL in sql/<name>.sql).
DERIVED_TABLES = {"agg_culture": ("responses",)}


class StoreError(RuntimeError):
    """The data folder cannot be read or written; the message is in bokmål."""


def _codebook_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [(i.item_id, i.indicator) for i in framework().items], columns=["item_id", "indicator"]
    )


def _strategy_params() -> dict:
    """The strategy's scale and counts, as parameters of the derived tables' SQL."""
    fw = framework()
    return {
        "scale_values": list(fw.scale_values),
        "agree_values": list(fw.agree_values),
        "disagree_values": list(fw.disagree_values),
        "indicator_count": len(fw.indicator_ids),
    }


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
            raise StoreError(
                f"INNOBARO_DUCKDB_MEMORY={memory} kan ikke brukes ({exc}). Skriv for eksempel 1GB."
            ) from exc
        self._con_lock = threading.Lock()

    # ------------------------------------------------------------------ reading
    def manifest(self) -> dict:
        """The current manifest (an empty one when the folder has no data)."""
        path = self.data_dir / MANIFEST
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"version": 0, "tables": {}, "imports": []}
        except (OSError, json.JSONDecodeError) as exc:
            raise StoreError(f"Kan ikke lese {path}: {exc}. Mappa er ikke en gyldig datamappe.") from exc

    def has_data(self) -> bool:
        return bool(self.manifest()["tables"])

    def version(self) -> int:
        return int(self.manifest()["version"])

    def is_demo(self) -> bool:
        """True when the data in the folder came from the demo generator."""
        manifest = self.manifest()
        undone = undone_ids(manifest)
        return any(rec.get("kind") == "demo" and rec.get("id") not in undone for rec in manifest["imports"])

    def payload(self, record: dict, name: str) -> pd.DataFrame | None:
        """Table ``name`` of an import's payload (None when it has none)."""
        rel_path = record.get("payload", {}).get(name)
        return None if rel_path is None else pd.read_parquet(self.data_dir / rel_path)

    def _cursor(self, manifest: dict) -> duckdb.DuckDBPyConnection:
        with self._con_lock:
            cur = self._con.cursor()
        for name, rel_path in manifest["tables"].items():
            cur.read_parquet(str(self.data_dir / rel_path)).create_view(name)
        cur.from_df(_codebook_frame()).create_view("codebook")
        return cur

    def query(self, name: str, params: dict | None = None, manifest: dict | None = None) -> pd.DataFrame:
        """Run the named query ``sql/<name>.sql`` with ``$name`` parameters."""
        sql_file = SQL_DIR / f"{name}.sql"
        if not sql_file.is_file():
            raise StoreError(f"Ukjent spørring: {name}.")
        manifest = manifest or self.manifest()
        cur = self._cursor(manifest)
        try:
            return cur.execute(sql_file.read_text(encoding="utf-8"), params or {}).df()
        finally:
            cur.close()

    def table(self, name: str, manifest: dict | None = None) -> pd.DataFrame:
        """A whole table (empty frame when it does not exist yet)."""
        manifest = manifest or self.manifest()
        rel_path = manifest["tables"].get(name)
        if rel_path is None:
            return pd.DataFrame()
        return pd.read_parquet(self.data_dir / rel_path)

    # ------------------------------------------------------------------ writing
    @contextmanager
    def _writer_lock(self):
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.data_dir / LOCK, "a") as handle:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(
                            "En annen import skriver til datamappa akkurat nå. "
                            "Vent til den er ferdig og prøv igjen."
                        ) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _write_table(
        self, name: str, frame: pd.DataFrame, written: list[Path], folder: str = TABLES_DIR
    ) -> str:
        tables = self.data_dir / folder
        if not tables.is_dir():
            tables.mkdir()
            written.append(tables)
        token = uuid.uuid4().hex[:12]
        tmp = tables / f".{name}-{token}.tmp"
        final = tables / f"{name}-{token}.parquet"
        written.append(tmp)
        frame.to_parquet(tmp, index=False)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, final)
        written.append(final)
        return f"{folder}/{final.name}"

    def _derive(self, name: str, manifest_tables: dict[str, str]) -> pd.DataFrame:
        cur = self._cursor({"tables": manifest_tables})
        try:
            return cur.execute((SQL_DIR / f"{name}.sql").read_text(encoding="utf-8"), _strategy_params()).df()
        finally:
            cur.close()

    def commit(self, changes, record: dict, payload: dict[str, pd.DataFrame] | None = None) -> dict:
        """Replace tables and log ``record`` in one atomic step.

        ``changes`` maps base table names to their complete new contents, or
        is a function that receives the current manifest and returns that
        mapping. The function runs while the writer lock is held, so a change
        computed from the current data (an upsert) cannot overwrite an import
        that landed in between; it may raise to abandon the commit. Derived
        tables depending on the changed tables are recomputed in the same
        commit. ``payload`` (an import's validated rows) is written next to
        the tables and referenced from the record, which gets the new
        version as its ``id``. Returns the new manifest.
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
                    raise StoreError(f"Ukjente tabeller: {', '.join(sorted(unknown))}.")
                version = current["version"] + 1
                record = {**record, "id": version}
                if payload:
                    record["payload"] = {
                        name: self._write_table(name, frame, written, PAYLOADS_DIR)
                        for name, frame in payload.items()
                    }
                tables = dict(current["tables"])
                for name, frame in changes.items():
                    tables[name] = self._write_table(name, frame, written)
                for name, sources in DERIVED_TABLES.items():
                    if set(sources) & set(changes) and set(sources) <= set(tables):
                        tables[name] = self._write_table(name, self._derive(name, tables), written)
                record = {
                    **record,
                    "at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "version": version,
                }
                new = {"version": version, "tables": tables, "imports": [*current["imports"], record]}
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


def undone_ids(manifest: dict) -> set[int]:
    """Ids of imports that a later record undid or replaced."""
    return {undone for rec in manifest["imports"] for undone in rec.get("undoes", ())}


def active_imports(manifest: dict) -> list[dict]:
    """The import records whose payloads make up the current data, oldest first."""
    undone = undone_ids(manifest)
    return [rec for rec in manifest["imports"] if "payload" in rec and rec.get("id") not in undone]
