# Two commands do all the set-up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
ENGINE ?= mkdocs
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Test processes (pytest-xdist): one per core. Most of the tests' time is engines and
# Chromium, so the suite is CPU-bound; more processes than cores only add contention.
# A process that runs out of tests takes some of another's (worksteal), so that both
# finish together.
TEST_JOBS ?= auto
PYTEST := $(PY) -m pytest -n $(TEST_JOBS) --dist worksteal

.PHONY: site test test-fast check serve schema golden lock clean browser-deps chromium java diff bench bench-hostile fonts

site: $(STAMP)
	$(PY) -m generator build --engine $(ENGINE)

check: $(STAMP)
	$(PY) -m generator check

serve: $(STAMP)
	$(PY) -m generator serve --engine $(ENGINE)

test: $(STAMP) browser-deps
	$(PY) -m ruff check generator tests
	$(PY) -m ruff format --check generator tests
	$(PY) -m mypy
	$(PYTEST)

# Every test that runs no site engine and no browser: under a minute, while editing code.
test-fast: $(STAMP)
	$(PY) -m ruff check generator tests
	$(PYTEST) -m "not build"

# What the working tree changes in the facts since a git revision, in Markdown:
# `make diff BASE=origin/main` (CI writes it into the pull request's job summary). The
# revision reaches the generator through the environment only: make expands $(...) in
# values it is given on its command line, and a branch name may hold one.
diff: $(STAMP)
	@$(PY) -m generator diff

# Speed at 100, 1,000 and 10,000 synthetic facts, whole builds, edit-to-page under serve;
# prints a table and writes bench/latest.json (about ten minutes). A benchmark, not a test.
bench: $(STAMP)
	$(PY) bench/run.py

# Hostile fact files just under the size limit, one per class of attack: time and memory
# of `check` and of a whole build of each, against 10 s and 1 GiB (writes bench/hostile.json).
bench-hostile: $(STAMP)
	$(PY) bench/hostile.py

# Subset the self-hosted fonts by Unicode range, in place (review and commit the result).
# By range, not by the glyphs the site uses today, so that a word a contributor adds
# tomorrow never falls back to another font: Arabic, and Latin-1 with punctuation.
# Arabic's presentation forms (letters stored already shaped; text typed today uses the
# base letters, which the font shapes itself) are faces of their own, *-forms-*, which a
# page fetches only if its text has one (unicode-range in fonts.css): they were a third
# of each Arabic face. Both files of a weight are cut from the same Noto Naskh Arabic
# file: to update it, copy the new file over both names, then run this. Running it
# again on its own output gives the same bytes.
ARABIC_RANGES := U+0020,U+00A0,U+0600-06FF,U+200C-200F,U+2010-2011
FORMS_RANGES := U+FB50-FDFF,U+FE70-FEFF
LATIN_RANGES := U+0000-00FF,U+0131,U+0152-0153,U+02BC,U+02C6,U+02DA,U+02DC,U+2000-206F,U+20AC,U+2122,U+2212,U+FEFF,U+FFFD
fonts: $(STAMP)
	for font in docs/assets/fonts/*.woff2; do \
		case $$font in *arabic-forms*) ranges=$(FORMS_RANGES);; *arabic*) ranges=$(ARABIC_RANGES);; \
			*) ranges=$(LATIN_RANGES);; esac; \
		$(VENV)/bin/pyftsubset $$font --unicodes=$$ranges --layout-features='*' \
			--flavor=woff2 --output-file=$$font || exit 1; \
	done

# Re-export the JSON Schema after changing generator/model.py.
schema: $(STAMP)
	$(PY) -m generator schema

# Rewrite the golden files of rendered Markdown (and of the history's pages and feeds);
# review `git diff tests/golden` after.
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py tests/test_changes.py

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

# Browser tests (tests/browser): Debian's Chromium, Java for the Nu HTML Checker, and the npm
# tools pinned in package-lock.json. Installed when missing; a failure stops `make test`.
browser-deps: chromium java node_modules/.installed

chromium:
	@test -x /usr/bin/chromium || { apt-get update -q && apt-get install -y -q chromium; }

java:
	@command -v java >/dev/null || { apt-get update -q && apt-get install -y -q default-jre-headless; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

clean:
	rm -rf .build site
