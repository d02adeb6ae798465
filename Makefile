# mcc: common tasks. `make test` is what CI runs (see .ci/run).
CARGO ?= cargo

.PHONY: all build release test check lint fmt bench example clean fuzz

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

# Run time of the programs under bench/ built by mcc -O2, mcc, gcc -O0/-O1
# and tcc (outputs checked against bench/*.expected), then compile time
# against gcc on a generated 10,000-line Part I program.
bench: release
	tools/runtime-bench.sh target/release/mcc
	tools/bench.sh target/release/mcc

example: release
	target/release/mcc examples/primes.c -o target/primes && target/primes; echo "exit status $$?"

clean:
	$(CARGO) clean

# Coverage-guided fuzzing of the whole compiler (needs `cargo install
# cargo-fuzz`; libFuzzer's flags need RUSTC_BOOTSTRAP on a stable toolchain).
# The corpus starts from our fixtures. FUZZ_SECONDS bounds the run.
FUZZ_SECONDS ?= 1800
fuzz:
	mkdir -p fuzz/corpus/compile
	find fixtures -name '*.c' -exec cp {} fuzz/corpus/compile/ \;
	cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run compile corpus/compile -- \
		-max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 -print_final_stats=1
