# --list-targets prints every platform and tier with its requirements.
. "$(dirname "$0")/common.inc"
"$PIXIE_BUILD" --list-targets > targets.txt
[ "$(grep -c '^  [0-3] ' targets.txt)" -eq 16 ] || { cat targets.txt; fail "16 tiers"; }
grep -q '^osx-arm64 (arm64-apple-macosx11.0, macho)$' targets.txt || fail "platform line"
grep -q '^  0 x86-64  *cpu x86-64  *requires sse2$' targets.txt || fail "baseline"
grep -q '^  2 neoverse-v1 .* sve$' targets.txt || fail "neoverse-v1 requires sve"
