"""Start the app for the person at this machine, as Jupyter does: with a one-time token.

``python -m analytics.launch [--port 8501] [--address 127.0.0.1] [STREAMLIT OPTIONS]``
(what ``make run`` runs) makes a new random token, starts ``streamlit run app.py``
with it in ``INNOBARO_LOCAL_TOKEN``, waits until the server answers and prints the
address with the token. Without sign-in, a browser that opens that address is the
local user with every right; any other visitor gets the demo (or, once real data
is imported, the page on how to set up sign-in), whatever headers a proxy sends.
The token is new at every start, so an old address stops working.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request

from analytics.core.access import TOKEN_ENV, TOKEN_PARAM
from analytics.core.config import REPO_ROOT
from analytics.core.text import t


def address_with_token(address: str, port: int, token: str) -> str:
    """The address to open: a wildcard listener is opened on loopback.

    >>> address_with_token("127.0.0.1", 8501, "abc")
    'http://127.0.0.1:8501/?token=abc'
    >>> address_with_token("::", 8600, "abc")
    'http://localhost:8600/?token=abc'
    """
    host = "localhost" if address in {"", "0.0.0.0", "::"} else address
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}/?{TOKEN_PARAM}={token}"


def _wait_until_healthy(process: subprocess.Popen, url: str) -> bool:
    while process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analytics.launch", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="127.0.0.1")
    args, streamlit_options = parser.parse_known_args(argv)
    token = secrets.token_urlsafe(32)
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(args.port)]
    command += ["--server.address", args.address, "--server.headless", "true", *streamlit_options]
    process = subprocess.Popen(command, cwd=REPO_ROOT, env={**os.environ, TOKEN_ENV: token})
    link = address_with_token(args.address, args.port, token)
    # A service manager stops the launcher: the server goes with it.
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    try:
        if _wait_until_healthy(process, link.split("?")[0]):
            print(t("launch_address", link=link), flush=True)
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return process.wait()


if __name__ == "__main__":
    sys.exit(main())
