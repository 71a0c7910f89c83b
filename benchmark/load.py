"""A full meeting room: many sessions open the overview at once against one server.

One real Streamlit server on loopback serves the demo data; one Chromium opens
the overview first alone (the single-session time, median of three after a
warm-up), then in ``sessions`` browser contexts at once. For each session it
takes the time from navigation to the first drawn chart, and counts as an
error a session that drew none within the time limit, showed an exception or
raised a script error in the page. The server's peak memory is its peak
resident set (``VmHWM``) over the whole run. Every wait is bounded, so the run
stops by itself.
"""

from __future__ import annotations

import asyncio
import math
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmark.serve import CHROMIUM_ARGS, serve

CHART = ".js-plotly-plot .main-svg"
EXCEPTION = '[data-testid="stException"]'
AIM_RATIO = 2.0  # p95 under load within this many times a single session's time


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc: peak memory cannot be read on this system")


async def _session(context, url: str, timeout_s: float, start: asyncio.Event) -> dict:
    from playwright.async_api import Error as PlaywrightError

    page = await context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    await start.wait()
    started = time.perf_counter()
    seconds = None
    try:
        await page.goto(url, timeout=timeout_s * 1000)
        await page.wait_for_selector(CHART, timeout=timeout_s * 1000)
        seconds = time.perf_counter() - started
        if await page.locator(EXCEPTION).count():
            errors.append("the page shows an exception")
    except PlaywrightError as error:
        errors.append(str(error).splitlines()[0])
    return {"seconds": seconds, "errors": errors}


async def _round(browser, url: str, sessions: int, timeout_s: float) -> list[dict]:
    """``sessions`` contexts, each with its page ready, then all navigate at the same moment."""
    contexts = [await browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(sessions)]
    start = asyncio.Event()
    try:
        tasks = [asyncio.create_task(_session(c, url, timeout_s, start)) for c in contexts]
        await asyncio.sleep(0)  # let every task open its page before the start
        start.set()
        return await asyncio.gather(*tasks)
    finally:
        for context in contexts:
            await context.close()


async def _measure(chromium: str, url: str, sessions: int, timeout_s: float) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            warmup = await _round(browser, url, 1, timeout_s)  # writes the demo data, fills the caches
            single = [(await _round(browser, url, 1, timeout_s))[0] for _ in range(3)]
            crowd = await _round(browser, url, sessions, timeout_s)
        finally:
            await browser.close()
    return {"warmup": warmup, "single": single, "crowd": crowd}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def measure_load(sessions: int = 30, timeout_s: float = 240) -> dict | None:
    """Open the overview in ``sessions`` sessions at once; times, errors and the server's peak memory."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium not found: the meeting-room load test was not run", file=sys.stderr)
        return None
    print(f"[load] {sessions} sessions at once ...", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="innobaro-load-") as folder:
        env = {"INNOBARO_DATA_DIR": str(Path(folder) / "store"), "INNOBARO_DEMO_ON_EMPTY": "1"}
        process, url = serve("app.py", env)
        try:
            runs = asyncio.run(
                asyncio.wait_for(_measure(chromium, url, sessions, timeout_s), timeout=6 * timeout_s)
            )
            peak_mb = _peak_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
    errors = [e for s in runs["warmup"] + runs["single"] + runs["crowd"] for e in s["errors"]]
    single = [s["seconds"] for s in runs["single"] if s["seconds"] is not None]
    crowd = [s["seconds"] for s in runs["crowd"] if s["seconds"] is not None]
    single_s = statistics.median(single) if single else None
    p95 = _p95(crowd) if crowd else None
    return {
        "sessions": sessions,
        "charted": len(crowd),
        "single_s": single_s,
        "times_s": crowd,
        "median_s": statistics.median(crowd) if crowd else None,
        "p95_s": p95,
        "ratio": p95 / single_s if p95 is not None and single_s else None,
        "errors": errors,
        "server_peak_mb": peak_mb,
    }


def render_load(result: dict) -> list[str]:
    ratio = result.get("ratio")
    ratio_text = (
        "—"
        if ratio is None
        else f"{ratio:.2f}× (aim ≤ {AIM_RATIO:g}×: " + ("met)" if ratio <= AIM_RATIO else "not met)")
    )
    errors = len(result["errors"])
    single = "—" if result["single_s"] is None else f"{result['single_s']:.2f}"
    median = "—" if result.get("median_s") is None else f"{result['median_s']:.2f}"
    p95 = "—" if result["p95_s"] is None else f"{result['p95_s']:.2f}"
    return [
        "| Meeting room | Single session (s, median of 3) | Sessions at once | Charted | Median (s) "
        "| p95 (s) | p95 / single | Errors | Server peak memory (MB) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |",
        f"| overview, time to first chart | {single} | {result['sessions']} | {result.get('charted', 0)} | "
        f"{median} | {p95} | {ratio_text} | {errors} (aim 0: {'met' if errors == 0 else 'not met'}) | "
        f"{result['server_peak_mb']:.0f} |",
    ]
