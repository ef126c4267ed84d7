# 专精特新自测看板 — two commands for a fresh Debian machine:
#   make run    install what is missing and start the app on http://127.0.0.1:8501
#   make test   install what is missing (incl. chromium + fonts-noto-cjk) and run every test
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test unit e2e soak install install-dev sysdeps bench docs clean

# The venv is made from scratch whenever requirements.txt or pyproject.toml differ from what it was
# made with ($(VENV)/.req keeps a copy of both), so a dropped pin is really gone. `install` also installs
# zjtx itself (pip install -e .: the `zjtx` command works from any folder).
install:
	@if [ ! -x "$(PY)" ] || ! cat requirements.txt pyproject.toml | cmp -s - "$(VENV)/.req"; then \
	  rm -rf "$(VENV)" && $(PYTHON) -m venv "$(VENV)" && \
	  "$(PY)" -m pip install -q --disable-pip-version-check -r requirements.txt -e . && \
	  cat requirements.txt pyproject.toml > "$(VENV)/.req"; \
	fi

# The test and benchmark pins on top ($(VENV)/.req-dev keeps a copy of requirements-dev.txt). A venv
# that had other test pins is made from scratch first.
install-dev: install
	@if ! cmp -s requirements-dev.txt "$(VENV)/.req-dev"; then \
	  if [ -e "$(VENV)/.req-dev" ]; then rm -f "$(VENV)/.req" && $(MAKE) --no-print-directory install; fi && \
	  "$(PY)" -m pip install -q --disable-pip-version-check -r requirements-dev.txt && \
	  cp requirements-dev.txt "$(VENV)/.req-dev"; \
	fi

sysdeps:
	@bash scripts/sysdeps.sh

run: install
	$(VENV)/bin/streamlit run app.py --server.address=127.0.0.1 --server.port=$(PORT) \
	  --server.headless=true --browser.gatherUsageStats=false

unit: install-dev
	@bash scripts/pytest-select.sh $(PY) -m pytest -q -m "not e2e and not soak"

e2e: install-dev sysdeps
	@bash scripts/pytest-select.sh $(PY) -m pytest -q -m "e2e and not soak" --screenshot=only-on-failure --output=test-results

test: unit e2e

# docs/rules.md, docs/rules.en.md (from criteria/) and docs/profile.md (from zjtx/fields.py);
# tests/test_docs.py fails when they are stale
docs: install
	$(PY) -m zjtx.docgen

soak: install-dev
	@bash scripts/pytest-select.sh $(PY) -m pytest -q -s -m soak

bench: install-dev
	$(PY) bench/bench_engine.py

clean:
	rm -rf $(VENV) .hypothesis test-results streamlit-test.log build zjtx.egg-info
