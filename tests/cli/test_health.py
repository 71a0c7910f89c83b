"""The health check: ok only for a readable folder with all its files and a current aggregate."""

import json
import shutil

from analytics.core.config import REPO_ROOT
from tests.conftest import run_cli


def _health(folder, env=None):
    return run_cli("health", "--data-dir", str(folder), env=env)


def test_a_whole_current_folder_is_ok_and_each_fault_is_named(demo_copy, tmp_path):
    done = _health(demo_copy)
    assert (done.returncode, done.stdout) == (0, "ok\n")

    # The codebook moves a statement to another indicator: every round's aggregate is stale until refresh.
    strategy = tmp_path / "strategi"
    shutil.copytree(REPO_ROOT / "data", strategy, ignore=shutil.ignore_patterns("store", "demo"))
    codebook = strategy / "codebook.csv"
    lines = codebook.read_text(encoding="utf-8").splitlines()
    moved = next(i for i, line in enumerate(lines) if line.startswith("K1_2,K1,"))
    lines[moved] = lines[moved].replace("K1_2,K1,", "K1_2,K2,", 1)
    codebook.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {"INNOBARO_FRAMEWORK_DIR": str(strategy)}
    stale = run_cli("health", "--data-dir", str(demo_copy), "--json", env=env)
    assert stale.returncode == 1
    report = json.loads(stale.stdout)
    assert report["ok"] is False and report["data_version"] == 1
    assert report["problems"] == [
        "Aggregatet agg_culture er ikke beregnet fra dagens svar og kodebok for runde "
        + ", ".join(str(year) for year in range(2017, 2025))
        + ". Kjør «python -m analytics refresh»."
    ]
    assert run_cli("refresh", "--data-dir", str(demo_copy), env=env).returncode == 0
    assert _health(demo_copy, env).stdout == "ok\n"

    # A file the manifest names is gone.
    victim = next((demo_copy / "tables" / "projects").glob("part-*.parquet"))
    victim.unlink()
    gone = _health(demo_copy, env)
    assert gone.returncode == 1
    assert gone.stdout.startswith("1 filer som manifestet viser til mangler (først: tables/projects/part-")

    # No folder at all.
    missing = _health(tmp_path / "finnes-ikke")
    assert missing.returncode == 1 and "finnes ikke eller kan ikke leses" in missing.stdout
