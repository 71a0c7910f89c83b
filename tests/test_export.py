import io

import openpyxl
import pandas as pd
import pytest

from analytics.export import neutralise, to_csv_bytes, to_xlsx_bytes


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
    assert [c.value for c in sheet["A"]] == ["Utsagn", "'=1+1", "Vet ikke"]
    assert sheet["A2"].data_type == "s"
    assert [c.value for c in sheet["B"]] == ["n", 12, 7]
