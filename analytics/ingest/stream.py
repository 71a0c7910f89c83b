"""Large survey CSV files read, mapped and validated in DuckDB, never held in memory.

The common large import is a wide CSV export (one row per respondent, one
column per statement) whose rows are all in order. Such a file is read by
DuckDB with every column as text, each distinct answer text is classified
once by the same Python rules as the in-memory reader
(:mod:`analytics.ingest.survey`), and the rows are unpivoted into answers and
written to a staged Parquet file by DuckDB. Memory does not grow with the
file: the Python side only ever sees the header, the distinct answer texts
and the distinct rounds, groups and units.

The same rules decide as in the in-memory reader, and they are the same
functions wherever the decision is about a header or a distinct value. When
the file needs anything this reader does not do (a header below a title,
time columns, a unit table, a long layout, a form's own codebook) or when any
row or value would be rejected, :func:`open_wide` or :func:`parse_wide`
returns ``None`` and the file is read in memory instead, which names every
rejected row and value exactly as before. Such a file is within the upload
limit, which the in-memory reader is built for.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analytics.core.framework import framework
from analytics.core.text import t
from analytics.ingest.read import (
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    OLE2_MAGIC,
    PARQUET_MAGIC,
    TOTAL_WORDS,
    UTF8_SEQUENCE,
    ZIP_MAGIC,
    _delimiter,
    _header_index,
    _unique,
    clean_text,
)
from analytics.ingest.survey import (
    ROUND_PATTERN,
    SurveyParse,
    ValueLabels,
    _answers,
    _duplicate_statements,
    _per_row,
    check_scale,
    group_ids,
    map_columns,
    require_unit_column,
    require_wide,
    suggest,
)
from analytics.store import QueryError, Staged, Store, enum_type, sql_text, temporary_folder

# Smaller files are read in memory (they are within the upload limit, and the
# in-memory reader handles every shape of hand-kept file).
STREAM_MIN_BYTES = 8_000_000
CHUNK_BYTES = 1 << 20
HEAD_BYTES = 96_000  # the delimiter is judged on the first 20,000 characters
TAIL_BYTES = 65_536
# White space as Python's str.strip() sees it, as a regular-expression class for DuckDB
# (its trim() with a set of characters is several times slower on a large file).
_SPACE = "".join(f"\\x{{{ord(char):x}}}" for char in map(chr, range(0x3001)) if char.isspace())
NOT_SPACE = f"[^{_SPACE}]"
EDGE_SPACE = f"^[{_SPACE}]+|[{_SPACE}]+$"

# More distinct (column, group, answer text) combinations than this is not a survey's answers.
MAX_DISTINCT_ANSWERS = 100_000
MAX_DISTINCT_LABELS = 10_000  # rounds, groups and units
DELIMITER_NAMES = {";": t("delimiter_semicolon"), ",": t("delimiter_comma"), "\t": t("delimiter_tab")}


@dataclass
class WideCsv:
    """A CSV file loaded into a DuckDB table of text columns ``c0``, ``c1`` ..."""

    file_name: str
    columns: list[str]  # the file's column labels, as the in-memory reader names them
    table: str
    rows: int
    sha256: str
    description: str


def _scan(path: Path) -> tuple[str, bool, bool]:
    """The file's SHA-256, whether it is valid UTF-8, and whether it holds any byte
    sequence only UTF-8 writes, in one pass of fixed-size chunks."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    valid, utf8_seen, tail = True, False, b""
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
            if not utf8_seen:
                utf8_seen = bool(UTF8_SEQUENCE.search(tail + chunk))
            tail = chunk[-3:]
            if valid:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    valid = False
    if valid:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            valid = False
    return digest.hexdigest(), valid, utf8_seen


def _to_utf8(path: Path, encoding: str, skip: int) -> Path:
    """A UTF-8 copy of the file (decoded chunk by chunk, as the in-memory reader decodes it)."""
    folder = temporary_folder("csv")
    target = folder / "utf8.csv"
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    with open(path, "rb") as source, open(target, "w", encoding="utf-8", newline="") as out:
        source.seek(skip)
        while chunk := source.read(CHUNK_BYTES):
            out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))
    return target


def _last_row(path: Path, encoding: str, delimiter: str) -> list[str]:
    with open(path, "rb") as handle:
        handle.seek(max(0, path.stat().st_size - TAIL_BYTES))
        text = handle.read().decode(encoding, errors="replace")
    lines = [line for line in text.splitlines() if line.strip()]
    return next(csv.reader(lines[-1:], delimiter=delimiter), []) if lines else []


def open_wide(cur, path: Path, file_name: str) -> WideCsv | None:
    """Load a large CSV into a DuckDB table, or ``None`` when it is for the in-memory reader.

    The file's delimiter, header and description are found as the in-memory
    reader finds them; the header must be the file's first row.
    """
    if path.stat().st_size < STREAM_MIN_BYTES:
        return None
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    sample = head[:4096]
    if (
        head.startswith((PARQUET_MAGIC, ZIP_MAGIC, OLE2_MAGIC, b"\xff\xfe", b"\xfe\xff"))
        or sample[1::2].count(0) > len(sample) // 4
        or sample[0::2].count(0) > len(sample) // 4
        or b"\x00" in sample
    ):
        return None
    sha256, utf8, utf8_seen = _scan(path)
    bom = head.startswith(b"\xef\xbb\xbf")
    if not utf8 and (bom or utf8_seen):
        return None  # UTF-8 with lines that are not: the in-memory reader names them
    encoding, name = (
        ("utf-8", t("read_utf8_bom")) if bom else ("utf-8", "UTF-8") if utf8 else ("cp1252", "Windows-1252")
    )
    text = head[3 if bom else 0 :].decode(encoding, errors="replace")
    text = text[: text.rfind("\n") + 1] if len(head) == HEAD_BYTES else text
    delimiter = _delimiter(text)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))[:HEADER_SEARCH_ROWS]
    if not rows or _header_index(rows) != 0:
        return None
    header = [clean_text(c).strip() for c in rows[0]]
    if not header or not header[-1] or len(header) > MAX_COLUMNS:
        return None
    last = [c.strip().lower() for c in _last_row(path, encoding, delimiter) if c.strip()]
    if last and last[0].rstrip(":") in TOTAL_WORDS:
        return None
    readable = path if utf8 and not bom else _to_utf8(path, encoding, 3 if bom else 0)
    try:
        return _load(cur, readable, file_name, header, delimiter, sha256, name)
    finally:
        if readable != path:
            shutil.rmtree(readable.parent, ignore_errors=True)


def _load(cur, path: Path, file_name: str, header: list[str], delimiter: str, sha256: str, encoding: str):
    names = [f"c{i}" for i in range(len(header))]
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    table = "import_rows"
    # Column names are generated here (c0, c1 ...), never taken from the file. A blank
    # row (its cells together hold nothing but white space) is left out.
    sql = (
        f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM read_csv($path, delim = $delim, "
        f"header = false, skip = 1, auto_detect = false, columns = {columns}, quote = '\"', "
        f"escape = '\"', strict_mode = true, null_padding = false) "
        f"WHERE regexp_matches(concat({', '.join(names)}), $not_space)"
    )
    try:
        cur.execute(sql, {"path": str(path), "delim": delimiter, "not_space": NOT_SPACE})
    except QueryError:
        # Rows wider or narrower than the header, stray quotes: the in-memory reader
        # reads such rows and names them.
        return None
    rows = cur.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    if rows == 0:
        return None
    description = t("read_csv_description", encoding=encoding, delimiter=DELIMITER_NAMES[delimiter])
    return WideCsv(file_name, _unique(header), table, int(rows), sha256, description)


def _distinct(cur, sql: str, limit: int, params: dict | None = None) -> pd.DataFrame | None:
    frame = cur.execute(f"{sql} LIMIT {limit + 1}", params or {}).df()
    return None if len(frame) > limit else frame


def parse_wide(
    store: Store,
    cur,
    wide: WideCsv,
    round_label: str | None,
    group: str | None,
    remembered: dict[str, str],
    confirmed: dict[str, str],
    unit_map: pd.DataFrame,
) -> SurveyParse | None:
    """Validate the loaded file as a wide survey export and stage its answers.

    Returns ``None`` when the file needs the in-memory reader (see the module
    docstring); raises :class:`ImportRefused` with the in-memory reader's
    message when the file as a whole cannot be read.
    """
    fw = framework()
    source = wide.file_name
    parse, roles, items = map_columns(wide.columns, remembered, confirmed, ValueLabels())
    if not items and "item" in roles and "answer" in roles:
        return None  # a long file
    require_wide(roles, items, parse, source)
    if {"completed", "modified"} & set(roles) or "respondent_id" not in roles or not unit_map.empty:
        return None
    name = {label: f"c{i}" for i, label in enumerate(wide.columns)}
    table = wide.table
    item_columns = {name[column]: item_id for column, item_id in items.items()}
    group_column = name[roles["group"]] if "group" in roles else "NULL"

    # Each distinct answer text of each statement (and group) is classified once. Counted
    # column by column (each its own small grouping, run side by side), which takes half
    # the time of unpivoting every cell into one grouping.
    found = _distinct(
        cur,
        " UNION ALL ".join(
            f"SELECT '{column}' AS col, {group_column} AS grp, {column} AS answer, count(*) AS n "
            f"FROM {table} WHERE {column} IS NOT NULL GROUP BY ALL"
            for column in item_columns
        ),
        MAX_DISTINCT_ANSWERS,
    )
    if found is None:
        return None
    found["text"] = found["answer"].astype(str).str.strip()
    found = found[found["text"] != ""].reset_index(drop=True)
    answers = _answers(found["text"])
    if (answers["problem"] != "").any():
        return None
    found = pd.concat([found, answers.reset_index(drop=True)], axis=1)
    _duplicate_statements(items, parse)
    parse.suggestions = {c: s for c in parse.unmapped if (s := suggest(c))}

    # Rounds, groups and units: each distinct value once, through the same rules.
    maps = {}
    for role in ("round", "group", "unit"):
        if role in roles:
            values = _distinct(
                cur,
                f"SELECT DISTINCT coalesce({name[roles[role]]}, '') AS raw FROM {table}",
                MAX_DISTINCT_LABELS,
            )
            if values is None:
                return None
            maps[role] = values["raw"].astype(str)
    cleaned = {role: raw.map(clean_text) for role, raw in maps.items()}
    round_cells = pd.DataFrame({roles.get("round", ""): cleaned.get("round", pd.Series([""]))})
    rounds = _per_row(round_cells, roles.get("round"), round_label, "runde", t("survey_round_field"))
    group_cells = pd.DataFrame({roles.get("group", ""): cleaned.get("group", pd.Series([""]))})
    group_values = _per_row(
        group_cells,
        roles.get("group"),
        group,
        "gruppe",
        t("survey_group_field"),
    )
    groups = group_ids(group_values)
    require_unit_column(roles, groups, source)
    if not rounds.astype(str).str.match(ROUND_PATTERN).all() or groups.isna().any():
        return None
    group_of = dict(zip(maps["group"], groups)) if "group" in roles else None
    found["group_id"] = found["grp"].fillna("").map(group_of) if group_of else groups.iloc[0]
    found["item_id"] = found["col"].map(item_columns)
    asked = {(g, i.item_id) for g in fw.group_ids for i in fw.items_for(g)}
    if not all(pair in asked for pair in zip(found["group_id"], found["item_id"])):
        return None
    kinds = found.groupby("kind")["n"].sum()
    numbers = found[found["kind"] == "number"]
    check_scale(
        int(kinds.get("label", 0) + kinds.get("neutral", 0)),
        bool(kinds.get("neutral", 0)),
        int(numbers["n"].sum()),
        numbers["value"].max() if len(numbers) else None,
        parse,
    )

    # The tables that turn the file's text into stored values, for the SQL below. The
    # stored texts are categories, which DuckDB reads as ENUMs of their few values (written
    # faster; see store.enum_type), so the answers' rows are never cast one by one.
    classified = found.drop_duplicates(["col", "answer"])
    cur.from_df(
        classified[["col", "answer"]].assign(
            item_id=classified["item_id"].astype("category"),
            value=classified["value"].astype("Int8"),
            dont_know=classified["dont_know"].astype(bool),
        )
    ).create_view("classified")
    # Each raw round, group and unit text maps to its stored value through a small
    # table joined to the file's rows (a join, not a lookup per row).
    lookups = {}
    if "round" in roles:
        lookups["round"] = pd.DataFrame({"raw": maps["round"], "stored": rounds.to_numpy()})
    if "group" in roles:
        lookups["group"] = pd.DataFrame({"raw": maps["group"], "stored": groups.to_numpy()})
    if "unit" in roles:
        stored_units = cleaned["unit"].str.strip()
        lookups["unit"] = pd.DataFrame(
            {"raw": maps["unit"], "stored": stored_units.where(stored_units != "", None)}
        )
    select, joins = {}, []
    for role, values in lookups.items():
        cur.from_df(values.astype({"stored": "category"})).create_view(f"{role}_values")
        select[role] = f"{role}_values.stored"
        joins.append(f"LEFT JOIN {role}_values ON {role}_values.raw = coalesce({name[roles[role]]}, '')")
    params = {"edge_space": EDGE_SPACE}
    for role, value in (("round", rounds.iloc[0]), ("group", groups.iloc[0])):
        if role not in roles:  # one value for the whole file, given on the page or in the CLI
            select[role], params[role] = f"${role}::{enum_type([value]) or 'VARCHAR'}", value
    cur.sql(
        f'SELECT {select["round"]} AS round, {select["group"]} AS "group", '
        f"{select.get('unit', 'NULL::VARCHAR')} AS unit, "
        f"regexp_replace(coalesce({name[roles['respondent_id']]}, ''), $edge_space, '', 'g') "
        "AS respondent_id, "
        f"{', '.join(item_columns)} FROM {table} {' '.join(joins)}",
        params=params,
    ).create_view("respondents")
    problems = cur.execute(sql_text("import_row_problems"), {"unit_groups": list(fw.unit_groups)}).fetchall()[
        0
    ]
    if any(problems):
        return None
    staged = store.stage(
        cur,
        'SELECT round, "group", unit, respondent_id, c.item_id, c.value::TINYINT AS value, '
        "c.dont_know::BOOLEAN AS dont_know, NULL::TIMESTAMP_MS AS modified_at "
        f"FROM (UNPIVOT respondents ON {', '.join(item_columns)} INTO NAME col VALUE answer) "
        "JOIN classified AS c USING (col, answer)",
    )
    parse.responses = staged
    # Respondents with at least one answer: each row is one respondent (no id is
    # missing or repeated, checked above), and a row's answers are its non-blank cells.
    parse.respondents = cur.execute(
        f"SELECT count(*) FROM {table} WHERE regexp_matches(concat({', '.join(item_columns)}), $not_space)",
        {"not_space": NOT_SPACE},
    ).fetchall()[0][0]
    parse.duplicates = similar_respondents(store, staged)
    return parse


def similar_respondents(store: Store, answers: Staged | pd.DataFrame) -> list[str]:
    """Respondents in one unit and round with identical answers to at least eight statements:
    probably one person twice. Each set as its ids joined by ", ", in the order of their answers.

    ``answers`` are an import's answers (staged, or a frame from the in-memory
    reader); DuckDB compares them (``sql/similar_respondents.sql``).
    """
    staged = answers if isinstance(answers, Staged) else store.stage_frame(answers)
    params = {"path": str(staged.path), "dont_know": framework().scale_max + 1}
    with store.scratch() as cur:
        groups = cur.execute(sql_text("similar_respondents"), params).fetchall()
        if not groups:
            return []
        items = [
            row[0]
            for row in cur.execute(
                "SELECT DISTINCT item_id FROM read_parquet($path) ORDER BY item_id", {"path": params["path"]}
            ).fetchall()
        ]
    keyed = []
    for survey_round, unit, answered, codes, ids in groups:
        code_of = dict(zip(answered, codes))
        key = (*(code_of.get(item, 0) for item in items), unit, survey_round)
        keyed.append((key, ", ".join(sorted(ids))))
    return [ids for _, ids in sorted(keyed)]


__all__ = ["STREAM_MIN_BYTES", "WideCsv", "open_wide", "parse_wide", "similar_respondents"]
