"""The data folder as one object, :class:`Store`: Parquet files, a manifest, DuckDB queries.

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

:class:`Store` combines one class per job, each in a module of its own:
reading (:mod:`analytics.store.reading`), writing (:mod:`analytics.store.writing`),
publication (:mod:`analytics.store.published`), the audit trail
(:mod:`analytics.store.audit`) and the settings saved in the app
(:mod:`analytics.store.settings`); what they share is in :mod:`analytics.store.files`.
This module keeps what belongs to the whole: the folder, its lock timeout and the
DuckDB connection every job's cursors come from.
"""

from __future__ import annotations

import tempfile
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path

import duckdb

from analytics.core.config import load_config
from analytics.core.text import t
from analytics.store.audit import AuditTrail
from analytics.store.files import (
    AUDIT,
    DERIVED_TABLES,
    MANIFEST,
    PUBLISHED,
    SETTINGS,
    SQL_DIR,
    TABLES_DIR,
    Compute,
    StoreError,
    codebook_frame,
    named_files,
    strategy_params,
)
from analytics.store.published import Publication
from analytics.store.reading import Reading
from analytics.store.settings import SavedSettings
from analytics.store.writing import Writing

# Also importable from here: the store's modules for a whole folder (backup, health, retention,
# spark) take them from here with the Store.
__all__ = [
    "AUDIT",
    "DERIVED_TABLES",
    "MANIFEST",
    "PUBLISHED",
    "SETTINGS",
    "SQL_DIR",
    "TABLES_DIR",
    "Compute",
    "Store",
    "StoreError",
    "codebook_frame",
    "named_files",
    "strategy_params",
]


class Store(Reading, Writing, Publication, AuditTrail, SavedSettings):
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
