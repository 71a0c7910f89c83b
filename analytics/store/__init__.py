"""The store: one data folder read and written through DuckDB (layer 1, above ``core``).

This layer owns the data: the Parquet tables and their manifest
(:mod:`analytics.store.folder`, the SQL in ``sql/``), the publication of survey
rounds and the guard on published rounds (:mod:`analytics.store.publication`),
the audit trail, the settings saved in the app (:mod:`analytics.store.settings`),
and the jobs on a whole folder: backup, health, retention and the Spark engine.
It imports only from :mod:`analytics.core`.
"""

from analytics.store.folder import (
    AUDIT,
    BASE_TABLES,
    MANIFEST,
    MAX_ENUM_VALUES,
    PARTITIONED_TABLES,
    PUBLISHED,
    SETTINGS,
    PublishedChangeRefused,
    QueryError,
    Staged,
    Store,
    StoreError,
    active_imports,
    enum_type,
    named_files,
    sql_text,
    temporary_folder,
    undone_ids,
)

__all__ = [
    "AUDIT",
    "BASE_TABLES",
    "MANIFEST",
    "MAX_ENUM_VALUES",
    "PARTITIONED_TABLES",
    "PUBLISHED",
    "SETTINGS",
    "PublishedChangeRefused",
    "QueryError",
    "Staged",
    "Store",
    "StoreError",
    "active_imports",
    "enum_type",
    "named_files",
    "sql_text",
    "temporary_folder",
    "undone_ids",
]
