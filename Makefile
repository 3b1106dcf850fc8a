# csp-portal: the two commands for a fresh machine are `make run` and `make test`.
# Every target installs what is missing first (scripts/install-tools.sh skips what is there).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# cargo-leptos finds wasm-bindgen in cargo's bin directory and wasm-opt (npm binaryen 132; Debian's 108
# breaks hydration of release builds) in end2end/node_modules/.bin.
export PATH := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(CURDIR)/end2end/node_modules/.bin:$(PATH)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)

# One build for everything: `make run` serves the release build and `make test` tests that same
# build. cargo-leptos compiles it with `--cfg erase_components` (always-erase-components in
# Cargo.toml) and LEPTOS_OUTPUT_NAME (read at compile time by leptos); the tests and clippy use
# the same, so they share its compiled dependencies instead of building a second set.
#
# Clippy's lints run inside those builds: the workspace's crates are compiled by clippy-driver
# (a rustc with clippy's lints; RUSTC_WORKSPACE_WRAPPER), so the lint shares the one compile too.
# A separate `cargo clippy` compiles every dependency once more in check mode, for the server and
# for the browser: 23 minutes of a new machine's first `make test`. Warnings stay warnings in a
# build (a newer clippy's new lint must not stop `make run`); the tests fail on any
# (scripts/deny-warnings.sh).
CLIPPY_DRIVER := $(shell rustc --print sysroot)/bin/clippy-driver
CODE_ENV := RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=csp-portal
CARGO_ENV := $(CODE_ENV) RUSTC_WORKSPACE_WRAPPER="$(CLIPPY_DRIVER)"
TEST_ARGS := --release -p app -p server --no-default-features --features app/ssr
# `make e2e REPEAT=3` runs the browser suite three times in a row, one line per run.
REPEAT ?= 1
# `make build BUILD_ARGS=--deny-warnings` fails on a warning, as `make test` does
BUILD_ARGS ?=

.PHONY: help
help:
	@echo "make run           install what is missing, build the release and run the portal on the embedded database"
	@echo "make test          install what is missing and run every test: lint, unit, integration, browser (on the release build)"
	@echo "make e2e           the browser tests alone, on the release build (REPEAT=N runs them N times)"
	@echo "make lint          cargo fmt --check, and every target compiled with clippy's lints (the release build included); fails on any warning"
	@echo "make clippy        cargo clippy alone, for the server and the WebAssembly builds (a quick check while coding)"

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

# the release build: the server binary and the browser bundle (compressed for serving); skipped
# when nothing it reads changed since the last one (scripts/build.sh)
.PHONY: build
build:
	RUSTC_WORKSPACE_WRAPPER="$(CLIPPY_DRIVER)" scripts/build.sh $(BUILD_ARGS)

.PHONY: fmt-check
fmt-check:
	cargo fmt --all -- --check

# every server-side target (tests and benchmarks included) compiled through clippy-driver, then
# the unit and integration tests run
.PHONY: unit
unit:
	scripts/deny-warnings.sh env $(CARGO_ENV) cargo test $(TEST_ARGS) --all-targets --no-run
	$(CARGO_ENV) cargo test $(TEST_ARGS)

# fmt, and clippy's lints over everything `make test` compiles: the server-side targets and the
# release build (the browser bundle's crates included)
.PHONY: lint
lint: fmt-check tools
	scripts/deny-warnings.sh env $(CARGO_ENV) cargo test $(TEST_ARGS) --all-targets --no-run
	RUSTC_WORKSPACE_WRAPPER="$(CLIPPY_DRIVER)" scripts/build.sh --deny-warnings

# cargo clippy alone (check mode: its own compile of the dependencies, not shared with the build)
.PHONY: clippy
clippy:
	$(CODE_ENV) cargo clippy --release -p app -p server --features app/ssr --all-targets -- -D warnings
	$(CODE_ENV) cargo clippy --profile wasm-release --target-dir "$(TARGET_DIR)/front" -p frontend -p app --features app/hydrate --target wasm32-unknown-unknown -- -D warnings

.PHONY: e2e
e2e: tools-test build
	scripts/e2e.sh "$(REPEAT)"
