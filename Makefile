# The few commands a person types (see README.md). Finding PostgreSQL and Redis is hub/dev/servers.py's job.
VENV := .venv
PYTHON := $(VENV)/bin/python
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
TEST_PACKAGES := chromium libharfbuzz-subset0 poppler-utils fonts-dejavu-core
# Prefix for a recipe line that needs DATABASE_URL and REDIS_URL from `services`.
WITH_SERVICES := set -a && . ./.data/services.env && set +a &&

# $(call apt-install,packages): install the Debian packages that are missing (apt-get update only then).
apt-install = missing=$$(for p in $(1); do dpkg -s $$p 2>/dev/null | grep -q '^Status: install ok installed' \
	|| echo $$p; done); if [ -n "$$missing" ] && command -v apt-get >/dev/null; then echo "Installing" $$missing; \
	$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

.DEFAULT_GOAL := help
.PHONY: help run test lint bench seed install install-dev system-packages services stop-embedded

help:
	@echo "make run            serve the portal on http://127.0.0.1:8000 with Celery workers and beat"
	@echo "make test           lint, check migrations and run the whole test suite"
	@echo "make lint | bench | seed | install | stop-embedded"

run: install node_modules/.package-lock.json services
	$(WITH_SERVICES) python manage.py migrate --noinput
	$(WITH_SERVICES) python manage.py collectstatic --noinput --verbosity 0
	$(WITH_SERVICES) python manage.py seed_demo
	@echo "Serving on http://127.0.0.1:8000 with Celery workers (default and bulk queues) and beat; Ctrl-C stops all four."
	$(WITH_SERVICES) exec honcho -e .data/services.env -f Procfile start

test: install-dev node_modules/.package-lock.json system-packages services
	ruff check .
	ruff format --check .
	lint-imports
	mypy
	$(WITH_SERVICES) python manage.py makemigrations --check --dry-run
	$(WITH_SERVICES) python manage.py collectstatic --noinput --verbosity 0
	$(WITH_SERVICES) pytest -n 2 --dist worksteal --durations=15

lint: install-dev
	ruff check .
	ruff format --check .
	lint-imports
	mypy

bench: install-dev node_modules/.package-lock.json services
	$(WITH_SERVICES) python manage.py migrate --noinput --verbosity 0
	$(WITH_SERVICES) python manage.py seed_demo > /dev/null
	$(WITH_SERVICES) for script in $(filter-out bench/_%,$(wildcard bench/*.py)); do echo "== $$script"; python $$script || exit 1; done

seed: install services
	$(WITH_SERVICES) python manage.py migrate --noinput
	$(WITH_SERVICES) python manage.py seed_demo

# Writes .data/services.env; says on the terminal which database and broker it chose.
services: install
	$(PYTHON) -m hub.dev.servers env --output .data/services.env

stop-embedded: install
	$(PYTHON) -m hub.dev.servers stop

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(PYTHON):
	@$(call apt-install,python3-venv)
	python3 -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(PYTHON)
	$(PYTHON) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(PYTHON)
	$(PYTHON) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { $(call apt-install,nodejs npm); }
	npm ci --no-audit --no-fund

system-packages:
	@$(call apt-install,$(TEST_PACKAGES))
