"""A full meeting room: many sessions open the overview at once against one server.

One real Streamlit server on loopback serves the demo data. Each session is a
client of Streamlit's own websocket protocol, as the browser is: it connects
to ``/_stcore/stream``, asks for the default page (the overview) and reads the
server's messages until the script has finished. Its time to first chart is
the time from connecting to the server's first chart element; the browser's
own drawing is left out, because each person in the room draws on their own
machine while the server does the work for everyone. A session is an error
when the page shows an exception, sends no chart, or does not finish within
the time limit. The overview is opened first alone (the single-session time,
median of three after a warm-up that writes the demo data), then by
``sessions`` clients at the same moment. The server's peak memory is its peak
resident set (``VmHWM``) over the whole run, and its CPU time per session is
what the crowd's sessions cost it. Every wait is bounded and the server is
stopped at the end.

The same measurement on a bare page with one Plotly chart
(``benchmark/bare_app.py``, the floor) shows what one Streamlit server on this
machine costs per session before any of the app's own work.
"""

from __future__ import annotations

import asyncio
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmark.memory import peak_mb
from benchmark.serve import serve

AIM_RATIO = 2.0  # p95 under load within this many times a single session's time


def _peak_mb(pid: int) -> float:
    peak = peak_mb(pid)
    if peak is None:
        raise RuntimeError("no VmHWM in /proc: peak memory cannot be read on this system")
    return peak


async def _session(url: str, timeout_s: float, start: asyncio.Event) -> dict:
    """One client: connect, run the default page, read until the script has finished."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect
    from websockets.exceptions import WebSocketException

    request = BackMsg()
    request.rerun_script.query_string = ""
    request.rerun_script.page_script_hash = ""
    await start.wait()
    started = time.perf_counter()
    chart_s, connected_s, errors = None, None, []
    try:
        async with asyncio.timeout(timeout_s):
            # A browser sends no protocol pings; neither does this client.
            client = connect(url, subprotocols=["streamlit"], max_size=None, ping_interval=None)
            async with client as websocket:
                connected_s = time.perf_counter() - started
                await websocket.send(request.SerializeToString())
                async for data in websocket:
                    message = ForwardMsg.FromString(data)
                    kind = message.WhichOneof("type")
                    if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                        element = message.delta.new_element.WhichOneof("type")
                        if element == "exception":
                            errors.append("the page shows an exception")
                        elif element == "plotly_chart" and chart_s is None:
                            chart_s = time.perf_counter() - started
                    elif kind == "script_finished":
                        break
    except TimeoutError:
        errors.append(f"not finished within {timeout_s:g} s")
    except (OSError, WebSocketException) as error:
        errors.append(f"connection: {error}")
    if chart_s is None and not errors:
        errors.append("no chart")
    finished_s = time.perf_counter() - started
    return {"seconds": chart_s, "connected_s": connected_s, "finished_s": finished_s, "errors": errors}


async def _round(url: str, sessions: int, timeout_s: float) -> list[dict]:
    start = asyncio.Event()
    tasks = [asyncio.create_task(_session(url, timeout_s, start)) for _ in range(sessions)]
    await asyncio.sleep(0)  # every client waits at the start line
    start.set()
    return await asyncio.gather(*tasks)


async def _measure(url: str, sessions: int, timeout_s: float, server_cpu_s) -> dict:
    warmup = await _round(url, 1, timeout_s)  # writes the demo data, fills the caches
    single = [(await _round(url, 1, timeout_s))[0] for _ in range(3)]
    before = server_cpu_s()
    crowd = await _round(url, sessions, timeout_s)
    return {"warmup": warmup, "single": single, "crowd": crowd, "crowd_cpu_s": server_cpu_s() - before}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _serve_and_measure(script: str, sessions: int, timeout_s: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="innobaro-load-") as folder:
        env = {"INNOBARO_DATA_DIR": str(Path(folder) / "store"), "INNOBARO_DEMO_ON_EMPTY": "1"}
        process, url = serve(script, env)
        try:
            stream = url.replace("http://", "ws://") + "/_stcore/stream"
            runs = asyncio.run(_measure(stream, sessions, timeout_s, lambda: _cpu_s(process.pid)))
            runs["peak_mb"] = _peak_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
    return runs


def measure_load(sessions: int = 30, timeout_s: float = 120) -> dict:
    """Open the overview in ``sessions`` sessions at once; times, errors, the server's peak
    memory and CPU time per session; the same for the floor (a bare one-chart page)."""
    print(f"[load] {sessions} sessions at once ...", file=sys.stderr, flush=True)
    runs = _serve_and_measure("app.py", sessions, timeout_s)
    floor = _serve_and_measure("benchmark/bare_app.py", sessions, timeout_s)
    result = _summarise(runs, sessions)
    result["floor"] = _summarise(floor, sessions)
    return result


def _summarise(runs: dict, sessions: int) -> dict:
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
        "single_finished_s": statistics.median(s["finished_s"] for s in runs["single"]),
        "finished_max_s": max(s["finished_s"] for s in runs["crowd"]),
        "sessions_s": runs["crowd"],
        "errors": errors,
        "server_peak_mb": runs["peak_mb"],
        "server_cpu_per_session_s": runs["crowd_cpu_s"] / sessions,
    }


def render_load(result: dict) -> list[str]:
    def seconds(value):
        return "—" if value is None else f"{value:.2f}"

    def row(page: str, measured: dict, aim: bool) -> str:
        ratio, errors = measured["ratio"], len(measured["errors"])
        ratio_text = "—" if ratio is None else f"{ratio:.2f}×"
        if aim and ratio is not None:
            ratio_text += f" (aim ≤ {AIM_RATIO:g}×: " + ("met)" if ratio <= AIM_RATIO else "not met)")
        error_text = f"{errors}" + (f" (aim 0: {'met' if errors == 0 else 'not met'})" if aim else "")
        finished = f"{seconds(measured['single_finished_s'])} / {seconds(measured['finished_max_s'])}"
        cpu_ms = measured["server_cpu_per_session_s"] * 1000
        return (
            f"| {page} | {seconds(measured['single_s'])} | {measured['sessions']} | {measured['charted']} | "
            f"{seconds(measured['median_s'])} | {seconds(measured['p95_s'])} | {ratio_text} | {finished} | "
            f"{error_text} | {cpu_ms:.0f} | {measured['server_peak_mb']:.0f} |"
        )

    lines = [
        "| Meeting room, time to first chart | Single session (s, median of 3) "
        "| Sessions at once | Charted | Median (s) | p95 (s) | p95 / single "
        "| Script finished: single / last of all (s) | Errors | Server CPU per session (ms) "
        "| Server peak memory (MB) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: | ---: |",
        row("Oversikt", result, aim=True),
    ]
    if result.get("floor"):
        lines.append(row("Floor: bare page, one Plotly chart", result["floor"], aim=False))
    return lines
