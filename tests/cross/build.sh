# Fixture: the loader (format/ + runtime/ + loader/, their own CMakeLists) and
# driver.c cross-built for PLATFORM into $PIXIE_CROSS_DIR/PLATFORM, with the
# toolchain file from cmake/ and zstd's decoder from Debian's source package.
#   build.sh linux-aarch64 | win-64
: "${PIXIE_CROSS_DIR:?}"
mkdir -p "$PIXIE_CROSS_DIR"
. "$(dirname "$0")/common.inc"
: "${PIXIE_ZSTD_SOURCE_DIR:?}"
platform=$1
case $platform in
  linux-aarch64)
    need aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
    need aarch64-linux-gnu-g++ g++-aarch64-linux-gnu
    [ -e /usr/aarch64-linux-gnu/lib/libc.so.6 ] || fail "no arm64 C library (Debian package libc6-dev-arm64-cross): run 'make deps'"
    toolchain=aarch64-linux-gnu.cmake ;;
  win-64)
    need x86_64-w64-mingw32-gcc-posix gcc-mingw-w64-x86-64-posix
    need x86_64-w64-mingw32-g++-posix g++-mingw-w64-x86-64-posix
    toolchain=x86_64-w64-mingw32.cmake ;;
  *) fail "usage: build.sh linux-aarch64|win-64" ;;
esac
[ -e "$PIXIE_ZSTD_SOURCE_DIR/lib/zstd.h" ] ||
  fail "no zstd source at $PIXIE_ZSTD_SOURCE_DIR (Debian source package libzstd): run 'make deps'"

cmake -S "$PIXIE_SOURCE_DIR/tests/cross/target" -B "$platform" \
  -DCMAKE_TOOLCHAIN_FILE="$PIXIE_SOURCE_DIR/cmake/$toolchain" \
  -DPIXIE_ZSTD_SOURCE_DIR="$PIXIE_ZSTD_SOURCE_DIR" > "$scratch/configure.log" ||
  { cat "$scratch/configure.log"; fail "configuring the $platform loader"; }
cmake --build "$platform" -j"${PIXIE_CROSS_JOBS:-2}"
