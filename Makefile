# Yucai: the two commands are `make run` and `make test`. Everything they need is installed
# here, once, and only when missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Build output lives outside the clone so a fresh clone (and CI) reuses it.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/yucai/target
TOOLS_DIR := $(HOME)/.cache/yucai/tools
# .ci/bin/wasm-opt leaves the split build's small chunks to .ci/wasm-opt-small.mjs (one Node
# process for all of them) and hands the rest to binaryen's wasm-opt.
export PATH := $(CURDIR)/.ci/bin:$(TOOLS_DIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export YUCAI_WASM_OPT := $(TOOLS_DIR)/node_modules/.bin/wasm-opt
export YUCAI_BINARYEN := $(TOOLS_DIR)/node_modules/binaryen

CARGO_LEPTOS_VERSION := 0.3.10
BINARYEN_VERSION := 132
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/version = "\(.*\)"/\1/p}' Cargo.lock)
BIN := $(CARGO_TARGET_DIR)/release/yucai
ADDR ?= 127.0.0.1:3000
export DATABASE_URL ?= sqlite:data/yucai.db
PG_TEST_URL ?= postgres://yucai:yucai@127.0.0.1:5432

.PHONY: help run build tools lint test test-unit test-e2e postgres browser clean-tools

help:
	@echo "make run   build and start Yucai on SQLite with demo data (http://$(ADDR))"
	@echo "make test  unit, integration (SQLite and PostgreSQL) and browser tests"

## Tools: wasm target, cargo-leptos, wasm-bindgen CLI (exact locked version), wasm-opt.
tools:
	@command -v cargo >/dev/null || { echo "Rust is required: https://rustup.rs"; exit 1; }
	@command -v npm >/dev/null || { echo "Node.js and npm are required (apt-get install nodejs npm)"; exit 1; }
	@rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)" || \
		{ echo "Installing cargo-leptos $(CARGO_LEPTOS_VERSION) (about 10 minutes, once)"; \
		  cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked --features no_downloads; }
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || \
		{ echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 2 minutes, once)"; \
		  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); }
	@[ -x "$(TOOLS_DIR)/node_modules/.bin/wasm-opt" ] || \
		{ mkdir -p "$(TOOLS_DIR)" && cd "$(TOOLS_DIR)" && npm install --no-audit --no-fund --silent binaryen@$(BINARYEN_VERSION); }

build: tools
	YUCAI_WASM_OPT_LATER=1 cargo leptos build --release --precompress --split
	node .ci/wasm-opt-small.mjs target/site/pkg

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

## Chromium and Playwright for the browser tests (Debian's Chromium; Playwright never downloads browsers).
browser:
	@[ -x /usr/bin/chromium ] || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || { echo "Chromium is required: apt-get install chromium"; exit 1; }
	@cd end2end && { cmp -s package-lock.json node_modules/.yucai-lock || \
		{ PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent && cp package-lock.json node_modules/.yucai-lock; }; }

## Code habits: formatting (rustfmt.toml) and clippy on both sides (server and browser), warnings as errors.
lint: tools
	@rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
	cargo fmt --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p app --all-targets --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings

test-unit: postgres
	YUCAI_TEST_PG=$(PG_TEST_URL) cargo test --workspace

test-e2e: build browser
	cd end2end && YUCAI_BIN=$(BIN) YUCAI_SITE_ROOT=$(CURDIR)/target/site npx playwright test

test: lint test-unit test-e2e
	@echo "All tests passed."
