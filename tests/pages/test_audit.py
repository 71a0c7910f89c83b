"""The audit trail and the admin's settings: who did what and when; the CLI and the page agree."""

import getpass
import json
import random
from datetime import UTC, datetime

from streamlit.testing.v1 import AppTest

from analytics.core.text import fmt_datetime, t
from analytics.present import audit
from analytics.store import Store
from tests.conftest import EVERY_ROLE, ROLE_MEMBERS, app_test, run_cli, sign_in
from tests.corpus import csv_utf8_bom


def _table(at, column: str):
    (frame,) = [df.value for df in at.dataframe if column in df.value.columns]
    return frame


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def test_every_action_is_audited_with_who_when_and_data_version(app, tmp_path):
    store = Store(app.data_dir)
    started = _now()
    at = app.run()  # signing in
    at.download_button[0].click().run()  # the first table behind a chart on Oversikt
    case = csv_utf8_bom(tmp_path, random.Random(5))
    at.switch_page("pages/importer.py").run()
    at.file_uploader(key="import_file").set_value((case.path.name, case.path.read_bytes(), "text/csv")).run()
    at.button(key="import_commit").click().run()
    assert at.success[0].value.startswith("Lagret som import 2")
    at.switch_page("pages/historikk.py").run()
    at.selectbox(key="undo_choice").set_value(2)
    at.checkbox(key="undo_confirm").check().run()
    at.button(key="undo_button").click().run()
    at.switch_page("pages/administrasjon.py").run()
    at.number_input(key="admin_threshold").set_value(8)
    at.button(key="admin_threshold_save").click().run()
    assert not at.exception and at.success[0].value == "Anonymitetsgrensen er nå 8."
    finished = _now()

    log = store.audit_log()
    assert [(e["action"], e["data_version"]) for e in log] == [
        ("sign_in", 1),
        ("download", 1),
        ("import", 2),
        ("undo", 3),
        ("setting", 4),  # the threshold applied to the published rounds is version 4
    ]
    assert {e["who"] for e in log} == {EVERY_ROLE}
    assert all(started <= e["at"] <= finished and e["at"].endswith("+00:00") for e in log)
    details = [e["detail"] for e in log]
    assert details[0] == "politiker, leder, analytiker, admin"
    assert details[1].endswith(".csv")
    assert details[2:] == [
        "ledere_utf8.csv lagret som import 2",
        "import 2 angret (ny versjon 3)",
        "anonymitetsgrense 5 → 8",
    ]
    # The import history names the same person.
    assert store.manifest()["imports"][1]["who"] == EVERY_ROLE

    # A second process (the CLI) reads the same trail, and it is what the admin page shows.
    cli = json.loads(run_cli("audit", "--data-dir", str(app.data_dir), "--json").stdout)
    assert cli == audit.newest_first(log)
    at.run()
    page = _table(at, t("col_action"))
    assert page.to_dict("list") == {
        t("col_at"): [fmt_datetime(e["at"]) for e in cli],  # «12.03.2025 kl. 14.05», Norwegian time
        t("col_who"): [e["who"] for e in cli],
        t("col_action"): [t(f"audit_action_{e['action']}") for e in cli],
        t("col_detail"): [e["detail"] for e in cli],
        t("col_data_version"): [e["data_version"] for e in cli],
    }


def test_the_cli_records_the_operating_system_user(demo_copy, tmp_path):
    case = csv_utf8_bom(tmp_path, random.Random(7))
    assert run_cli("import", str(case.path), "--data-dir", str(demo_copy)).returncode == 0
    assert run_cli("undo", "2", "--data-dir", str(demo_copy)).returncode == 0
    entries = json.loads(run_cli("audit", "--data-dir", str(demo_copy), "--json").stdout)
    assert [(e["who"], e["action"], e["detail"], e["data_version"]) for e in entries] == [
        (f"cli ({getpass.getuser()})", "undo", "import 2 angret (ny versjon 3)", 3),
        (f"cli ({getpass.getuser()})", "import", "ledere_utf8.csv lagret som import 2", 2),
    ]
    text = run_cli("audit", "--data-dir", str(demo_copy)).stdout.splitlines()
    assert len(text) == 2 and "undo" in text[0] and getpass.getuser() in text[0]


def test_a_threshold_saved_by_the_admin_holds_for_every_session_and_the_cli(app, monkeypatch):
    before = json.loads(run_cli("summary", "--data-dir", str(app.data_dir), "--json", "--by", "unit").stdout)
    at = app.run()
    at.switch_page("pages/administrasjon.py").run()
    at.number_input(key="admin_threshold").set_value(20)
    at.button(key="admin_threshold_save").click().run()
    assert Store(app.data_dir).settings() == {"anonymity_threshold": 20}
    # Another person's session, started afresh.
    other = app_test(app.data_dir, monkeypatch, email=ROLE_MEMBERS["leder"][0]).run()
    other.switch_page("pages/innovasjonskultur.py").run()
    assert any("20" in c.value for c in other.caption)
    after = json.loads(run_cli("summary", "--data-dir", str(app.data_dir), "--json", "--by", "unit").stdout)
    newly_hidden = [b for b, a in zip(before, after) if not b["suppressed"] and a["suppressed"]]
    # Cells under the new threshold are hidden now (and some others, so they cannot be worked out).
    assert any(5 <= b["n"] < 20 for b in newly_hidden)
    assert all(a["n"] is None or a["n"] >= 20 for a in after if not a["suppressed"])


def test_settings_outside_their_bounds_are_refused(demo_copy):
    import pytest

    from analytics.core.config import ConfigError
    from analytics.core.targets import TargetsError
    from analytics.store import settings

    for value, message in ((2, "lavere enn 3"), (51, "høyere enn 50"), ("mange", "heltall")):
        with pytest.raises(ConfigError, match=message):
            settings.check_threshold(value)
    import pandas as pd

    good = pd.DataFrame({"indicator": ["K1", "index"], "year": [2024.0, 2030.0], "target": [3.6, 4.0]})
    assert settings.check_targets(good) == [
        {"indicator": "K1", "year": 2024, "target": 3.6},
        {"indicator": "index", "year": 2030, "target": 4.0},
    ]
    bad = pd.DataFrame({"indicator": ["K1", "K99"], "year": [2024.0, 2024.0], "target": [6.0, 3.0]})
    with pytest.raises(TargetsError, match="linje 1: målet «6» må være et tall fra 1 til 5"):
        settings.check_targets(bad)
    # Saved targets replace the targets file for the culture page.
    store = Store(demo_copy)
    store.save_settings({"targets": settings.check_targets(good)}, "admin@kommune.no", "mål")
    assert settings.stored_targets(store.settings()).to_dict("list") == {
        "indicator": ["K1", "index"],
        "year": [2024, 2030],
        "target": [3.6, 4.0],
    }
    assert store.audit_log()[-1] | {"at": None} == {
        "at": None,
        "who": "admin@kommune.no",
        "action": "setting",
        "detail": "mål",
        "data_version": 1,
    }


def _save_as_politician():
    from analytics import ui

    ui.save_setting({"anonymity_threshold": 9}, "forsøk")


def _padriver_as_viewer():
    import streamlit as st

    from analytics import ui

    st.write(f"navn: {ui.padriver_name('P01')}")


def test_actions_check_the_role_where_they_happen(demo_copy, monkeypatch):
    monkeypatch.setenv("INNOBARO_DATA_DIR", str(demo_copy))
    at = sign_in(AppTest.from_function(_save_as_politician, default_timeout=30), ROLE_MEMBERS["politiker"][0])
    at.run()
    assert at.error[0].value == t("access_denied")
    assert Store(demo_copy).settings() == {} and Store(demo_copy).audit_log() == []
    names = {}
    for role in ("politiker", "leder", "analytiker", "admin"):
        at = sign_in(AppTest.from_function(_padriver_as_viewer, default_timeout=30), ROLE_MEMBERS[role][0])
        names[role] = at.run().markdown[0].value
    expected = Store(demo_copy).table("projects").set_index("project_id").loc["P01", "padriver"]
    assert names == {
        "politiker": "navn: None",
        "leder": f"navn: {expected}",
        "analytiker": "navn: None",
        "admin": "navn: None",
    }


def test_each_write_writes_its_own_audit_entry_and_no_page_or_command_writes_one():
    """The audit trail is written by the operations that change data (and by the app for a
    sign-in and a table download, which are its own); never by a page or a CLI command."""
    import ast
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]

    def writers(path: Path) -> list[str]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        return [
            f"{path.relative_to(repo)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and node.attr == "append_audit"
            and not (isinstance(node.value, ast.Name) and node.value.id == "self")  # the store's own
        ]

    callers = [*sorted((repo / "pages").glob("*.py")), repo / "app.py", repo / "analytics" / "__main__.py"]
    assert [line for path in callers for line in writers(path)] == []
    assert len(writers(repo / "analytics" / "ui.py")) == 2  # the sign-in and the download
    owners = {
        path.relative_to(repo).as_posix()
        for path in (repo / "analytics").rglob("*.py")
        if path.name != "ui.py" and writers(path)
    }
    assert owners == {
        "analytics/ingest/history.py",  # undo
        "analytics/ingest/pipeline.py",  # import, tiltak, mappings, unit table
        "analytics/present/meeting.py",  # a meeting saved
        "analytics/present/prepublish.py",  # publishing despite warnings
        "analytics/present/reports.py",  # a report made
        "analytics/store/backup.py",  # backup and restore
        "analytics/store/retention.py",  # retention
    }
