# Shequ — two commands: `make demo` and `make test`. Needs only python3 (3.11) and make.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE ?= shequ.settings.dev
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= small

.PHONY: demo serve test test-pg lint bench messages clean install

$(BIN)/shequ: pyproject.toml requirements.lock
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

install: $(BIN)/shequ

messages: install
	$(BIN)/shequ compilemessages

## make demo: set everything up, load a demo district (once) and serve it on $(HOST):$(PORT)
demo: messages
	$(BIN)/shequ migrate --noinput -v 0
	$(BIN)/shequ demo --scale $(SCALE) --if-empty --with-cases
	SHEQU_DEBUG=1 $(BIN)/shequ serve --host $(HOST) --port $(PORT)

serve: messages
	SHEQU_DEBUG=1 $(BIN)/shequ serve --host $(HOST) --port $(PORT)

## make test: lint, architecture contracts and the whole suite on SQLite
test: messages
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=shequ.settings.test $(BIN)/shequ makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=shequ.settings.test $(BIN)/pytest -n 2

## make test-pg: the suite against PostgreSQL (SHEQU_DATABASE_URL=postgres://…)
test-pg: messages
	DJANGO_SETTINGS_MODULE=shequ.settings.test $(BIN)/pytest -n 2

bench: messages
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache
