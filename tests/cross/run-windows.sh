# The Windows loader (pixie.dll and the driver, built by mingw-w64) under
# wine, headless, in a prefix of its own under the build directory: detection
# through detect_windows.cpp (cpuid, with IsProcessorFeaturePresent saying
# whether the OS saves the extended state), selection of the best tier this
# CPU's /proc/cpuinfo flags allow, the cache-file route (LoadLibrary of a
# verified, content-addressed file), and every tier up to it computing the
# host's results.
. "$(dirname "$0")/common.inc"
need wine wine
driver=win-64/bin/pixie-cross-driver.exe
[ -f "$driver" ] || fail "no $driver: the fixture 'cross: build win-64' failed"
# The first run creates the prefix (~700 MB, ~5 s); later runs reuse it.
export WINEPREFIX="$PIXIE_CROSS_DIR/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
win() { wine "$driver" "$@" | tr -d '\r'; }
tier=$(best_x86_tier)
check_loader win-64 "$tier" "$(tiers_up_to win-64 "$tier")" win
