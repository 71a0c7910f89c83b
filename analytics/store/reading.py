"""Reading a data folder: the manifest, whole tables, the tables' files and named queries.

The pages, reports and CLI commands read through :meth:`Reading.query` (the
published rounds only, unless asked) and :meth:`Reading.table`; an engine that
reads the Parquet files itself takes their list from :meth:`Reading.table_files`.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from analytics.core.text import t
from analytics.store import files
from analytics.store.files import (
    LAYOUT,
    MANIFEST,
    PARTITION_COLUMN,
    PARTITIONED_TABLES,
    SQL_DIR,
    StoreError,
    _is_file_list,
    _read_file_list,
    sql_text,
    undone_ids,
)


class Reading:
    """The reading job of :class:`analytics.store.folder.Store`: manifest, tables, queries.

    Uses what ``Store.__init__`` sets (``data_dir``, ``_manifest_cache``) and
    ``Store.scratch``; :meth:`query` asks the publication job
    (``published_rounds``) which rounds readers see.
    """

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
            cur.from_df(files.codebook_frame()).create_view("codebook")
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

    def _parts_of(self, rel_path: str | None) -> dict[str, dict]:
        if rel_path is None or not _is_file_list(rel_path):
            return {}
        return {part["round"]: part for part in self._file_list(rel_path)["parts"]}
