# Vouch — `make run` serves the demo, `make test` runs every test. Both set up .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi
# Local, plain-HTTP serving: cookies cannot be Secure-only on http://127.0.0.1, and
# links follow PORT. The rest (secret key) is in instance/vouch.env, which every
# command reads.
RUN_ENV = VOUCH_PUBLIC_URL=http://127.0.0.1:$(PORT) \
	VOUCH_SESSION_COOKIE_SECURE=false VOUCH_REMEMBER_COOKIE_SECURE=false

.PHONY: run test lint bench loadtest build translations clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The pinned requirements, then Vouch itself as an editable package: the `vouch`
# command (.venv/bin/vouch) runs this checkout's code.
$(VENV)/.runtime: requirements.txt pyproject.toml setup.py | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install -qq --no-deps --editable .
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Build and browser-test tools for the embed script (esbuild, axe-core), pinned by
# package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Minify embed/js/*.js into embed/static/ (committed; a test checks it is current).
build: node_modules/.installed
	node embed/build.mjs

# Message catalogs: widget/translations/*/LC_MESSAGES/{messages,admin}.po are edited and
# committed; the compiled .mo files are build output. `messages` (widget/, embed/: what
# reviewers and visitors read) and `admin` (the panel) are in nl, de and fr.
CATALOGS := widget/translations
MO := $(patsubst %.po,%.mo,$(wildcard widget/translations/*/LC_MESSAGES/*.po))

%.mo: %.po $(VENV)/.runtime
	$(BIN)/pybabel -q compile -i $< -o $@

# After changing translatable text: refresh the templates and every catalog, then
# translate what `make test` reports as missing.
EXTRACT = $(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext --no-location \
	--sort-output --omit-header
UPDATE = $(BIN)/pybabel -q update --ignore-obsolete --no-fuzzy-matching --width 88
translations: $(VENV)/.runtime
	$(EXTRACT) -o $(CATALOGS)/messages.pot widget embed
	$(EXTRACT) -o $(CATALOGS)/admin.pot admin
	$(UPDATE) -i $(CATALOGS)/messages.pot -d $(CATALOGS)
	$(UPDATE) -i $(CATALOGS)/admin.pot -d $(CATALOGS) -D admin

# The instance's own settings, made once: a fresh secret key (kept from an older
# instance/secret_key) and the public URL. Edit it to configure Vouch.
instance/vouch.env: | $(BIN)/activate
	mkdir -p instance
	( echo "# Vouch settings: NAME=value, the names of the environment (README: Configuration)."; \
	  echo "VOUCH_SECRET_KEY=$$(cat instance/secret_key 2>/dev/null || $(BIN)/python -c 'import secrets; print(secrets.token_hex(32))')"; \
	  echo "VOUCH_PUBLIC_URL=http://127.0.0.1:$(PORT)" ) > $@
	chmod 600 $@

run: $(VENV)/.runtime instance/vouch.env $(MO)
	$(RUN_ENV) $(FLASK) db upgrade
	$(RUN_ENV) $(FLASK) demo
	@echo "Serving Vouch on http://127.0.0.1:$(PORT)  (demo page: /demo, admin: /admin/)"
	$(RUN_ENV) $(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers 2 wsgi:app

test: $(VENV)/.dev node_modules/.installed $(MO)
	$(BIN)/pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(VENV)/.dev node_modules/.installed $(MO)
	$(BIN)/python -m bench

# Nothing lost, nothing doubled: the durability load test at full length, on both
# databases (a private PostgreSQL server of its own is started and restarted).
loadtest: $(VENV)/.dev $(MO)
	$(BIN)/python -m bench.durability --database sqlite --seconds 30
	$(BIN)/python -m bench.durability --database postgresql --seconds 30

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache bench/out
