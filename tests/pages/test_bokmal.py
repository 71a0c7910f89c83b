"""Every page through app.py, read as a Norwegian reader reads it: no English, no Python values.

Each page runs (AppTest) on the demo data and on data whose latest published round fell,
and the text it shows is checked: no «None» or «nan», no English word from
:data:`ENGLISH`, no ISO timestamp, and no number with a decimal point.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from analytics.core.text import TEXT
from tests.conftest import REPO, app_test, run_cli
from tests.pages.test_my_unit import _sign_in_unit_leader

PAGES = sorted(p.name for p in (REPO / "pages").glob("*.py"))
# English words Streamlit, pandas or a developer could let through (whole words, any case).
ENGLISH = (
    "None",
    "nan",
    "NaN",
    "NaT",
    "True",
    "False",
    "index",
    "Upload",
    "Browse",
    "Drag and drop",
    "per file",
    "Skip to main content",
    "Help for",
    "Limit",
    "Error",
    "Warning",
    "Traceback",
    "Exception",
    "unit",
    "group",
    "round",
    "indicator",
    "share_agree",
    "mean",
    "suppressed",
    "delete",
    "refresh",
    "--group",
    "--round",
    "--kind",
)
FILE_COLUMNS = "Kolonne"
ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
# The strategy's section numbers («kap. 3.3», «(2.3)», «(strategien, kap. 3.2)») are not numbers.
# Nor are times, written the Norwegian way («kl. 14.05»).
SECTION = re.compile(r"(?<=kap\. )\d\.\d\b|\b\d\.\d(?=\))|kl\. \d\d\.\d\d")


def _word(word: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")


ENGLISH_PATTERNS = [(word, _word(word)) for word in ENGLISH]


def _frame_texts(element) -> list[str]:
    """What a table or editor shows: its column labels (from its column configuration), its
    text cells, «None» for a missing value unless the table has a placeholder, and a decimal
    number as written unless its column sets a format."""
    frame = element.value
    config = json.loads(element.proto.columns or "{}") if hasattr(element.proto, "columns") else {}
    placeholder = getattr(element.proto, "placeholder", "") if element.proto.HasField("placeholder") else None
    texts = []
    for column in frame.columns:
        settings = config.get(str(column), {})
        if settings.get("hidden"):
            continue
        texts.append(settings.get("label") or str(column))
        if str(column) == FILE_COLUMNS:
            continue  # an import template's column names, written exactly as the file needs them
        formatted = bool(settings.get("type_config", {}).get("format"))
        for value in frame[column]:
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                texts.append("None" if placeholder is None else placeholder)
            elif isinstance(value, str):
                texts.append(value)
            elif isinstance(value, float) and not formatted and value != int(value):
                texts.append(repr(value))
            elif isinstance(value, pd.Timestamp) and not formatted:
                texts.append(str(value))
    return texts


def shown_texts(at) -> list[str]:
    """The text a reader sees on the page now (what AppTest can read of it)."""
    texts: list[str] = []
    for kind in (
        "markdown",
        "caption",
        "title",
        "header",
        "subheader",
        "text",
        "info",
        "warning",
        "error",
        "success",
    ):
        texts += [e.value for e in getattr(at, kind)]
    for metric in at.metric:
        texts += [metric.label, str(metric.value), str(metric.delta or "")]
    for kind in (
        "button",
        "selectbox",
        "multiselect",
        "radio",
        "text_input",
        "number_input",
        "date_input",
        "toggle",
        "checkbox",
        "text_area",
        "tabs",
        "expander",
    ):
        for element in getattr(at, kind, []):
            texts.append(str(getattr(element, "label", "")))
            texts.append(str(getattr(element, "help", "") or ""))
            texts += [str(o) for o in getattr(element, "options", []) or []]
    for element in at.get("download_button"):
        texts.append(element.proto.label)
    for element in at.get("file_uploader"):
        texts.append(element.proto.label)
    for frame in at.dataframe:
        texts += _frame_texts(frame)
    for table in at.table:
        texts += [str(c) for c in table.value.columns]
        texts += [str(v) for row in table.value.itertuples(index=False) for v in row]
    # Text given to markdown is escaped (text.literal): read it as the reader does.
    return [re.sub(r"\\(.)", r"\1", t) for t in texts if t]


# Developer wording a reader cannot act on: a command line, a CLI option, the store's «aggregates».
DEVELOPER = re.compile(r"python -m|(?<![\w-])--[a-z]|\bAggregat", re.IGNORECASE)
# Messages shown on pages only after an action the walk does not take (an import, a refused
# change, an unknown meeting): checked in the catalogue.
PAGE_MESSAGES = (
    "no_data",
    "import_numbers_updated",
    "invited_hr_needs_choice",
    "publish_change_refused",
    "meeting_error_missing",
    "admin_backup_intro",
    "admin_retention_intro",
)


def problems(texts: list[str]) -> list[tuple[str, str]]:
    found = []
    for text in texts:
        if DEVELOPER.search(text):
            found.append(("developer", text[:160]))
        for word, pattern in ENGLISH_PATTERNS:
            if pattern.search(text):
                found.append((word, text[:160]))
        if ISO_TIMESTAMP.search(text):
            found.append(("ISO", text[:160]))
        if DECIMAL_POINT.search(SECTION.sub("", text)):
            found.append(("decimal point", text[:160]))
    return found


def _falling(folder) -> None:
    """The demo with the rounds after 2020 withdrawn: the latest round readers see fell."""
    for round_label in ("2024", "2023", "2022", "2021"):
        result = run_cli("withdraw", round_label, "--data-dir", str(folder))
        assert result.returncode == 0, result.stderr
    summary = json.loads(run_cli("summary", "--data-dir", str(folder), "--json").stdout)
    index = {
        r["round"]: r["mean"]
        for r in summary
        if r["indicator"] == "index" and not r["unit"] and not r["group"]
    }
    assert max(index) == "2020" and index["2020"] < index["2019"]


@pytest.mark.parametrize("data", ["demo", "falling"])
def test_every_page_speaks_bokmal_without_python_values(demo_copy, monkeypatch, data):
    if data == "falling":
        _falling(demo_copy)
    everyone = app_test(demo_copy, monkeypatch).run()
    # Min enhet is only for a leader tied to units; every other page for a person with every role.
    leader = _sign_in_unit_leader(app_test(demo_copy, monkeypatch, email=None)).run()
    found, seen = [], 0
    for page in PAGES:
        at = leader if page == "min_enhet.py" else everyone
        at.switch_page(f"pages/{page}").run()
        assert not at.exception, (page, at.exception)
        texts = shown_texts(at)
        seen += len(texts)
        found += [(page, *problem) for problem in problems(texts)]
        # Plotly names its zoom, pan and scaling buttons in English only: no chart offers them.
        for chart in at.get("plotly_chart"):
            removed = json.loads(chart.proto.spec)["layout"].get("modebar", {}).get("remove", [])
            if not {"zoom", "pan", "autoScale", "resetScale"} <= set(removed):
                found.append((page, "Plotly buttons in English", chart.proto.spec[:80]))
    assert seen > 500  # the walk read the pages' text, not an empty screen
    assert found == []


def test_messages_shown_after_an_action_name_the_page_not_the_command_line():
    assert [(key, *p) for key in PAGE_MESSAGES for p in problems([re.sub(r"\{\w+\}", "…", TEXT[key])])] == []


def test_the_check_finds_what_it_looks_for():
    texts = ["None", "Aggregatene er oppdatert på 0.04 s", "2026-12-07T13:14:30+00:00", "Drag and drop"]
    found = [kind for kind, _ in problems(texts)]
    assert found == ["None", "developer", "decimal point", "ISO", "Drag and drop"]
    cli = ["Kjør «python -m analytics retention».", "Velg mappa med --data-dir."]
    assert [kind for kind, _ in problems(cli)] == ["developer", "developer"]
    assert (
        problems(["Lagret 12.03.2025 kl. 14.05", "strategien, kap. 3.2", "(2.3)", "blir svaret null"]) == []
    )
