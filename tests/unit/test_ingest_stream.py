"""Large wide CSV exports read by DuckDB (analytics.ingest.stream): the same outcome as in memory.

The streaming reader is used for files of at least ``STREAM_MIN_BYTES``; the
tests lower that limit so that small files take it, and compare everything
an import shows and stores with the in-memory reader's result for the same
file.
"""

import random

import pandas as pd
import pytest

from analytics.core.framework import framework
from analytics.ingest import ImportRefused, import_file, stream, undo_import
from analytics.store import Staged, Store
from tests.corpus import CASES, build
from tests.unit.test_ingest_corpus import _stored_exactly_or_refused

NEVER = 10**15


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("corpus"))


@pytest.mark.parametrize("name", CASES)
def test_every_corpus_file_is_stored_exactly_or_refused_when_streaming_is_on(
    corpus, name, tmp_path, monkeypatch
):
    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0)
    _stored_exactly_or_refused(corpus[name], tmp_path, monkeypatch)


def _rows(rng: random.Random, people: int, group: str = "ansatte", prefix: str = "r") -> list[list[str]]:
    fw = framework()
    items = [i.item_id for i in fw.items_for(group)]
    labels = {int(s.id): s.name for s in fw.likert_scale}
    rows = []
    for k in range(people):
        cells = []
        for _ in items:
            draw = rng.random()
            value = rng.randint(fw.scale_min, fw.scale_max)
            if draw < 0.05:
                cells.append("")
            elif draw < 0.12:
                cells.append("Vet ikke")
            elif draw < 0.3:
                cells.append(f" {labels[value]} ")
            else:
                cells.append(str(value))
        rows.append([f"{prefix}{k}", rng.choice(["Oppvekst", "Helse; omsorg", "Teknisk €"]), group, *cells])
    return rows


def _write(path, rows, encoding="utf-8", delimiter=";", group="ansatte", extra_header=()):
    items = [i.item_id for i in framework().items_for(group)]
    header = ["respondent_id", "enhet", "gruppe", *items, *extra_header]
    lines = []
    for row in [header, *rows]:
        cells = [f'"{c}"' if delimiter in c else c for c in row]
        lines.append(delimiter.join(cells))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _outcome(tmp_path, path, monkeypatch, streamed: bool, **options):
    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0 if streamed else NEVER)
    store = Store(tmp_path / ("streamed" if streamed else "in-memory"))
    options = {"round_label": "2025", **options}
    try:
        report = import_file(store, path, accept_rejected=True, **options)
    except ImportRefused as refusal:
        return {"refused": str(refusal)}, None
    answers = store.table("responses").sort_values(["group", "respondent_id", "item_id"], ignore_index=True)
    cells = store.table("agg_culture").sort_values(
        ["by_unit", "by_group", "unit", "group", "indicator", "item_id"],
        ignore_index=True,
        na_position="first",
    )
    return {
        # The refresh line states how long the refresh took.
        "lines": [line for line in report.lines() if not line.startswith("Aggregatene")],
        "answers": answers,
        "cells": cells.drop(columns=["answer_counts"]),
        "counts": [None if c is None else list(c) for c in cells["answer_counts"]],
        "streamed": isinstance(report.survey.responses, Staged),
    }, store


def _same_outcome(tmp_path, path, monkeypatch, **options):
    streamed, _ = _outcome(tmp_path, path, monkeypatch, True, **options)
    in_memory, _ = _outcome(tmp_path, path, monkeypatch, False, **options)
    assert streamed.keys() == in_memory.keys()
    if "refused" in streamed:
        assert streamed == in_memory
        return streamed
    assert streamed["lines"] == in_memory["lines"]
    pd.testing.assert_frame_equal(streamed["answers"], in_memory["answers"])
    pd.testing.assert_frame_equal(streamed["cells"], in_memory["cells"])
    assert streamed["counts"] == in_memory["counts"]
    assert not in_memory["streamed"]
    return streamed


def test_a_clean_wide_file_is_streamed_and_stored_as_in_memory(tmp_path, monkeypatch):
    path = _write(tmp_path / "svar.csv", _rows(random.Random(1), 300), extra_header=())
    outcome = _same_outcome(tmp_path, path, monkeypatch)
    assert outcome["streamed"]
    assert len(outcome["answers"]) > 300 * 5
    assert "Respondenter godtatt: 300" in " ".join(outcome["lines"])


def test_unicode_white_space_around_ids_and_rows_of_white_space_are_read_as_in_memory(tmp_path, monkeypatch):
    rows = _rows(random.Random(7), 60)
    # Ids padded with a no-break, an em and an ideographic space; ids differing only inside.
    rows[0][0], rows[1][0], rows[2][0] = "\u00a0r0\u3000", "\u2003r1", "r 2"
    blank = [" ", "\u00a0", "\t", *["\u3000" for _ in rows[0][3:]]]
    rows.insert(10, blank)
    rows[3][3:] = [" \u00a0" for _ in rows[3][3:]]  # a respondent who answered nothing
    path = _write(tmp_path / "svar.csv", rows)
    outcome = _same_outcome(tmp_path, path, monkeypatch)
    assert outcome["streamed"]
    assert {"r0", "r1", "r 2"} <= set(outcome["answers"]["respondent_id"])
    assert rows[3][0] not in set(outcome["answers"]["respondent_id"])
    assert not any(text != text.strip() for text in outcome["answers"]["respondent_id"])
    assert "Respondenter godtatt: 59" in " ".join(outcome["lines"])


def test_windows_1252_with_quoted_delimiters_and_personal_and_unknown_columns(tmp_path, monkeypatch):
    rng = random.Random(2)
    rows = [[*row, "kari@example.no", "fritekst"] for row in _rows(rng, 120)]
    path = _write(
        tmp_path / "svar.csv", rows, encoding="cp1252", extra_header=("E-post", "Kommentar til oss")
    )
    outcome = _same_outcome(tmp_path, path, monkeypatch)
    assert outcome["streamed"]
    assert any("Windows-1252" in line for line in outcome["lines"])
    assert any(line.startswith("Utelatt (personopplysninger") for line in outcome["lines"])
    assert set(outcome["answers"]["unit"]) == {"Oppvekst", "Helse; omsorg", "Teknisk €"}


def test_identical_respondents_are_listed_in_the_same_order(tmp_path, monkeypatch):
    rows = _rows(random.Random(3), 80)
    for copy, original in ((80, 3), (81, 3), (82, 10)):
        rows.append([f"r{copy}", rows[original][1], *rows[original][2:]])
    path = _write(tmp_path / "svar.csv", rows)
    outcome = _same_outcome(tmp_path, path, monkeypatch)
    assert outcome["streamed"]
    listed = [line for line in outcome["lines"] if line.startswith("Mulig duplikat")]
    assert "Mulig duplikat (like svar): r3, r80, r81" in listed and len(listed) >= 2


def test_identical_answers_count_within_one_round_and_a_long_list_is_cut(tmp_path, monkeypatch):
    """The same answers in two rounds are two surveys' answers, not one person twice; and an
    export with many identical respondents names the first sets and counts the rest."""
    items = [i.item_id for i in framework().items_for("ansatte")]
    header = ["respondent_id", "enhet", "runde", "gruppe", *items]
    rows = []
    for k in range(25):  # 25 pairs in 2024, each pair answering alike; the pair's first again in 2025
        answers = [str(1 + (k >> b) % 5) for b in range(len(items))]
        rows += [[f"a{k}", "NAV", "2024", "ansatte", *answers], [f"b{k}", "NAV", "2024", "ansatte", *answers]]
        rows.append([f"c{k}", "NAV", "2025", "ansatte", *answers])
    path = tmp_path / "svar.csv"
    path.write_text("\n".join(";".join(row) for row in [header, *rows]) + "\n", "utf-8")
    outcome = _same_outcome(tmp_path, path, monkeypatch, round_label=None)
    assert outcome["streamed"]
    listed = [line for line in outcome["lines"] if line.startswith("Mulig duplikat")]
    assert len(listed) == 20
    assert all(line.removeprefix("Mulig duplikat (like svar): ").count(", ") == 1 for line in listed)
    assert all(", c" not in line for line in listed)
    assert "  … og 5 sett til med like svar." in outcome["lines"]


@pytest.mark.parametrize(
    "spoil",
    [
        "bad value",
        "repeated id",
        "missing id",
        "unknown group",
        "unit missing",
        "not asked",
        "too wide",
        "sum row",
    ],
)
def test_a_file_with_rejected_rows_or_values_names_them_as_in_memory(tmp_path, monkeypatch, spoil):
    rows = _rows(random.Random(4), 60)
    if spoil == "bad value":
        rows[7][5] = "kanskje"
    elif spoil == "repeated id":
        rows[9][0] = rows[2][0]
    elif spoil == "missing id":
        rows[11][0] = " "
    elif spoil == "unknown group":
        rows[12][2] = "naboer"
    elif spoil == "unit missing":
        rows[13][1] = ""
    elif spoil == "not asked":
        rows[14][2] = "innbyggere"
    elif spoil == "too wide":
        rows[15].append("ekstra")
    else:
        rows.append(["Sum", "", "", *["" for _ in rows[0][3:]]])
    path = _write(tmp_path / "svar.csv", rows)
    outcome = _same_outcome(tmp_path, path, monkeypatch)
    assert not outcome["streamed"]
    expected = {
        "bad value": "«kanskje» er ikke et svar",
        "repeated id": "står flere ganger",
        "missing id": "respondent-id mangler",
        "unknown group": "gruppe «naboer» er ukjent",
        "unit missing": "enhet mangler",
        "not asked": "stilles ikke til gruppen innbyggere",
        "too wide": "raden har flere felt enn overskriften",
        "sum row": "Rader lest: 60",  # the final «Sum» row is not data
    }[spoil]
    assert any(expected in line for line in outcome["lines"])


@pytest.mark.parametrize(
    "case",
    [
        "round conflicts",
        "no round",
        "no unit column",
        "labels without the neutral answer",
        "numbers below top",
    ],
)
def test_a_file_refused_as_a_whole_gets_the_same_message(tmp_path, monkeypatch, case):
    fw = framework()
    rng = random.Random(5)
    rows = _rows(rng, 60)
    options = {}
    if case == "round conflicts":
        rows = [[*row, "2024"] for row in rows]
        path = _write(tmp_path / "svar.csv", rows, extra_header=("runde",))
    elif case == "no round":
        options = {"round_label": None}
        path = _write(tmp_path / "svar.csv", rows)
    elif case == "no unit column":
        path = tmp_path / "svar.csv"
        frame = pd.DataFrame(rows).drop(columns=[1])
        frame.to_csv(path, sep=";", index=False, header=["respondent_id", "gruppe", *rows_items(fw)])
    elif case == "labels without the neutral answer":
        labels = [s.name for s in fw.likert_scale if int(s.id) != fw.neutral_value]
        rows = [[*row[:3], *[rng.choice(labels) for _ in row[3:]]] for row in rows]
        path = _write(tmp_path / "svar.csv", rows)
    else:
        rows = [
            [*row[:3], *[str(rng.randint(fw.scale_min, fw.scale_max - 1)) for _ in row[3:]]] for row in rows
        ]
        path = _write(tmp_path / "svar.csv", rows)
    outcome = _same_outcome(tmp_path, path, monkeypatch, **options)
    if case == "numbers below top":
        assert outcome["streamed"]
        assert any(line.startswith("Ingen av") for line in outcome["lines"])
    else:
        assert outcome["refused"]


def rows_items(fw):
    return [i.item_id for i in fw.items_for("ansatte")]


def test_a_streamed_import_can_be_undone_and_a_later_export_replaces_edited_answers(tmp_path, monkeypatch):
    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0)
    rows = _rows(random.Random(6), 50)
    first = _write(tmp_path / "medarbeider 2025.csv", rows)
    store = Store(tmp_path / "store")
    import_file(store, first, round_label="2025")
    before = store.table("responses")
    edited = [list(row) for row in rows[:40]]
    edited[0][3:] = ["1"] * len(edited[0][3:])
    second = _write(tmp_path / "medarbeider 2025 (2).csv", edited)
    report = import_file(store, second, round_label="2025", delete_missing=True)
    assert isinstance(report.survey.responses, Staged)
    assert report.deleted == 10
    stored = store.table("responses")
    assert set(stored["respondent_id"]) == {f"r{k}" for k in range(40)}
    assert set(stored.loc[stored["respondent_id"] == "r0", "value"]) == {1}
    undo_import(store, report.import_id, "test")
    pd.testing.assert_frame_equal(store.table("responses"), before)
