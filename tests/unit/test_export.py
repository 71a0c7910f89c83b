import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from analytics.present.export import neutralise, to_csv_bytes, to_xlsx_bytes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","klikk")', '\'=HYPERLINK("http://x","klikk")'),
        ("+47 912 34 567", "'+47 912 34 567"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Helse og omsorg", "Helse og omsorg"),
        (-1.5, -1.5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_is_semicolon_bom_decimal_comma_and_formula_safe():
    frame = pd.DataFrame({"Enhet": ["=cmd|' /C calc'!A0", "NAV"], "Gjennomsnitt": [3.25, -0.5]})
    data = to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "Enhet;Gjennomsnitt",
        "'=cmd|' /C calc'!A0;3,25",
        "NAV;-0,5",
    ]


def test_xlsx_keeps_numbers_and_stores_formula_like_text_as_text():
    frame = pd.DataFrame({"Utsagn": ["=1+1", "Vet ikke"], "n": [12, 7]})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({"Tall": frame})))
    sheet = book["Tall"]
    # Text as written (no visible apostrophe), stored as a text cell with Excel's quote prefix.
    assert [c.value for c in sheet["A"]] == ["Utsagn", "=1+1", "Vet ikke"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix
    assert not sheet["A3"].quotePrefix
    with zipfile.ZipFile(io.BytesIO(to_xlsx_bytes({"Tall": frame}))) as book_zip:
        assert "<f>" not in book_zip.read("xl/worksheets/sheet1.xml").decode()
    assert [c.value for c in sheet["B"]] == ["n", 12, 7]


def test_a_tables_download_files_are_written_once_and_forgotten_with_the_table():
    import gc

    from analytics import ui

    frame = pd.DataFrame({"enhet": ["Helse", "=Skole"], "snitt": [3.25, 4.0]})
    csv, xlsx = ui._files_of(frame, "kjennetegn")
    assert csv == to_csv_bytes(frame)
    assert openpyxl.load_workbook(io.BytesIO(xlsx)).active["A3"].value == "=Skole"
    assert ui._files_of(frame, "kjennetegn")[1] is xlsx  # the same file, not written again
    other = frame.copy()
    other.loc[0, "snitt"] = 2.5  # another table with other numbers gets its own files
    assert ui._files_of(other, "kjennetegn")[0] == to_csv_bytes(other) != csv
    key = (id(frame), "kjennetegn")
    assert key in ui._files_by_table
    del frame
    gc.collect()
    assert key not in ui._files_by_table
