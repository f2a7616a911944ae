# The two commands a newcomer needs are `make run` and `make test`; the rest is for maintainers.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) manage.py
LANGS := de cs pl sl hr it nl

VNU_JAR := .tools/node_modules/vnu-jar/build/dist/vnu.jar
AXE_JS := .tools/node_modules/axe-core/axe.min.js
LIGHTHOUSE := .tools/node_modules/lighthouse/package.json

.PHONY: run serve test test-fast lint format messages makemessages check bench loadtest backup restore

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

# Compiled catalogues are build output (.mo files are git-ignored); only ours, not the virtualenv's.
messages: $(VENV)/.runtime-installed
	@for po in locale/*/LC_MESSAGES/*.po; do msgfmt --check-format -o "$${po%.po}.mo" "$$po" || exit 1; done

makemessages: $(VENV)/.runtime-installed
	$(MANAGE) makemessages $(addprefix -l ,$(LANGS)) --ignore='.venv/*' --ignore='tests/*' --no-obsolete --add-location=file

run: $(VENV)/.runtime-installed messages
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content
	@echo ""
	@echo "  InduCult2.0 is starting at http://127.0.0.1:$(PORT)/  (English: /en/, German: /de/, ...)"
	@echo "  Wagtail admin:              http://127.0.0.1:$(PORT)/admin/"
	@echo ""
	@echo "  Demo accounts (local only), password inducult-demo:"
	@echo "    admin                            everything"
	@echo "    communication-manager            edits and publishes every page, approves submissions"
	@echo "    translator-de, translator-cs     the German (Czech) fields of every page"
	@echo "    coordinator-district-of-zwickau  their partner's pages (one per partner, all in README.md)"
	@echo ""
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(VENV)/.dev-installed messages
	DJANGO_SETTINGS_MODULE=inducult.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=inducult.settings.test $(MANAGE) makemigrations --check --dry-run

# The W3C Nu HTML Checker, for the HTML validity test (needs Java; npm fetches the checker).
# and axe-core, injected into pages by the accessibility browser tests.
# and Lighthouse (12.x: the last line that runs on Node 20), whose SEO audits a browser test runs on every page type.
$(VNU_JAR) $(AXE_JS) $(LIGHTHOUSE):
	npm install --prefix .tools --no-audit --no-fund --silent vnu-jar@26.9.27 axe-core@4.14.1 lighthouse@12.8.2

PYTEST_WORKERS ?= $(shell cores=$$(nproc 2>/dev/null || echo 1); [ "$$cores" -ge 2 ] && echo "$$cores" || echo 0)
# The whole suite on fresh databases, one pytest worker per core (each with its own test database; a test file
# stays on one worker, so its module-wide fixtures are built once).
test: lint check $(VNU_JAR) $(AXE_JS) $(LIGHTHOUSE)
	DJANGO_SETTINGS_MODULE=inducult.settings.test $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadfile --durations=25

# The inner loop: lint, checks and every test except those marked browser, postgres (a PostgreSQL cluster of
# their own) and slow (seconds of their own: large datasets, the demo content, the Nu HTML checker, a fresh
# `manage.py` process per test), on SQLite whatever DATABASE_URL says. One pytest worker per CPU core (a test
# file stays on one worker, so its module-wide fixtures are built once). Each worker's migrated test database
# is kept in .test-db/<key>/ for the next run; the key changes with any migration or requirement, and then the
# databases are built afresh. `make test` is the whole suite, always on fresh databases.
FAST := env -u DATABASE_URL DJANGO_SETTINGS_MODULE=inducult.settings.test
TEST_DB_KEY = $(shell cat requirements.txt */migrations/*.py | sha1sum | cut -c1-12)
test-fast: lint messages
	@# makemigrations runs the system checks before it looks for model changes.
	$(FAST) $(MANAGE) makemigrations --check --dry-run
	@mkdir -p .test-db/$(TEST_DB_KEY) && find .test-db -mindepth 1 -maxdepth 1 ! -name $(TEST_DB_KEY) -exec rm -rf {} +
	$(FAST) INDUCULT_TEST_DB_DIR=.test-db/$(TEST_DB_KEY) $(VENV)/bin/pytest -q -m "not browser and not postgres and not slow" \
		-n $(PYTEST_WORKERS) --dist loadfile --reuse-db

# Throughput, latency and queries per page type at demo size and with a large dataset, served as in
# production; writes docs/performance.md. Installs wrk and PostgreSQL from Debian if missing (as root).
bench: $(VENV)/.runtime-installed messages
	$(PY) scripts/bench.py

# A mix of every page type at concurrency 16 for 150 seconds against gunicorn and PostgreSQL, on 127.0.0.1;
# fails on any error response. Writes docs/reliability.md.
loadtest: $(VENV)/.runtime-installed messages
	$(PY) scripts/loadtest.py

# The database and MEDIA_ROOT into a dated folder below backups/ (or BACKUP_DIR), and back; the
# settings (DJANGO_SETTINGS_MODULE, DATABASE_URL, MEDIA_ROOT) say what to back up. See README, Operations.
backup: $(VENV)/.runtime-installed
	$(MANAGE) backup

restore: $(VENV)/.runtime-installed
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=backups/<folder>" >&2; exit 2; }
	$(MANAGE) restore "$(BACKUP)"
