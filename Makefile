# Two commands do all the set-up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
ENGINE ?= mkdocs
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test check serve schema golden lock clean

site: $(STAMP)
	$(PY) -m generator build --engine $(ENGINE)

check: $(STAMP)
	$(PY) -m generator check

serve: $(STAMP)
	$(PY) -m generator serve --engine $(ENGINE)

test: $(STAMP)
	$(PY) -m ruff check generator tests
	$(PY) -m ruff format --check generator tests
	$(PY) -m mypy
	$(PY) -m pytest

# Re-export the JSON Schema after changing generator/model.py.
schema: $(STAMP)
	$(PY) -m generator schema

# Rewrite the golden files of rendered Markdown; review `git diff tests/golden` after.
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py

# Re-pin every dependency (with hashes) after changing pyproject.toml.
lock: $(STAMP)
	$(VENV)/bin/pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --extra dev --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

# The environment is rebuilt whenever the lock changes.
$(STAMP): requirements.lock pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements.lock
	touch $(STAMP)

clean:
	rm -rf .build site
