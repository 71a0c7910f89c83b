"""Importing files: read, validate, merge, and commit through the store.

The same functions serve the CLI (``python -m analytics import``) and the app.
Everything is validated before anything is written; a refused file raises
:class:`ImportRefused` with a message in bokmål and leaves the data folder
exactly as it was.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analytics.ingest.errors import ImportRefused
from analytics.ingest.read import read_tables
from analytics.ingest.survey import parse_survey
from analytics.ingest.tables import KIND_TABLES, SPECS, conform, detect_table, parse_table
from analytics.store import BASE_TABLES, Store

KINDS = ("survey", "projects", "events")

__all__ = ["KINDS", "ImportRefused", "ImportReport", "import_bytes", "load_demo", "merge"]


@dataclass
class ImportReport:
    """What an import found and (unless a dry run) stored."""

    kind: str
    file_name: str
    sha256: str
    rows_read: int
    tables: dict[str, int] = field(default_factory=dict)  # table -> rows in the file
    respondents: int = 0
    notes: list[str] = field(default_factory=list)
    stored: bool = False
    already_imported: bool = False
    parsed: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def lines(self) -> list[str]:
        """The report in bokmål, one line per fact."""
        lines = [f"Fil: {self.file_name} ({self.kind})", f"Rader lest: {self.rows_read}"]
        if self.kind == "survey":
            answers = self.tables.get("responses", 0)
            lines.append(f"Respondenter godtatt: {self.respondents}, svar: {answers}")
        else:
            lines += [f"Tabell {name}: {rows} rader" for name, rows in self.tables.items()]
        lines += self.notes
        if self.already_imported:
            lines.append("Denne fila er allerede importert. Ingenting er endret.")
        elif self.stored:
            lines.append("Lagret.")
        else:
            lines.append("Prøvekjøring: ingenting er lagret.")
        return lines


def merge(name: str, existing: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Existing rows with the new ones upserted by the table's key.

    Survey answers are replaced per respondent (round, group, respondent_id):
    a re-exported respondent's answers replace all of their earlier answers.
    """
    key = BASE_TABLES[name]
    if name == "responses":
        key = ("round", "group", "respondent_id")
    if existing.empty:
        return conform(name, new)
    existing = conform(name, existing)
    new = conform(name, new)
    replaced = existing.set_index(list(key)).index.isin(new.set_index(list(key)).index)
    return conform(name, pd.concat([existing[~replaced], new], ignore_index=True))


def _survey_changes(sheets, round_label, group, report) -> None:
    if len(sheets) != 1:
        raise ImportRefused(
            f"{report.file_name}: en spørreundersøkelse må ligge i ett ark, fila har {len(sheets)}."
        )
    parsed = parse_survey(sheets[0].frame, report.file_name, round_label, group)
    report.respondents = parsed.respondents
    report.tables["responses"] = len(parsed.responses)
    if parsed.dropped_personal:
        report.notes.append(
            "Utelatt (personopplysninger, lagres aldri): " + ", ".join(parsed.dropped_personal)
        )
    if parsed.ignored_columns:
        report.notes.append("Ukjente kolonner som ikke er lest: " + ", ".join(parsed.ignored_columns))
    report.parsed["responses"] = parsed.responses


def _record_changes(sheets, store, manifest, kind, report) -> None:
    parsed: dict[str, pd.DataFrame] = {}
    for sheet in sheets:
        name = detect_table(sheet.frame, kind)
        if name is None:
            if len(sheets) > 1:
                report.notes.append(f"Arket «{sheet.name}» er ikke en kjent tabell og er ikke lest.")
                continue
            expected = "; ".join(
                f"{t}: " + ", ".join(c.name for c in SPECS[t] if c.required) for t in KIND_TABLES[kind]
            )
            raise ImportRefused(
                f"{report.file_name}: kolonnene passer ikke med noen tabell for «{kind}». "
                f"Forventet en av disse: {expected}."
            )
        if name in parsed:
            raise ImportRefused(f"{report.file_name}: tabellen «{name}» står i flere ark.")
        parsed[name] = parse_table(name, sheet.frame, f"{report.file_name} / {sheet.name}")
    if not parsed:
        raise ImportRefused(f"{report.file_name}: fant ingen tabell for «{kind}».")
    if kind == "projects":
        known = set(store.table("projects", manifest).get("project_id", pd.Series(dtype=str)))
        known |= set(parsed.get("projects", pd.DataFrame({"project_id": []}))["project_id"])
        unknown = sorted(
            {pid for name, frame in parsed.items() if name != "projects" for pid in frame["project_id"]}
            - known
        )
        if unknown:
            raise ImportRefused(
                f"{report.file_name}: ukjente prosjekt-id-er {', '.join(unknown[:8])}. "
                "Importer prosjektregisteret (tabellen projects) først, eller i samme fil."
            )
    for name, frame in parsed.items():
        report.tables[name] = len(frame)
        report.parsed[name] = frame


def import_bytes(
    store: Store,
    raw: bytes,
    file_name: str,
    kind: str = "survey",
    round_label: str | None = None,
    group: str | None = None,
    dry_run: bool = False,
    who: str = "cli",
) -> ImportReport:
    """Validate a file and, unless ``dry_run``, commit it to ``store``."""
    if kind not in KINDS:
        raise ImportRefused(f"Ukjent type «{kind}». Velg en av: {', '.join(KINDS)}.")
    file_name = Path(file_name).name
    digest = hashlib.sha256(raw).hexdigest()
    sheets = read_tables(raw, file_name)
    report = ImportReport(kind, file_name, digest, rows_read=sum(len(s.frame) for s in sheets))
    manifest = store.manifest()
    if any(rec.get("sha256") == digest for rec in manifest["imports"]):
        report.already_imported = True
        return report
    if kind == "survey":
        _survey_changes(sheets, round_label, group, report)
    else:
        _record_changes(sheets, store, manifest, kind, report)
    if dry_run:
        return report

    def merged(current: dict) -> dict[str, pd.DataFrame]:
        # Runs under the store's writer lock, against the data as it is now.
        return {name: merge(name, store.table(name, current), frame) for name, frame in report.parsed.items()}

    store.commit(
        merged,
        {
            "kind": kind,
            "file_name": file_name,
            "sha256": digest,
            "who": who,
            "rows_read": report.rows_read,
            "respondents": report.respondents,
            "tables": report.tables,
        },
    )
    report.stored = True
    return report


def import_file(store: Store, path: Path | str, **options) -> ImportReport:
    """Read a file from disk and import it (see :func:`import_bytes`)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportRefused(f"Finner ikke fila «{path}». Sjekk navnet og mappa.") from None
    except IsADirectoryError:
        raise ImportRefused(f"«{path}» er en mappe, ikke en fil.") from None
    except OSError as exc:
        raise ImportRefused(f"Kan ikke lese «{path}»: {exc.strerror}.") from None
    return import_bytes(store, raw, path.name, **options)


def load_demo(store: Store, seed: int | None = None) -> dict:
    """Write the generated demo dataset into ``store`` (refuses over real data)."""
    from analytics import demo

    if any(rec.get("kind") != "demo" for rec in store.manifest()["imports"]):
        raise ImportRefused(
            f"Datamappa {store.data_dir} har importerte data. Demodata skrives bare i en tom "
            "mappe eller over tidligere demodata; velg en annen mappe med --data-dir."
        )
    seed = demo.DEFAULT_SEED if seed is None else seed
    return store.commit(
        demo.generate_demo(seed), {"kind": "demo", "file_name": f"demo (seed {seed})", "who": "demo"}
    )
