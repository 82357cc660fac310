# eTwinning FWB portal. The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
comma := ,
# PostgreSQL's driver is built from source: only installed when DATABASE_URL asks for it.
EXTRAS := dev$(if $(filter postgres%,$(DATABASE_URL)),$(comma)postgres)
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))
# `make run PORT=8123` serves on another port; without SITE_URL, the links in e-mails
# follow it (etwinning/settings.py reads PORT).
PORT ?= 8000
export PORT
# A pip configuration naming package folders absent here (as on some school or CI
# machines) makes pip warn once per package, hundreds of lines burying what matters:
# those lines only are dropped, pip's exit status is kept (pipefail).
PIP_NOISE := is ignored: it is neither a file nor a directory
PIP := set -o pipefail; $(PY) -m pip --disable-pip-version-check
QUIET_PIP := 2>&1 | { grep -v "$(PIP_NOISE)" || true; }

.PHONY: run test test-fast lint messages compilemessages migrate seed worker beat ci check-deploy \
        bench-search bench-bulletin bench-load clean

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip $(QUIET_PIP)
	$(PIP) install --quiet -c requirements/constraints.txt -e ".[$(EXTRAS)]" $(QUIET_PIP)
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

compilemessages: $(STAMP)
	$(PY) scripts/compilemessages.py

migrate: compilemessages
	mkdir -p var
	$(PY) scripts/ensure_database.py
	$(PY) manage.py migrate --no-input --verbosity 0
	$(PY) manage.py sync_staff_group

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	$(PY) manage.py collectstatic --no-input --verbosity 0
	scripts/run.sh

# The whole suite; the twenty slowest tests are listed at the end (CI keeps under 20 min).
test: compilemessages
	$(PY) -m pytest --durations=20 $(PYTEST_ARGS)

# The quick loop while working (docs/testing.md): SQLite in memory, no Redis, eager
# Celery, the tests over two processes, without the Chromium journeys and the HTML
# checker. CI runs everything (`make test`). PYTEST_ARGS narrows it as for `make test`.
FAST_WORKERS ?= 2
test-fast: compilemessages
	env -u DATABASE_URL -u DATABASE_REPLICA_URL -u REDIS_URL -u REDIS_CACHE_URL \
	$(PY) -m pytest -n $(FAST_WORKERS) --reuse-db -m "not browser and not htmlcheck" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

messages: $(STAMP)
	scripts/makemessages.sh

worker: $(STAMP)
	$(BIN)/celery -A etwinning worker --loglevel=INFO -Q default,mail,bulletin

beat: $(STAMP)
	$(BIN)/celery -A etwinning beat --loglevel=INFO

check-deploy: $(STAMP)
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	DJANGO_ALLOWED_HOSTS=etwinning.example.org $(PY) manage.py check --deploy --fail-level WARNING

ci: lint test

# Partner search at eTwinning scale in PostgreSQL database etw_bench (kept between
# runs; BENCH_ARGS="--regenerate" rebuilds it, "--searches N" changes the mix size).
bench-search:
	DATABASE_URL=$${BENCH_SEARCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/etw_bench} \
	$(PY) bench/search.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/static

# Bulletin sending: 400,000 recipients through Redis (DB 4) and the documented bulletin
# worker (prefork, --concurrency 4) to a local counting SMTP server, in PostgreSQL
# database etw_bench_bulletin; beside it the bare smtplib loop's rate, then a
# greylisting run. BENCH_ARGS e.g. "--recipients 40000 --greylist-recipients 5000".
bench-bulletin:
	DATABASE_URL=$${BENCH_BULLETIN_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/etw_bench_bulletin} \
	REDIS_URL=$${BENCH_BULLETIN_REDIS_URL:-redis://127.0.0.1:6379/4} \
	REDIS_CACHE_URL=$${BENCH_BULLETIN_REDIS_CACHE_URL:-redis://127.0.0.1:6379/5} \
	$(PY) bench/bulletin.py $(BENCH_ARGS)

# Whole-portal load test: gunicorn (production settings, whitenoise) on PostgreSQL
# database etw_load and Redis DBs 6/7, driven from a second process. BENCH_ARGS e.g.
# "--scale 0.1 --levels 1,2,4,8 --seconds 20" (scale 1 = 1.2M teachers, 160k projects).
bench-load:
	DATABASE_URL=$${BENCH_LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/etw_load} \
	$(PY) bench/load.py $(BENCH_ARGS)
