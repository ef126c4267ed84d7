# 专精特新自测看板 — two commands for a fresh Debian machine:
#   make run    install what is missing and start the app on http://127.0.0.1:8501
#   make test   install what is missing (incl. chromium + fonts-noto-cjk) and run every test
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test unit e2e soak install sysdeps bench docs clean

$(VENV)/.req: requirements.txt
	@if [ ! -x "$(PY)" ] || ! cmp -s requirements.txt "$(VENV)/.req"; then \
	  rm -rf "$(VENV)" && $(PYTHON) -m venv "$(VENV)" && \
	  "$(PY)" -m pip install -q --disable-pip-version-check -r requirements.txt && \
	  cp requirements.txt "$(VENV)/.req"; \
	fi
	@touch "$(VENV)/.req"

install: $(VENV)/.req

sysdeps:
	@bash scripts/sysdeps.sh

run: install
	$(VENV)/bin/streamlit run app.py --server.address=127.0.0.1 --server.port=$(PORT) \
	  --server.headless=true --browser.gatherUsageStats=false

unit: install
	@bash scripts/pytest-select.sh $(PY) -m pytest -q -m "not e2e and not soak"

e2e: install sysdeps
	@bash scripts/pytest-select.sh $(PY) -m pytest -q -m "e2e and not soak" --screenshot=only-on-failure --output=test-results

test: unit e2e

# docs/rules.md, docs/rules.en.md (from criteria/) and docs/profile.md (from zjtx/fields.py);
# tests/test_docs.py fails when they are stale
docs: install
	$(PY) -m zjtx.docgen

soak: install
	@bash scripts/pytest-select.sh $(PY) -m pytest -q -s -m soak

bench: install
	$(PY) bench/bench_engine.py

clean:
	rm -rf $(VENV) .hypothesis test-results streamlit-test.log
