# mcc: common tasks. `make test` is what CI runs (see .ci/run).
CARGO ?= cargo

.PHONY: all build release test check lint fmt bench example clean

all: build

build:
	$(CARGO) build

release:
	$(CARGO) build --release

# Unit tests and every fixture under fixtures/.
test:
	$(CARGO) test

# Everything CI checks: formatting, lints, tests.
check: lint test

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

fmt:
	$(CARGO) fmt

# Compile time against gcc on a generated 10,000-line Part I program.
bench: release
	tools/bench.sh target/release/mcc

example: release
	target/release/mcc examples/primes.c -o target/primes && target/primes; echo "exit status $$?"

clean:
	$(CARGO) clean
