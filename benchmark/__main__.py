"""Benchmark: ``python -m benchmark [--sizes 10k,100k,1M,10M] [--json FILE] [--only hostile]``.

For each size it generates seeded synthetic answers (long-format CSV and
Parquet) and measures, in one run on this machine:

- the import of the CSV through ``python -m analytics import`` (wall time and
  the importing process's peak memory);
- the refresh of the pre-aggregated tables (the aggregate SQL over the stored
  answers) and the suppression of small cells over them;
- each page's script run through AppTest, first run (cold caches) and warm run;
- ``python -m analytics summary --json`` (a fresh process, start-up included);
- the baseline: a straightforward pandas page that recomputes the overview's
  numbers from the raw answers on every rerun, through AppTest as well.

Then each hostile file shape (``tests.corpus.hostile_shapes``: one line of
``1;1;…``, 50 000 columns, a header repeated to 32 MB, an xlsx that expands
tenfold) goes through ``import --dry-run``: accepted or refused, its time and
peak memory. ``--only hostile`` runs just that part.

Once, on the largest size, a real Chromium measures the time from navigation
to the first chart drawn on the overview page, and on a bare Streamlit page
with one Plotly chart (the floor).

It prints a table of absolute times and ratios and writes the same as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000, "10M": 10_000_000}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


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


def _page_runs(script: Path, env: dict, page: str | None = None) -> dict:
    """First (cold caches) and warm script run of one page through AppTest."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        at = AppTest.from_file(str(script), default_timeout=600)
        if page:
            # The router runs the default page first; then caches are emptied so
            # that the measured run of ``page`` starts cold.
            at.run()
            at.switch_page(page)
        st.cache_data.clear()
        st.cache_resource.clear()
        started = time.perf_counter()
        at.run()
        first = time.perf_counter() - started
        started = time.perf_counter()
        at.run()
        warm = time.perf_counter() - started
        if at.exception:
            raise RuntimeError(f"{page or script.name}: {at.exception[0].message}")
        return {"first_s": first, "warm_s": warm, "metrics": {m.label: m.value for m in at.metric}}
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _store_without_answers(data_dir: Path) -> None:
    """A data folder with the demo portfolio and events but no survey answers."""
    from analytics.demo import generate_demo
    from analytics.store import Store

    tables = {k: v for k, v in generate_demo().items() if k != "responses"}
    Store(data_dir).commit(tables, {"kind": "benchmark", "file_name": "demo portfolio"})


def measure_size(label: str, n_answers: int, workdir: Path) -> dict:
    from analytics.store import Store
    from benchmark.synth import synthetic_answers

    answers = synthetic_answers(n_answers)
    csv_path = workdir / f"svar_{label}.csv"
    answers.to_csv(csv_path, index=False, sep=";")
    answers.to_parquet(workdir / f"svar_{label}.parquet", index=False)
    data_dir = workdir / f"store_{label}"
    _store_without_answers(data_dir)

    # National files are far above a municipality's upload limits; raise them for this import.
    limits = {"INNOBARO_MAX_FILE_MB": "5000", "INNOBARO_MAX_ROWS": str(2 * n_answers + 1000)}
    imported = _timed_child(["import", str(csv_path), "--data-dir", str(data_dir)], env=limits)
    store = Store(data_dir)
    stored = len(store.table("responses"))
    refresh = []
    for _ in range(3):
        started = time.perf_counter()
        store.query("agg_culture")
        refresh.append(time.perf_counter() - started)

    from analytics import culture

    cells = store.query("culture_cells")
    started = time.perf_counter()
    culture.suppress(cells, 5)
    suppress_s = time.perf_counter() - started

    env = {"INNOBARO_DATA_DIR": str(data_dir)}
    pages = {
        page.stem: _page_runs(REPO / "app.py", env, f"pages/{page.name}")
        for page in sorted((REPO / "pages").glob("*.py"))
    }
    responses_file = data_dir / store.manifest()["tables"]["responses"]
    baseline = _page_runs(REPO / "benchmark" / "baseline_app.py", {"BASELINE_RESPONSES": str(responses_file)})

    # The baseline must show the same numbers, or the comparison means nothing.
    for label in ("Kulturindeks 2024", "Respondenter 2024"):
        ours, theirs = pages["oversikt"]["metrics"][label], baseline["metrics"][label]
        if ours != theirs:
            raise RuntimeError(f"{label}: ours {ours}, baseline {theirs}")

    started = time.perf_counter()
    summary = subprocess.run(
        [sys.executable, "-m", "analytics", "summary", "--data-dir", str(data_dir), "--json"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    summary_s = time.perf_counter() - started
    assert json.loads(summary.stdout), "summary printed nothing"
    return {
        "label": label,
        "answers": len(answers),
        "stored_answers": stored,
        "csv_mb": csv_path.stat().st_size / 2**20,
        "import_s": imported["seconds"],
        "import_peak_mb": imported["peak_mb"],
        "refresh_s": statistics.median(refresh),
        "suppress_s": suppress_s,
        "pages": pages,
        "baseline": baseline,
        "summary_s": summary_s,
        "data_dir": str(data_dir),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(script: str, env: dict) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"{script} did not start")


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
            process, url = _serve(script, env)
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


def render(results: dict) -> str:
    """The results as Markdown tables (times in seconds)."""
    if not results.get("sizes"):
        return "\n".join(render_hostile(results["hostile"]))
    lines = [
        "| Answers | Import (s) | Import peak memory (MB) | Refresh aggregates (s) | Suppression (s) "
        "| `summary --json` (s) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in results["sizes"]:
        lines.append(
            f"| {size['answers']:,} | {size['import_s']:.2f} | {size['import_peak_mb']:.0f} | "
            f"{size['refresh_s']:.2f} | {size['suppress_s']:.2f} | {size['summary_s']:.2f} |"
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
        ratio = base["warm_s"] / size["pages"]["oversikt"]["warm_s"]
        lines.append(
            f"| {size['answers']:,} | "
            + " | ".join(cells)
            + f" | {base['first_s']:.2f} / {base['warm_s']:.2f} | {ratio:.1f}× |"
        )
    chart = results.get("first_chart")
    if chart:
        lines += [
            "",
            "| Time to first chart (s) | Overview | Floor: bare page, one Plotly chart | Ours / floor |",
            "| --- | ---: | ---: | ---: |",
            f"| median of 5 | {chart['overview']:.2f} | {chart['floor']:.2f} | "
            f"{chart['overview'] / chart['floor']:.2f}× |",
        ]
    if results.get("hostile"):
        lines += ["", *render_hostile(results["hostile"])]
    machine = results["machine"]
    lines += [
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB; Python "
        f"{machine['python']}, pandas {machine['pandas']}, DuckDB {machine['duckdb']}, Streamlit "
        f"{machine['streamlit']}. Whole run: {results['total_s'] / 60:.1f} min.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmark", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1M,10M", help="comma-separated: " + ",".join(SIZES))
    parser.add_argument("--json", default=str(REPO / "benchmark" / "results.json"), help="output file")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument(
        "--only",
        choices=("hostile",),
        help="only this part: hostile = file shapes to refuse early (updates its part of the JSON)",
    )
    args = parser.parse_args(argv)
    labels = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in labels if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s): {', '.join(unknown)}")

    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="innobaro-bench-"))
    if args.only == "hostile":
        try:
            hostile = measure_hostile(workdir)
        finally:
            if not args.keep:
                shutil.rmtree(workdir, ignore_errors=True)
        path = Path(args.json)
        results = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        results |= {"hostile": hostile, "hostile_machine": _machine()}
        path.write_text(json.dumps(results, indent=1), encoding="utf-8")
        print("\n".join(render_hostile(hostile)))
        return 0
    try:
        sizes = []
        for label in labels:
            print(f"[{label}] generating, importing and measuring ...", file=sys.stderr, flush=True)
            sizes.append(measure_size(label, SIZES[label], workdir))
        first_chart = measure_first_chart(sizes[-1]["data_dir"])
        results = {
            "machine": _machine(),
            "sizes": [{k: v for k, v in s.items() if k != "data_dir"} for s in sizes],
            "first_chart": first_chart,
            "hostile": measure_hostile(workdir),
            "total_s": time.perf_counter() - started,
        }
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
