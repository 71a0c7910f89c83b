"""Detect and decode a tabular file into a frame of text cells.

The file type comes from the content, not the extension: Parquet starts with
``PAR1``, xlsx is a zip (``PK``), anything else must decode as text. Text is
tried as UTF-16 (by BOM), UTF-8 (with or without BOM) and then Windows-1252,
the encoding of a Norwegian Excel's "CSV (semikolondelt)". The delimiter is
the one of ``;``, ``,`` and tab that splits the header line most.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pandas as pd

from analytics.ingest.errors import ImportRefused
from analytics.ingest.tables import EXPLANATION_SHEET

PARQUET_MAGIC = b"PAR1"
ZIP_MAGIC = b"PK\x03\x04"
DELIMITERS = (";", ",", "\t")


@dataclass(frozen=True)
class Sheet:
    """One table read from a file: its name (sheet or file) and text cells."""

    name: str
    frame: pd.DataFrame


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "UTF-16"
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "Windows-1252"


def _delimiter(header_line: str) -> str:
    counts = {d: len(next(csv.reader([header_line], delimiter=d))) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: counts[d])


def _frame_from_rows(rows: list[list[str]], file_name: str) -> pd.DataFrame:
    rows = [r for r in rows if any(str(c).strip() for c in r)]
    if not rows:
        raise ImportRefused(f"Fila «{file_name}» er tom. Velg en fil med en overskriftsrad og svar.")
    header = [str(c).strip().lstrip("\ufeff") for c in rows[0]]
    if len(rows) == 1:
        raise ImportRefused(f"Fila «{file_name}» har bare overskrifter og ingen rader med data.")
    width = len(header)
    body = [[str(c) for c in (r + [""] * width)[:width]] for r in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=object)


def _read_text(raw: bytes, file_name: str) -> Sheet:
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRefused(
            f"Fila «{file_name}» ser ikke ut som en CSV-, Excel- eller Parquet-fil. "
            "Lagre den som CSV (UTF-8 eller semikolondelt) eller xlsx og prøv igjen."
        )
    text, _encoding = _decode(raw)
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = _delimiter(first_line)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return Sheet(file_name, _frame_from_rows(rows, file_name))


def _read_parquet(raw: bytes, file_name: str) -> Sheet:
    try:
        frame = pd.read_parquet(io.BytesIO(raw))
    except Exception as exc:  # pyarrow raises many types for a damaged file
        raise ImportRefused(
            f"Parquet-fila «{file_name}» kan ikke leses ({type(exc).__name__}). Eksporter den på nytt."
        ) from exc
    if frame.empty:
        raise ImportRefused(f"Fila «{file_name}» har ingen rader med data.")
    as_text = frame.astype(object).where(frame.notna(), "")
    as_text = as_text.map(_cell_text)
    return Sheet(file_name, as_text)


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _read_xlsx(raw: bytes, file_name: str) -> list[Sheet]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # a corrupt or encrypted workbook fails in many ways
        raise ImportRefused(
            f"Excel-fila «{file_name}» kan ikke åpnes. Er den passordbeskyttet eller skadet? "
            "Lagre den på nytt uten passord og prøv igjen."
        ) from exc
    sheets = []
    for sheet in book.worksheets:
        rows = [
            ["" if c is None else _cell_text(c) for c in row] for row in sheet.iter_rows(values_only=True)
        ]
        # The template's explanation sheet is not data, and a sheet with only its
        # header row is a template table left unfilled: skip both.
        if sheet.title != EXPLANATION_SHEET and sum(1 for r in rows if any(str(c).strip() for c in r)) > 1:
            sheets.append(Sheet(sheet.title, _frame_from_rows(rows, f"{file_name} / {sheet.title}")))
    book.close()
    if not sheets:
        raise ImportRefused(
            f"Excel-fila «{file_name}» har ingen ark med data under overskriftene. "
            "Fyll inn minst én rad i en av tabellene og prøv igjen."
        )
    return sheets


def read_tables(raw: bytes, file_name: str) -> list[Sheet]:
    """Read every table in a file as text cells (one per sheet for xlsx)."""
    if not raw.strip():
        raise ImportRefused(f"Fila «{file_name}» er tom. Velg en fil med en overskriftsrad og svar.")
    if raw.startswith(PARQUET_MAGIC):
        return [_read_parquet(raw, file_name)]
    if raw.startswith(ZIP_MAGIC):
        return _read_xlsx(raw, file_name)
    return [_read_text(raw, file_name)]
