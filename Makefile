# Two commands matter: `make demo` and `make test`. Both create .venv and install
# stancemap with pinned dependencies (constraints.txt pins the whole tree) first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB := out/demo.db

.PHONY: install demo serve test lint model clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	mkdir -p out
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/stancemap ingest --db $(DEMO_DB) examples
	$(BIN)/stancemap extract --db $(DEMO_DB) --format jsonl > out/statements.jsonl
	$(BIN)/stancemap positions --db $(DEMO_DB)
	$(BIN)/stancemap report --db $(DEMO_DB) -o out/report.html
	@echo "wrote out/statements.jsonl and out/report.html"
	@echo "dashboard: $(BIN)/stancemap serve --db $(DEMO_DB)   then open http://127.0.0.1:8000/"

serve: install
	$(BIN)/stancemap serve --db $(DEMO_DB)

test: install
	$(BIN)/python -m pytest

model: install
	$(BIN)/stancemap train

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf out build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
