"""Detect and decode a tabular file into frames of text cells.

The file type comes from the content, not the extension: Parquet starts with
``PAR1``, xlsx is a zip (``PK``), an OLE2 file is an encrypted workbook or an
old ``.xls``, anything else must decode as text. Text is tried as UTF-16 (by
BOM, or by its zero bytes when the BOM is missing), UTF-8 (with or without
BOM) and then Windows-1252, the encoding of a Norwegian Excel's "CSV
(semikolondelt)", but only for a file with no UTF-8 in it at all: a UTF-8 file
with lines that do not decode is refused with their numbers. The delimiter is
the one of ``;``, ``,`` and tab that gives the most columns consistently over
the first lines.

Hand-kept sheets put titles above the header and totals below the data: the
header is the first row that is about as wide as the table, and a last row
that starts with «Sum» or «Totalt» is dropped. A header cell merged over
several columns in xlsx is combined with the sub-headers in the row below.

Each frame keeps the file's own row numbers as its index (the header row of a
plain file is row 1), so every message can point at the row the analyst sees.
Repeated header names get a suffix (``Tekst [2]``) so no column is lost.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from analytics.core.text import fmt_number, t
from analytics.ingest.errors import ImportRefused

# The sheet of an import template that explains the columns; imports skip it.
EXPLANATION_SHEET = "Forklaring"

PARQUET_MAGIC = b"PAR1"
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DELIMITERS = (";", ",", "\t")
HEADER_SEARCH_ROWS = 30
TOTAL_WORDS = {"sum", "sum totalt", "totalt", "total", "i alt", "sum i alt"}
# A zip member that expands more than this is treated as a decompression bomb.
MAX_COMPRESSION_RATIO = 200
# A survey has at most a few hundred columns; a register a few dozen.
MAX_COLUMNS = 1000
# Cells a file may hold (a long export of 2 million answers has about 16 million);
# an xlsx is read cell by cell in Python, so it gets a smaller budget.
MAX_CELLS = 20_000_000
MAX_XLSX_CELLS = 2_000_000


@dataclass(frozen=True)
class Sheet:
    """One table read from a file: its name (sheet or file), text cells, how it was read."""

    name: str
    frame: pd.DataFrame
    description: str = ""


# A byte sequence only UTF-8 writes: a lead byte and its continuation bytes. A file
# with one is UTF-8 (a Norwegian Windows-1252 text has none), so its lines that do
# not decode are mistakes to fix, not a sign of another encoding.
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Characters that look like nothing or like a space: removed, or read as a space.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
INVISIBLE.update(dict.fromkeys(map(ord, "\u00a0\u2007\u202f"), " "))


def clean_text(text: str) -> str:
    """A cell as it is compared and stored: Unicode NFC, no zero-width characters,
    non-breaking spaces as spaces (so «Åsnes» in two normal forms, or «Bø» with a
    zero-width space, is one name).

    >>> clean_text("A\u030asnes"), clean_text("B\u00f8\u200b"), clean_text("Helt\u00a0enig")
    ('Åsnes', 'Bø', 'Helt enig')
    """
    return unicodedata.normalize("NFC", text.translate(INVISIBLE)) if not text.isascii() else text


def clean_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`clean_text` on every text cell and header (columns of ASCII only are left as they are)."""
    frame = frame.rename(columns=lambda c: clean_text(c) if isinstance(c, str) else c)
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            text = values.dropna().astype(str)
            if not text.str.isascii().all():
                frame[column] = values.map(lambda v: clean_text(v) if isinstance(v, str) else v)
    return frame


def undecodable_lines(raw: bytes) -> list[int]:
    """The numbers (1-based) of the lines that are not valid UTF-8."""
    bad = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
    return bad


def refuse_undecodable(file_name: str, lines: list[int]) -> None:
    shown = ", ".join(fmt_number(n, 0) for n in lines[:10])
    more = t("utf8_more_lines", count=fmt_number(len(lines) - 10, 0)) if len(lines) > 10 else ""
    raise ImportRefused(t("utf8_bad_lines", file=file_name, count=len(lines), lines=shown, more=more))


def _decode(raw: bytes, file_name: str = "") -> tuple[str, str]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "UTF-16"
    sample = raw[:4096]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
        return raw.decode("utf-16-le", errors="replace"), "UTF-16"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4:
        return raw.decode("utf-16-be", errors="replace"), "UTF-16"
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        return raw[3 if bom else 0 :].decode("utf-8"), t("read_utf8_bom") if bom else "UTF-8"
    except UnicodeDecodeError:
        if bom or UTF8_SEQUENCE.search(raw):
            refuse_undecodable(file_name, undecodable_lines(raw))
        return raw.decode("cp1252", errors="replace"), "Windows-1252"


def _delimiter(text: str) -> str:
    sample = text[:20000].splitlines()[:HEADER_SEARCH_ROWS]

    def score(delimiter: str) -> tuple[int, int]:
        widths = [len(r) for r in csv.reader(sample, delimiter=delimiter) if any(c.strip() for c in r)]
        if not widths:
            return (0, 0)
        width, count = Counter(widths).most_common(1)[0]
        return (width if width > 1 else 0, count)

    return max(DELIMITERS, key=score)


def _is_blank(row: list[str]) -> bool:
    return not any(str(c).strip() for c in row)


def _header_index(rows: list[list[str]], merged: dict[int, dict[int, int]] | None = None) -> int:
    """The first row about as wide as the table. A cell merged over columns covers
    them all, unless it is the row's only text (a title)."""
    merged = merged or {}

    def width(number: int, row: list[str]) -> int:
        texts = [str(c).strip() for c in row if str(c).strip()]
        spans = merged.get(number, {})
        extra = sum(last - first for first, last in spans.items()) if len(set(texts)) > 1 else 0
        return len(texts) + extra

    filled = [width(number, r) for number, r in enumerate(rows[:HEADER_SEARCH_ROWS])]
    widest = max(filled, default=0)
    return next(i for i, n in enumerate(filled) if n >= max(2, 0.6 * widest) or n == widest)


def _unique(header: list[str]) -> list[str]:
    seen: Counter = Counter()
    labels = []
    for position, name in enumerate(header):
        name = name or t("read_column", position=position + 1)
        seen[name] += 1
        labels.append(name if seen[name] == 1 else f"{name} [{seen[name]}]")
    return labels


def _frame_from_grid(
    grid: pd.DataFrame, file_name: str, merged: dict[int, dict[int, int]] | None = None
) -> pd.DataFrame:
    """Text cells under the detected header, indexed by the file's row numbers (1-based).

    ``grid`` holds every cell of the sheet (position 0 is row 1). ``merged``
    maps a row position to its horizontally merged cells (first -> last
    column). Rows with text beyond the header's last column are listed in the
    frame's ``attrs["too_wide"]``: their cells cannot be trusted to sit under
    the right header.
    """
    grid = clean_frame(grid.fillna("").astype(str))
    grid.columns = range(grid.shape[1])
    filled = pd.DataFrame({c: grid[c].str.strip() != "" for c in grid.columns})
    if grid.empty or not filled.to_numpy().any():
        raise ImportRefused(t("read_file_empty", file_name=file_name))
    start = _header_index(grid.head(HEADER_SEARCH_ROWS).to_numpy().tolist(), merged)
    header = [c.strip().lstrip("\ufeff").replace("\u00a0", " ") for c in grid.iloc[start]]
    first_data = start + 1
    merged_header = (merged or {}).get(start)
    if merged_header:
        # A header cell merged over columns: its sub-headers are in the next row.
        sub = [c.strip() for c in grid.iloc[start + 1]] if start + 1 < len(grid) else []
        for first, last in merged_header.items():
            top = header[first]
            for column in range(first, last + 1):
                below = sub[column] if column < len(sub) else ""
                header[column] = f"{top} {below}".strip()
        first_data += 1
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    keep = filled.iloc[first_data:, :width].any(axis=1)
    too_wide = filled.iloc[first_data:, width:].any(axis=1) & keep
    body = grid.iloc[first_data:, :width][keep]
    if len(body):
        last = [c.strip().lower() for c in body.iloc[-1] if c.strip()]
        if last and last[0].rstrip(":") in TOTAL_WORDS:
            body = body.iloc[:-1]
    if body.empty:
        raise ImportRefused(t("read_only_headers", file_name=file_name))
    body.columns = _unique(header[:width])
    body.index = pd.Index(body.index + 1, name="row")
    body.attrs["too_wide"] = [int(position) + 1 for position in too_wide.index[too_wide]]
    return body


def _text_grid(text: str, delimiter: str) -> pd.DataFrame:
    try:
        # The C parser is fast; it refuses a row wider than the first one (titles
        # above the header, or text with an unquoted delimiter) ...
        return pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError:
        # ... and then the csv module reads rows of any width.
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        width = max(map(len, rows), default=0)
        return pd.DataFrame([row + [""] * (width - len(row)) for row in rows])


def _read_text(raw: bytes, file_name: str) -> Sheet:
    text, encoding = _decode(raw, file_name)
    if "\x00" in text[:4096]:
        raise ImportRefused(t("read_unknown_format", file_name=file_name))
    delimiter = _delimiter(text)
    # Before any parsing: the widest line and the number of lines, counted in C.
    lines = text.splitlines()
    _check_shape(file_name, max(map(str.count, lines, [delimiter] * len(lines))) + 1, len(lines), MAX_CELLS)
    del lines
    named = {";": t("delimiter_semicolon"), ",": t("delimiter_comma"), "\t": t("delimiter_tab")}[delimiter]
    frame = _frame_from_grid(_text_grid(text, delimiter), file_name)
    return Sheet(file_name, frame, t("read_csv_description", encoding=encoding, delimiter=named))


def _check_shape(file_name: str, columns: int, rows: int, max_cells: int) -> None:
    """Refuse a file too wide or too large before the work that grows with its cells."""
    if columns > MAX_COLUMNS:
        raise ImportRefused(
            t(
                "too_many_columns",
                file=file_name,
                columns=fmt_number(columns, 0),
                limit=fmt_number(MAX_COLUMNS, 0),
            )
        )
    if columns * rows > max_cells:
        raise ImportRefused(
            t(
                "too_many_cells",
                file=file_name,
                cells=fmt_number(columns * rows, 0),
                limit=fmt_number(max_cells, 0),
            )
        )


def _read_parquet(raw: bytes, file_name: str) -> Sheet:
    import pyarrow.parquet as pq

    try:
        metadata = pq.ParquetFile(io.BytesIO(raw)).metadata
        _check_shape(file_name, metadata.num_columns, metadata.num_rows, MAX_CELLS)
        frame = pd.read_parquet(io.BytesIO(raw))
    except ImportRefused:
        raise
    except Exception as exc:  # pyarrow raises many types for a damaged file
        raise ImportRefused(
            t("read_parquet_unreadable", file_name=file_name, error=type(exc).__name__)
        ) from exc
    if frame.empty:
        raise ImportRefused(t("read_no_rows", file_name=file_name))
    as_text = frame.astype(object).where(frame.notna(), "").map(_cell_text)
    as_text.columns = _unique([str(c) for c in as_text.columns])
    as_text.index = pd.RangeIndex(2, len(as_text) + 2, name="row")
    return Sheet(file_name, as_text, "Parquet")


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        if getattr(value, "hour", 0) or getattr(value, "minute", 0):
            return value.strftime("%Y-%m-%d %H:%M:%S")
        return value.strftime("%Y-%m-%d")
    return str(value)


def _cannot_open(file_name: str) -> ImportRefused:
    return ImportRefused(t("read_excel_unopenable", file_name=file_name))


def _check_zip(raw: bytes, file_name: str, max_bytes: int) -> bool:
    """Refuse an xlsx whose contents would expand far beyond the file size limit.

    Returns whether any cell of its sheets holds an error value (#N/A, #DIV/0! ...).
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except zipfile.BadZipFile:
        raise _cannot_open(file_name) from None
    if not any(m.filename.startswith("xl/") for m in members):
        raise _cannot_open(file_name)  # another kind of zip (an .ods or a .docx, say)
    total = sum(m.file_size for m in members)
    ratio = max((m.file_size / max(m.compress_size, 1) for m in members), default=0)
    if total > 10 * max_bytes or ratio > MAX_COMPRESSION_RATIO:
        raise ImportRefused(t("read_excel_bomb", file_name=file_name, mb=total // 1_000_000))
    cells, errors = _xlsx_cells(zipfile.ZipFile(io.BytesIO(raw)), members)
    _check_shape(file_name, 1, cells, MAX_XLSX_CELLS)
    return errors > 0


# How the sheets' XML marks a cell's value (a number, a shared or inline string, a formula's
# cached result), and a cell holding an error value. A cell with a format and no value
# (``<c r="B7" s="3"/>``) is not counted: Excel writes thousands of them for a styled column.
_CELL_TAGS = (b"<v>", b"<v ", b"<is>")
_ERROR_CELL = b't="e"'


def _xlsx_cells(book: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> tuple[int, int]:
    """The number of cells with a value in the workbook's sheets and of those holding an error value,
    counted in their XML as it streams (linear in the expanded size, in C), before a
    Python object is made for each cell."""
    patterns = (*_CELL_TAGS, _ERROR_CELL)
    counts = dict.fromkeys(patterns, 0)
    keep = max(map(len, patterns)) - 1
    for member in members:
        if not member.filename.startswith("xl/worksheets/") or not member.filename.endswith(".xml"):
            continue
        with book.open(member) as stream:
            tail = b""
            while chunk := stream.read(1 << 20):
                block = tail + chunk
                # A pattern in the block's last bytes is counted with the next block.
                tail = block[-keep:]
                for pattern in patterns:
                    counts[pattern] += block.count(pattern) - tail.count(pattern)
            for pattern in patterns:
                counts[pattern] += tail.count(pattern)
    return sum(counts[tag] for tag in _CELL_TAGS), counts[_ERROR_CELL]


def _merged_cells(ranges: list) -> dict[int, dict[int, int]]:
    """Row index -> {first column: last column} of each cell merged across columns
    (``ranges``: ((first row, first column), (last row, last column)), counted from 0)."""
    spans: dict[int, dict[int, int]] = {}
    for (first_row, first_col), (last_row, last_col) in ranges:
        if first_row == last_row and last_col > first_col:
            spans.setdefault(first_row, {})[first_col] = last_col
    return spans


def _calamine_grids(raw: bytes, file_name: str) -> list[tuple[str, list[list], list]]:
    """Each worksheet (not a chart sheet): its name, its cells from A1 (as it is laid out,
    not from its first non-empty cell; a formula's cached result as its value) and its
    merged ranges."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except Exception as exc:  # a corrupt workbook fails in many ways
        raise _cannot_open(file_name) from exc
    try:
        grids = []
        for meta in book.sheets_metadata:
            if meta.typ == SheetTypeEnum.WorkSheet:
                sheet = book.get_sheet_by_name(meta.name)
                grids.append(
                    (meta.name, sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or [])
                )
        return grids
    except Exception as exc:
        raise _cannot_open(file_name) from exc
    finally:
        book.close()


def _openpyxl_grids(raw: bytes, file_name: str) -> list[tuple[str, list[list], list]]:
    """As :func:`_calamine_grids`, read by openpyxl, which keeps an error value's text."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # a corrupt workbook fails in many ways
        raise _cannot_open(file_name) from exc
    grids = [
        (
            sheet.title,
            [list(row) for row in sheet.iter_rows(values_only=True)],
            [
                ((m.min_row - 1, m.min_col - 1), (m.max_row - 1, m.max_col - 1))
                for m in sheet.merged_cells.ranges
            ],
        )
        for sheet in book.worksheets
    ]
    book.close()
    return grids


def _read_xlsx(raw: bytes, file_name: str, max_bytes: int) -> list[Sheet]:
    # calamine (Rust) reads a workbook about twenty times faster than openpyxl, but reads
    # a cell holding an error value as empty: such a workbook is read by openpyxl, so that
    # the import names the cell instead of leaving a value out.
    errors = _check_zip(raw, file_name, max_bytes)
    grids = (_openpyxl_grids if errors else _calamine_grids)(raw, file_name)
    sheets = []
    for title, grid, merged in grids:
        _check_shape(f"{file_name} / {title}", max(map(len, grid), default=0), 0, MAX_XLSX_CELLS)
        rows = [["" if c is None else _cell_text(c) for c in row] for row in grid]
        # The template's explanation sheet is not data, and a sheet with only its
        # header row is a template table left unfilled: skip both.
        if title == EXPLANATION_SHEET or sum(1 for r in rows if not _is_blank(r)) <= 1:
            continue
        frame = _frame_from_grid(pd.DataFrame(rows), f"{file_name} / {title}", _merged_cells(merged))
        sheets.append(Sheet(title, frame, t("read_excel_description", title=title)))
    if not sheets:
        raise ImportRefused(t("read_excel_no_data", file_name=file_name))
    return sheets


def check_size(file_name: str, size: int, max_bytes: int) -> None:
    """Refuse a file larger than the import's limit (``INNOBARO_MAX_FILE_MB``)."""
    if size > max_bytes:
        raise ImportRefused(
            t(
                "read_file_too_large",
                file_name=file_name,
                size=format(size / 1_000_000, ".1f"),
                limit=format(max_bytes / 1_000_000, ".0f"),
            )
        )


def check_rows(file_name: str, rows: int, max_rows: int) -> None:
    """Refuse a file with more rows than the import's limit (``INNOBARO_MAX_ROWS``)."""
    if rows > max_rows:
        raise ImportRefused(t("read_too_many_rows", file_name=file_name, rows=rows, max_rows=max_rows))


def read_tables(raw: bytes, file_name: str, max_bytes: int) -> list[Sheet]:
    """Read every table in a file as text cells (one per non-empty sheet for xlsx).

    Raises :class:`ImportRefused` for an empty, unreadable, encrypted or
    oversized file.
    """
    check_size(file_name, len(raw), max_bytes)
    if not raw.strip():
        raise ImportRefused(t("read_file_empty", file_name=file_name))
    if raw.startswith(PARQUET_MAGIC):
        return [_read_parquet(raw, file_name)]
    if raw.startswith(ZIP_MAGIC):
        return _read_xlsx(raw, file_name, max_bytes)
    if raw.startswith(OLE2_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in raw:
            raise ImportRefused(t("read_excel_password", file_name=file_name))
        raise ImportRefused(t("read_old_excel", file_name=file_name))
    return [_read_text(raw, file_name)]


def normalise(text: str) -> str:
    """Header text for matching: case, whitespace, punctuation and NBSP do not matter.

    >>> normalise("  Vi  har\\u00a0en genuin interesse for innspill fra andre. ")
    'vi har en genuin interesse for innspill fra andre'
    """
    text = unicodedata.normalize("NFKC", str(text)).lower()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())
