"""``make serve``: several app processes behind HAProxy, with a health check, supervised.

``python -m analytics.serve --replicas N --port P`` starts N Streamlit
processes on loopback ports, a health endpoint (:mod:`analytics.store.health`) and
HAProxy on ``P`` with the configuration written from
``deploy/haproxy.cfg.template``: cookie affinity, health checks, gzip and
websockets. Every process gets the same ``server.cookieSecret`` (from
``INNOBARO_COOKIE_SECRET``, else ``[auth] cookie_secret`` of the secrets
file, else one drawn at start), so a form token or a sign-in made with one
process is accepted by all. A process that stops is started again; Ctrl-C
(or SIGTERM) stops everything. Once all answer, one line says where the app
is (``serving http://…``).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

from analytics.core.config import load_config
from analytics.store import health

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "deploy" / "haproxy.cfg.template"
START_WAIT_S = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cookie_secret(secrets_file: Path | None) -> str:
    """The secret every process signs cookies with: the environment's, the secrets file's, or a new one."""
    if os.environ.get("INNOBARO_COOKIE_SECRET"):
        return os.environ["INNOBARO_COOKIE_SECRET"]
    if secrets_file and secrets_file.is_file():
        auth = tomllib.loads(secrets_file.read_text(encoding="utf-8")).get("auth", {})
        if auth.get("cookie_secret"):
            return str(auth["cookie_secret"])
    return secrets.token_hex(32)


def proxy_config(port: int, app_ports: list[int], health_port: int, bind: str = "127.0.0.1") -> str:
    """HAProxy's configuration from the template, for the given ports."""
    servers = "\n".join(
        f"    server app{n} 127.0.0.1:{p} cookie app{n}" for n, p in enumerate(app_ports, start=1)
    )
    return string.Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        BIND=bind, PORT=port, SERVERS=servers, HEALTH_PORT=health_port
    )


class Supervisor:
    """The app processes and the proxy; :meth:`stop` ends them all."""

    def __init__(self, args):
        self.args = args
        self.run_dir = Path(args.run_dir or tempfile.mkdtemp(prefix="innovasjonsbarometeret-serve-"))
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.secrets_file = Path(args.secrets) if args.secrets else REPO / ".streamlit" / "secrets.toml"
        self.env = {
            **os.environ,
            "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret(self.secrets_file),
        }
        if args.data_dir:
            self.env["INNOBARO_DATA_DIR"] = str(Path(args.data_dir).resolve())
        self.app_ports = [free_port() for _ in range(args.replicas)]
        self.apps: list[subprocess.Popen | None] = [None] * args.replicas
        self.proxy: subprocess.Popen | None = None
        self.health = None
        self.stopping = False

    def _start_app(self, number: int) -> subprocess.Popen:
        port = self.app_ports[number]
        log = open(self.run_dir / f"app{number + 1}.log", "ab")  # noqa: SIM115 - the child keeps it
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(REPO / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ]
        if self.secrets_file.is_file():
            command += ["--secrets.files", str(self.secrets_file)]
        process = subprocess.Popen(command, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self.apps[number] = process
        return process

    def start(self) -> str:
        for number in range(len(self.apps)):
            self._start_app(number)
        urls = tuple(f"http://127.0.0.1:{p}" for p in self.app_ports)
        health_port = free_port()
        data_dir = load_config(self.args.data_dir).data_dir
        self.health = health.serve(data_dir, health_port, urls)
        config = self.run_dir / "haproxy.cfg"
        config.write_text(
            proxy_config(self.args.port, self.app_ports, health_port, self.args.address), encoding="utf-8"
        )
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        log = open(self.run_dir / "haproxy.log", "ab")  # noqa: SIM115 - the child keeps it
        self.proxy = subprocess.Popen(
            [haproxy, "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        deadline = time.monotonic() + START_WAIT_S
        for url in urls:
            while not _answers(f"{url}/_stcore/health"):
                if time.monotonic() > deadline or any(p.poll() is not None for p in self._children()):
                    raise RuntimeError(f"the app did not start; see the logs in {self.run_dir}")
                time.sleep(0.3)
        public = f"http://{self.args.address}:{self.args.port}"
        while not _answers(f"{public}/_stcore/health"):
            if time.monotonic() > deadline or self.proxy.poll() is not None:
                raise RuntimeError(f"HAProxy did not start; see {self.run_dir / 'haproxy.log'}")
            time.sleep(0.3)
        return public

    def _children(self) -> list[subprocess.Popen]:
        return [p for p in (*self.apps, self.proxy) if p is not None]

    def watch(self) -> int:
        """Restart an app process that stops; return when the proxy stops or :meth:`stop` is called."""
        while not self.stopping:
            if self.proxy.poll() is not None:
                print(f"HAProxy stopped (status {self.proxy.returncode}); stopping.", file=sys.stderr)
                return 1
            for number, process in enumerate(self.apps):
                if process.poll() is not None and not self.stopping:
                    print(
                        f"app process {number + 1} stopped (status {process.returncode}); starting it again."
                    )
                    self._start_app(number)
            time.sleep(1)
        return 0

    def stop(self, *_):
        self.stopping = True
        for process in self._children():
            if process.poll() is None:
                process.terminate()
        for process in self._children():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.health is not None:
            self.health.shutdown()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analytics.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2, help="app processes (default 2: one per core)")
    parser.add_argument("--port", type=int, default=8501, help="the proxy's port (default 8501)")
    parser.add_argument("--address", default="127.0.0.1", help="the proxy's address (default 127.0.0.1)")
    parser.add_argument("--data-dir", help="data folder (default: INNOBARO_DATA_DIR or data/store)")
    parser.add_argument(
        "--secrets", help="secrets file with [auth] and [roles] (default .streamlit/secrets.toml)"
    )
    parser.add_argument(
        "--run-dir", help="folder for the proxy's configuration and the logs (default: a new one)"
    )
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be 1 or more")
    supervisor = Supervisor(args)
    signal.signal(signal.SIGTERM, supervisor.stop)
    try:
        url = supervisor.start()
        print(f"serving {url} with {args.replicas} app processes; health at {url}{health.PATH}", flush=True)
        print(f"configuration and logs: {supervisor.run_dir}", flush=True)
        return supervisor.watch()
    except KeyboardInterrupt:
        return 0
    finally:
        supervisor.stop()


if __name__ == "__main__":
    sys.exit(main())
