# Yucai: the two commands are `make run` and `make test`. Everything they need is installed
# here, once, and only when missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Build output lives outside the clone so a fresh clone (and CI) reuses it.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/yucai/target
TOOLS_DIR := $(HOME)/.cache/yucai/tools
export PATH := $(TOOLS_DIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export YUCAI_WASM_OPT := $(TOOLS_DIR)/node_modules/.bin/wasm-opt

BINARYEN_VERSION := 132
BIN := $(CARGO_TARGET_DIR)/release/yucai
# The server the browser and deployment tests run: the debug build that `cargo test --workspace`
# makes anyway for the integration tests (same features), so `make test` compiles app once for the
# tests and once for clippy, and never in release.
TEST_BIN := $(CARGO_TARGET_DIR)/debug/yucai
# What the browser tests are told: the server to start and the browser files it serves.
E2E_ENV := YUCAI_BIN=$(TEST_BIN) YUCAI_SITE_ROOT=$(CURDIR)/target/site
ADDR ?= 127.0.0.1:3000
export DATABASE_URL ?= sqlite:data/yucai.db
PG_TEST_URL ?= postgres://yucai:yucai@127.0.0.1:5432

.PHONY: help run build tools lint test test-unit test-server test-e2e test-crawl test-deploy postgres browser clean-tools

help:
	@echo "make run   build and start Yucai on SQLite with demo data (http://$(ADDR))"
	@echo "make test  unit, integration (SQLite and PostgreSQL) and browser tests"

## Tools: the WebAssembly target and wasm-opt (binaryen, from npm). The browser files are built by
## the workspace's own `yucai-site` (wasm-bindgen as a library, hashing, compression): no build tool
## to compile from source first.
tools:
	@command -v cargo >/dev/null || { echo "Rust is required: https://rustup.rs"; exit 1; }
	@command -v npm >/dev/null || { echo "Node.js and npm are required (apt-get install nodejs npm)"; exit 1; }
	@rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@[ -x "$(TOOLS_DIR)/node_modules/.bin/wasm-opt" ] || \
		{ mkdir -p "$(TOOLS_DIR)" && cd "$(TOOLS_DIR)" && npm install --no-audit --no-fund --silent binaryen@$(BINARYEN_VERSION); }

## The server (release) and the browser files (target/site: the islands' wasm and JS, the
## stylesheet, each hashed and precompressed; hash.txt beside the server binary).
build: tools
	cargo build --release -p yucai
	cargo run -q -p yucai-site -- build --release

run: build
	@mkdir -p data
	YUCAI_SITE_ROOT=target/site $(BIN) serve --demo --addr $(ADDR)

## PostgreSQL for the integration tests: start the local server, install it when missing (as root).
postgres:
	@if ! command -v pg_lsclusters >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
		else echo "PostgreSQL is not installed: apt-get install postgresql"; exit 1; fi; \
	fi
	@pg_lsclusters -h | awk '$$4 != "online" {print $$1, $$2}' | while read v c; do pg_ctlcluster $$v $$c start; done
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
	@su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'yucai'\"" | grep -q 1 || \
		su postgres -c "psql -qc \"CREATE ROLE yucai LOGIN PASSWORD 'yucai' CREATEDB\""

## Chromium and Playwright for the browser tests (Debian's Chromium; Playwright never downloads browsers);
## for the print tests a Chinese font (pages print in it) and poppler's pdfinfo/pdftotext (to read the PDFs).
browser:
	@[ -x /usr/bin/chromium ] || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || { echo "Chromium is required: apt-get install chromium"; exit 1; }
	@fc-list :lang=zh family | grep -q . || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null; } || { echo "A Chinese font is required: apt-get install fonts-wqy-microhei"; exit 1; }
	@command -v pdftotext >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; } || { echo "poppler-utils is required: apt-get install poppler-utils"; exit 1; }
	@cd end2end && { cmp -s package-lock.json node_modules/.yucai-lock || \
		{ PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent && cp package-lock.json node_modules/.yucai-lock; }; }

## Code habits: formatting (rustfmt.toml) and clippy on both sides (server and the islands' wasm),
## warnings as errors.
lint: tools
	@rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
	cargo fmt --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p islands --lib --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings

test-unit: postgres
	YUCAI_TEST_PG=$(PG_TEST_URL) cargo test --workspace

## The test server and the browser files beside it (hash.txt in the debug folder).
test-server: tools
	cargo test --workspace --no-run -q
	cargo run -q -p yucai-site -- build --release --bin-dir $(CARGO_TARGET_DIR)/debug

## Two runs side by side, each with its own server on a fresh demo database (end2end/run.sh): the
## journeys one at a time (they share data), and the crawl of every page as every role, two roles at
## a time (it only reads).
test-e2e: test-server browser
	$(E2E_ENV) end2end/run.sh

## The long crawl: every page as every role loaded 8 times (make test loads each 3 times: the crawl's
## visit and the accessibility passes at desktop and phone width). Not part of make test.
test-crawl: test-server browser
	cd end2end && $(E2E_ENV) YUCAI_CRAWL_REPEAT=8 npx playwright test tests/pages.spec.ts

## The deployment files (deploy/): nginx with TLS and HTTP/2 in front of two instances on PostgreSQL,
## tried for real (installs Debian's nginx and Python's prometheus_client parser when missing).
test-deploy: test-server postgres
	@python3 -c "import prometheus_client" 2>/dev/null || pip install --quiet --disable-pip-version-check prometheus_client
	python3 deploy/check.py --bin $(TEST_BIN) --site target/site --pg $(PG_TEST_URL)

test: lint test-unit test-e2e test-deploy
	@echo "All tests passed."
