# `make run` and `make test` each build .venv from the project's own files when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CODE := src tests bench testbed

.PHONY: run test lint fmt bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/restock dev

# The checks `make test` and the pre-commit hooks run: lint, format, types.
lint: $(STAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff check --fix $(CODE)
	$(BIN)/ruff format $(CODE)

test: lint
	$(BIN)/pytest

# The benchmarks need this machine's PostgreSQL (RESTOCK_BENCH_PG); each prints its figures.
bench: $(STAMP)
	for name in scan subscribe dispatch latency; do $(BIN)/python -m bench.$$name || exit 1; done

clean:
	rm -rf $(VENV) var
