"""Tables for download: CSV and Excel that cannot run as formulas.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read as a formula by Excel and LibreOffice (CSV injection). In a
CSV file such text gets a leading apostrophe; in an xlsx file it is a text
cell with Excel's quote prefix (shown as written, never run). Numbers stay
numbers.

Names made from data (a round ``2025/26``, a project ``2024/01``) become
sheet and file names only through :func:`sheet_name` and :func:`file_name`,
which drop the characters those places give a meaning to.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import pandas as pd

from analytics.core.text import t

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses these in a sheet name, and names longer than 31 characters.
SHEET_FORBIDDEN = re.compile(r"[\\/?*\[\]:\x00-\x1f\x7f]")
SHEET_MAX = 31
# Characters that separate folders or are refused in file names on Windows, and control characters.
FILE_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
FILE_MAX = 120


def sheet_name(name: str, taken: set[str] = frozenset()) -> str:
    """A sheet name Excel accepts, different from the (lower-cased) names in ``taken``.

    >>> sheet_name("kjennetegn_enheter_2025/26")
    'kjennetegn_enheter_2025-26'
    >>> sheet_name("fundamenter_[A:B]*?")
    'fundamenter_-A-B---'
    >>> len(sheet_name("x" * 40))
    31
    """
    base = SHEET_FORBIDDEN.sub("-", str(name)).strip("' ")[:SHEET_MAX].strip("' ")
    if not base or base.lower() == "history":  # Excel reserves «History»
        base = t("sheet_default")
    candidate, number = base, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = base[: SHEET_MAX - len(suffix)] + suffix, number + 1
    return candidate


def file_name(name: str, extension: str) -> str:
    """A download file name without folder separators, reserved or control characters.

    >>> file_name("fundamenter_2024/01", "xlsx")
    'fundamenter_2024-01.xlsx'
    >>> file_name("../../etc", "csv")
    '-..-etc.csv'
    """
    stem = FILE_FORBIDDEN.sub("-", str(name)).strip(" .")[:FILE_MAX] or t("sheet_default")
    return f"{stem}.{extension}"


def neutralise(value):
    """Prefix text that a spreadsheet would run as a formula with ``'``.

    >>> neutralise("=HYPERLINK(\\"x\\")")
    '\\'=HYPERLINK("x")'
    >>> neutralise(-1.5)
    -1.5
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and headers are neutralised."""
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with BOM and ``;``, as a Norwegian Excel opens it directly."""
    return safe_frame(frame).to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame], made_at: datetime | None = None) -> bytes:
    """An xlsx workbook, one sheet per frame (names made safe by :func:`sheet_name`);
    ``made_at``: the time written into the file, so that it is the same for the same data."""
    buffer = io.BytesIO()
    taken: set[str] = set()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        if made_at is not None:
            writer.book.properties.created = writer.book.properties.modified = made_at.replace(tzinfo=None)
        for name, frame in sheets.items():
            safe_name = sheet_name(name, taken)
            taken.add(safe_name.lower())
            frame.to_excel(writer, sheet_name=safe_name, index=False)
            text_cells(writer.sheets[safe_name])
    return buffer.getvalue() if made_at is None else zip_made_at(buffer.getvalue(), made_at)


def zip_made_at(data: bytes, made_at: datetime) -> bytes:
    """An Office file (a zip) with every member, and the file's own «modified» (which openpyxl
    sets to the moment of saving), dated ``made_at``; members in the same order."""
    source, target = io.BytesIO(data), io.BytesIO()
    stamp = max(made_at.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    modified = rb"\g<1>" + made_at.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for member in old.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type, info.external_attr = member.compress_type, member.external_attr
            content = old.read(member.filename)
            if member.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", modified, content)
            new.writestr(info, content)
    return target.getvalue()


def text_cells(sheet) -> None:
    """Make every cell of an openpyxl ``sheet`` whose text would run as a formula a text cell
    with Excel's quote prefix: the reader sees the text as written, without an apostrophe,
    and no spreadsheet runs it."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True
