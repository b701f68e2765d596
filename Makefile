# The two commands a newcomer needs: `make run` and `make test`.
# Each creates .venv and installs the hash-locked dependencies on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lock clean prometheus

run: $(STAMP)
	$(BIN)/newsworker dev

test: $(STAMP) prometheus
	$(BIN)/python -m pytest -q

install: $(STAMP)

# The observability and deploy tests run a real Prometheus and promtool (Debian's package).
prometheus:
	@command -v promtool >/dev/null || { \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -q --no-install-recommends prometheus >/dev/null 2>&1 || \
		{ apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends prometheus >/dev/null; }; }

$(STAMP): requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# --no-deps: the lock is the whole closure, so pip resolves nothing (its resolver would look up a
	# dependency asked for with an extra, e.g. smart-open[http], on the index); pip check verifies it.
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements-dev.lock
	$(BIN)/pip check
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Re-resolve the lock files after changing dependencies in pyproject.toml (needs uv).
lock:
	uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements.lock
	uv pip compile pyproject.toml --python-version 3.11 --extra dev --generate-hashes -o requirements-dev.lock

clean:
	rm -rf $(VENV)
