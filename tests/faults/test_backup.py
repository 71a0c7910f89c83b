"""Backup and restore: a snapshot taken while an import runs, restored exactly; damaged files refused."""

import json
import signal
import subprocess
import sys

import pytest

from analytics.store import MANIFEST, Store
from analytics.store.backup import TRAILER
from tests.conftest import REPO, run_cli, snapshot
from tests.corpus import build
from tests.faults.test_ingest_faults import KILLABLE, OPTIONS


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("corpus"))


def _reader_view(folder):
    """What readers and the import history say about a folder, and its publication record."""
    views = {}
    for command in ("summary", "history"):
        done = run_cli(command, "--json", "--data-dir", str(folder))
        assert done.returncode == 0, done.stderr
        views[command] = json.loads(done.stdout)
    views["published"] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["published"]
    return views


@pytest.fixture
def backup_during_killed_import(corpus, demo_copy, tmp_path):
    """A backup taken while an import is stopped inside its commit, then the import killed.

    Returns the source folder, the backup file and what readers saw at the snapshot.
    """
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            KILLABLE,
            "wrote tables/agg_culture",
            "import",
            str(corpus["forms_norwegian"].path),
            "--data-dir",
            str(demo_copy),
            *OPTIONS,
        ],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        while (line := child.stdout.readline().strip()) != "wrote tables/agg_culture":
            assert line, "the import never reached its aggregate"
        # The import holds the writer lock and has written its new files: the backup runs beside it.
        at_snapshot = _reader_view(demo_copy)
        out = tmp_path / "kopi.tar"
        done = run_cli("backup", "--out", str(out), "--data-dir", str(demo_copy))
        assert done.returncode == 0, done.stderr
        assert f"versjon {at_snapshot['history'][0]['id']}" in done.stdout
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    return demo_copy, out, at_snapshot


def test_a_backup_taken_while_an_import_runs_restores_what_readers_saw(backup_during_killed_import, tmp_path):
    source, out, at_snapshot = backup_during_killed_import
    # The killed import left files of its own in the source folder; the backup has none of them.
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    target = tmp_path / "gjenopprettet"
    done = run_cli("restore", str(out), "--data-dir", str(target))
    assert done.returncode == 0, done.stderr
    assert f"Versjon {manifest['version']}" in done.stdout
    assert _reader_view(target) == at_snapshot
    restored_files = {path for path in snapshot(target) if not path.endswith("/")}
    source_files = {path for path in snapshot(source) if not path.endswith("/")}
    assert restored_files < source_files  # the killed import's leftovers stayed behind
    # Both sides are in the audit trail: the backup in the source, the restore in the copy.
    assert Store(source).audit_log()[-1]["action"] == "backup"
    restored_audit = Store(target).audit_log()
    assert restored_audit[-1]["action"] == "restore"
    assert restored_audit[-1]["data_version"] == manifest["version"]
    # The restored folder takes a new import like the source.
    assert Store(target).version() == manifest["version"]


@pytest.mark.parametrize("where", ["start", "middle", "before_trailer", "last_digit"])
def test_a_flipped_byte_anywhere_is_refused_and_nothing_is_written(
    backup_during_killed_import, tmp_path, where
):
    _, out, _ = backup_during_killed_import
    raw = bytearray(out.read_bytes())
    trailer = bytes(raw).rfind(TRAILER)
    position = {
        "start": 10,
        "middle": len(raw) // 2,
        "before_trailer": trailer - 1,
        "last_digit": len(raw) - 2,
    }
    raw[position[where]] ^= 0x01
    damaged = tmp_path / "skadet.tar"
    damaged.write_bytes(bytes(raw))
    target = tmp_path / "ny"
    done = run_cli("restore", str(damaged), "--data-dir", str(target))
    assert done.returncode == 2
    assert "skadet" in done.stderr or "ikke en sikkerhetskopi" in done.stderr
    assert "Traceback" not in done.stderr
    assert not target.exists()


def test_a_foreign_file_and_a_folder_with_data_are_refused(backup_during_killed_import, tmp_path):
    source, out, at_snapshot = backup_during_killed_import
    foreign = tmp_path / "annet.tar"
    foreign.write_bytes(b"dette er ikke en sikkerhetskopi\n")
    done = run_cli("restore", str(foreign), "--data-dir", str(tmp_path / "ny"))
    assert done.returncode == 2
    assert "er ikke en sikkerhetskopi fra Innovasjonsbarometeret" in done.stderr
    # A folder that holds data is refused unless --replace, and left as it was.
    before = snapshot(source)
    done = run_cli("restore", str(out), "--data-dir", str(source))
    assert done.returncode == 2
    assert "er ikke tom" in done.stderr
    assert snapshot(source) == before
    done = run_cli("restore", str(out), "--data-dir", str(source), "--replace")
    assert done.returncode == 0, done.stderr
    assert _reader_view(source) == at_snapshot


def test_an_admin_downloads_a_backup_that_restores(app, tmp_path):
    at = app.run()
    at.switch_page("pages/administrasjon.py").run()
    assert not at.exception
    at.button(key="admin_backup_make").click().run()
    (button,) = [b for b in at.get("download_button") if b.proto.id.endswith("admin_backup_download")] or [
        None
    ]
    assert button is not None, "no backup download after pressing the button"
    assert button.proto.label == "Last ned sikkerhetskopien (versjon 1)"
    entry = Store(app.data_dir).audit_log()[-1]
    assert (entry["action"], entry["who"]) == ("backup", "alle@jevnaker.kommune.no")
    assert entry["detail"].startswith("sikkerhetskopi av versjon 1, ")
    # The page offers what backup_bytes writes; made again here, it restores to the same rounds.
    from analytics.store.backup import backup_bytes, restore

    _, content = backup_bytes(Store(app.data_dir), "test")
    copy = tmp_path / "kopi.tar"
    copy.write_bytes(content)
    restore(copy, tmp_path / "gjenopprettet", "test")
    assert Store(tmp_path / "gjenopprettet").rounds() == Store(app.data_dir).rounds()
