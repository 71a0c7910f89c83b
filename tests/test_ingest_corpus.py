"""The fixture corpus through the importer: exact answers stored, or refused with nothing changed."""

import pytest

from analytics.framework import framework
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
