# Fixture of the libc cross tests (run-libc.sh): in $PIXIE_CROSS_DIR/libc,
# libm.pixie (libm_kernels.c: the scalar libm, every function of
# libm_functions.h) and alloc.pixie (alloc_kernels.cpp: malloc and friends,
# new and delete) built for every platform, each platform's tiers
# (tiers-<platform>.txt), and the reference results of the host's baseline
# x86-64 variant through the host loader: libm-expected.bin (every output,
# libm_compare.py's input) and alloc-expected.txt.
: "${PIXIE_CROSS_DIR:?}" "${PIXIE_BUILD:?}" "${PIXIE_LIBC_DRIVER:?}"
mkdir -p "$PIXIE_CROSS_DIR/libc"
. "$(dirname "$0")/common.inc"
cd libc
src=$PIXIE_SOURCE_DIR/tests/cross

"$PIXIE_BUILD" -o libm.pixie --quiet -I "$src" "$src/libm_kernels.c" \
  --export='libm_eval_f64=libm_eval_f64:i32(i32, i64, const f64*, const f64*, const f64*, f64*)' \
  --export='libm_eval_f32=libm_eval_f32:i32(i32, i64, const f32*, const f32*, const f32*, f32*)' \
  --export='libm_count=libm_count:i32(i32)'
"$PIXIE_BUILD" -o alloc.pixie --quiet "$src/alloc_kernels.cpp" \
  --export='alloc_c=alloc_c:i64(i64, i64)' --export='alloc_cxx=alloc_cxx:i64(i64, i64)' \
  --export='alloc_realloc_aligned=alloc_realloc_aligned:i64(i64)' \
  --export='alloc_make=alloc_make:f64*(i64)' --export='alloc_consume=alloc_consume:f64(f64*, i64)'

/usr/bin/python3 - "$PIXIE_SOURCE_DIR/spec" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import reader
tiers = {}
for name in ("libm.pixie", "alloc.pixie"):
    meta = reader.PixieFile(open(name, "rb").read()).metadata
    found = {}
    for v in meta["variants"]:
        found.setdefault(v["platform"], []).append(v["tier"])
    if tiers and found != tiers:
        sys.exit(f"FAIL: {name} has other variants than libm.pixie: {found}")
    tiers = found
for platform, names in tiers.items():
    open(f"tiers-{platform}.txt", "w").write(" ".join(names) + "\n")
PY
for platform in linux-64 linux-aarch64 osx-arm64 win-64; do
  [ -s "tiers-$platform.txt" ] || fail "libm.pixie has no $platform variants"
done

PIXIE_USE_ISA=x86-64 "$PIXIE_LIBC_DRIVER" libm libm.pixie libm-expected.bin > "$scratch/out.txt"
[ "$(head -1 "$scratch/out.txt")" = "selected linux-64 x86-64 via memfd" ] || fail "host baseline: $(head -1 "$scratch/out.txt")"
cat "$scratch/out.txt"
PIXIE_USE_ISA=x86-64 "$PIXIE_LIBC_DRIVER" alloc alloc.pixie > "$scratch/out.txt"
[ "$(head -1 "$scratch/out.txt")" = "selected linux-64 x86-64 via memfd" ] || fail "host baseline: $(head -1 "$scratch/out.txt")"
tail -n +2 "$scratch/out.txt" > alloc-expected.txt
cat alloc-expected.txt
# A negative checksum is the code of a check that failed (alloc_kernels.cpp).
! grep -E ' -[0-9]+$' alloc-expected.txt || fail "the host baseline's allocation kernels failed a check"
grep -q '^alloc_make 12487500 aligned64 1$' alloc-expected.txt || fail "alloc_make computes nonsense on the host"
