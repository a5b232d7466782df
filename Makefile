# aigov: `make run` sets up and serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgresql+psycopg://root@127.0.0.1:5432/test

.PHONY: run install install-test chromium axe test test-sqlite test-postgres lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install --quiet -e '.[test,encoder]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test chromium axe

## Debian's chromium drives the browser tests (Playwright's own browser download is not used).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

## axe-core (npm) checks accessibility in the browser tests; without npm those checks are skipped.
AXE_JS := tests/web/node_modules/axe-core/axe.min.js
axe:
	@if [ ! -f $(AXE_JS) ]; then \
		if command -v npm >/dev/null 2>&1; then \
			npm install --silent --no-save --no-package-lock --prefix tests/web axe-core@4 >/dev/null; \
		else \
			echo "npm not found: accessibility (axe-core) checks will be skipped"; \
		fi; \
	fi

run: install
	$(VENV)/bin/aigov db upgrade
	$(VENV)/bin/aigov demo
	$(VENV)/bin/aigov serve --host $(HOST) --port $(PORT)

## The whole suite on the embedded default (SQLite), then on PostgreSQL when one answers.
test: install-test lint test-sqlite
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(subst postgresql+psycopg,postgresql,$(PG_TEST_URL))', connect_timeout=3).close()" 2>/dev/null; then \
		$(MAKE) --no-print-directory test-postgres; \
	elif [ -n "$$AIGOV_REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL not reachable at $(PG_TEST_URL) and AIGOV_REQUIRE_POSTGRES is set"; exit 1; \
	else \
		echo "PostgreSQL not reachable at $(PG_TEST_URL): PostgreSQL run skipped"; \
	fi

test-sqlite: install-test
	$(PY) -m pytest -q

test-postgres: install-test
	AIGOV_TEST_DATABASE_URL=$(PG_TEST_URL) $(PY) -m pytest -q

lint: install-test
	$(VENV)/bin/ruff check src tests benchmarks scripts

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
