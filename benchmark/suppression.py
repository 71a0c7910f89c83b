"""Suppression at scale: one round of 30 to 1,000 units, the sparse method
against the previous dense one.

Each round has two groups: the framework's first group (Jevnaker: employees,
3 to 40 per unit) and its second (leaders, 1 to 6 per unit), answering every
statement. The cells come from the real aggregate SQL over the stored answers.
The dense baseline runs in a child process with a CPU-time limit; a size
where it does not finish in time is reported as such, and larger ones are
not tried.
"""

from __future__ import annotations

import json
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from analytics.core import suppression

UNITS = (30, 60, 300, 1000)
AIMS = {300: 1.0, 1000: 5.0}  # seconds per round
BASELINE_CPU_S = 120
BASELINE_WALL_S = 600


def round_cells(units: int) -> pd.DataFrame:
    """The unsuppressed culture cells of the benchmark's round of ``units`` units."""
    from analytics.store import Store
    from benchmark.synth import units_round

    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "store")
        store.commit({"responses": units_round(units)}, {"kind": "benchmark"})
        return store.query("culture_cells", include_unpublished=True)


def _limit_cpu() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (BASELINE_CPU_S, BASELINE_CPU_S + 5))


def _baseline(units: int, repo: Path) -> dict:
    """The dense method in a child process, stopped after ``BASELINE_CPU_S`` of CPU time
    (or ``BASELINE_WALL_S`` of wall time on a very busy machine)."""
    try:
        result = subprocess.run(
            [sys.executable, "-m", "benchmark.dense_suppression", str(units)],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=BASELINE_WALL_S,
            preexec_fn=_limit_cpu,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": None, "hidden": None, "status": f"stopped after {BASELINE_WALL_S} s wall"}
    if result.returncode != 0:
        if result.returncode == -signal.SIGXCPU:
            return {"seconds": None, "hidden": None, "status": f"stopped after {BASELINE_CPU_S} s CPU"}
        raise RuntimeError(f"dense baseline failed: {result.stderr[-2000:]}")
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "status": "finished"}


def measure_suppression(repo: Path, units: tuple[int, ...] = UNITS, repeats: int = 3) -> list[dict]:

    rows = []
    baseline_finished = True
    for count in units:
        print(f"[suppression] {count} units ...", file=sys.stderr, flush=True)
        cells = round_cells(count)
        times, cpu = [], []
        for _ in range(repeats):
            started, cpu_started = time.perf_counter(), time.process_time()
            shown = suppression.suppress(cells, 5, singletons=False, width=0)  # exact, as the dense baseline
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        # Once the dense method has run out of time, larger rounds are not tried.
        baseline = (
            _baseline(count, repo)
            if baseline_finished
            else {"seconds": None, "hidden": None, "status": "not tried"}
        )
        baseline_finished = baseline["seconds"] is not None
        rows.append(
            {
                "units": count,
                "cells": len(cells),
                "primary": int((cells["n"] < 5).sum()),
                "hidden": int(shown["suppressed"].sum()),
                "seconds": statistics.median(times),
                "cpu_seconds": statistics.median(cpu),
                "baseline_seconds": baseline["seconds"],
                "baseline_cpu_seconds": baseline.get("cpu_seconds"),
                "baseline_hidden": baseline["hidden"],
                "baseline_status": baseline["status"],
                "aim_s": AIMS.get(count),
            }
        )
    return rows


def render_suppression(rows: list[dict]) -> list[str]:
    """Aims are judged on CPU time: wall time also counts whatever else the cores run."""
    lines = [
        "| Units in a round | Cells | Hidden: too few / in all | Sparse elimination, CPU / wall (s) "
        "| Aim (CPU) | Dense baseline, CPU / wall (s) | Baseline hidden |",
        "| ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for row in rows:
        aim = "—"
        if row["aim_s"] is not None:
            aim = f"< {row['aim_s']:g} s: " + ("met" if row["cpu_seconds"] < row["aim_s"] else "not met")
        base = row["baseline_status"]
        if row["baseline_seconds"] is not None:
            base = f"{row['baseline_cpu_seconds']:.2f} / {row['baseline_seconds']:.2f}"
        base_hidden = "—" if row["baseline_hidden"] is None else f"{row['baseline_hidden']:,}"
        lines.append(
            f"| {row['units']:,} | {row['cells']:,} | {row['primary']:,} / {row['hidden']:,} | "
            f"{row['cpu_seconds']:.2f} / {row['seconds']:.2f} | {aim} | {base} | {base_hidden} |"
        )
    return lines


SINGLETON_UNITS, SINGLETON_AIM_S = 300, 1.0


def measure_singletons(repeats: int = 3) -> dict:
    """Suppression as published (singletons and bounds, the defaults) on the round of 300 units,
    against exact suppression alone and singletons alone, measured in the same run."""

    print(f"[singletons] {SINGLETON_UNITS} units ...", file=sys.stderr, flush=True)
    cells = round_cells(SINGLETON_UNITS)
    result = {"units": SINGLETON_UNITS, "cells": len(cells), "aim_s": SINGLETON_AIM_S}
    variants = (
        ("exact", {"singletons": False, "width": 0}),
        ("singletons", {"singletons": True, "width": 0}),
        ("both", {"singletons": True, "width": 1.0}),
    )
    for name, options in variants:
        cpu = []
        for _ in range(repeats):
            started = time.process_time()
            shown = suppression.suppress(cells, 5, **options)
            cpu.append(time.process_time() - started)
        result[name] = {"cpu_seconds": statistics.median(cpu), "hidden": int(shown["suppressed"].sum())}
    return result


def render_singletons(row: dict) -> list[str]:
    exact = row["exact"]
    lines = [
        "| Units | Cells | Suppression | CPU (s) | Hidden | Ratio to exact | Aim (CPU) |",
        "| ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    names = {
        "exact": "exact",
        "singletons": "exact + singletons",
        "both": "exact + singletons + bounds (the default)",
    }
    for name, label in names.items():
        if name not in row:
            continue
        figures = row[name]
        aim = "—"
        if name == "both":
            aim = f"< {row['aim_s']:g} s: " + ("met" if figures["cpu_seconds"] < row["aim_s"] else "not met")
        lines.append(
            f"| {row['units']:,} | {row['cells']:,} | {label} | {figures['cpu_seconds']:.2f} | "
            f"{figures['hidden']:,} | {figures['cpu_seconds'] / exact['cpu_seconds']:.1f} × | {aim} |"
        )
    return lines
