# Kiezportal: `make run` serves the portal with demo data, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kiezportal
PORT ?= 8000

.PHONY: run test lint format messages bench clean prod-smoke

# The Nu HTML checker the browser tests run on every page they visit (needs Java and npm).
VNU_JAR := var/tools/node_modules/vnu-jar/build/dist/vnu.jar

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(PIP) install -r requirements-dev.txt
	touch $@

run: export DEBUG ?= 1
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: $(VENV)/.runtime
	@$(PY) -c 'import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", $(PORT)))' 2>/dev/null \
		|| { echo "Port $(PORT) is in use: stop what runs there or choose another, e.g. make run PORT=8001"; exit 1; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@# The worker (mails appear here on the console, periodic jobs) beside the web server; Ctrl-C
	@# reaches both (one process group), and the trap stops the worker whenever runserver ends.
	$(PY) manage.py worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

$(VNU_JAR):
	npm install --prefix var/tools --no-save --ignore-scripts --no-audit --no-fund vnu-jar@26.9.27

test: $(VENV)/.dev $(VNU_JAR)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(VENV)/bin/pytest --create-db $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Rebuild the message catalogues (needs GNU gettext); the compiled .mo files are committed.
# No source locations and no creation date, so a rebuild on a clean checkout changes nothing.
messages: $(VENV)/.runtime
	cd apps && for app in */; do if [ -d "$$app/locale" ]; then (cd $$app && DEBUG=1 ../../$(PY) ../../manage.py makemessages -l de -l en -l tr -l ar --no-obsolete --no-location >/dev/null); fi; done
	DEBUG=1 $(PY) manage.py makemessages -l de -l en -l tr -l ar --no-obsolete --no-location --ignore='apps/*' --ignore='.venv/*' --ignore='static/*' --ignore='bench/*'
	find locale apps -name '*.po' -path '*/LC_MESSAGES/*' -exec sed -i '/^"POT-Creation-Date:/d' {} +
	DEBUG=1 $(PY) manage.py compilemessages --ignore='.venv/*'

# Results in var/bench/; `make bench RECORD=1` records them in bench/results/ (tracked).
bench: $(VENV)/.dev
	$(if $(RECORD),BENCH_RECORD=1) $(PY) bench/run.py

clean:
	rm -rf $(VENV) var staticfiles

# The deployment of deploy/ on this machine (nginx, two gunicorn instances, the worker,
# PostgreSQL, Redis), driven through nginx over HTTPS; see deploy/smoke/run.sh.
prod-smoke: $(VENV)/.dev
	bash deploy/smoke/run.sh
