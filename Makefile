# Two commands for a new machine: `make demo` and `make test`. Needs only python3, git and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= quoteattr.db
PORT ?= 8001
SHARED ?= ../shared

.PHONY: install install-test demo demo-reset test eval browser bench clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# The database is kept: re-ingesting seeds/ skips what is stored, and every review stays.
demo: install
	$(BIN)/quoteattr ingest seeds --db $(DB)
	$(BIN)/quoteattr serve --db $(DB) --port $(PORT) --root

# A fresh demo database: the old one, its reviews and its sign-in secret are deleted first.
demo-reset:
	rm -f $(DB) $(DB)-wal $(DB)-shm $(DB).secret
	$(MAKE) demo

# The browser tests drive Debian's chromium; install it when it is missing and we may.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	  elif command -v sudo >/dev/null 2>&1; then (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	  else echo "chromium missing and no root: browser tests will be skipped"; fi; }

test: install-test browser
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/quoteattr extract seeds --jsonl > .eval-predictions.jsonl
	$(BIN)/python $(SHARED)/eval/score.py $(SHARED)/eval/seeds_gold.jsonl .eval-predictions.jsonl

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .eval-predictions.jsonl .pytest_cache
