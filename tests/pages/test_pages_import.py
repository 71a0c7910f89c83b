"""The import and history pages through app.py with AppTest: upload, check, map, store, undo."""

import pytest

from analytics.core.text import literal, t
from analytics.store import Store
from tests.conftest import EVERY_ROLE, REPO, html_texts
from tests.corpus import _answers, build, next_round

APP = str(REPO / "app.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("corpus"))


def _table(at, column: str):
    """The one shown table with ``column`` (AppTest addresses dataframes by position only)."""
    (frame,) = [df.value for df in at.dataframe if column in df.value.columns]
    return frame


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _upload(at, path, mime=XLSX, round_label="2025", group="ansatte"):
    at.switch_page("pages/importer.py").run()
    at.text_input(key="import_round").set_value(round_label)
    at.selectbox(key="import_group").set_value(group)
    at.file_uploader(key="import_file").set_value((path.name, path.read_bytes(), mime)).run()
    assert not at.exception, at.exception
    return at


def test_upload_check_store_then_undo_from_the_history_page(app, corpus):
    store = Store(app.data_dir)
    before = store.table("responses")
    case = corpus["forms_norwegian"]
    at = _upload(app.run(), case.path)
    assert _metrics(at) == {
        "Rader lest": "14",
        "Respondenter godtatt": "14",
        "Svar som lagres": str(len(case.truth)),
        "Avvist": "0",
    }
    report = "\n".join(html_texts(at, "data-list"))
    assert "Utelatt (personopplysninger, lagres aldri): E-postadresse, Navn" in report
    mapped = _table(at, "Spørsmål (item_id)").set_index("Kolonne")["Spørsmål (item_id)"]
    assert mapped["ID"] == "respondent_id" and mapped["Hvilken enhet jobber du i?"] == "unit"
    assert mapped.iloc[-1] == "K9_2 (tekst)" and len(mapped) == 20
    preview = _table(at, "Respondent")  # the columns in bokmål
    assert list(preview.columns) == ["Runde", "Gruppe", "Enhet", "Respondent", "Spørsmål", "Svar", "Vet ikke"]
    assert len(preview) == 10 and set(preview["Runde"]) == {"2025"}
    assert store.version() == 1  # nothing stored before the analyst confirms

    # Two questions of the form are not statements of the codebook: saving waits until the
    # analyst has set them to «Ikke les».
    assert at.button(key="import_commit").disabled
    boxes = [b for b in at.selectbox if b.key.startswith("import_map_")]
    assert [b.label for b in boxes] == [
        "Hvilke verktøy har du brukt det siste året?",
        "Har du andre kommentarer?",
    ]
    for box in boxes:
        box.set_value("")
    at.button(key="import_mapping_apply").click().run()
    assert not at.button(key="import_commit").disabled
    at.button(key="import_commit").click().run()
    assert not at.exception
    assert literal(t("import_round_not_published", round="2025")) in [i.value for i in at.info]
    assert at.selectbox(key="publish_round").value == "2025"  # the publish step, right there
    assert at.button(key="publish_button").label == t("publish_button")
    assert at.success[0].value.startswith("Lagret som import 3: 14 respondenter")  # 2: the mapping
    # The reader is told the numbers are updated; the timings stay in the history and the CLI.
    assert [c.value for c in at.caption if c.value.startswith("Tallene er")] == ["Tallene er oppdatert."]
    assert not [c.value for c in at.caption if "Aggregat" in c.value]
    stored = store.table("responses")
    assert _answers(stored[stored["round"] == "2025"]) == _answers(case.truth)

    at.switch_page("pages/oversikt.py").run()
    assert "Respondenter 2025" not in _metrics(at)  # stored, not published yet
    at.switch_page("pages/importer.py").run()
    at.selectbox(key="publish_round").set_value("2025").run()
    # The demo has no invited numbers for 2025, and only one group answered: publishing
    # waits until the analyst confirms the warnings.
    assert at.button(key="publish_button").disabled
    at.checkbox(key="publish_confirm").check().run()
    at.button(key="publish_button").click().run()
    at.switch_page("pages/oversikt.py").run()
    assert _metrics(at)["Respondenter 2025"] == "14"

    at.switch_page("pages/historikk.py").run()
    history = _table(at, "Nr.")
    assert history["Nr."].tolist() == [3, 1]  # record 2 is the remembered mapping
    assert history["Fil"].tolist() == [case.path.name, "demo (seed 2017)"]
    assert history["Hvem"].tolist()[0] == EVERY_ROLE  # the signed-in e-mail
    assert float(history["Tallene oppdatert på (sekunder)"].iloc[0].replace(",", ".")) > 0
    assert at.button(key="undo_button").disabled
    at.selectbox(key="undo_choice").set_value(3)
    at.checkbox(key="undo_confirm").check().run()
    at.button(key="undo_button").click().run()
    assert not at.exception
    assert at.success[0].value == "Import 3 er angret."
    assert store.table("responses").equals(before)
    # Record 4 published the round; the undo is record 5.
    assert _table(at, "Nr.")["Status"].tolist() == ["angret nr. 3", "angret (nr. 5)", "aktiv"]
    at.switch_page("pages/oversikt.py").run()
    assert "Respondenter 2025" not in _metrics(at) and "Respondenter 2024" in _metrics(at)


def test_a_refused_file_shows_the_reason_and_stores_nothing(app, corpus):
    at = _upload(app.run(), corpus["four_point"].path)
    assert "skala uten midtpunkt" in at.error[0].value
    assert not at.get("button") or all(b.key != "import_commit" for b in at.button)
    assert Store(app.data_dir).version() == 1


def test_rejected_values_need_the_analysts_consent(app, corpus):
    case = corpus["bad_values_accepted"]
    at = _upload(app.run(), case.path, mime="text/csv")
    rejected = _table(at, "Grunn")
    assert rejected["Rad"].tolist() == [2, 3, 4]
    assert at.button(key="import_commit").disabled
    at.checkbox(key="import_accept").check().run()
    at.button(key="import_commit").click().run()
    assert at.success[0].value.startswith("Lagret som import 2: 2 respondenter, 5 rader")


def test_reworded_statements_are_mapped_only_when_the_analyst_confirms(app, tmp_path):
    data = next_round(tmp_path)
    at = _upload(app.run(), data["path"], round_label="2026")
    boxes = {b.label: b for b in at.selectbox if b.key.startswith("import_map_")}
    reworded = data["reworded"]
    # The column header is a value from the file: its label shows it as text, not markdown.
    assert set(boxes) == {
        f"{literal(reworded['K1_1'])} (forslag K1_1 (82 % likhet))",
        f"{literal(reworded['K3_1'])} (forslag K3_1 (98 % likhet))",
    }
    assert all(b.value in ("K1_1", "K3_1") for b in boxes.values())
    answers_before = _metrics(at)["Svar som lagres"]
    at.button(key="import_mapping_apply").click().run()
    assert not at.exception
    assert not [b for b in at.selectbox if b.key.startswith("import_map_")]
    assert int(_metrics(at)["Svar som lagres"]) > int(answers_before)
    store = Store(app.data_dir)
    assert sorted(store.table("header_map")["target"]) == ["K1_1", "K3_1"]
    at.button(key="import_commit").click().run()
    stored = store.table("responses")
    assert _answers(stored[stored["round"] == "2026"]) == _answers(data["truth"])
