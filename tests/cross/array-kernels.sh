# Fixture of the array cross tests (run-arrays.sh): in $PIXIE_CROSS_DIR/arrays,
# arrays.pixie (array_kernels.c: a matrix multiply, a 3-D 7-point stencil and
# an axpy, exported with array signatures) built for linux-64, linux-aarch64
# and win-64 at every tier, each platform's tiers (tiers-<platform>.txt), and
# the host baseline's results through the host loader: expected.bin (every
# output array, byte for byte) and expected.txt (array_driver.c's report).
# The driver checks the baseline against its own plain C reference, so the
# expected files are right before any other platform is compared with them.
: "${PIXIE_CROSS_DIR:?}" "${PIXIE_BUILD:?}" "${PIXIE_ARRAY_DRIVER:?}"
mkdir -p "$PIXIE_CROSS_DIR/arrays"
. "$(dirname "$0")/common.inc"
cd arrays
src=$PIXIE_SOURCE_DIR/tests/cross

"$PIXIE_BUILD" -o arrays.pixie --quiet -j2 --platform=linux-64,linux-aarch64,win-64 "$src/array_kernels.c" \
  --export='matmul=matmul_f64:void(const f64[m, k] a, const f64[k, n] b, f64[m, n] c)' \
  --export='stencil7=stencil7_f32:void(const f32[nx, ny, nz] u, f32[nx, ny, nz] out)' \
  --export='axpy=axpy_f64:void(i64 n, f64 a, const f64[n] x, f64[n] y)'

/usr/bin/python3 - "$PIXIE_SOURCE_DIR/spec" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import reader
pixie = reader.PixieFile(open("arrays.pixie", "rb").read())
tiers = {}
for v in pixie.metadata["variants"]:
    tiers.setdefault(v["platform"], []).append(v["tier"])
for platform, names in tiers.items():
    open(f"tiers-{platform}.txt", "w").write(" ".join(names) + "\n")
PY
for platform in linux-64 linux-aarch64 win-64; do
  [ -s "tiers-$platform.txt" ] || fail "arrays.pixie has no $platform variants"
done

PIXIE_USE_ISA=x86-64 "$PIXIE_ARRAY_DRIVER" arrays.pixie expected.bin > "$scratch/out.txt" ||
  fail "the host baseline: the array driver failed (its report above)"
[ "$(head -1 "$scratch/out.txt")" = "selected linux-64 x86-64 via memfd" ] || fail "host baseline: $(head -1 "$scratch/out.txt")"
tail -n +2 "$scratch/out.txt" > expected.txt
cat expected.txt
[ "$(grep -c ': the reference.s results$' expected.txt)" = 19 ] || fail "the host baseline ran other than 19 kernel calls"
[ "$(grep -c '^refused ' expected.txt)" = 18 ] || fail "the host baseline refused other than 18 descriptor sets"
