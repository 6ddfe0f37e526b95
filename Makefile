# Two commands on a fresh machine with Python 3.11:  make report  ·  make test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
ROUND  ?= midterm
# pytest-xdist workers for make test: the session renders are made once and shared (tests/conftest.py). Four on a
# 2-core machine: with two, the cores idled a quarter of the run while tests waited on browsers and subprocesses;
# with three, a sixth (idle machine, same code: 6:04 with three, 5:28 with four).
TEST_WORKERS ?= 4

.PHONY: setup report report-final test bench lock clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing vvvanalysis and its pinned dependencies into $(VENV) …"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

setup: $(STAMP)

report: setup           ## render the midterm report (HTML, PDF, DOCX) into output/midterm/
	$(BIN)/vvv render --round $(ROUND)

report-final: setup
	$(BIN)/vvv render --round final

test: setup             ## lint (ruff), then unit, data, end-to-end and notebook (nbval) tests
	$(BIN)/ruff check .
	$(BIN)/python -m pytest --nbval-lax -n $(TEST_WORKERS)

bench: setup            ## floor, cold render, preview prose/data edit, no-op: ratios to their targets
	$(BIN)/python -m vvvanalysis.bench

lock:                   ## refresh constraints.txt from the current environment
	$(BIN)/python -m pip freeze --exclude-editable | grep -vi '^vvvanalysis' > constraints.tmp
	( sed -n '1,2p' constraints.txt; cat constraints.tmp ) > constraints.txt && rm constraints.tmp

clean:                  ## remove everything a render writes (build, outputs, staged chapters, Quarto's caches)
	rm -rf _build output .quarto report/*/_executed report/*/_generated report/*/.quarto
	find report notebooks -name '*.quarto_ipynb' -delete
