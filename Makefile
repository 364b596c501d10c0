# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test install lint messages serve loadtest bench

# uv installs exactly what uv.lock lists (ranges stay in pyproject.toml; `uv lock` refreshes
# the lock). It is itself installed once, pinned, into a small venv of its own.
UV_VERSION := 0.13.9
UV := .uv/bin/uv
export UV_PYTHON_DOWNLOADS := never

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet uv==$(UV_VERSION)

# Reinstall only when the dependencies change.
$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --all-extras --python $(PYTHON) --quiet
	touch $@

install: $(VENV)/.installed

# DEMO=0 serves without the demo data set (after `manage.py demo_data --remove`).
DEMO ?= 1
# The .mo files are built, not committed: without them the English switch changes nothing.
run: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.uv >/dev/null
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	if [ "$(DEMO)" != 0 ]; then $(PY) manage.py demo_data; fi
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.uv >/dev/null
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Refresh the English catalogue from the Vietnamese source strings (README "Translations").
messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=tests --ignore=bench --no-obsolete

# Production-style serving: gunicorn + whitenoise. Needs DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and
# usually DATABASE_URL (and REDIS_URL) in the environment. gunicorn.conf.py (the settings the
# benchmark and the load test run too): threaded workers; BIND, WORKERS, THREADS, TIMEOUT.
serve: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.uv >/dev/null
	$(PY) manage.py collectstatic --no-input -v0
	$(PY) manage.py migrate --no-input
	$(VENV)/bin/gunicorn --config gunicorn.conf.py officereports.wsgi

# Load and fault test (loadtest/run.py, docs/loadtest.md): gunicorn + PostgreSQL on 127.0.0.1
# under staff, chiefs and leaders for DURATION seconds (at most 120), a worker killed and
# PostgreSQL restarted meanwhile; fails unless the database holds exactly the acknowledged
# writes. Rebuilds the database officereports_load (or LOADTEST_DATABASE_URL).
DURATION ?= 90
PG_RESTART ?= always
loadtest: install
	$(PY) -m loadtest.run --duration $(DURATION) --pg-restart $(PG_RESTART)

# The benchmark behind docs/benchmarks.md: gunicorn (as `make serve` runs it) + PostgreSQL at
# three data sizes. It REPLACES the reports of BENCH_DATABASE_URL (default officereports_bench
# on 127.0.0.1).
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)
