# mnpia — the two commands of the quick start are `make demo` and `make test`.
# Both create .venv, install the project, install Graphviz and a CJK font when missing, then run.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.mnpia-installed
# The store `make demo` fills: the default store of the mnpia command unless STORE is given.
STORE  ?=
OUT    ?= out

.PHONY: demo test check lint typecheck layers pytest bench bench-extract bench-diagrams bench-lineage bench-api bench-scale system-deps venv clean goldens

demo: venv system-deps ## Ingest the bundled corpus into the embedded store and show what it holds
	$(BIN)/mnpia $(if $(STORE),--store $(STORE)) demo --out $(OUT)

test: venv system-deps check pytest ## The whole suite: lint, types, layering, tests

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

system-deps:
	@scripts/ensure-system-deps.sh

check: lint typecheck layers

lint: venv
	$(BIN)/ruff check .

typecheck: venv
	$(BIN)/mypy

layers: venv
	$(BIN)/lint-imports

pytest: venv
	$(BIN)/pytest -q

bench: bench-extract bench-diagrams bench-lineage bench-api bench-scale ## Every benchmark (prints figures, asserts nothing)

bench-extract: venv ## Extraction time of the bundled corpus
	$(BIN)/python benchmarks/bench_extract.py

bench-diagrams: venv system-deps ## Time to draw every view of the corpus
	$(BIN)/python benchmarks/bench_diagrams.py

bench-lineage: venv ## Lineage, impact and path: pyoxigraph against rdflib, corpus and 1,000 synthetic assessments
	$(BIN)/python benchmarks/bench_lineage.py

bench-api: venv ## HTTP API under load (8 clients): lineage and SELECT on mnpia serve, SELECT on oxigraph serve
	$(BIN)/python benchmarks/bench_api.py

bench-scale: venv ## 1,000 and 10,000 synthetic assessments: ingest with 1 and 2 jobs, RSS, store size, accuracy, query p50/p95 (N=1000 for one size)
	$(BIN)/python benchmarks/bench_scale.py $(if $(N),--n $(N))

goldens: venv ## Regenerate golden files (review the diff before committing)
	MNPIA_UPDATE_GOLDENS=1 $(BIN)/pytest -q tests -k golden

clean:
	rm -rf $(VENV) $(OUT) data .pytest_cache .mypy_cache .ruff_cache .hypothesis
