"""Writing a data folder: atomic commits, round partitions and the derived tables.

A commit writes each changed table as new immutable files (one per round for the
partitioned tables, reusing the files of unchanged rounds), recomputes the
derived tables for the rounds that changed, and replaces the manifest in one
atomic rename under the writer lock. Staged files, the removal of files no
manifest names and the atomic replacement of a single file live here too.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from analytics.core.schema import conform, sql_columns
from analytics.core.text import t
from analytics.store import files
from analytics.store.files import (
    BASE_TABLES,
    DERIVED_TABLES,
    LAYOUT,
    LOCK,
    MANIFEST,
    MAX_ENUM_VALUES,
    PARTITION_COLUMN,
    PARTITIONED_TABLES,
    PAYLOADS_DIR,
    PUBLISHED,
    TABLES_DIR,
    Compute,
    RetiredRoundRefused,
    Staged,
    StoreError,
    _is_file_list,
    _staged,
    active_imports,
    enum_type,
    named_files,
    partition_folder,
    sql_text,
    strategy_params,
)

# Rounds written or refreshed side by side in a commit. One round's DuckDB work leaves a
# core idle part of the time (its steps that run on one thread); two rounds at once keep
# a two-core server busy: the refresh of eight rounds of 10 M answers took 3.1-3.6 s
# instead of 4.2-4.4 s, for about 200 MB more memory at the peak.
ROUNDS_AT_ONCE = 2


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


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


def _derivation_basis(name: str) -> str:
    """What a derived table depends on besides its source rows: its SQL, the codebook
    and the strategy's parameters (answer scale, agree values, number of indicators).

    Computed afresh each time (it is cheap), so an edited codebook, strategy or SQL
    file makes every round's aggregate stale at the next refresh.
    """
    codebook = files.codebook_frame().to_csv(index=False)
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


class Writing:
    """The writing job of :class:`analytics.store.folder.Store`: commits, staging, refreshes.

    Uses what ``Store.__init__`` sets (``data_dir``, ``lock_timeout``) and
    ``Store.scratch``, and the other jobs through ``self``: the reading
    (``manifest``, ``table``, ``_parts_of``, ``_reading``, ``_file_list``), the
    publication (``publication``, ``published_rounds``, ``_guard_published``).
    """

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
