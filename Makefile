# csp-portal: the two commands for a fresh machine are `make run` and `make test`.
# Every target installs what is missing first (scripts/install-tools.sh skips what is there).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# cargo-leptos finds wasm-bindgen in ~/.cargo/bin and wasm-opt (npm binaryen 132; Debian's 108
# breaks hydration of release builds) in end2end/node_modules/.bin.
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/end2end/node_modules/.bin:$(PATH)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)

# `cargo leptos build` compiles with these; tests use the same so both share one build cache.
LEPTOS_BUILD_ENV := RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=csp-portal

.PHONY: help
help:
	@echo "make run           install what is missing, build (release) and run the portal on the embedded database"
	@echo "make test          install what is missing and run every test: unit, integration, lint, browser (debug build)"
	@echo "make e2e-release   the browser tests against a release build"
	@echo "make lint          cargo fmt --check and clippy for the server and the WebAssembly builds"

.PHONY: tools tools-test
tools:
	scripts/install-tools.sh
tools-test:
	scripts/install-tools.sh --test

.PHONY: run
run: tools
	cargo leptos build --release --precompress
	LEPTOS_SITE_ROOT=target/site "$(TARGET_DIR)/release/csp-portal" $(ARGS)

.PHONY: test
test:
	scripts/test.sh

.PHONY: unit
unit:
	$(LEPTOS_BUILD_ENV) cargo test -p app --features ssr
	$(LEPTOS_BUILD_ENV) cargo test -p server

.PHONY: lint
lint:
	cargo fmt --all -- --check
	$(LEPTOS_BUILD_ENV) cargo clippy -p app -p server --features app/ssr --all-targets -- -D warnings
	cargo clippy -p frontend -p app --features app/hydrate --target wasm32-unknown-unknown -- -D warnings

.PHONY: build build-release
build:
	cargo leptos build
build-release:
	cargo leptos build --release --precompress

.PHONY: e2e e2e-release
e2e: build
	cd end2end && CSP_E2E_BINARY="$(TARGET_DIR)/debug/csp-portal" npx playwright test
e2e-release: tools-test build-release
	cd end2end && CSP_E2E_BINARY="$(TARGET_DIR)/release/csp-portal" npx playwright test
