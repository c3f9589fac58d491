# innofield — `make demo` runs the platform with demo data; `make test` runs every check.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export INNOFIELD_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo test install lint clean

$(BIN)/innofield: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/innofield

demo: install
	$(BIN)/innofield migrate
	$(BIN)/innofield load demo --if-empty
	$(BIN)/innofield index rebuild
	@echo "innofield demo: http://$(HOST):$(PORT)/  — logins above (password: $${INNOFIELD_DEMO_PASSWORD:-innofield-demo})"
	$(BIN)/innofield serve --demo --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy src
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=innofield.settings $(BIN)/django-admin makemigrations --check --dry-run

test: install lint
	scripts/run-tests

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .grimp_cache
