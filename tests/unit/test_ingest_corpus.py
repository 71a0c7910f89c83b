"""The fixture corpus through the importer: exact answers stored, or refused with nothing changed."""

import pytest

from analytics.core.framework import framework
from analytics.ingest import ImportRefused, import_file
from analytics.store import Store
from tests.conftest import STRATEGY_NAMES, snapshot
from tests.corpus import BASIC_CASES, CASES, _answers, build, build_basic


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("corpus"))


def test_the_corpus_is_complete_and_seeded(corpus, tmp_path):
    assert tuple(corpus) == CASES
    again = build(tmp_path / "again")
    for name in ("excel_semicolon_cp1252", "csv_utf8_bom", "utf16_tab", "nettskjema", "long_csv"):
        assert again[name].path.read_bytes() == corpus[name].path.read_bytes(), name


@pytest.mark.parametrize("name", CASES)
def test_each_file_is_stored_exactly_or_refused_with_nothing_changed(corpus, name, tmp_path, monkeypatch):
    _stored_exactly_or_refused(corpus[name], tmp_path, monkeypatch)


@pytest.mark.parametrize("strategy", STRATEGY_NAMES, indirect=True)
@pytest.mark.parametrize("name", BASIC_CASES)
def test_the_basic_cases_are_stored_exactly_on_each_strategy(strategy, name, tmp_path, monkeypatch):
    case = build_basic(tmp_path / "corpus")[name]
    assert case.truth["item_id"].isin(framework().item_ids).all() and len(case.truth)
    _stored_exactly_or_refused(case, tmp_path, monkeypatch)


def _stored_exactly_or_refused(case, tmp_path, monkeypatch):
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    folder = tmp_path / "store"
    store = Store(folder)
    options = {"round_label": None, "group": None, **case.options}
    if case.refused:
        before = snapshot(folder)
        with pytest.raises(ImportRefused) as refusal:
            import_file(store, case.path, codebook_paths=case.codebooks, **options)
        assert case.refused in str(refusal.value)
        assert "Traceback" not in str(refusal.value)
        assert snapshot(folder) == before
        return
    report = import_file(store, case.path, codebook_paths=case.codebooks, **options)
    assert report.stored and report.import_id == 1
    for fact, expected in case.expect.items():
        if fact == "rejected":
            assert [r.text() for r in report.rejected] == expected
        elif fact == "description":
            assert expected in report.description
        elif fact in ("respondents", "form", "tables"):
            assert getattr(report, fact) == expected
        else:
            assert getattr(report.survey, fact) == expected, fact
    if case.options.get("kind") in ("projects", "events"):
        table = store.table("projects" if case.options["kind"] == "projects" else "events")
        for column in case.truth.columns:
            assert table[column].tolist() == case.truth[column].tolist(), column
        return
    stored = store.table("responses")
    if case.truth is not None:
        assert _answers(stored) == _answers(case.truth)
        assert set(stored["round"]) == {case.options.get("round_label") or "2025"}


def test_identifying_columns_and_free_text_are_never_written(corpus, tmp_path):
    folder = tmp_path / "store"
    store = Store(folder)
    for name in ("forms_norwegian", "forms_english_two_blocks", "excel_semicolon_cp1252", "google_forms"):
        case = corpus[name]
        import_file(store, case.path, **case.options)
    written = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    for secret in (
        b"Nordmann",
        b"jevnaker.kommune.no",
        b"example.no",
        b"HYPERLINK",
        b"+47 900",
        b"Gevinstkart",
    ):
        assert secret not in written, secret


def test_an_error_value_in_an_excel_answer_is_named_not_left_out(corpus, tmp_path):
    # calamine, the fast reader, reads an error value as an empty cell; such a workbook
    # is read by openpyxl, so a formula's #DIV/0! is a rejected answer, not a missing one.
    import openpyxl

    book = openpyxl.load_workbook(corpus["forms_norwegian"].path)
    cell = book.active.cell(row=4, column=9)
    cell.value, cell.data_type = "#DIV/0!", "e"
    path = tmp_path / "med feil.xlsx"
    book.save(path)
    store = Store(tmp_path / "store")
    with pytest.raises(ImportRefused) as refused:
        import_file(store, path, round_label="2025", group="ansatte")
    assert "rad 4" in str(refused.value) and "«#DIV/0!» er ikke et svar" in str(refused.value)
    assert not store.has_data()


def test_both_excel_readers_read_a_workbook_alike(tmp_path):
    # Dates, times, durations, decimals, booleans, text with spaces, data from C3, a hidden
    # sheet, a chart sheet and merged cells: the fast reader gives what openpyxl gives.
    import datetime as dt

    import openpyxl
    from openpyxl.chart import BarChart, Reference

    from analytics.ingest import read

    book = openpyxl.Workbook()
    sheet = book.active
    rows = [
        ["respondent_id", "Dato", "Tid", "K1_1", "Sann", "Tekst"],
        ["r1", dt.date(2025, 3, 1), dt.datetime(2025, 3, 1, 14, 5, 7), 3, True, "007"],
        ["r2", dt.datetime(2025, 3, 2), dt.time(8, 30), 3.5, False, "  mellomrom "],
        ["r3", None, dt.timedelta(hours=5), 1e20, None, "æøå – «sitat»"],
    ]
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row, start=3):
            sheet.cell(row=r, column=c, value=value)
    sheet["C1"] = "Overskrift over flere kolonner"
    sheet.merge_cells("C1:F1")
    hidden = book.create_sheet("Skjult")
    hidden.append(["a", "b"])
    hidden.append([1, 2])
    hidden.sheet_state = "hidden"
    chart = BarChart()
    chart.add_data(Reference(hidden, min_col=1, min_row=1, max_row=2))
    book.create_chartsheet("Diagram").add_chart(chart)
    path = tmp_path / "blandet.xlsx"
    book.save(path)
    raw = path.read_bytes()

    def as_text(grids):
        def text(cell):
            return "" if cell is None or cell == "" else read._cell_text(cell)

        return [(title, [[text(c) for c in row] for row in grid], merged) for title, grid, merged in grids]

    fast = as_text(read._calamine_grids(raw, path.name))
    assert fast == as_text(read._openpyxl_grids(raw, path.name))
    assert [title for title, _, _ in fast] == ["Sheet", "Skjult"]
    assert fast[0][1][3][2:] == ["r1", "2025-03-01", "2025-03-01 14:05:07", "3", "True", "007"]
    assert fast[0][2] == [((0, 2), (0, 5))]


def test_a_zip_that_is_not_an_excel_workbook_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "regneark.ods"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("content.xml", "<office:document-content/>")
    store = Store(tmp_path / "store")
    with pytest.raises(ImportRefused, match="kan ikke åpnes"):
        import_file(store, path, round_label="2025", group="ansatte")
    assert not store.has_data()
