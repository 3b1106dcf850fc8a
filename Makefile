# csp-portal: the two commands for a fresh machine are `make run` and `make test`.
# Every target installs what is missing first (scripts/install-tools.sh skips what is there).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# cargo-leptos finds wasm-bindgen in ~/.cargo/bin and wasm-opt (npm binaryen 132; Debian's 108
# breaks hydration of release builds) in end2end/node_modules/.bin.
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/end2end/node_modules/.bin:$(PATH)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)

# One build for everything: `make run` serves the release build and `make test` tests that same
# build. cargo-leptos compiles it with `--cfg erase_components` (always-erase-components in
# Cargo.toml) and LEPTOS_OUTPUT_NAME (read at compile time by leptos); the tests and clippy use
# the same, so they share its compiled dependencies instead of building a second set.
CARGO_ENV := RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=csp-portal
# `make e2e REPEAT=3` runs the browser suite three times in a row, one line per run.
REPEAT ?= 1

.PHONY: help
help:
	@echo "make run           install what is missing, build the release and run the portal on the embedded database"
	@echo "make test          install what is missing and run every test: lint, unit, integration, browser (on the release build)"
	@echo "make e2e           the browser tests alone, on the release build (REPEAT=N runs them N times)"
	@echo "make lint          cargo fmt --check and clippy for the server and the WebAssembly builds"

.PHONY: tools tools-test
tools:
	scripts/install-tools.sh
tools-test:
	scripts/install-tools.sh --test

.PHONY: run
run: tools build
	LEPTOS_SITE_ROOT=target/site "$(TARGET_DIR)/release/csp-portal" $(ARGS)

.PHONY: test
test:
	scripts/test.sh

# the release build: the server binary and the browser bundle (compressed for serving)
.PHONY: build
build:
	cargo leptos build --release --precompress
	scripts/prune-site.sh

.PHONY: unit
unit:
	$(CARGO_ENV) cargo test --release -p app -p server --no-default-features --features app/ssr

.PHONY: lint
lint:
	cargo fmt --all -- --check
	$(CARGO_ENV) cargo clippy --release -p app -p server --features app/ssr --all-targets -- -D warnings
	$(CARGO_ENV) cargo clippy --profile wasm-release --target-dir "$(TARGET_DIR)/front" -p frontend -p app --features app/hydrate --target wasm32-unknown-unknown -- -D warnings

.PHONY: e2e
e2e: tools-test build
	scripts/e2e.sh "$(REPEAT)"
