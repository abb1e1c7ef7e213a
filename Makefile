# Inflytande — the two promises to a new user: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
FLASK := $(BIN)/flask --app app

.PHONY: run test install install-test translations messages lint e2e clean bench loadtest faulttest

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations --statistics

# Extract messages from the code and merge them into the catalogues.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 --no-location --sort-output -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

run: $(VENV)/.installed translations
	$(FLASK) db upgrade
	$(FLASK) demo load
	$(FLASK) run --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

test: $(VENV)/.installed-test translations lint
	$(BIN)/python tests/run_suites.py

e2e: $(VENV)/.installed-test translations
	$(BIN)/pytest tests/e2e -q

# Benchmark, load and fault tests (bench/; see README "Data at scale and benchmarks").
# USERS, DURATION and SCALE (full or small) change the load; ARGS passes anything else.
bench: $(VENV)/.installed translations
	$(BIN)/python -m bench.run_bench $(if $(SCALE),--scale $(SCALE)) $(ARGS)

loadtest: $(VENV)/.installed translations
	$(BIN)/python -m bench.loadtest $(if $(USERS),--users $(USERS)) \
		$(if $(DURATION),--duration $(DURATION)) $(if $(SCALE),--scale $(SCALE)) $(ARGS)

faulttest: $(VENV)/.installed translations
	$(BIN)/python -m bench.faulttest $(if $(USERS),--users $(USERS)) \
		$(if $(DURATION),--duration $(DURATION)) $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
