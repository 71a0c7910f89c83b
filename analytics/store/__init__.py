"""The store: one data folder read and written through DuckDB (layer 1, above ``core``).

This layer owns the data. :class:`Store` (:mod:`analytics.store.folder`) combines
one class per job: reading the Parquet tables, their manifest and the SQL in
``sql/`` (:mod:`analytics.store.reading`), atomic commits
(:mod:`analytics.store.writing`), the publication of survey rounds and the guard on
published rounds (:mod:`analytics.store.published`, its rules in
:mod:`analytics.store.publication`), the audit trail (:mod:`analytics.store.audit`)
and the settings saved in the app (:mod:`analytics.store.settings`); what they share
is in :mod:`analytics.store.files`. The jobs on a whole folder are modules of their
own: backup, health, retention and the Spark engine. It imports only from
:mod:`analytics.core`.
"""

from analytics.store.files import (
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
    StoreError,
    active_imports,
    enum_type,
    named_files,
    sql_text,
    temporary_folder,
    undone_ids,
)
from analytics.store.folder import Store

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
