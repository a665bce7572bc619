# Lên Sàn — `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi
TRANSLATIONS := app/translations

.PHONY: run test lint format translations extract-messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d $(TRANSLATIONS) -f --statistics 2>&1 | tail -n 2

run: $(VENV)/.installed translations
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --if-empty
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: $(VENV)/.dev-installed translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff (style), import-linter (the import rules in pyproject.toml), mypy (types of app/).
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check app tests bench wsgi.py
	$(BIN)/ruff format --check app tests bench wsgi.py
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(VENV)/.dev-installed
	$(BIN)/ruff format app tests bench wsgi.py
	$(BIN)/ruff check --fix app tests bench wsgi.py

# After changing user-facing text: extract, then translate the new entries in vi (and en).
extract-messages: $(VENV)/.dev-installed
	$(BIN)/pybabel extract -F babel.cfg --ignore-dirs='.*' -k _l -k lazy_gettext -o $(TRANSLATIONS)/messages.pot --no-location --sort-output --omit-header .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --width 100

bench: $(VENV)/.dev-installed
	$(BIN)/python -m bench.login_page
	$(BIN)/python -m bench.dashboard
	$(BIN)/python -m bench.import_cooperatives
	$(BIN)/python -m bench.import_products
	$(BIN)/python -m bench.trace_page
	$(BIN)/python -m bench.labels
	$(BIN)/python -m bench.export
	$(BIN)/python -m bench.hostile_inputs

clean:
	rm -rf $(VENV) .pytest_cache
	find . -name __pycache__ -prune -exec rm -rf {} +
