# Fixture of every cross test: examples/kernels built for every platform
# (kernels.pixie), each platform's tiers as the file lists them
# (tiers-<platform>.txt, read by the spec's own reader), and the reference
# results (expected.txt): the host's baseline x86-64 variant through the host
# loader.
: "${PIXIE_CROSS_DIR:?}" "${PIXIE_BUILD:?}" "${PIXIE_HOST_DRIVER:?}"
mkdir -p "$PIXIE_CROSS_DIR"
. "$(dirname "$0")/common.inc"

"$PIXIE_BUILD" -o kernels.pixie --manifest "$PIXIE_SOURCE_DIR/examples/kernels/kernels.json" --quiet
/usr/bin/python3 - "$PIXIE_SOURCE_DIR/spec" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import reader
meta = reader.PixieFile(open("kernels.pixie", "rb").read()).metadata
platforms = {}
for v in meta["variants"]:
    platforms.setdefault(v["platform"], []).append(v["tier"])
for platform, tiers in platforms.items():
    open(f"tiers-{platform}.txt", "w").write(" ".join(tiers) + "\n")
# driver.c calls these; a new example kernel must be added there too.
called = {"sieve_primes", "fused_expr", "saxpy_f32", "saxpy_f64", "dot_f64", "norm_f64"}
symbols = {o["symbol"] for e in meta["exports"] for o in e["overloads"]}
if symbols != called:
    sys.exit(f"FAIL: the examples export {sorted(symbols)}; driver.c calls {sorted(called)}")
PY
for platform in linux-64 linux-aarch64 osx-arm64 win-64; do
  [ -s "tiers-$platform.txt" ] || fail "kernels.pixie has no $platform variants"
done

PIXIE_USE_ISA=x86-64 "$PIXIE_HOST_DRIVER" kernels.pixie > "$scratch/out.txt"
[ "$(head -1 "$scratch/out.txt")" = "selected linux-64 x86-64 via memfd" ] || fail "host baseline: $(head -1 "$scratch/out.txt")"
tail -n +2 "$scratch/out.txt" > expected.txt
grep -q '^primes 168 ' expected.txt || fail "the host baseline computes nonsense: $(cat expected.txt)"
cat expected.txt
