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
$(VNU_JAR) $(AXE_JS):
	npm install --prefix .tools --no-audit --no-fund --silent vnu-jar@26.9.27 axe-core@4.14.1

test: lint check $(VNU_JAR) $(AXE_JS)
	DJANGO_SETTINGS_MODULE=inducult.settings.test $(VENV)/bin/pytest

# The inner loop: lint, checks and every test except those marked browser, postgres (a PostgreSQL cluster of
# their own) and slow (large datasets, the demo content, the Nu HTML checker), on SQLite whatever DATABASE_URL
# says. With four or more CPU cores, one pytest worker per core (a test file stays on one worker, so its
# module-wide fixtures are built once); each worker migrates its own database first, which on two cores cost
# more than it saved (measured: 3m10s with two workers, 2m51s in one process). `make test` is the whole suite.
FAST := env -u DATABASE_URL DJANGO_SETTINGS_MODULE=inducult.settings.test
PYTEST_WORKERS ?= $(shell cores=$$(nproc 2>/dev/null || echo 1); [ "$$cores" -ge 4 ] && echo "$$cores" || echo 0)
test-fast: lint messages
	$(FAST) $(MANAGE) check
	$(FAST) $(MANAGE) makemigrations --check --dry-run
	$(FAST) $(VENV)/bin/pytest -q -m "not browser and not postgres and not slow" -n $(PYTEST_WORKERS) --dist loadfile

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
