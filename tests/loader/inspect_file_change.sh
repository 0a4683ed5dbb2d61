#!/bin/bash
# pixie-inspect on files it must not read whole: 50 GiB sparse files, a large
# .pixie whose listing needs only the metadata, and a large file truncated and
# restored by another process while it is read. Needs: PIXIE_INSPECT,
# MAKE_FIXTURE, FIXTURE (a small .pixie), FIXTURE_DIR (its .so files).
set -eu
fail() { echo "FAIL: $*" >&2; exit 1; }
t=$(mktemp -d)
writer=
trap '[ -n "$writer" ] && kill $writer 2> /dev/null; rm -rf "$t"' EXIT
I=$PIXIE_INSPECT

# 50 GiB sparse files: a clear error, nothing read or allocated beyond the
# header (reading them whole used to abort on the allocation).
truncate -s 50G $t/zeros.pixie
if $I $t/zeros.pixie > /dev/null 2> $t/err; then fail "50 GiB of zeros accepted"; fi
grep -qx "pixie-inspect: error: $t/zeros.pixie: not a .pixie file: bytes 0-7 are not the magic 89 50 49 58 49 45 0d 0a" $t/err \
  || fail "50 GiB of zeros: $(cat $t/err)"
cp "$FIXTURE" $t/grown.pixie
size=$(stat -c %s $t/grown.pixie)
truncate -s 50G $t/grown.pixie
if $I $t/grown.pixie > /dev/null 2> $t/err; then fail "a .pixie grown to 50 GiB accepted"; fi
grep -qx "pixie-inspect: error: $t/grown.pixie: header (offset 32) says the file is $size bytes but it is 53687091200" $t/err \
  || fail "a .pixie grown to 50 GiB: $(cat $t/err)"

# A 4 MiB file: 4 MiB of noise as a win-64 variant, then the x86-64 kernels.
head -c 4M /dev/urandom > $t/noise.bin
$MAKE_FIXTURE -o $t/big.pixie --library big --variant "win-64:x86-64:0:x86-64:sse2:$t/noise.bin" \
  --variant "linux-64:x86-64:0:x86-64:sse2:$FIXTURE_DIR/kernels_x86-64.so" --export "tier=kernel_tier:i32()" > /dev/null

# What a run reads (rchar, which counts page-cache hits too), from a parent
# that does nothing else: a waited-for child's I/O counts are added to it.
bytes_read() {
  python3 - "$@" <<'EOF'
import os, sys
def rchar():
    with open('/proc/self/io') as f:
        return next(int(l.split()[1]) for l in f if l.startswith('rchar:'))
before = rchar()
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execv(sys.argv[1], sys.argv[1:])
_, status = os.waitpid(pid, 0)
assert os.waitstatus_to_exitcode(status) == 0, sys.argv
print(rchar() - before)
EOF
}
listing=$(bytes_read $I $t/big.pixie)
[ "$listing" -lt $((1 << 20)) ] || fail "the listing read $listing bytes of a 4 MiB file; it needs the metadata only"
extract=$(bytes_read $I --extract win-64/x86-64 -o $t/noise.out $t/big.pixie)
[ "$extract" -gt $((4 << 20)) ] || fail "extracting 4 MiB read only $extract bytes: rchar does not see the child's reads"
cmp $t/noise.out $t/noise.bin || fail "extracted noise differs"

# Truncated to 0, 4 KiB, half, all but 4 KiB, and written back, over and
# over, while pixie-inspect extracts the variant at the end: each run either
# extracts the right bytes or says what went wrong; a crash (SIGBUS from a
# mapped file) fails.
cp $t/big.pixie $t/changing.pixie
python3 - $t/changing.pixie $t/big.pixie <<'EOF' &
import os, sys, time
data = open(sys.argv[2], 'rb').read()
fd = os.open(sys.argv[1], os.O_WRONLY)
cuts = [0, 4096, len(data) // 2, len(data) - 4096]
for i in range(1 << 30):
    os.ftruncate(fd, cuts[i % 4])
    os.pwrite(fd, data, 0)
    time.sleep(0.005)  # whole for a moment: runs can succeed
EOF
writer=$!
ok=0
refused=0
for i in $(seq 60); do
  status=0
  $I --extract linux-64/x86-64 -o $t/x.so $t/changing.pixie > /dev/null 2> $t/err || status=$?
  case $status in
    0) cmp -s $t/x.so "$FIXTURE_DIR/kernels_x86-64.so" || fail "run $i extracted the wrong bytes"
       ok=$((ok + 1)) ;;
    1) grep -q "^pixie-inspect: error: .*$t/changing.pixie" $t/err || fail "run $i: unclear error: $(cat $t/err)"
       refused=$((refused + 1)) ;;
    *) fail "run $i: pixie-inspect died with status $status: $(cat $t/err)" ;;
  esac
done
[ $ok -gt 0 ] && [ $refused -gt 0 ] || fail "no race: $ok extracted, $refused refused"
echo "changing file: $ok extracted, $refused refused"
