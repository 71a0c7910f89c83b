"""Replaying import payloads into the current tables; history and undo.

Each import stores its validated rows as a payload (see ``analytics.store``).
The current data tables are a pure function of the active payloads, replayed
in import order:

- ``responses``: a respondent (round, group, respondent_id) is one unit. Of
  all the versions of a respondent, the one with the latest ``modified_at``
  wins (a later export of an edited response); without modification times,
  or on a tie, the later import wins. A respondent listed in a later
  import's ``deletions`` payload is removed, unless an even later import
  brings back a version modified after the deleted one.
- every other data table: rows are upserted by the table's key, later
  imports winning.

Undo is a new commit whose record names the undone import; the tables are
replayed without it, so the result is exactly what it would have been had
the import never happened, whatever landed after it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics.core.schema import conform
from analytics.core.text import t
from analytics.ingest.errors import ImportRefused
from analytics.store import BASE_TABLES, Staged, Store, StoreError, active_imports, sql_text, undone_ids

# Tables built from payloads; the rest (remembered mappings) are edited directly.
DATA_TABLES = (
    "responses",
    "projects",
    "assessments",
    "phases",
    "actors",
    "outcomes",
    "events",
    "event_plan",
    "actions",
    "invited",
    "benchmarks",
)
RESPONDENT_KEY = ["round", "group", "respondent_id"]


def _replay_responses(store: Store, parts: list, deletions: list):
    """The responses table from the answers of ``parts`` and the ``deletions``, each a list
    of (place in the import order, payload file or staged rows), replayed by DuckDB
    (``sql/replay_responses.sql``) into a staged file."""
    if not parts:
        return conform("responses", pd.DataFrame())

    def located(rows) -> str:
        if isinstance(rows, pd.DataFrame):
            rows = store.stage_frame(rows)
            kept.append(rows)  # the staged file lives until the replay is written
        return str(rows.path if isinstance(rows, Staged) else store.data_dir / rows)

    kept: list[Staged] = []
    files = [located(rows) for _, rows in parts]
    for path in files:
        if not Path(path).is_file():
            raise StoreError(t("store_file_unreadable", path=path))
    if len(parts) == 1 and not deletions:
        # One import and nothing deleted: every respondent has one version, so the
        # table is that import's rows as they are (the store reads only its columns).
        rows = parts[0][1]
        if isinstance(rows, Staged):
            return rows
        return kept[0] if kept else _payload_file(files[0])
    with store.scratch() as cur:
        answers = cur.read_parquet(files, filename=True, file_row_number=True, union_by_name=True)
        if "modified_at" not in answers.columns:  # payloads of an older version
            answers = answers.project("*, NULL::TIMESTAMP_MS AS modified_at")
        answers.create_view("answer_files")
        orders = pd.DataFrame({"filename": files, "_order": [order for order, _ in parts]})
        cur.from_df(orders).create_view("answer_orders")
        if deletions:
            deleted = [located(rows) for _, rows in deletions]
            cur.read_parquet(deleted, filename=True).create_view("deletion_files")
            cur.from_df(
                pd.DataFrame({"filename": deleted, "_deleted_in": [order for order, _ in deletions]})
            ).create_view("deletion_orders")
            cur.sql(
                'SELECT round, "group", respondent_id, _deleted_in '
                "FROM deletion_files JOIN deletion_orders USING (filename)"
            ).create_view("deletions")
        else:
            cur.sql(
                'SELECT NULL::VARCHAR AS round, NULL::VARCHAR AS "group", '
                "NULL::VARCHAR AS respondent_id, NULL::INTEGER AS _deleted_in WHERE false"
            ).create_view("deletions")
        return store.stage(cur, sql_text("replay_responses"))


def _payload_file(path: str) -> Staged:
    """An import's payload file in the data folder, read in place."""
    import pyarrow.parquet as pq

    return Staged(Path(path), pq.ParquetFile(path).metadata.num_rows)


def _replay_table(name: str, parts: list[pd.DataFrame]) -> pd.DataFrame:
    if not parts:
        return conform(name, pd.DataFrame())
    rows = pd.concat([conform(name, frame) for frame in parts], ignore_index=True)
    return conform(name, rows.drop_duplicates(list(BASE_TABLES[name]), keep="last"))


def require_replayable(manifest: dict, data_dir) -> None:
    """Refuse to change a folder whose data came from imports without payloads (an older version)."""
    undone = undone_ids(manifest)
    legacy = [
        rec
        for rec in manifest["imports"]
        if rec.get("kind") in ("demo", "survey", "projects", "events", "actions", "invited", "benchmarks")
        and "payload" not in rec
        and rec.get("id") not in undone
    ]
    if legacy:
        raise ImportRefused(t("history_folder_too_old", data_dir=data_dir))


def replay(store: Store, records: list[dict], names: set[str], extra: dict | None = None):
    """Tables ``names`` as the payloads of ``records`` (oldest first), then ``extra``, make them.

    ``extra`` is the payload of an import not committed yet. A ``deletions``
    payload rebuilds ``responses``.
    """

    def frames(name: str) -> list[tuple[int, pd.DataFrame]]:
        found = [
            (order, store.payload(rec, name))
            for order, rec in enumerate(records)
            if name in rec.get("payload", {})
        ]
        if extra and name in extra:
            found.append((len(records), extra[name]))
        return found

    def files(name: str) -> list[tuple[int, str | Staged | pd.DataFrame]]:
        found = [
            (order, rec["payload"][name])
            for order, rec in enumerate(records)
            if name in rec.get("payload", {})
        ]
        if extra and name in extra:
            found.append((len(records), extra[name]))
        return found

    tables = {}
    for name in DATA_TABLES:
        if name == "responses" and names & {"responses", "deletions"}:
            tables[name] = _replay_responses(store, files("responses"), files("deletions"))
        elif name != "responses" and name in names:
            tables[name] = _replay_table(name, [frame for _, frame in frames(name)])
    return tables


def history(store: Store) -> list[dict]:
    """Every import, undo and saved meeting, newest first: id, kind, file, who, when, counts, state.

    ``refresh`` is the aggregate refresh its commit ran (``seconds``, the
    ``rounds`` recomputed, the number of rounds ``reused``), or None.

    ``active`` is False once an import has been undone or replaced; the
    record then also says by which later record (``undone_by``). A saved
    meeting (kind ``meeting``, its id as ``file_name``) holds no imported rows,
    so it is never active and cannot be undone.
    """
    manifest = store.manifest()
    undone_by = {u: rec["id"] for rec in manifest["imports"] for u in rec.get("undoes", ())}
    rows = []
    for rec in reversed(manifest["imports"]):
        if "payload" not in rec and rec.get("kind") not in ("undo", "meeting"):
            continue
        rows.append(
            {
                "id": rec["id"],
                "kind": rec.get("kind"),
                "file_name": rec.get("file_name", rec.get("meeting_id")),
                "sha256": rec.get("sha256"),
                "who": rec.get("who"),
                "at": rec.get("at"),
                "form": rec.get("form"),
                "rows_read": rec.get("rows_read"),
                "respondents": rec.get("respondents"),
                "tables": rec.get("tables", {}),
                "deleted": rec.get("deleted", 0),
                "undoes": list(rec.get("undoes", ())),
                "active": "payload" in rec and rec["id"] not in undone_by,
                "undone_by": undone_by.get(rec["id"]),
                "refresh": rec.get("refresh"),
            }
        )
    return rows


def undo_import(store: Store, import_id: int, who: str, action: str = "undo") -> dict:
    """Undo import ``import_id``: replay the data without it, in one commit, written in the
    audit trail as ``action`` (``undo``, or ``tiltak_undo`` from the page *Tiltak*).

    Raises :class:`ImportRefused` when there is no such active import.
    """

    def without(current: dict) -> dict[str, pd.DataFrame]:
        require_replayable(current, store.data_dir)
        record = next((r for r in current["imports"] if r.get("id") == import_id), None)
        if record is None or "payload" not in record:
            raise ImportRefused(t("history_no_such_import", import_id=import_id))
        if import_id in undone_ids(current):
            raise ImportRefused(
                t("history_already_undone", import_id=import_id, file_name=record.get("file_name"))
            )
        remaining = [r for r in active_imports(current) if r["id"] != import_id]
        return replay(store, remaining, set(record["payload"]))

    manifest = store.commit(without, {"kind": "undo", "undoes": [import_id], "who": who})
    record = manifest["imports"][-1]
    if action == "tiltak_undo":
        store.append_audit(who, action, t("audit_tiltak_undo_detail", import_id=import_id))
    else:
        store.append_audit(
            who, action, t("audit_undo_detail", import_id=import_id, version=record["version"])
        )
    return record
