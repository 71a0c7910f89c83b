"""Benchmark: ``python -m benchmark [--sizes 10k,...,10M[,100M]] [--only PARTS] [--json FILE] [--readme]``.

Parts, all run by default (``--only sizes,suppression,singletons,load,reports,hostile,published`` picks some).

**sizes**: for each size it writes seeded synthetic answers as a wide CSV export
(one row per respondent, written in blocks) and measures, in one run on this machine:

- the import of the CSV through ``python -m analytics import``, from process
  start to committed data (wall and CPU time, the aggregate refresh inside it,
  the importing process's peak memory): up to 10 M answers three imports, each
  into a fresh folder, and the median one reported; beside it, as the floor
  measured in the same run, DuckDB alone loading the same CSV into a table in a
  process of its own;
- a full refresh of the pre-aggregated tables (every round) and the
  suppression of small cells over them;
- the incremental refresh of one more import that touches a single round (a
  new round): the commit recomputes that round only;
- each page's script run through AppTest, first run (cold caches) and warm run
  (for the pages' aim, its warm runs alternate with the same page's on the 10 k data);
- ``python -m analytics summary --json`` (a fresh process, start-up included);
- the baseline: a straightforward pandas page that recomputes the overview's
  numbers from the raw answers on every rerun, through AppTest as well (up to
  10 M answers: it loads every answer).

Each aim of issue 13 (import rate and peak memory at 10 M and 100 M, the
first page after an import, every page warm against its 10 k time) is printed
beside what was measured, met or not. ``100M`` is optional (not in the default
sizes); a run keeps the sizes of the previous results file it did not measure,
and ``--readme`` writes the tables into benchmark/README.md.

On the demo data it times the standard meeting's PowerPoint and PDF reports,
built in process (median of three) and through ``python -m analytics report``
in a fresh process; ``--only reports`` measures only these (seconds).

**hostile**: each hostile file shape (``tests.corpus.hostile_shapes``: one line of
``1;1;…``, 50 000 columns, a header repeated to 32 MB, an xlsx that expands
tenfold) goes through ``import --dry-run``: accepted or refused, its time and
peak memory. ``--only hostile`` runs just that part.

**published**: a re-upload of a round's cumulative export with six more employees in
every unit, imported through ``python -m analytics import`` in a fresh process into
a folder where the round is published (the change is checked against the version
readers saw, :mod:`analytics.store.publication`) and, as the baseline in the same run, into
a folder where it is not (no check): wall and CPU time, peak memory, and the ratio.

Once, on the largest size, a real Chromium measures the time from navigation
to the first chart drawn on the overview page, and on a bare Streamlit page
with one Plotly chart (the floor).

**suppression**: one round of 30, 60, 300 and 1,000 units with two groups,
the sparse elimination against the previous dense method
(:mod:`benchmark.suppression`).

**singletons**: the round of 300 units with two groups, suppression as
published (also against a respondent alone in a cell, and bounds from the
scale's ends), against exact suppression alone in the same run (aim: under
1 s of CPU).

**load**: a meeting room, 30 sessions opening the overview at once against
one server (:mod:`benchmark.load`, over Streamlit's websocket protocol; ``--sessions N`` for another number).

**proxy**: the same meeting room through HAProxy (``make serve``) with one and with
two app processes, beside the bare page in the same run (:mod:`benchmark.proxy`).

It prints a table of absolute times and ratios and writes the same as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from analytics.core import suppression
from analytics.measures import inputs
from benchmark.serve import CHROMIUM_ARGS, serve

REPO = Path(__file__).resolve().parent.parent
PARTS = (
    "sizes",
    "suppression",
    "singletons",
    "load",
    "proxy",
    "reports",
    "hostile",
    "published",
)  # every part runs by default
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000, "10M": 10_000_000, "100M": 100_000_000}
DEFAULT_SIZES = "10k,100k,1M,10M"  # 100M (KS scale, about six minutes more) only when asked for
# Above this many answers the pandas baseline (which loads every answer) is not run.
BASELINE_MAX_ANSWERS = 10_000_000
# The aims of issue 13 for the sizes part, judged in the same run.
AIM_IMPORT_RATE = 1_000_000  # answers per second, end to end, at 10 M answers
AIM_PEAK_MB = 2048  # import peak memory at 10 M and 100 M answers
AIM_WARM_RATIO = 1.5  # every page's warm run against its 10 k time
AIM_FIRST_PAGE_S = 2.0  # the overview's first run after an import
# Imports of each size up to BASELINE_MAX_ANSWERS, each into a fresh folder: the median
# run is reported (the same import's time varies by a fifth within an hour on a shared machine).
IMPORT_RUNS = 3
# DuckDB alone loading the same CSV into a table, in a process of its own (the floor).
DUCKDB_LOAD = (
    "import duckdb, sys; con = duckdb.connect(); con.execute('SET enable_progress_bar = false'); "
    "con.execute('CREATE TABLE t AS FROM read_csv($p)', {'p': sys.argv[1]})"
)


def _timed_child(args: list[str], env: dict | None = None, allowed: tuple[int, ...] = (0,)) -> dict:
    """Run ``python -m benchmark.child ARGS``: wall seconds, peak memory (MB), exit status."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "benchmark.child", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    seconds = time.perf_counter() - started
    if result.returncode not in allowed:
        raise RuntimeError(f"{args[0]} failed: {result.stderr[-2000:]}")
    *messages, report = result.stderr.strip().splitlines()
    usage = json.loads(report)
    return {
        "seconds": seconds,
        "peak_mb": usage["peak_mb"],
        "cpu_s": usage["cpu_s"],
        "stdout": result.stdout,
        "status": result.returncode,
        "message": messages[0] if messages else "",
    }


def measure_hostile(workdir: Path) -> list[dict]:
    """Each hostile shape (``tests.corpus.hostile_shapes``) through ``import --dry-run``:
    accepted or refused, how long it took and the peak memory of the process."""
    from tests.corpus import hostile_shapes

    rows = []
    for name, path in hostile_shapes(workdir / "hostile").items():
        print(f"[hostile] {name} ...", file=sys.stderr, flush=True)
        options = ["--round", "2025", "--group", "ansatte", "--data-dir", str(workdir / "hostile-store")]
        run = _timed_child(["import", str(path), "--dry-run", *options], allowed=(0, 2))
        rows.append(
            {
                "shape": name,
                "file_mb": path.stat().st_size / 1e6,
                "outcome": "refused" if run["status"] == 2 else "accepted",
                "seconds": run["seconds"],
                "cpu_s": run["cpu_s"],
                "peak_mb": run["peak_mb"],
                "load_average": os.getloadavg()[0],
                "message": run["message"],
            }
        )
    return rows


@contextmanager
def _environ(env: dict):
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


WARM_RUNS = 7  # a warm run takes tens of milliseconds: the median of seven


def _page_runs(script: Path, env: dict, page: str | None = None, yardstick_env: dict | None = None):
    """First (cold caches) and warm (median of :data:`WARM_RUNS`) script run of one page through
    AppTest. With ``yardstick_env`` the same page runs on the yardstick data as well, its warm
    runs taken in turn with this page's, so that a slow moment of the machine falls on both
    alike; returns both pages' runs then."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    def opened(environment: dict):
        with _environ(environment):
            at = AppTest.from_file(str(script), default_timeout=600)
            if page:
                # Our app shows its pages to a signed-in person with a role (here: every role).
                from tests.conftest import sign_in

                sign_in(at)
                # The router runs the default page first; then caches are emptied so
                # that the measured run of ``page`` starts cold.
                at.run()
                at.switch_page(page)
        return at

    def timed(at, environment: dict) -> float:
        with _environ(environment):
            started = time.perf_counter()
            at.run()
            return time.perf_counter() - started

    pairs = [(env, opened(env))] + ([(yardstick_env, opened(yardstick_env))] if yardstick_env else [])
    firsts = []
    for environment, at in pairs:
        st.cache_data.clear()
        st.cache_resource.clear()
        firsts.append(timed(at, environment))
    for environment, at in pairs:  # warm again after the other's cold run emptied the caches
        timed(at, environment)
    warm_runs = [[] for _ in pairs]
    for _ in range(WARM_RUNS):
        for runs, (environment, at) in zip(warm_runs, pairs, strict=True):
            runs.append(timed(at, environment))
    results = []
    for first, runs, (_, at) in zip(firsts, warm_runs, pairs, strict=True):
        if at.exception:
            raise RuntimeError(f"{page or script.name}: {at.exception[0].message}")
        metrics = {m.label: m.value for m in at.metric}
        results.append({"first_s": first, "warm_s": statistics.median(runs), "metrics": metrics})
    return tuple(results) if yardstick_env else results[0]


def _store_without_answers(data_dir: Path) -> None:
    """A data folder with the demo portfolio and events but no survey answers."""
    from analytics.ingest.demo import generate_demo
    from analytics.store import Store

    tables = {k: v for k, v in generate_demo().items() if k != "responses"}
    Store(data_dir).commit(tables, {"kind": "benchmark", "file_name": "demo portfolio"})


def _stored_rows(data_dir: Path, table: str) -> int:
    """Rows of a stored table, from its file list (without reading the rows)."""
    manifest = json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))
    listing = json.loads((data_dir / manifest["tables"][table]).read_text(encoding="utf-8"))
    return sum(part["rows"] for part in listing["parts"])


def measure_size(label: str, n_answers: int, workdir: Path, yardstick: Path | None = None) -> dict:
    """One size, measured as the module's docstring says. ``yardstick`` (the 10 k data folder):
    each page also runs on it, its warm runs in turn with this size's, so that the pages' aim
    compares runs taken side by side (this machine's speed drifts within a run)."""
    from analytics.store import Store
    from benchmark.synth import write_wide_csv

    # A wide export (one row per respondent, a column per statement), written in blocks.
    csv_path = workdir / f"svar_{label}.csv"
    answers = write_wide_csv(csv_path, n_answers)
    data_dir = workdir / f"store_{label}"

    # National files are far above a municipality's upload limits; raise them for this import.
    limits = {"INNOBARO_MAX_FILE_MB": "50000", "INNOBARO_MAX_ROWS": str(2 * n_answers + 1000)}
    print(f"[{label}] importing {csv_path.stat().st_size / 1e6:.0f} MB ...", file=sys.stderr, flush=True)
    runs = []
    for _ in range(IMPORT_RUNS if n_answers <= BASELINE_MAX_ANSWERS else 1):
        shutil.rmtree(data_dir, ignore_errors=True)
        _store_without_answers(data_dir)
        run = _timed_child(["import", str(csv_path), "--data-dir", str(data_dir)], env=limits)
        run["refresh_s"] = Store(data_dir).manifest()["imports"][-1]["refresh"]["seconds"]
        runs.append(run)
    imported = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]
    duckdb_load = []
    for _ in range(len(runs)):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", DUCKDB_LOAD, str(csv_path)], check=True)
        duckdb_load.append(time.perf_counter() - started)
    store = Store(data_dir)
    for survey_round in store.rounds():  # readers (the pages and summary below) see published rounds
        store.publish(survey_round["round"], "benchmark")
    stored = _stored_rows(data_dir, "responses")
    refresh = []
    # A full refresh, every round (as `python -m analytics refresh` runs it), median of 3 below 10 M.
    # Above 10 M the import's own refresh (every round, since the rounds are new) stands for it.
    for _ in range(3 if n_answers < BASELINE_MAX_ANSWERS else 1 if n_answers == BASELINE_MAX_ANSWERS else 0):
        started = time.perf_counter()
        store.refresh(who="benchmark")
        refresh.append(time.perf_counter() - started)
    refresh = refresh or [imported["refresh_s"]]

    cells = store.query("culture_cells")
    started = time.perf_counter()
    suppression.suppress(cells, 5)
    suppress_s = time.perf_counter() - started

    print(f"[{label}] pages ...", file=sys.stderr, flush=True)
    env = {"INNOBARO_DATA_DIR": str(data_dir)}
    pages, yardstick_pages = {}, {}
    for page in sorted((REPO / "pages").glob("*.py")):
        if yardstick is None:
            pages[page.stem] = _page_runs(REPO / "app.py", env, f"pages/{page.name}")
        else:
            yardstick_env = {"INNOBARO_DATA_DIR": str(yardstick)}
            pages[page.stem], yardstick_pages[page.stem] = _page_runs(
                REPO / "app.py", env, f"pages/{page.name}", yardstick_env
            )
    baseline = None
    if n_answers <= BASELINE_MAX_ANSWERS:
        # The baseline reads the stored answers as one plain Parquet file, as a typical app would.
        responses_file = workdir / f"stored_{label}.parquet"
        store.table("responses").to_parquet(responses_file, index=False)
        baseline = _page_runs(
            REPO / "benchmark" / "baseline_app.py", {"BASELINE_RESPONSES": str(responses_file)}
        )
        # The baseline must show the same numbers, or the comparison means nothing.
        for metric in ("Kulturindeks 2024", "Respondenter 2024"):
            ours, theirs = pages["oversikt"]["metrics"][metric], baseline["metrics"][metric]
            if ours != theirs:
                raise RuntimeError(f"{metric}: ours {ours}, baseline {theirs}")

    started = time.perf_counter()
    summary = subprocess.run(
        [sys.executable, "-m", "analytics", "summary", "--data-dir", str(data_dir), "--json"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    summary_s = time.perf_counter() - started
    assert json.loads(summary.stdout), "summary printed nothing"

    # One more import touching one round (a new round): the refresh of its commit,
    # beside the full refresh above.
    one_round = workdir / f"svar_{label}_one_round.csv"
    write_wide_csv(one_round, n_answers, seed=2, rounds=("2025",))
    _timed_child(["import", str(one_round), "--data-dir", str(data_dir)], env=limits)
    incremental = store.manifest()["imports"][-1]["refresh"]
    rounds = len(incremental["rounds"])
    return {
        "label": label,
        "answers": answers,
        "stored_answers": stored,
        "csv_mb": csv_path.stat().st_size / 2**20,
        "import_s": imported["seconds"],
        "import_runs_s": [run["seconds"] for run in runs],
        "import_cpu_s": imported["cpu_s"],
        "import_peak_mb": max(run["peak_mb"] for run in runs),
        "import_refresh_s": imported["refresh_s"],
        "duckdb_load_s": statistics.median(duckdb_load),
        "refresh_s": statistics.median(refresh),
        "refresh_per_import_s": incremental["seconds"],
        "refresh_per_import_rounds": f"{rounds} of {rounds + incremental['reused']}",
        "suppress_s": suppress_s,
        "pages": pages,
        "yardstick_pages": yardstick_pages or None,
        "baseline": baseline,
        "summary_s": summary_s,
        "load_average": os.getloadavg()[0],
        "data_dir": str(data_dir),
    }


def _merged_sizes(path: Path, measured: list[dict]) -> list[dict]:
    """This run's sizes, and those of the previous results file that this run did not measure
    (a long 100M run can be added to an earlier run of the other sizes), smallest first."""
    try:
        earlier = json.loads(path.read_text(encoding="utf-8")).get("sizes") or []
    except (OSError, json.JSONDecodeError):
        earlier = []
    labels = {size["label"] for size in measured}
    kept = [size for size in earlier if size.get("label") not in labels and "import_cpu_s" in size]
    return sorted([*kept, *measured], key=lambda size: SIZES[size["label"]])


def judge_aims(sizes: list[dict]) -> list[dict]:
    """Each aim of the sizes part beside what this run measured, met or not."""
    by_answers = {size["label"]: size for size in sizes}
    small = by_answers.get("10k")
    aims = []
    for size in sizes:
        label = size["label"]
        if label in ("10M", "100M"):
            if label == "10M":
                rate = size["answers"] / size["import_s"]
                aims.append(
                    {
                        "aim": "import ≥ 1 M answers/s, end to end",
                        "size": label,
                        "measured": f"{rate / 1e6:.2f} M answers/s ({_import_runs(size)})",
                        "met": rate >= AIM_IMPORT_RATE,
                    }
                )
            aims.append(
                {
                    "aim": "import peak memory < 2 GB",
                    "size": label,
                    "measured": f"{size['import_peak_mb']:.0f} MB",
                    "met": size["import_peak_mb"] < AIM_PEAK_MB,
                }
            )
        first = size["pages"]["oversikt"]["first_s"]
        aims.append(
            {
                "aim": "first page (overview) after an import < 2 s",
                "size": label,
                "measured": f"{first:.2f} s",
                "met": first < AIM_FIRST_PAGE_S,
            }
        )
        if small is not None and size is not small:
            # The 10 k pages run alongside this size's when this run measured both.
            yardstick = size.get("yardstick_pages") or small["pages"]
            ratios = {
                page: runs["warm_s"] / max(yardstick[page]["warm_s"], 1e-9)
                for page, runs in size["pages"].items()
            }
            worst = max(ratios, key=ratios.get)
            aims.append(
                {
                    "aim": "every page warm within 1.5× its 10 k time",
                    "size": label,
                    "measured": f"worst {worst} {ratios[worst]:.2f}× "
                    f"({size['pages'][worst]['warm_s']:.3f} s vs {yardstick[worst]['warm_s']:.3f} s)",
                    "met": ratios[worst] <= AIM_WARM_RATIO,
                }
            )
    return aims


def measure_first_chart(data_dir: str, repeats: int = 5) -> dict | None:
    """Median time from navigation to the first drawn Plotly chart: ours and the floor."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium not found: time to first chart not measured", file=sys.stderr)
        return None
    from playwright.sync_api import sync_playwright

    results = {}
    targets = {
        "overview": ("app.py", {"INNOBARO_DATA_DIR": data_dir}),
        "floor": ("benchmark/bare_app.py", {}),
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for name, (script, env) in targets.items():
            process, url = serve(script, env)
            try:
                warmup = browser.new_page()
                warmup.goto(url)
                warmup.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
                warmup.close()
                times = []
                for _ in range(repeats):
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    started = time.perf_counter()
                    page.goto(url)
                    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
                    times.append(time.perf_counter() - started)
                    page.close()
                results[name] = statistics.median(times)
            finally:
                process.terminate()
                process.wait(timeout=20)
        browser.close()
    return results


def measure_reports(workdir: Path, repeats: int = 3) -> dict:
    """Time the standard set's PowerPoint and PDF on the demo data."""
    from analytics.ingest import load_demo
    from analytics.present import meeting, reports
    from analytics.store import Store

    data_dir = workdir / "reports-demo"
    store = Store(data_dir)
    load_demo(store)
    standard = meeting.standard_meeting()
    out = {}
    for fmt in ("pptx", "pdf"):
        runs = []
        for _ in range(repeats):
            started = time.perf_counter()
            sources = inputs.sources_from_store(store, 5)
            slides = meeting.build_slides(standard, sources)
            reports.build(fmt, standard, slides, reports.report_info(store, sources))
            runs.append(time.perf_counter() - started)
        target = workdir / f"standard.{fmt}"
        command = _timed_child(["report", "--data-dir", str(data_dir), "--format", fmt, "--out", str(target)])
        out[fmt] = {
            "build_s": statistics.median(runs),
            "command_s": command["seconds"],
            "slides": len(slides),
        }
    return out


def _machine() -> dict:
    import duckdb
    import streamlit

    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_gb, 1),
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "duckdb": duckdb.__version__,
        "streamlit": streamlit.__version__,
    }


PUBLISHED_SIZES = ("10k", "100k", "1M")
NEW_PER_UNIT = 6


def measure_published(workdir: Path) -> list[dict]:
    """The cost of checking a change to a published round, against the same import unchecked."""
    from analytics.store import Store
    from benchmark.synth import synthetic_answers

    rows = []
    for label in PUBLISHED_SIZES:
        print(f"[published] {label} ...", file=sys.stderr, flush=True)
        answers = synthetic_answers(SIZES[label])
        latest = answers[(answers["runde"] == answers["runde"].max()) & (answers["gruppe"] == "ansatte")]
        first = workdir / f"{label}-first.csv"
        latest.to_csv(first, index=False, sep=";")
        people = latest.drop_duplicates("respondent_id").groupby("enhet").head(NEW_PER_UNIT)["respondent_id"]
        added = latest[latest["respondent_id"].isin(people)]
        added = added.assign(respondent_id=added["respondent_id"] + "-ny")
        second = workdir / f"{label}-second.csv"
        pd.concat([latest, added]).to_csv(second, index=False, sep=";")
        limits = {"INNOBARO_MAX_FILE_MB": "5000", "INNOBARO_MAX_ROWS": str(4 * len(latest) + 1000)}
        row = {"label": label, "answers": len(latest) + len(added), "units": int(latest["enhet"].nunique())}
        for state in ("unpublished", "published"):
            data_dir = workdir / f"{label}-{state}"
            _timed_child(["import", str(first), "--data-dir", str(data_dir)], env=limits)
            if state == "published":
                Store(data_dir).publish(str(latest["runde"].iloc[0]), "benchmark")
            run = _timed_child(
                ["import", str(second), "--data-dir", str(data_dir)], env=limits, allowed=(0, 2)
            )
            row[state] = {
                "seconds": run["seconds"],
                "cpu_s": run["cpu_s"],
                "peak_mb": run["peak_mb"],
                "outcome": "stored" if run["status"] == 0 else "refused",
            }
        row["ratio_cpu"] = row["published"]["cpu_s"] / row["unpublished"]["cpu_s"]
        row["load_average"] = os.getloadavg()[0]
        rows.append(row)
    return rows


def render_published(rows: list[dict]) -> list[str]:
    lines = [
        "| Answers in the round (units) | Re-upload, round not published: wall / CPU (s) "
        "| Round published, change checked: wall / CPU (s) | Outcome | CPU ratio | Peak memory (MB) "
        "| Load average |",
        "| ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for row in rows:
        base, checked = row["unpublished"], row["published"]
        lines.append(
            f"| {row['answers']:,} ({row['units']}) | {base['seconds']:.2f} / {base['cpu_s']:.2f} | "
            f"{checked['seconds']:.2f} / {checked['cpu_s']:.2f} | {checked['outcome']} | "
            f"{row['ratio_cpu']:.2f}× | {base['peak_mb']:.0f} → {checked['peak_mb']:.0f} | "
            f"{row['load_average']:.1f} |"
        )
    return lines


def render_hostile(rows: list[dict]) -> list[str]:
    lines = [
        "| Hostile file | Size (MB) | Outcome | Wall time (s) | CPU time (s) | Peak memory (MB) "
        "| Load average |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['shape']} | {row['file_mb']:.1f} | {row['outcome']} | {row['seconds']:.2f} | "
            f"{row['cpu_s']:.2f} | {row['peak_mb']:.0f} | {row['load_average']:.1f} |"
        )
    return lines


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _import_runs(size: dict) -> str:
    """The import's time: the median of its runs, each run's time beside it."""
    runs = size.get("import_runs_s") or [size["import_s"]]
    if len(runs) == 1:
        return f"{size['import_s']:.1f} s"
    each = ", ".join(f"{run:.1f}" for run in runs)
    return f"median of {len(runs)} runs {size['import_s']:.1f} s; runs {each} s"


def _against_duckdb(size: dict) -> str:
    load = size.get("duckdb_load_s")
    return "—" if load is None else f"{load:.2f} s ({size['import_s'] / load:.0f}×)"


def _render_sizes(results: dict) -> list[str]:
    lines = [
        "| Answers | Wide CSV (MB) | Import (s) | Answers/s | DuckDB alone loads the CSV (s; import ×) "
        "| Import CPU (s) "
        "| of which aggregate refresh (s) | Import peak memory (MB) | Refresh aggregates, all rounds (s) "
        "| Refresh per import, incremental (s) | Rounds refreshed | Suppression (s) "
        "| `summary --json` (s) | Load average |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in results["sizes"]:
        lines.append(
            f"| {size['answers']:,} | {size['csv_mb']:.0f} | {size['import_s']:.2f} | "
            f"{size['answers'] / size['import_s'] / 1e6:.2f} M | {_against_duckdb(size)} | "
            f"{_seconds(size['import_cpu_s'])} | "
            f"{size['import_refresh_s']:.2f} | {size['import_peak_mb']:.0f} | "
            f"{_seconds(size['refresh_s'])} | {_seconds(size['refresh_per_import_s'])} | "
            f"{size['refresh_per_import_rounds'] or '—'} | {_seconds(size['suppress_s'])} | "
            f"{_seconds(size['summary_s'])} | "
            f"{size['load_average']:.1f} |"
        )
    pages = sorted(results["sizes"][0]["pages"])
    lines += [
        "",
        "| Answers | "
        + " | ".join(f"{p} first / warm (s)" for p in pages)
        + " | Baseline first / warm (s) | Overview warm: baseline / ours |",
        "| ---: | " + " | ".join("---:" for _ in pages) + " | ---: | ---: |",
    ]
    for size in results["sizes"]:
        cells = [f"{size['pages'][p]['first_s']:.2f} / {size['pages'][p]['warm_s']:.2f}" for p in pages]
        base = size["baseline"]
        if base is None:
            compared = "not run (loads every answer) | —"
        else:
            ratio = base["warm_s"] / size["pages"]["oversikt"]["warm_s"]
            compared = f"{base['first_s']:.2f} / {base['warm_s']:.2f} | {ratio:.1f}×"
        lines.append(f"| {size['answers']:,} | " + " | ".join(cells) + f" | {compared} |")
    chart = results.get("first_chart")
    if chart:
        lines += [
            "",
            "| Time to first chart (s) | Overview | Floor: bare page, one Plotly chart | Ours / floor |",
            "| --- | ---: | ---: | ---: |",
            f"| median of 5 | {chart['overview']:.2f} | {chart['floor']:.2f} | "
            f"{chart['overview'] / chart['floor']:.2f}× |",
        ]
    if results.get("aims"):
        lines += ["", "| Aim | Answers | Measured | Met |", "| --- | --- | --- | --- |"]
        lines += [
            f"| {aim['aim']} | {aim['size']} | {aim['measured']} | {'met' if aim['met'] else 'not met'} |"
            for aim in results["aims"]
        ]
    return lines


README_START = "<!-- benchmark sizes: start (written by python -m benchmark --readme) -->"
README_END = "<!-- benchmark sizes: end -->"


def write_readme(results: dict) -> None:
    """Replace the sizes tables in benchmark/README.md with this run's."""
    readme = REPO / "benchmark" / "README.md"
    text = readme.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        raise RuntimeError("benchmark/README.md has no benchmark markers")
    machine = results["machine"]
    body = [
        *_render_sizes(results),
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB; Python "
        f"{machine['python']}, pandas {machine['pandas']}, DuckDB {machine['duckdb']}.",
    ]
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    readme.write_text(
        head + README_START + "\n" + "\n".join(body) + "\n" + README_END + tail, encoding="utf-8"
    )


def render(results: dict) -> str:
    """The results as Markdown tables (times in seconds)."""
    from benchmark.load import render_load
    from benchmark.suppression import render_singletons, render_suppression

    tables = []
    if results.get("sizes"):
        tables.append(_render_sizes(results))
    if results.get("suppression"):
        tables.append(render_suppression(results["suppression"]))
    if results.get("singletons"):
        tables.append(render_singletons(results["singletons"]))
    if results.get("load"):
        tables.append(render_load(results["load"]))
    if results.get("proxy"):
        from benchmark.proxy import render_proxy

        tables.append(render_proxy(results["proxy"]))
    if results.get("reports"):
        tables.append(_render_reports(results["reports"])[1:])
    if results.get("hostile"):
        tables.append(render_hostile(results["hostile"]))
    if results.get("published"):
        tables.append(render_published(results["published"]))
    machine = results["machine"]
    lines = [line for table in tables for line in [*table, ""]]
    lines += [
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB; Python "
        f"{machine['python']}, pandas {machine['pandas']}, DuckDB {machine['duckdb']}, Streamlit "
        f"{machine['streamlit']}. Whole run: {results['total_s'] / 60:.1f} min.",
    ]
    return "\n".join(lines)


def _render_reports(measured: dict | None) -> list[str]:
    if not measured:
        return []
    lines = [
        "",
        "| Standard set on demo data | Build in process (s) | `report` command with start-up (s) |",
        "| --- | ---: | ---: |",
    ]
    for fmt, row in measured.items():
        lines.append(f"| {fmt} ({row['slides']} slides) | {row['build_s']:.2f} | {row['command_s']:.2f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmark", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help="comma-separated: " + ",".join(SIZES) + f" (default {DEFAULT_SIZES})",
    )
    parser.add_argument(
        "--readme",
        action="store_true",
        help="write the sizes tables and aims into README.md's benchmark section",
    )
    parser.add_argument("--json", default=str(REPO / "benchmark" / "results.json"), help="output file")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument(
        "--only", default="", help="run only these parts (comma-separated): " + ",".join(PARTS)
    )
    parser.add_argument("--sessions", type=int, default=30, help="sessions at once in the load test")
    args = parser.parse_args(argv)
    labels = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in labels if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s): {', '.join(unknown)}")

    parts = [p.strip() for p in args.only.split(",") if p.strip()] if args.only else list(PARTS)
    if not parts or set(parts) - set(PARTS):
        parser.error(f"--only takes one or more of: {', '.join(PARTS)}")

    started = time.perf_counter()
    results = {"machine": _machine()}
    if "sizes" in parts:
        workdir = Path(tempfile.mkdtemp(prefix="innobaro-bench-"))
        try:
            sizes = []
            for label in labels:
                print(f"[{label}] generating, importing and measuring ...", file=sys.stderr, flush=True)
                yardstick = sizes[0]["data_dir"] if sizes and sizes[0]["label"] == "10k" else None
                sizes.append(measure_size(label, SIZES[label], workdir, yardstick and Path(yardstick)))
            results["first_chart"] = measure_first_chart(sizes[-1]["data_dir"])
            results["sizes"] = _merged_sizes(
                Path(args.json), [{k: v for k, v in s.items() if k != "data_dir"} for s in sizes]
            )
            results["aims"] = judge_aims(results["sizes"])
        finally:
            if not args.keep:
                shutil.rmtree(workdir, ignore_errors=True)
    if "suppression" in parts:
        from benchmark.suppression import measure_suppression

        results["suppression"] = measure_suppression(REPO)
    if "singletons" in parts:
        from benchmark.suppression import measure_singletons

        results["singletons"] = measure_singletons()
    if "load" in parts:
        from benchmark.load import measure_load

        results["load"] = measure_load(args.sessions)
    if "proxy" in parts:
        from benchmark.proxy import measure_proxy

        results["proxy"] = measure_proxy(args.sessions)
    for part, what, measure in (
        ("hostile", "refusing hostile file shapes", measure_hostile),
        ("reports", "building the standard set's PowerPoint and PDF", measure_reports),
        ("published", "a change to a published round against the same change unchecked", measure_published),
    ):
        if part in parts:
            print(f"[{part}] {what} ...", file=sys.stderr, flush=True)
            workdir = Path(tempfile.mkdtemp(prefix="innobaro-bench-"))
            try:
                results[part] = measure(workdir)
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
    results["total_s"] = time.perf_counter() - started
    try:
        # The parts this run did not measure keep their previous results.
        previous = json.loads(Path(args.json).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        previous = {}
    Path(args.json).write_text(json.dumps({**previous, **results}, indent=1), encoding="utf-8")
    print(render(results))
    if args.readme and results.get("sizes"):
        write_readme(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
