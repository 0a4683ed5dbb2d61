# simdjson, the metadata parser of format/, compiled from Debian's source
# package (`make deps` unpacks it, as it does zstd's for the cross builds).
#
# Why from source and static: libpixie is what users' processes load, and a
# libsimdjson.so.14 at run time is a dependency few systems have; the same
# source serves the host build and the aarch64/mingw-w64 loaders of
# tests/cross, so both parse metadata with the same code. Built for the
# baseline ISA like the rest of the loader, and without its AVX2 and AVX-512
# kernels: libpixie decides which ISA is safe, so it holds no AVX-class
# instruction at all (tests/loader/baseline_isa.sh), and for a few KB of
# metadata the SSE4.2 kernel (chosen at run time; portable code otherwise, NEON
# on Arm) is as fast. No exceptions: the loader is built without them.
set(PIXIE_SIMDJSON_SOURCE_DIR /usr/src/pixie-simdjson CACHE PATH
    "Debian's simdjson source tree, unpacked by make deps")
set(simdjson_single ${PIXIE_SIMDJSON_SOURCE_DIR}/singleheader)
if(NOT EXISTS "${simdjson_single}/simdjson.cpp")
  message(FATAL_ERROR "no simdjson source at '${PIXIE_SIMDJSON_SOURCE_DIR}' (PIXIE_SIMDJSON_SOURCE_DIR): run `make deps`")
endif()
add_library(pixie_simdjson STATIC ${simdjson_single}/simdjson.cpp)
target_include_directories(pixie_simdjson SYSTEM PUBLIC ${simdjson_single})
target_compile_definitions(pixie_simdjson PUBLIC SIMDJSON_EXCEPTIONS=0
  SIMDJSON_IMPLEMENTATION_HASWELL=0 SIMDJSON_IMPLEMENTATION_ICELAKE=0)
set_target_properties(pixie_simdjson PROPERTIES POSITION_INDEPENDENT_CODE ON)
include(${CMAKE_CURRENT_LIST_DIR}/../runtime/BaselineFlags.cmake)
pixie_baseline_flags(pixie_simdjson)
