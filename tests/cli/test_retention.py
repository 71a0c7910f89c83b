"""Retention: the clock moves past each limit; raw answers and names leave every file, the figures stay."""

import json
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from analytics.core.framework import framework
from analytics.core.text import fmt_number
from analytics.store import Store, StoreError, retention
from tests.conftest import app_test, run_cli
from tests.corpus import build
from tests.faults.test_ingest_faults import OPTIONS

ANSWER_MONTHS, NAME_MONTHS = 12, 6
KEPT_ROUND = "2024"  # withdrawn before the clock moves: not published, so its answers stay


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("corpus"))


def _summary(folder, *options):
    done = run_cli("summary", "--json", "--data-dir", str(folder), *options)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _files(folder):
    return [p for p in sorted(folder.rglob("*")) if p.is_file()]


def _answer_rounds_in_files(folder) -> set[str]:
    """Every round whose raw answers some file in the folder holds (any Parquet file with answers)."""
    found = set()
    for path in _files(folder):
        if path.suffix != ".parquet":
            continue
        frame = pd.read_parquet(path)
        if "respondent_id" not in frame.columns or frame.empty:
            continue
        if "round" in frame.columns:
            found |= set(frame["round"].astype(str))
        else:  # a round's partition file: the round is its folder's name
            found.add(path.parent.name.removeprefix("round="))
    return found


def _names_in_files(folder, names: set[str]) -> set[str]:
    """The names some file in the folder holds: in a Parquet column, or in a text file's bytes."""
    found = set()
    for path in _files(folder):
        if path.suffix == ".parquet":
            frame = pd.read_parquet(path)
            for column in frame.columns:
                if frame[column].dtype == object or str(frame[column].dtype).startswith(("str", "string")):
                    found |= names & set(frame[column].dropna().astype(str))
        else:
            content = path.read_bytes()
            found |= {name for name in names if name.encode("utf-8") in content}
    return found


def test_the_clock_moves_past_each_limit(demo_copy, corpus):
    store = Store(demo_copy)
    assert run_cli("withdraw", KEPT_ROUND, "--data-dir", str(demo_copy)).returncode == 0
    store.save_settings(
        {retention.ANSWERS_MONTHS: ANSWER_MONTHS, retention.NAMES_MONTHS: NAME_MONTHS}, "test", "oppbevaring"
    )
    manifest = store.manifest()
    published_at = datetime.fromisoformat(manifest["published"]["2017"]["published_at"])
    published_rounds = store.published_rounds()
    assert published_rounds == [str(y) for y in range(2017, 2024)]
    figures = _summary(demo_copy)
    rounds_before = {r["round"]: r for r in store.rounds()}

    # Who ended when: the pådriver names of the projects whose latest phase is a closed one.
    projects = store.table("projects")
    phases = store.table("phases").sort_values(["project_id", "started_on"], kind="stable")
    latest = phases.groupby("project_id").tail(1)
    closed = latest[latest["phase"].isin(framework().closed_phases)]
    ended_on = dict(zip(closed["project_id"], pd.to_datetime(closed["started_on"]), strict=True))
    named = projects[projects["padriver"].notna() & projects["project_id"].isin(ended_on)]
    ended_names = set(named["padriver"])
    other_names = set(projects["padriver"].dropna()) - ended_names
    assert len(ended_names) >= 2 and other_names
    first_end, last_end = min(ended_on.values()), max(ended_on.values())

    # A day before the first name is due, nothing is.
    before = (first_end + pd.DateOffset(months=NAME_MONTHS) - timedelta(days=1)).tz_localize(UTC)
    assert retention.plan(store, before).empty

    # Past the name limit of every ended project, but not the answers': the names go, nothing else.
    names_due = (last_end + pd.DateOffset(months=NAME_MONTHS)).tz_localize(UTC).to_pydatetime()
    assert names_due < published_at + timedelta(days=365)
    plan = retention.run(store, "test", now=names_due)
    assert {p["project_id"] for p in plan.projects} == set(named["project_id"]) and plan.rounds == []
    assert _names_in_files(demo_copy, ended_names | other_names) == other_names
    assert _summary(demo_copy) == figures
    entry = store.audit_log()[-1]
    assert entry["action"] == "retention"
    assert f"pådrivernavn fjernet for {len(named)} prosjekter" in entry["detail"]

    # Past the answers' limit: every published round's raw answers go; the withdrawn round's stay.
    answers_due = published_at + pd.DateOffset(months=ANSWER_MONTHS)
    assert not retention.plan(store, answers_due - timedelta(seconds=1)).rounds
    dry = retention.run(store, "test", now=answers_due, dry_run=True)
    assert [r["round"] for r in dry.rounds] == published_rounds
    # A dry run deletes nothing.
    assert _answer_rounds_in_files(demo_copy) == set(published_rounds) | {KEPT_ROUND}
    plan = retention.run(store, "test", now=answers_due)
    assert [r["round"] for r in plan.rounds] == published_rounds
    assert _answer_rounds_in_files(demo_copy) == {KEPT_ROUND}
    # The published figures are unchanged, and the rounds list says the answers are gone.
    assert _summary(demo_copy) == figures
    rounds_after = {r["round"]: r for r in store.rounds()}
    for label in published_rounds:
        assert rounds_after[label] == {**rounds_before[label], "answers_deleted": True}
    assert rounds_after[KEPT_ROUND]["answers_deleted"] is False
    entry = store.audit_log()[-1]
    answers = sum(rounds_before[label]["answers"] for label in published_rounds)
    respondents = sum(rounds_before[label]["respondents"] for label in published_rounds)
    assert entry["detail"].startswith(
        f"rådata slettet for runde {', '.join(published_rounds)} "
        f"({fmt_number(answers, 0)} svar fra {fmt_number(respondents, 0)} respondenter)"
    )
    # Nothing else is due: a second run changes nothing.
    version = store.version()
    assert retention.run(store, "test", now=answers_due).empty and store.version() == version

    # A re-upload into a round whose answers are gone is refused, with the reason, and stores nothing.
    refused = run_cli(
        "import",
        str(corpus["forms_norwegian"].path),
        "--data-dir",
        str(demo_copy),
        *[o if o != OPTIONS[1] else "2017" for o in OPTIONS],
    )
    assert refused.returncode == 2
    assert "Rådataene for runde 2017 er slettet etter oppbevaringstiden" in refused.stderr
    assert store.version() == version
    # A new round is still welcome, and the frozen figures survive its aggregate refresh.
    new_round = run_cli("import", str(corpus["forms_norwegian"].path), "--data-dir", str(demo_copy), *OPTIONS)
    assert new_round.returncode == 0, new_round.stderr
    assert [r for r in _summary(demo_copy) if r["round"] in published_rounds] == figures
    # A new threshold cannot be checked against what readers saw without the raw answers, so
    # the frozen rounds keep the threshold they were published under (their figures unchanged).
    store.apply_threshold(40, "test")
    assert store.settings()["anonymity_threshold"] == 40
    assert {store.shown_thresholds()[r] for r in published_rounds} == {5}
    assert [r for r in _summary(demo_copy) if r["round"] in published_rounds] == figures


def test_a_retention_period_out_of_bounds_is_refused_in_bokmal():
    assert retention.check_months("0") is None and retention.check_months(1000) == 1000
    with pytest.raises(StoreError, match="helt antall måneder fra 1 til 1000"):
        retention.check_months("1001")
    with pytest.raises(StoreError, match="fikk «seks»"):
        retention.check_months("seks")


def test_an_admin_sets_the_periods_on_the_page_and_sees_what_is_due(app):
    at = app.run()
    at.switch_page("pages/administrasjon.py").run()
    assert not at.exception
    at.number_input(key="admin_retention_answers").set_value(24)
    at.number_input(key="admin_retention_names").set_value(6)
    at.button(key="admin_retention_save").click().run()
    assert not at.exception
    assert "Oppbevaringstiden er lagret." in [s.value for s in at.success]
    store = Store(app.data_dir)
    assert retention.limits(store) == (24, 6)
    entry = store.audit_log()[-1]
    assert (entry["action"], entry["detail"]) == (
        "setting",
        "oppbevaring: rådata 24 måneder, pådrivernavn 6 måneder",
    )
    # The demo's projects ended years ago: their names are due, and the page lists them.
    due = retention.plan(store)
    assert due.projects and not due.rounds
    shown = " ".join(m.value for m in at.markdown)
    assert "Pådrivernavnet fjernes for" in shown and f"{len(due.projects)} avsluttede prosjekter" in shown
    # 0 means no limit again.
    at.number_input(key="admin_retention_names").set_value(0)
    at.button(key="admin_retention_save").click().run()
    assert retention.limits(store) == (24, None)


def test_the_command_line_and_the_app_at_start_delete_what_is_due(demo_copy, monkeypatch):
    store = Store(demo_copy)
    store.save_settings({retention.NAMES_MONTHS: 6}, "test", "oppbevaring")
    due = retention.plan(store)
    assert due.projects and not due.rounds  # the demo's projects ended years ago; its rounds are new
    before = {p.name: p.read_bytes() for p in demo_copy.rglob("*") if p.is_file()}
    dry = run_cli("retention", "--dry-run", "--data-dir", str(demo_copy))
    assert dry.returncode == 0, dry.stderr
    assert f"Pådrivernavnet fjernes for {len(due.projects)} avsluttede prosjekter" in dry.stdout
    assert "Prøvekjøring: ingenting er slettet." in dry.stdout
    assert {p.name: p.read_bytes() for p in demo_copy.rglob("*") if p.is_file()} == before

    # The app does the same when a process starts serving.
    at = app_test(demo_copy, monkeypatch).run()
    assert not at.exception
    (entry,) = [e for e in store.audit_log() if e["action"] == "retention"]
    assert entry["who"] == "oppbevaring (appen ved start)"
    assert f"pådrivernavn fjernet for {len(due.projects)} prosjekter" in entry["detail"]
    assert retention.plan(store).empty
    done = run_cli("retention", "--data-dir", str(demo_copy))
    assert done.returncode == 0 and done.stdout.strip() == "Ingenting skal slettes nå."
