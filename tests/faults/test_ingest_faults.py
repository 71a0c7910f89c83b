"""Faults: an import killed mid-commit, imports racing from two processes, reads during an import."""

import json
import os
import signal
import subprocess
import sys

import pytest

from analytics.ingest import import_file
from analytics.store import MANIFEST, Store
from tests.conftest import REPO, app_test, lines_of
from tests.corpus import _answers, build, long_survey_csv

OPTIONS = ["--round", "2025", "--group", "ansatte"]

# Runs one CLI import, announcing each step of the commit on stdout; at the step
# named by argv[1] it stops until it reads a line on stdin (or is killed).
KILLABLE = """
import os, sys
import analytics.store.folder as store_module
import analytics.store.writing as writing_module
from analytics.__main__ import main

stop_at = sys.argv[1]

def step(label):
    print(label, flush=True)
    if label == stop_at:
        sys.stdin.readline()

original_write = store_module.Store._write_table
def write_table(self, name, frame, written, folder=store_module.TABLES_DIR):
    path = original_write(self, name, frame, written, folder)
    step(f"wrote {folder}/{name}")
    return path
store_module.Store._write_table = write_table

original_replace = os.replace
def replace(src, dst):
    if str(dst).endswith("manifest.json"):
        step("before manifest swap")
    return original_replace(src, dst)
writing_module.os.replace = replace

original_fsync_dir = writing_module._fsync_dir
def fsync_dir(folder):
    step("after manifest swap")
    original_fsync_dir(folder)
writing_module._fsync_dir = fsync_dir

sys.exit(main(sys.argv[2:]))
"""

STEPS = (
    "wrote payloads/responses",
    "wrote tables/responses",
    "wrote tables/agg_culture",
    "before manifest swap",
    "after manifest swap",
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("corpus"))


def _state(folder):
    """What a reader sees: the manifest's version, its answers and the aggregate's K1 count."""
    store = Store(folder)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    for rel_path in manifest["tables"].values():
        assert (folder / rel_path).is_file(), rel_path
    responses = store.table("responses", manifest)
    cells = store.query("culture_cells", manifest=manifest, include_unpublished=True)
    k1 = cells[
        (cells["indicator"] == "K1") & ~cells["by_unit"] & ~cells["by_group"] & cells["item_id"].isna()
    ]
    return manifest["version"], _answers(responses), int(k1["n_answers"].sum())


@pytest.mark.parametrize("stop_at", STEPS)
def test_an_import_killed_at_any_step_of_its_commit_leaves_the_old_or_the_new_state(
    corpus, demo_copy, tmp_path, stop_at
):
    path = corpus["forms_norwegian"].path
    reference = tmp_path / "reference"
    import_file(Store(reference), path, round_label="2025", group="ansatte")
    before = _state(demo_copy)
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            KILLABLE,
            stop_at,
            "import",
            str(path),
            "--data-dir",
            str(demo_copy),
            *OPTIONS,
        ],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    seen = []
    while (line := child.stdout.readline().strip()) != stop_at:
        assert line, f"the import never reached {stop_at!r}; it reached {seen}"
        seen.append(line)
    child.send_signal(signal.SIGKILL)
    child.wait()
    after = _state(demo_copy)
    if stop_at == "after manifest swap":
        version, answers, k1 = after
        assert version == before[0] + 1
        assert answers == sorted(before[1] + _answers(Store(reference).table("responses")))
        assert k1 > before[2]
    else:
        assert after == before
    # The next import runs normally over whatever the killed one left behind.
    again = subprocess.run(
        [sys.executable, "-m", "analytics", "import", str(path), "--data-dir", str(demo_copy), *OPTIONS],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    final = _state(demo_copy)
    assert final[1] == sorted(before[1] + _answers(Store(reference).table("responses")))


# Waits for a line on stdin before it imports, so two racers start at the same moment.
RACER = """
import sys
from analytics.__main__ import main
print("ready", flush=True)
sys.stdin.readline()
sys.exit(main(sys.argv[1:]))
"""


def _race(folder, *files):
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, "import", str(f), "--data-dir", str(folder), *OPTIONS],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    # Both have loaded everything before either starts.
    assert [p.stdout.readline().strip() for p in procs] == ["ready"] * len(procs)
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    return [(p.wait(timeout=300), *p.communicate()) for p in procs]


def test_two_different_exports_imported_at_the_same_moment_both_land(corpus, demo_copy):
    forms, excel = corpus["forms_norwegian"], corpus["excel_semicolon_cp1252"]
    before = Store(demo_copy).table("responses")
    results = _race(demo_copy, forms.path, excel.path)
    assert [r[0] for r in results] == [0, 0], results
    stored = Store(demo_copy).table("responses")
    new = stored[stored["round"] == "2025"]
    assert _answers(new) == sorted(_answers(forms.truth) + _answers(excel.truth))
    assert len(stored) == len(before) + len(forms.truth) + len(excel.truth)
    active = [r for r in Store(demo_copy).manifest()["imports"] if r.get("kind") == "survey"]
    assert sorted(r["file_name"] for r in active) == sorted([forms.path.name, excel.path.name])


def test_the_same_file_from_two_processes_at_once_lands_once(corpus, demo_copy):
    forms = corpus["forms_norwegian"]
    results = _race(demo_copy, forms.path, forms.path)
    assert [r[0] for r in results] == [0, 0], results
    outputs = sorted(r[1].splitlines()[-1] for r in results)
    assert outputs == ["Denne fila er allerede importert. Ingenting er endret.", "Lagret som import 2."]
    stored = Store(demo_copy).table("responses")
    assert _answers(stored[stored["round"] == "2025"]) == _answers(forms.truth)


def test_the_app_serves_consistent_numbers_while_a_large_import_runs(demo_copy, tmp_path, monkeypatch):
    big = tmp_path / "lang_eksport.csv"
    big.write_bytes(long_survey_csv(400_000))
    at = app_test(demo_copy, monkeypatch).run()
    before = {m.label: m.value for m in at.metric}
    store = Store(demo_copy)
    # The import stops just before its manifest swap until the test has read at that
    # moment too, so at least one read happens while the import is under way.
    command = ["import", str(big), "--data-dir", str(demo_copy)]
    importer = subprocess.Popen(
        [sys.executable, "-c", KILLABLE, "before manifest swap", *command],
        cwd=REPO,
        env={**os.environ},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = lines_of(importer.stdout)
    seen_metrics, answer_counts, reads_while_paused = [], set(), 0
    paused = released = False
    while importer.poll() is None:
        cells = store.query("culture_cells", include_unpublished=True)
        overall = cells[
            ~cells["by_unit"] & ~cells["by_group"] & (cells["indicator"] != "index") & cells["item_id"].isna()
        ]
        answer_counts.add(int(overall.loc[overall["round"] == "2025", "n_answers"].sum()))
        at.run()
        seen_metrics.append({m.label: m.value for m in at.metric})
        if paused and not released:
            reads_while_paused += 1
            importer.stdin.write("go\n")
            importer.stdin.flush()
            released = True
        while not paused and not lines.empty():
            paused = lines.get() == "before manifest swap"
    importer.wait(timeout=300)
    assert importer.returncode == 0, importer.stderr.read()
    at.run()
    assert {m.label: m.value for m in at.metric} == before  # readers see the new round once published
    store.publish("2025", "test")
    at.run()
    after = {m.label: m.value for m in at.metric}
    stored = store.table("responses")
    valid_2025 = int(
        (stored["round"] == "2025").sum() - stored.loc[stored["round"] == "2025", "dont_know"].sum()
    )
    assert reads_while_paused == 1
    assert answer_counts <= {0, valid_2025}
    assert all(m in (before, after) for m in seen_metrics)
    assert after["Respondenter 2025"] == "22\u202f223"
