"""A health check that means something: the data folder, its manifest, its aggregate, the app processes.

Streamlit's own ``/_stcore/health`` says only that a server runs. :func:`check`
says whether the app can serve correct figures: the data folder is readable,
every file its manifest names is there, the aggregate is computed from the
current answers, and (under ``make serve``) every app process answers.
:func:`serve` answers ``GET /helse`` with 200 and ``ok`` when all holds, and
with 503 and one line per problem (bokmål) otherwise, for the proxy and for
a monitoring system; ``python -m analytics health`` prints the same.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from analytics.core.text import t
from analytics.store.folder import MANIFEST, Store, StoreError, named_files

PATH = "/helse"


def check(data_dir: Path | str, app_urls: tuple[str, ...] = ()) -> dict:
    """``{"ok": bool, "data_version": int | None, "problems": [str, ...]}`` for the folder and processes."""
    data_dir = Path(data_dir)
    problems: list[str] = []
    version = None
    if not data_dir.is_dir():
        problems.append(t("health_no_folder", data_dir=data_dir))
    elif not (data_dir / MANIFEST).exists():
        problems.append(t("health_no_manifest", data_dir=data_dir))
    else:
        try:
            store = Store(data_dir)
            manifest = store.manifest()
            version = int(manifest["version"])
            missing = [p for p in named_files(data_dir, manifest) if not (data_dir / p).is_file()]
            if missing:
                problems.append(t("health_missing_files", count=len(missing), first=missing[0]))
            else:
                for name, rounds in store.stale_aggregates(manifest).items():
                    problems.append(t("health_stale_aggregate", table=name, rounds=", ".join(rounds)))
        except (StoreError, OSError, ValueError, KeyError) as exc:
            problems.append(t("health_unreadable", data_dir=data_dir, error=exc))
    for number, url in enumerate(app_urls, start=1):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
                healthy = response.read() == b"ok"
        except OSError:
            healthy = False
        if not healthy:
            problems.append(t("health_process_down", number=number, url=url))
    return {"ok": not problems, "data_version": version, "problems": problems}


def serve(data_dir: Path | str, port: int, app_urls: tuple[str, ...] = ()) -> ThreadingHTTPServer:
    """Answer ``GET /helse`` on 127.0.0.1:``port`` in a background thread; returns the server."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path.split("?")[0] != PATH:
                self.send_error(404)
                return
            result = check(data_dir, app_urls)
            body = ("ok\n" if result["ok"] else "\n".join(result["problems"]) + "\n").encode("utf-8")
            if "json" in self.headers.get("Accept", ""):
                body = json.dumps(result, ensure_ascii=False).encode("utf-8")
            self.send_response(200 if result["ok"] else 503)
            self.send_header(
                "Content-Type", "application/json" if body[:1] == b"{" else "text/plain; charset=utf-8"
            )
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # the proxy polls every few seconds: no line for each
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv: list[str] | None = None) -> int:
    """``python -m analytics.store.health --port P [--app-url URL]...``: the health endpoint on its own."""
    import argparse

    from analytics.core.config import load_config

    parser = argparse.ArgumentParser(
        prog="python -m analytics.store.health", description="GET /helse on loopback"
    )
    parser.add_argument("--port", type=int, default=8600)
    parser.add_argument("--data-dir", help="data folder (default: INNOBARO_DATA_DIR or data/store)")
    parser.add_argument("--app-url", action="append", default=[], help="an app process to check; repeatable")
    args = parser.parse_args(argv)
    server = serve(load_config(args.data_dir).data_dir, args.port, tuple(args.app_url))
    print(f"health check at http://127.0.0.1:{args.port}{PATH}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
