"""A real Streamlit server on loopback for the browser measurements."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(
    script: str, env: dict, output=subprocess.DEVNULL, port: int | None = None, extra: tuple[str, ...] = ()
) -> tuple[subprocess.Popen, str]:
    """``streamlit run SCRIPT`` on loopback (``port``, or a free one) with ``env`` added and
    ``extra`` options, once it answers its health check (within a minute); its output goes to
    ``output``.

    Without a ``port``, a server that stops at once (another process took the free port between
    the look-up and Streamlit's bind, as can happen when test workers start servers side by side)
    is started again on another free port.
    """
    for _ in range(1 if port else 3):
        process, url = _start(script, env, output, port or free_port(), extra)
        if process.poll() is None:
            return process, url
    raise RuntimeError(f"{script} did not start")


def _start(script: str, env: dict, output, port: int, extra: tuple[str, ...]) -> tuple[subprocess.Popen, str]:
    """The server on ``port`` once healthy, or stopped (``poll()`` is not None) when it never was."""
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
            *extra,
        ],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=output,
        stderr=subprocess.STDOUT if output is not subprocess.DEVNULL else subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return process, url
        except OSError:
            if process.poll() is not None:
                return process, url
            time.sleep(0.3)
    process.kill()
    process.wait()
    return process, url
