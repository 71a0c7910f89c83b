"""The import pipeline: read, map, validate, preview, then commit through the store.

The face of the importer is :mod:`analytics.ingest`; this module does the work.
"""

from __future__ import annotations

import hashlib
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analytics.core.config import load_config
from analytics.core.framework import framework
from analytics.core.schema import KIND_TABLES, conform, specs
from analytics.core.text import TEXT, excerpt, refresh_summary, t
from analytics.ingest import demo
from analytics.ingest.errors import ImportRefused
from analytics.ingest.history import RESPONDENT_KEY, replay, require_replayable
from analytics.ingest.invited import read_invited
from analytics.ingest.read import Sheet, check_rows, check_size, normalise, read_tables
from analytics.ingest.stream import open_wide, parse_wide, similar_respondents
from analytics.ingest.survey import SurveyParse, ValueLabels, match_item, parse_survey
from analytics.ingest.tables import detect_table, parse_table, refuse_with
from analytics.measures import benchmarks
from analytics.store import BASE_TABLES, PUBLISHED, QueryError, Staged, Store, active_imports, sql_text

KINDS = ("survey", "projects", "events", "actions", "invited", "benchmarks")
PREVIEW_ROWS = 10
LISTED = 20  # rejected values and sets of possible duplicates named in a report; the rest counted


Progress = Callable[[float, str], None]


def _no_progress(fraction: float, text: str) -> None:
    del fraction, text


class _AlreadyImported(Exception):
    """Raised inside a commit when the same bytes landed meanwhile."""


@dataclass
class ImportReport:
    """What an import found and (after :func:`commit`) stored."""

    kind: str
    file_name: str
    sha256: str
    rows_read: int
    description: str = ""
    form: str = ""
    tables: dict[str, int] = field(default_factory=dict)  # table -> rows in the file
    respondents: int = 0
    notes: list[str] = field(default_factory=list)
    survey: SurveyParse | None = field(default=None, repr=False)
    missing: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)  # gone from a later export
    stored: bool = False
    already_imported: bool = False
    import_id: int | None = None
    deleted: int = 0
    refresh: dict | None = None  # the aggregate refresh of the commit: seconds, rounds, reused
    parsed: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def rejected(self) -> list:
        return self.survey.rejected if self.survey else []

    def preview(self, rows: int = PREVIEW_ROWS) -> pd.DataFrame:
        """The first rows as they will be stored (the main table of the file)."""
        name = "responses" if self.kind == "survey" else next(iter(self.parsed), None)
        if name is None:
            return pd.DataFrame()
        return conform(name, self.parsed[name].head(rows))

    def preview_for_people(self, rows: int = PREVIEW_ROWS) -> pd.DataFrame:
        """:meth:`preview` with its column names in bokmål (as the import page shows it)."""
        frame = self.preview(rows)
        return frame.rename(
            columns={c: t(f"preview_col_{c}") for c in frame.columns if f"preview_col_{c}" in TEXT}
        )

    def rounds(self) -> list[str]:
        """The survey rounds this import holds answers for."""
        answers = self.parsed.get("responses")
        if answers is None or answers.empty:
            return []
        rounds = answers["round"] if isinstance(answers, pd.DataFrame) else answers.to_frame()["round"]
        return sorted(set(rounds.astype(str)))

    def lines(self) -> list[str]:
        """The report in bokmål, one line per fact."""
        lines = [
            t("report_file", file_name=self.file_name, kind=self.kind),
            t("report_rows_read", rows_read=self.rows_read),
        ]
        if self.description:
            lines.append(t("report_read_as", description=self.description))
        survey = self.survey
        if survey is not None:
            answers = self.tables.get("responses", 0)
            lines.append(
                t(
                    "report_form",
                    form=self.form,
                    layout=t("report_layout_long") if survey.layout == "long" else t("report_layout_wide"),
                )
            )
            lines.append(t("report_respondents", respondents=self.respondents, answers=answers))
            if survey.dropped_personal:
                lines.append(t("report_personal_dropped") + ", ".join(survey.dropped_personal))
            if survey.system_columns:
                lines.append(t("report_system_columns") + ", ".join(survey.system_columns))
            if survey.unmapped:
                shown = [
                    c
                    + (
                        t("report_suggestion", suggestion=survey.suggestions[c][0][0])
                        if survey.suggestions.get(c)
                        else ""
                    )
                    for c in survey.unmapped
                ]
                lines.append(t("report_unmapped") + "; ".join(shown))
            if survey.renamed_units:
                lines.append(
                    t("report_units_renamed")
                    + ", ".join(f"{a} → {u}" for a, u in survey.renamed_units.items())
                )
            if survey.rejected:
                lines.append(t("report_rejected", count=len(survey.rejected)))
                lines += [f"  {r.text()}" for r in survey.rejected[:LISTED]]
                if len(survey.rejected) > LISTED:
                    lines.append(t("report_and_more", count=len(survey.rejected) - LISTED))
            lines += [t("report_duplicate", ids=ids) for ids in survey.duplicates[:LISTED]]
            if len(survey.duplicates) > LISTED:
                lines.append(t("report_more_duplicates", count=len(survey.duplicates) - LISTED))
            lines += survey.warnings
            if not self.missing.empty:
                lines.append(t("report_missing_respondents", count=len(self.missing)))
        else:
            lines += [t("report_table_rows", name=name, rows=rows) for name, rows in self.tables.items()]
        lines += self.notes
        if self.already_imported:
            lines.append(t("import_already"))
        elif self.stored:
            if self.refresh:
                lines.append(refresh_summary(self.refresh))
            lines.append(
                t("report_stored", import_id=self.import_id)
                + (t("report_deleted", deleted=self.deleted) if self.deleted else "")
            )
        else:
            lines.append(t("report_dry_run"))
        return lines


def form_name(file_name: str) -> str:
    """A form's name guessed from its export's file name.

    >>> form_name("Medarbeiderundersøkelse 2024(1-312).xlsx")
    'medarbeiderundersøkelse'
    >>> form_name("data-123456-2025-03-01-0930.csv")
    'data-123456'
    """
    stem = Path(file_name).stem
    stem = re.sub(r"\(\d+-\d+\)$", "", stem)  # Microsoft Forms: "(1-312)"
    stem = re.sub(r"[-_ ]?(?<!\d)(19|20)\d{2}(?!\d).*$", "", stem) or stem  # from the year on
    return stem.strip(" -_").lower() or "skjema"


def guess_group(raw: bytes, file_name: str, form: str) -> tuple[str | None, str]:
    """The respondent group of an upload, guessed before the analyst chooses: ``("", note)``
    when the file has a ``gruppe`` column, ``(group id, note)`` when the form's name names a
    group, else ``(None, "")``. A file that cannot be read gives no guess (the import explains it)."""
    fw = framework()
    try:
        sheets = read_tables(raw, file_name, load_config().max_file_mb * 1_000_000)
    except ImportRefused:
        return None, ""
    if any(normalise(c) in ("gruppe", "group") for sheet in sheets for c in sheet.frame.columns):
        return "", t("import_group_guess_column")
    words = set(normalise(form).replace("_", " ").split())
    for group in fw.groups:
        names = {normalise(group.id), normalise(group.name)}
        stems = {name[:-1] for name in names if len(name) > 4}  # «leder» in «lederundersøkelse»
        if names & words or any(word.startswith(stem) for word in words for stem in stems):
            return group.id, t("import_group_guess_form", form=form, group=group.name)
    return None, ""


def remembered_headers(store: Store, form: str) -> dict[str, str]:
    """Normalised header -> target, as saved for ``form``."""
    saved = store.table("header_map")
    if saved.empty:
        return {}
    rows = saved[saved["form"] == form]
    return {normalise(h): (t if isinstance(t, str) else "") for h, t in zip(rows["header"], rows["target"])}


def _record_changes(sheets, store, manifest, kind, report) -> None:
    parsed: dict[str, pd.DataFrame] = {}
    for sheet in sheets:
        name = detect_table(sheet.frame, kind)
        if name is None:
            if len(sheets) > 1:
                report.notes.append(t("import_sheet_unknown", name=excerpt(sheet.name)))
                continue
            expected = "; ".join(
                f"{t}: " + ", ".join(c.name for c in specs()[t] if c.required) for t in KIND_TABLES[kind]
            )
            raise ImportRefused(
                t("import_no_table_fits", file_name=report.file_name, kind=kind, expected=expected)
            )
        if name in parsed:
            raise ImportRefused(t("import_table_in_sheets", file_name=report.file_name, name=name))
        parsed[name] = parse_table(name, sheet.frame, f"{report.file_name} / {sheet.name}")
    if not parsed:
        raise ImportRefused(t("import_no_table", file_name=report.file_name, kind=kind))
    if kind == "projects":
        known = set(store.table("projects", manifest).get("project_id", pd.Series(dtype=str)))
        known |= set(parsed.get("projects", pd.DataFrame({"project_id": []}))["project_id"])
        unknown = sorted(
            {pid for name, frame in parsed.items() if name != "projects" for pid in frame["project_id"]}
            - known
        )
        if unknown:
            raise ImportRefused(
                t("import_unknown_projects", file_name=report.file_name, unknown=", ".join(unknown[:8]))
            )
    if kind == "actions":
        parsed["actions"] = _complete_actions(store, manifest, parsed["actions"], report.file_name)
    if kind == "benchmarks":
        unmatched = benchmarks.unmatched_measures(framework(), parsed["benchmarks"])
        if unmatched:
            report.notes.append(
                t(
                    "benchmarks_unmatched",
                    count=int(parsed["benchmarks"]["measure"].isin(unmatched).sum()),
                    measures=", ".join(f"«{excerpt(m)}»" for m in unmatched[:5]),
                )
            )
    for name, frame in parsed.items():
        report.tables[name] = len(frame)
        report.parsed[name] = frame


def _complete_actions(store: Store, manifest: dict, actions: pd.DataFrame, source: str) -> pd.DataFrame:
    """Check follow-up measures against the stored data and give new ones an id.

    A measure names a survey round and (optionally) a unit and a project that
    must exist; it cannot end before it starts; a blank ``action_id`` gets the
    next free ``T`` number. Ids are compared without regard to case and leading
    zeros (``t1`` is ``T01``): one that matches a stored measure takes its
    spelling, one that could be two stored measures is refused, and a new one
    is kept as written.
    """
    cells = store.table("agg_culture", manifest)
    if cells.empty:
        raise ImportRefused(t("import_actions_before_survey", source=source))
    rounds = set(cells["round"].astype(str))
    units = set(cells.loc[cells["by_unit"], "unit"].dropna().astype(str))
    projects = set(store.table("projects", manifest).get("project_id", pd.Series(dtype=str)))
    problems = []
    for row in actions.itertuples(index=False):
        name = f"«{row.title}»"
        if row.prompted_by not in rounds:
            problems.append(
                t(
                    "import_action_unknown_round",
                    name=name,
                    prompted_by=row.prompted_by,
                    rounds=", ".join(sorted(rounds)),
                )
            )
        if pd.notna(row.unit) and row.unit not in units:
            problems.append(
                t("import_action_unknown_unit", name=name, unit=row.unit, units=", ".join(sorted(units)))
            )
        if pd.notna(row.project_id) and row.project_id not in projects:
            problems.append(t("import_action_unknown_project", name=name, project_id=row.project_id))
        if re.search(r"@|\d{5,}", row.owner.replace(" ", "")):
            problems.append(t("import_action_owner_personal", name=name, owner=row.owner))
        if row.deadline < row.started_on:
            problems.append(
                t(
                    "import_action_deadline_before_start",
                    name=name,
                    deadline=format(row.deadline, "%d.%m.%Y"),
                    started_on=format(row.started_on, "%d.%m.%Y"),
                )
            )
    stored = set(store.table("actions", manifest).get("action_id", pd.Series(dtype=str)).dropna())
    spellings: dict[str, set[str]] = {}
    for known in stored:
        spellings.setdefault(action_key(known), set()).add(known)
    for given in actions["action_id"].dropna().unique():
        if len(known := spellings.get(action_key(given), set())) > 1:
            problems.append(t("action_id_ambiguous", given=given, known=", ".join(sorted(known))))

    def as_stored(given):
        known = spellings.get(action_key(given), ()) if pd.notna(given) else ()
        return next(iter(known)) if len(known) == 1 else given

    actions = actions.assign(action_id=actions["action_id"].map(as_stored))
    ids = actions["action_id"].dropna()
    keys = ids.map(action_key)
    problems += [t("import_action_id_repeated", action_id=i) for i in sorted(set(ids[keys.duplicated()]))]
    refuse_with(problems, t("import_action_errors", source=source, count=len(problems)))
    taken = set(ids) | stored
    numbers = (f"T{number:02d}" for number in range(1, 10_000) if f"T{number:02d}" not in taken)
    filled = [i if pd.notna(i) else next(numbers) for i in actions["action_id"]]
    return conform("actions", actions.assign(action_id=filled))


def action_key(action_id: str) -> str:
    """What makes two measure ids the same: case and leading zeros do not count.

    >>> action_key("t01"), action_key("T9"), action_key(" T009 "), action_key("Kultur-A")
    ('T1', 'T9', 'T9', 'KULTUR-A')
    """
    text = str(action_id).strip().upper()
    numbered = re.fullmatch(r"(\D*?)0*(\d+)", text)
    return f"{numbered.group(1)}{int(numbered.group(2))}" if numbered else text


def _item_ids() -> tuple[str, ...]:
    return framework().item_ids


def _survey_sheet(sheets, remembered: dict[str, str]):
    """The first sheet with a column that names a codebook statement (else the first sheet)."""
    for sheet in sheets:
        if any(match_item(column, remembered)[0] for column in sheet.frame.columns):
            return sheet
    return sheets[0]


def _missing_from_same_form(store: Store, manifest: dict, form: str, answers) -> pd.DataFrame:
    """Respondents of earlier imports of ``form`` (same rounds and groups) absent from this file.

    ``answers`` are the file's answers, a frame or staged rows; DuckDB compares
    them with the earlier imports' payload files.
    """
    files = [
        str(store.data_dir / rec["payload"]["responses"])
        for rec in active_imports(manifest)
        if rec.get("form") == form and "responses" in rec.get("payload", {})
    ]
    if not files:
        return pd.DataFrame(columns=RESPONDENT_KEY)
    current = answers if isinstance(answers, Staged) else store.stage_frame(answers[RESPONDENT_KEY])
    with store.scratch() as cur:
        cur.read_parquet(files, filename=True, file_row_number=True, union_by_name=True).create_view(
            "earlier_files"
        )
        cur.from_df(pd.DataFrame({"filename": files, "_order": range(len(files))})).create_view(
            "earlier_orders"
        )
        cur.read_parquet(str(current.path)).create_view("current_answers")
        return cur.execute(sql_text("missing_respondents")).df()


def _note_survey(store: Store, manifest: dict, report: ImportReport, survey: SurveyParse) -> None:
    """Put a read survey's answers in ``report``, with the respondents an earlier export of the
    same form had and this one lacks."""
    report.survey = survey
    report.respondents = survey.respondents
    report.tables["responses"] = len(survey.responses)
    report.parsed["responses"] = survey.responses
    report.missing = _missing_from_same_form(store, manifest, report.form, survey.responses)


def _already_imported(store: Store, manifest: dict, report: ImportReport) -> bool:
    """True (and noted in ``report``) when an active import had the same file; refuses a
    data folder whose imports cannot be replayed."""
    require_replayable(manifest, store.data_dir)
    report.already_imported = any(rec.get("sha256") == report.sha256 for rec in active_imports(manifest))
    return report.already_imported


def _prepare_wide(store, cur, wide, report_form, round_label, group, confirmed, config, progress):
    """The report of a large wide CSV read by DuckDB, or None when the in-memory reader must read it."""
    check_rows(wide.file_name, wide.rows, config.max_rows)
    report = ImportReport(
        "survey", wide.file_name, wide.sha256, wide.rows, description=wide.description, form=report_form
    )
    manifest = store.manifest()
    if _already_imported(store, manifest, report):
        return report
    progress(0.3, t("import_progress_mapping"))
    survey = parse_wide(
        store,
        cur,
        wide,
        round_label,
        group,
        remembered_headers(store, report.form),
        confirmed or {},
        store.table("unit_map", manifest),
    )
    if survey is None:
        return None
    _note_survey(store, manifest, report, survey)
    if survey.responses.empty:
        raise ImportRefused(t("import_no_answers", file_name=wide.file_name))
    progress(0.6, t("import_progress_checked"))
    return report


def prepare(
    store: Store,
    raw: bytes | Path,
    file_name: str,
    kind: str = "survey",
    round_label: str | None = None,
    group: str | None = None,
    form: str | None = None,
    confirmed: dict[str, str] | None = None,
    codebooks: list[tuple[bytes, str]] = (),
    progress: Progress = _no_progress,
) -> ImportReport:
    """Read and validate a file; store nothing. Returns the report to show the analyst.

    ``form`` names the questionnaire (default: guessed from the file name);
    its remembered column mappings are applied. ``confirmed`` maps column
    labels to item_ids, roles or ``""`` (ignore), as confirmed in the app.
    ``codebooks`` are the form's own codebook files as ``(bytes, file name)``
    (Nettskjema's codebook, SurveyXact's labels and structure files).

    ``raw`` is the file's bytes or its path. A large CSV survey export given
    by its path is read by DuckDB without holding it in memory
    (:mod:`analytics.ingest.stream`); everything else is read in memory.
    """
    if kind not in KINDS:
        raise ImportRefused(t("import_unknown_kind", kind=kind, kinds=", ".join(KINDS)))
    config = load_config()
    max_bytes = config.max_file_mb * 1_000_000
    file_name = Path(file_name).name
    progress(0.05, t("import_progress_reading"))
    if isinstance(raw, Path):
        check_size(file_name, raw.stat().st_size, max_bytes)
        if kind == "survey" and not codebooks:
            form = form or form_name(file_name)
            try:
                with store.scratch() as cur:
                    wide = open_wide(cur, raw, file_name)
                    options = (round_label, group, confirmed, config, progress)
                    report = wide and _prepare_wide(store, cur, wide, form, *options)
            except QueryError:
                report = None  # a file DuckDB cannot read as declared: the in-memory reader explains it
            if report is not None:
                return report
        raw = read_file(raw)
    sheets = read_tables(raw, file_name, max_bytes)
    value_labels = ValueLabels.from_frames(
        [sheet.frame for data, name in codebooks for sheet in read_tables(data, name, max_bytes)],
        ", ".join(name for _, name in codebooks),
    )
    rows_read = sum(len(s.frame) for s in sheets)
    check_rows(file_name, rows_read, config.max_rows)
    report = ImportReport(
        kind,
        file_name,
        hashlib.sha256(raw).hexdigest(),
        rows_read,
        description="; ".join(s.description for s in sheets),
        form=form or form_name(file_name),
    )
    manifest = store.manifest()
    if _already_imported(store, manifest, report):
        return report
    progress(0.3, t("import_progress_mapping"))
    if kind == "survey":
        remembered = remembered_headers(store, report.form)
        sheet = _survey_sheet(sheets, remembered)
        if len(sheets) > 1:
            report.notes.append(t("import_read_sheet", name=sheet.name))
        survey = parse_survey(
            sheet.frame,
            file_name,
            round_label,
            group,
            remembered=remembered,
            confirmed=confirmed,
            unit_map=store.table("unit_map", manifest),
            value_labels=value_labels,
        )
        survey.duplicates = similar_respondents(store, survey.responses)
        _note_survey(store, manifest, report, survey)
        if survey.responses.empty:
            refuse_with(
                [r.text() for r in survey.rejected],
                t("import_nothing_storable", file_name=file_name),
            )
            raise ImportRefused(t("import_no_answers", file_name=file_name))
    elif kind == "invited":
        read_invited(sheets, store.table("unit_map", manifest), report, round_label, group)
    else:
        _record_changes(sheets, store, manifest, kind, report)
    progress(0.6, t("import_progress_checked"))
    return report


def commit(
    store: Store,
    report: ImportReport,
    who: str,
    accept_rejected: bool = False,
    delete_missing: bool = False,
    progress: Progress = _no_progress,
    action: str = "import",
) -> ImportReport:
    """Store a prepared report in one atomic commit, and write it in the audit trail as ``action``
    (``import``, or ``tiltak`` for measures saved in the app); returns it marked as stored.

    Rejected rows or values refuse the commit unless ``accept_rejected`` (the
    analyst has seen them). Respondents missing from a later export of the
    same form are deleted only with ``delete_missing``. The same bytes
    imported meanwhile (by anyone) make this a no-op.
    """
    if report.already_imported or report.stored:
        return report
    if report.rejected and not accept_rejected:
        refuse_with(
            [r.text() for r in report.rejected],
            t("import_rejected_errors", file_name=report.file_name, count=len(report.rejected)),
        )
    payload = dict(report.parsed)
    if delete_missing and not report.missing.empty:
        payload["deletions"] = report.missing
        report.deleted = len(report.missing)
    progress(0.7, t("import_progress_saving"))

    def replayed(current: dict) -> dict[str, pd.DataFrame]:
        # Runs under the store's writer lock, against the data as it is now.
        require_replayable(current, store.data_dir)
        if any(rec.get("sha256") == report.sha256 for rec in active_imports(current)):
            raise _AlreadyImported
        return replay(store, active_imports(current), set(payload), extra=payload)

    record = {
        "kind": report.kind,
        "file_name": report.file_name,
        "sha256": report.sha256,
        "who": who,
        "form": report.form,
        "rows_read": report.rows_read,
        "respondents": report.respondents,
        "tables": report.tables,
        "rejected": len(report.rejected),
        "deleted": report.deleted,
    }
    try:
        manifest = store.commit(replayed, record, payload=payload)
    except _AlreadyImported:
        report.already_imported = True
        return report
    report.stored = True
    report.import_id = manifest["imports"][-1]["id"]
    report.refresh = manifest["imports"][-1].get("refresh")
    if action == "tiltak":
        detail = t("audit_tiltak_detail", count=report.rows_read, import_id=report.import_id)
    else:
        detail = t("audit_import_detail", file=report.file_name, import_id=report.import_id)
    store.append_audit(who, action, detail)
    progress(1.0, t("import_progress_done"))
    return report


def import_bytes(
    store: Store,
    raw: bytes | Path,
    file_name: str,
    kind: str = "survey",
    round_label: str | None = None,
    group: str | None = None,
    dry_run: bool = False,
    who: str = "cli",
    form: str | None = None,
    accept_rejected: bool = False,
    delete_missing: bool = False,
    codebooks: list[tuple[bytes, str]] = (),
) -> ImportReport:
    """Validate a file (its bytes or path) and, unless ``dry_run``, commit it (see :func:`prepare`,
    :func:`commit`)."""
    report = prepare(store, raw, file_name, kind, round_label, group, form, codebooks=codebooks)
    if dry_run:
        return report
    return commit(store, report, who, accept_rejected, delete_missing)


def _unreadable(path: Path, exc: OSError) -> ImportRefused:
    if isinstance(exc, FileNotFoundError):
        return ImportRefused(t("import_file_missing", path=path))
    if isinstance(exc, IsADirectoryError):
        return ImportRefused(t("import_file_is_folder", path=path))
    return ImportRefused(t("import_file_unreadable", path=path, strerror=exc.strerror))


def read_file(path: Path | str) -> bytes:
    """A file's bytes, or :class:`ImportRefused` saying why it cannot be read."""
    path = readable(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from None


def readable(path: Path | str) -> Path:
    """``path`` once it is known to be a regular file that can be read, or :class:`ImportRefused`.

    A device (``/dev/zero``), a pipe or a socket is refused before it is opened:
    it has no size to check against the limit, and opening a pipe waits for a writer.
    """
    path = Path(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode) and not path.is_dir():
            raise ImportRefused(t("import_not_regular_file", file=path))
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise _unreadable(path, exc) from None
    return path


def import_file(store: Store, path: Path | str, codebook_paths=(), **options) -> ImportReport:
    """Import a file from disk, with the form's codebook files (see :func:`import_bytes`).

    The file is passed on by its path, so a large CSV is never read into memory.
    """
    codebooks = [(read_file(p), Path(p).name) for p in codebook_paths]
    return import_bytes(store, readable(path), Path(path).name, codebooks=codebooks, **options)


def _cell_text(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def save_actions(store: Store, edited: pd.DataFrame, who: str) -> ImportReport | None:
    """Store the rows of the follow-up measures table that were added or changed in the app.

    The rows go through the same validation and commit as an imported file
    (kind ``actions``), so a save is atomic, is a line in the history and can
    be undone. Returns ``None`` when nothing changed.
    """
    manifest = store.manifest()
    report = _edited_report(store, manifest, "actions", edited, "tiltak")
    if report is None:
        return None
    _record_changes([Sheet("tiltak", report.parsed.pop("cells"))], store, manifest, "actions", report)
    return commit(store, report, who, action="tiltak")


def _edited_report(
    store: Store, manifest: dict, name: str, edited: pd.DataFrame, form: str
) -> ImportReport | None:
    """An import report of the rows of table ``name`` added or changed in the app (their text
    cells in ``parsed["cells"]``, numbered from 1), or ``None`` when nothing changed."""
    columns = [column.name for column in specs()[name]]

    def as_text(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame({c: [_cell_text(v) for v in frame[c]] if c in frame else "" for c in columns})

    cells = as_text(edited.reset_index(drop=True))
    cells = cells[(cells != "").any(axis=1)]
    current = as_text(conform(name, store.table(name, manifest)))
    unchanged = cells.merge(current, on=columns, how="left", indicator=True)["_merge"] == "both"
    cells = cells[~unchanged.to_numpy()]
    if cells.empty:
        return None
    cells.index = range(1, len(cells) + 1)
    # The version the edit was made from is part of the hash, so saving a row back
    # to an earlier content is a new change, not a repeated file.
    text = cells.to_csv(sep=";", index=False)
    report = ImportReport(
        name,
        t("import_saved_in_app", form=form),
        hashlib.sha256(f"{manifest['version']}\n{text}".encode()).hexdigest(),
        len(cells),
        form=form,
    )
    report.parsed["cells"] = cells
    return report


def save_invited(store: Store, edited: pd.DataFrame, who: str) -> ImportReport | None:
    """Store the rows of the invited table that were added or changed in the app, through the
    same validation and commit as an imported file (kind ``invited``): atomic, in the history,
    undoable. Returns ``None`` when nothing changed."""
    manifest = store.manifest()
    report = _edited_report(store, manifest, "invited", edited, "inviterte")
    if report is None:
        return None
    cells = report.parsed.pop("cells")
    read_invited([Sheet("inviterte", cells)], store.table("unit_map", manifest), report, None, None)
    return commit(store, report, who)


def save_header_map(store: Store, form: str, targets: dict[str, str], who: str) -> None:
    """Remember column -> item_id (``""`` = ignore) for the next upload of ``form``."""
    new = pd.DataFrame({"form": form, "header": list(targets), "target": list(targets.values())})

    def upsert(current: dict) -> dict[str, pd.DataFrame]:
        existing = store.table("header_map", current)
        rows = pd.concat([existing, new], ignore_index=True) if not existing.empty else new
        return {"header_map": conform("header_map", rows.drop_duplicates(["form", "header"], keep="last"))}

    store.commit(upsert, {"kind": "mapping", "form": form, "who": who, "headers": len(new)})
    mapped = sum(1 for target in targets.values() if target)
    store.append_audit(who, "mapping", t("audit_mapping_detail", form=form, count=mapped))


def replace_header_map(store: Store, header_map: pd.DataFrame, who: str) -> None:
    """Replace every remembered header mapping with ``header_map`` (form, header, target)."""
    rows = header_map.dropna(subset=["form", "header"])
    rows = rows[(rows["form"].astype(str).str.strip() != "") & (rows["header"].astype(str).str.strip() != "")]
    unknown = sorted(set(rows["target"].dropna()) - set(_item_ids()) - {""})
    refuse_with([t("import_mapping_not_item", header=u) for u in unknown], t("import_mappings_not_saved"))
    table = conform("header_map", rows.drop_duplicates(["form", "header"], keep="last"))
    store.commit({"header_map": table}, {"kind": "mapping", "who": who, "headers": len(table)})
    store.append_audit(who, "mapping", t("audit_header_map_detail", count=len(header_map)))


def save_unit_map(store: Store, unit_map: pd.DataFrame, who: str) -> None:
    """Replace the unit table (alias, unit, valid_from, valid_to) with ``unit_map``."""
    cleaned = unit_map.dropna(subset=["alias", "unit"])
    cleaned = cleaned[(cleaned["alias"].astype(str).str.strip() != "") & (cleaned["unit"].astype(str) != "")]
    problems = [
        t(
            "import_unit_dates_reversed",
            alias=a,
            valid_from=format(f, "%d.%m.%Y"),
            valid_to=format(to, "%d.%m.%Y"),
        )
        for a, f, to in zip(
            cleaned["alias"], pd.to_datetime(cleaned["valid_from"]), pd.to_datetime(cleaned["valid_to"])
        )
        if pd.notna(f) and pd.notna(to) and f > to
    ]
    refuse_with(problems, t("import_units_not_saved"))
    store.commit(
        {"unit_map": conform("unit_map", cleaned)}, {"kind": "units", "who": who, "aliases": len(cleaned)}
    )
    store.append_audit(who, "unit_map", t("audit_unit_map_detail", count=len(unit_map)))


def load_demo(store: Store, seed: int | None = None) -> dict:
    """Write the generated demo dataset into ``store`` as one import (refuses over real data)."""
    current = active_imports(store.manifest())
    if any(rec.get("kind") != "demo" for rec in current):
        raise ImportRefused(t("import_demo_folder_in_use", data_dir=store.data_dir))
    seed = demo.DEFAULT_SEED if seed is None else seed
    tables = demo.generate_demo(seed)
    payload = {name: frame for name, frame in tables.items() if name in BASE_TABLES}
    # The demo is invented: every round is published at once, and neither it nor a later version is
    # compared with the other. What readers saw of real data before is kept, so real data imported
    # after the demo is checked against it.
    rounds = sorted(set(tables["responses"]["round"].astype(str)))
    return store.commit(
        tables,
        {
            "kind": "demo",
            "file_name": f"demo (seed {seed})",
            "who": "demo",
            "tables": {name: len(frame) for name, frame in tables.items()},
            "undoes": [rec["id"] for rec in current],
        },
        payload=payload,
        publication=dict.fromkeys(rounds, PUBLISHED),
        invented=True,
    )
