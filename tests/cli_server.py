"""``python -m analytics`` without its start-up: a process that has imported the command line's
libraries once and forks a child for each command (used by ``tests.conftest.run_cli``).

Each command is still its own process: a child of this one, with the test's environment, the
repository as its working folder, standard input from ``/dev/null``, standard output and error
written to files, and the exit status a new interpreter would give (``python -m analytics``'s
``__main__`` runs in it as the main module). What it saves is importing pandas, DuckDB, PyArrow
and SciPy for every command, most of a second of CPU each time.

Protocol, one JSON object per line: the test writes ``{"request", "args", "env", "out", "err"}``;
this process answers ``{"request", "pid"}`` at once and ``{"request", "status"}``
(``os.waitstatus_to_exitcode``) when the child has ended, ``request`` being the request's number.
End of input ends the server.
"""

from __future__ import annotations

import atexit
import importlib
import json
import os
import runpy
import sys
import traceback

# Variables a new interpreter reads as it starts (text encodings, locale, time zone): a command
# asked to run with other values than this server started with must be a real new interpreter.
STARTUP_PREFIXES = ("PYTHON", "LC_", "LANG", "TZ", "OMP_", "OPENBLAS_", "MKL_", "ARROW_")


def startup_env(env: dict) -> dict:
    return {k: v for k, v in env.items() if k.startswith(STARTUP_PREFIXES)}


def _preload() -> None:
    import analytics.__main__  # noqa: F401  everything the commands import at start

    # Run as the main module in each child, so it must not be in sys.modules under its own name
    # (runpy would warn on stderr).
    del sys.modules["analytics.__main__"]
    for name in ("scipy.stats", "openpyxl", "python_calamine", "analytics.present.reports"):
        importlib.import_module(name)  # what the commands import when they need it


def _child(request: dict) -> None:
    """In the forked child: become ``python -m analytics ARGS`` and exit with its status."""
    os.environ.clear()
    os.environ.update(request["env"])
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, path in ((1, request["out"]), (2, request["err"])):
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
    code = 0
    try:
        sys.argv = ["-m", *request["args"]]
        runpy.run_module("analytics", run_name="__main__", alter_sys=True)
    except SystemExit as done:
        if done.code is None:
            code = 0
        elif isinstance(done.code, int):
            code = done.code
        else:
            print(done.code, file=sys.stderr)
            code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    try:
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code & 0xFF)


def main() -> None:
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    _preload()
    answers.write(json.dumps({"request": None, "ready": startup_env(dict(os.environ))}) + "\n")
    answers.flush()
    for line in requests:
        request = json.loads(line)
        number = request["request"]
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            requests.close()
            answers.close()
            _child(request)
        answers.write(json.dumps({"request": number, "pid": pid}) + "\n")
        answers.flush()
        _, status = os.waitpid(pid, 0)
        answers.write(json.dumps({"request": number, "status": os.waitstatus_to_exitcode(status)}) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
