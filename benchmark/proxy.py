"""The meeting room through the proxy: one and two app processes behind HAProxy, beside the bare page.

``make serve``'s launcher (:class:`analytics.serve.Supervisor`) starts the app
processes and HAProxy on loopback over a folder of demo data; the same clients
as :mod:`benchmark.load` (Streamlit's websocket protocol) open the overview
through the proxy, first alone, then ``sessions`` at once. HAProxy sends each
new connection to the process with the fewest (``leastconn``), as it sends a
browser's first request; the clients carry no cookie, so each websocket is
placed afresh, as a room of new browsers would be. The floor is the bare page
with one chart on one server without a proxy, measured in the same run. CPU
time and peak memory are summed over the app processes.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmark.load import _cpu_s, _round, _serve_and_measure, _summarise
from benchmark.memory import peak_mb
from benchmark.serve import free_port

REPO = Path(__file__).resolve().parent.parent
REPLICAS = (1, 2)


async def _measure_through(url: str, sessions: int, replicas: int, timeout_s: float, cpu_s) -> dict:
    # One session per process warms its caches (leastconn spreads them), twice over.
    warmup = [*await _round(url, replicas, timeout_s), *await _round(url, replicas, timeout_s)]
    single = [(await _round(url, 1, timeout_s))[0] for _ in range(3)]
    before = cpu_s()
    crowd = await _round(url, sessions, timeout_s)
    return {"warmup": warmup, "single": single, "crowd": crowd, "crowd_cpu_s": cpu_s() - before}


def _through_proxy(replicas: int, sessions: int, timeout_s: float) -> dict:
    from analytics.serve import Supervisor

    with tempfile.TemporaryDirectory(prefix="innobaro-proxy-") as folder:
        data_dir = Path(folder) / "store"
        subprocess.run(
            [sys.executable, "-m", "analytics", "demo", "--data-dir", str(data_dir)],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        args = argparse.Namespace(
            replicas=replicas,
            port=free_port(),
            address="127.0.0.1",
            data_dir=str(data_dir),
            secrets=str(Path(folder) / "ingen-innlogging.toml"),
            run_dir=str(Path(folder) / "run"),
        )
        supervisor = Supervisor(args)
        try:
            url = supervisor.start()
            pids = [p.pid for p in supervisor.apps]
            stream = url.replace("http://", "ws://") + "/_stcore/stream"
            runs = asyncio.run(
                _measure_through(stream, sessions, replicas, timeout_s, lambda: sum(_cpu_s(p) for p in pids))
            )
            runs["peak_mb"] = sum(peak_mb(p) or 0 for p in pids)
        finally:
            supervisor.stop()
    return runs


def measure_proxy(sessions: int = 30, timeout_s: float = 120) -> dict:
    """The overview through HAProxy with 1 and 2 app processes, and the bare page (floor), same run."""
    result = {}
    for replicas in REPLICAS:
        print(
            f"[proxy] {sessions} sessions through HAProxy, {replicas} process(es) ...",
            file=sys.stderr,
            flush=True,
        )
        result[f"processes_{replicas}"] = _summarise(_through_proxy(replicas, sessions, timeout_s), sessions)
    print("[proxy] the floor: bare page, one server ...", file=sys.stderr, flush=True)
    result["floor"] = _summarise(_serve_and_measure("benchmark/bare_app.py", sessions, timeout_s), sessions)
    return result


def render_proxy(result: dict) -> list[str]:
    def seconds(value):
        return "—" if value is None else f"{value:.2f}"

    def row(label: str, measured: dict) -> str:
        ratio = "—" if measured["ratio"] is None else f"{measured['ratio']:.2f}×"
        return (
            f"| {label} | {seconds(measured['single_s'])} | {measured['sessions']} | {measured['charted']} | "
            f"{seconds(measured['median_s'])} | {seconds(measured['p95_s'])} | {ratio} | "
            f"{len(measured['errors'])} | {measured['server_cpu_per_session_s'] * 1000:.0f} | "
            f"{measured['server_peak_mb']:.0f} |"
        )

    lines = [
        "| Meeting room, time to first chart | Single session (s, median of 3) | Sessions at once "
        "| Charted | Median (s) | p95 (s) | p95 / single | Errors | Server CPU per session (ms) "
        "| Servers' peak memory (MB) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for replicas in REPLICAS:
        measured = result.get(f"processes_{replicas}")
        if measured:
            lines.append(
                row(f"Oversikt through HAProxy, {replicas} process{'es' if replicas > 1 else ''}", measured)
            )
    if result.get("floor"):
        lines.append(row("Floor: bare page, one Plotly chart, one server, no proxy", result["floor"]))
    return lines
