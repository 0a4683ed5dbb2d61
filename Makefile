# The newcomer's entry points. Everything runs on a fresh Debian 12 as root.
#   make deps   install exactly the Debian packages pixie needs (idempotent)
#   make build  configure + build (-j2)
#   make test   deps + build + every test suite, failing on any failure (also
#               under ASan+UBSan and TSan, and a short run of every fuzz target)
#   make fuzz   each fuzz target for FUZZ_SECONDS (default 600)
#   make demo   build the example kernels for every platform, inspect the file,
#               run the kernels from Python on the tier selected for this CPU
#   make bench  Release build + every benchmark -> bench/REPORT.md and plots
BUILD    ?= build
ASANDIR  ?= build-asan
TSANDIR  ?= build-tsan
FUZZDIR  ?= build-fuzz
FUZZ_SECONDS ?= 600
JOBS     ?= 2
PYTHON   := /usr/bin/python3
CMAKE_FLAGS := -DPYTHON_EXECUTABLE=$(PYTHON) -DPython3_EXECUTABLE=$(PYTHON)

PACKAGES := cmake make pkg-config g++ \
  llvm-19-dev liblld-19-dev clang-19 lld-19 libclang-rt-19-dev \
  libzstd-dev libxxhash-dev nlohmann-json3-dev catch2 libffi-dev \
  pybind11-dev python3-dev python3-numpy python3-pytest \
  python3-xxhash python3-zstandard python3-numba python3-setuptools python3-wheel python3-pip python3-venv \
  qemu-user gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross \
  g++-mingw-w64-x86-64-posix wine64 wine xz-utils

FUZZERS := container_fuzzer metadata_fuzzer signature_fuzzer inspect_fuzzer image_fuzzer

.PHONY: deps sources build test test-asan test-tsan test-fuzz fuzz fuzz-build demo bench clean

deps:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing" $$missing; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "make deps: all $(words $(PACKAGES)) packages present"; fi
	@$(MAKE) --no-print-directory sources

# Three upstream sources from Debian's own source packages, fetched once and
# unpacked: simdjson, compiled into format/ by every build (cmake/simdjson.cmake
# says why from source); musl, whose libm the build compiles into the C
# library of every variant (compiler/libc/README.md); and zstd, for the
# loaders that tests/cross builds for aarch64 and mingw-w64 (no Debian package
# has zstd for mingw; tests/cross/README.md says why arm64 takes the same route). deb-src is
# enabled for Debian's main archive only if nothing enables it.
ZSTD_SOURCE := /usr/src/pixie-zstd
SIMDJSON_SOURCE := /usr/src/pixie-simdjson
MUSL_SOURCE := /usr/src/pixie-musl
# $(call debian-source,PACKAGE,DIR,FILE THAT PROVES IT IS THERE)
define debian-source
	@if [ -e $(2)/$(3) ]; then echo "make deps: $(1) source in $(2)"; exit 0; fi; \
	set -e; \
	if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then \
	  . /etc/os-release; \
	  printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' \
	    "Suites: $$VERSION_CODENAME $$VERSION_CODENAME-updates" \
	    'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' \
	    > /etc/apt/sources.list.d/pixie-deb-src.sources; \
	  apt-get update -qq; \
	fi; \
	tmp=$$(mktemp -d); chown _apt $$tmp; \
	(cd $$tmp && apt-get source --download-only -qq $(1)) || \
	  (apt-get update -qq && cd $$tmp && apt-get source --download-only -qq $(1)); \
	rm -rf $(2).tmp; mkdir -p $(2).tmp; \
	tar -xf $$(find $$tmp -name '$(1)_*.orig.tar.*' ! -name '*.asc') --strip-components=1 -C $(2).tmp; \
	rm -rf $$tmp; mv $(2).tmp $(2); \
	echo "make deps: $(1) source (Debian) in $(2)"
endef

sources:
	$(call debian-source,libzstd,$(ZSTD_SOURCE),lib/zstd.h)
	$(call debian-source,simdjson,$(SIMDJSON_SOURCE),singleheader/simdjson.cpp)
	$(call debian-source,musl,$(MUSL_SOURCE),src/math/exp.c)

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

# The LLVM-free modules (format, runtime, loader) and their test suites again
# under ASan+UBSan: the reader parses hostile bytes, the loader runs in the
# user's process.
test-asan: deps
	cmake -S . -B $(ASANDIR) $(CMAKE_FLAGS) -DPIXIE_SANITIZE=ON -DPIXIE_WITH_LLVM=OFF
	cmake --build $(ASANDIR) -j$(JOBS)
	cd $(ASANDIR) && ctest --output-on-failure -j$(JOBS)

# The loader's suite under ThreadSanitizer: its multi-threaded open/call/close
# tests, and the JIT cache raced by several processes.
test-tsan: deps
	cmake -S . -B $(TSANDIR) $(CMAKE_FLAGS) -DPIXIE_TSAN=ON -DPIXIE_WITH_LLVM=OFF
	cmake --build $(TSANDIR) -j$(JOBS) --target loader_test
	$(TSANDIR)/tests/loader/loader_test

# The libFuzzer targets (fuzz/README.md), in their own clang-19 build.
fuzz-build: deps
	cmake -S . -B $(FUZZDIR) $(CMAKE_FLAGS) -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
	  -DPIXIE_WITH_LLVM=OFF -DPIXIE_FUZZ=ON
	cmake --build $(FUZZDIR) -j$(JOBS)

# A bounded smoke run of each target from the seed corpus, as ctest tests.
test-fuzz: fuzz-build
	cd $(FUZZDIR) && ctest --output-on-failure -j$(JOBS)

# Each target for FUZZ_SECONDS, in turn; what they find is kept in $(FUZZDIR)/fuzz/work.
fuzz: fuzz-build
	@for t in $(FUZZERS); do \
	  mkdir -p $(FUZZDIR)/fuzz/work/$$t; \
	  echo "make fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZDIR)/fuzz/$$t $$(tr ';' ' ' < $(FUZZDIR)/fuzz/$$t.options) -max_total_time=$(FUZZ_SECONDS) \
	    -print_final_stats=1 -artifact_prefix=$(FUZZDIR)/fuzz/$$t- $(FUZZDIR)/fuzz/work/$$t fuzz/corpus/$$t || exit 1; \
	done

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	$(MAKE) test-asan
	$(MAKE) test-tsan
	$(MAKE) test-fuzz

DEMO := $(BUILD)/demo
demo: build
	@mkdir -p $(DEMO)
	$(BUILD)/tools/pixie-build -o $(DEMO)/kernels.pixie --manifest examples/kernels/kernels.json
	$(BUILD)/tools/pixie-inspect/pixie-inspect $(DEMO)/kernels.pixie
	PYTHONPATH=$(BUILD)/python $(PYTHON) examples/demo.py $(DEMO)

BENCHDIR ?= build-bench
bench: deps
	@dpkg-query -W -f='$${Status}\n' python3-matplotlib 2>/dev/null | grep -q '^install ok installed$$' || \
	  (apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-matplotlib)
	cmake -S . -B $(BENCHDIR) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BENCHDIR) -j$(JOBS)
	PYTHONPATH=$(BENCHDIR)/python $(PYTHON) bench/report.py --build-dir $(BENCHDIR)

clean:
	rm -rf $(BUILD) $(ASANDIR) $(TSANDIR) $(FUZZDIR) $(BENCHDIR)
