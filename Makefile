# The newcomer's entry points. Everything runs on a fresh Debian 12 as root.
#   make deps   install exactly the Debian packages pixie needs (idempotent)
#   make build  configure + build (-j2)
#   make test   deps + build + every test suite, failing on any failure
#   make demo   build the example kernels for every platform, inspect the file,
#               run the kernels from Python on the tier selected for this CPU
BUILD    ?= build
ASANDIR  ?= build-asan
JOBS     ?= 2
PYTHON   := /usr/bin/python3
CMAKE_FLAGS := -DPYTHON_EXECUTABLE=$(PYTHON) -DPython3_EXECUTABLE=$(PYTHON)

PACKAGES := cmake make pkg-config g++ \
  llvm-19-dev liblld-19-dev clang-19 lld-19 libclang-rt-19-dev \
  libzstd-dev libxxhash-dev nlohmann-json3-dev catch2 libffi-dev \
  pybind11-dev python3-dev python3-numpy python3-pytest \
  python3-xxhash python3-zstandard python3-numba python3-setuptools python3-wheel python3-pip python3-venv \
  qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-mingw-w64-x86-64 wine64 wine

.PHONY: deps build test test-asan demo clean

deps:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing" $$missing; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "make deps: all $(words $(PACKAGES)) packages present"; fi

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

# The LLVM-free modules again under ASan+UBSan: the reader parses hostile bytes.
test-asan: deps
	cmake -S . -B $(ASANDIR) $(CMAKE_FLAGS) -DPIXIE_SANITIZE=ON -DPIXIE_WITH_LLVM=OFF
	cmake --build $(ASANDIR) -j$(JOBS)
	cd $(ASANDIR) && ctest --output-on-failure -j$(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	$(MAKE) test-asan

DEMO := $(BUILD)/demo
demo: build
	@mkdir -p $(DEMO)
	$(BUILD)/tools/pixie-build -o $(DEMO)/kernels.pixie --manifest examples/kernels/kernels.json
	$(BUILD)/tools/pixie-inspect/pixie-inspect $(DEMO)/kernels.pixie
	PYTHONPATH=$(BUILD)/python $(PYTHON) examples/demo.py $(DEMO)

clean:
	rm -rf $(BUILD) $(ASANDIR)
