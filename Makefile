# Two commands do all set-up on a fresh machine (Python 3.11+ and make):
#   make run    create .venv, install pinned requirements, start the app on demo data
#   make test   the same set-up plus test tools and Chromium, then the whole test suite
#   make test-fast   unit and CLI tests only (no pages, browser, Spark or fault injection), for the inner loop
#   (both run the tests in JOBS parallel workers, by default one per core: make test JOBS=1 runs them in one)
#   make benchmark   the performance benchmark (about twenty minutes on two cores)
#   make serve [REPLICAS=N] [PORT=P] [SECRETS=FILE]   N app processes behind HAProxy (see docs/drift.md)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
REPLICAS ?= 2
SECRETS ?=
# The address `make run` listens on: loopback unless told otherwise (`make run ADDRESS=0.0.0.0`).
ADDRESS ?= 127.0.0.1
# Test workers (pytest-xdist): tests that share a server or another module-wide fixture stay together.
JOBS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(JOBS) --dist loadgroup
# Compiled modules and rewritten test modules are kept in __pycache__ (git ignores it) even where the
# environment turns that off: the suite starts hundreds of Python processes and collects 90 modules.
export PYTHONDONTWRITEBYTECODE :=

.PHONY: run serve test test-fast lint benchmark system-deps proxy-deps pdf-deps check-ids

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed ($(PYTHON) is older)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt requirements-spark.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

# HAProxy from Debian, the reverse proxy of `make serve` (and of its test).
proxy-deps:
	@command -v haproxy >/dev/null 2>&1 || test -x /usr/sbin/haproxy || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy; \
		else \
			echo "haproxy is not installed: make serve and its test need it (sudo apt-get install haproxy)"; \
		fi; }

# Pango and DejaVu fonts from Debian for WeasyPrint's PDF report (the app writes it, so `make run` needs them).
pdf-deps:
	@{ [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && ldconfig -p | grep -q libpangoft2-1.0; } || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; \
		else \
			echo "Pango or the DejaVu fonts are missing: the PDF report cannot be written (sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)"; \
		fi; }

# Debian's chromium for the browser tests (Playwright cannot download a browser here),
# Java 17 for the Spark test (CI fails that test without it), HAProxy for make serve, nginx as the
# reverse proxy of the browser test that the start token, not headers, decides who is local.
system-deps: proxy-deps pdf-deps
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		else \
			echo "chromium is not installed: the browser tests will be skipped (sudo apt-get install chromium)"; \
		fi; }
	@command -v java >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless; \
		else \
			echo "java is not installed: the Spark test will be skipped (sudo apt-get install openjdk-17-jre-headless)"; \
		fi; }
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; \
		else \
			echo "nginx is not installed: the reverse-proxy browser test will be skipped (sudo apt-get install nginx)"; \
		fi; }

run: $(VENV)/.run-deps pdf-deps
	$(BIN)/python -m analytics.launch --port $(PORT) --address $(ADDRESS)

# Several app processes behind HAProxy on PORT, with cookie affinity and a health check at /helse.
serve: $(VENV)/.run-deps proxy-deps pdf-deps
	$(BIN)/python -m analytics.serve --replicas $(REPLICAS) --port $(PORT) $(if $(SECRETS),--secrets $(SECRETS))

test: $(VENV)/.dev-deps system-deps
	$(PYTEST)

# The kinds of test are markers (tests/conftest.py gives each test one): unit, cli, pages, browser, spark, faults.
test-fast: $(VENV)/.dev-deps
	$(PYTEST) -m "(unit or cli) and not slow" -q

# Synthetic data at 10 k to 10 M answers, suppression at scale, a meeting-room load test;
# prints tables, writes benchmark/results.json (`python -m benchmark --only PART` runs one part).
benchmark: $(VENV)/.dev-deps system-deps
	$(BIN)/python -m benchmark

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Shows that no indicator, group, fundament or phase id of data/ is written into analytics/ or pages/.
check-ids: $(VENV)/.run-deps
	$(BIN)/python -m tests.check_ids
