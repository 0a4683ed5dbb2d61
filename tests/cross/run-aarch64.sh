# The aarch64 loader under qemu-aarch64 with CPU model CPU: detection through
# getauxval(AT_HWCAP/AT_HWCAP2) as qemu reports that CPU, selection of TIER,
# and exactly the tiers RUNNABLE when each is forced; every run computes the
# host's results. SVE code runs at the vector length the model sets.
#   run-aarch64.sh CPU TIER "RUNNABLE..."
. "$(dirname "$0")/common.inc"
need qemu-aarch64 qemu-user
cpu=$1
driver=linux-aarch64/bin/pixie-cross-driver
[ -x "$driver" ] || fail "no $driver: the fixture 'cross: build linux-aarch64' failed"
a64() { qemu-aarch64 -L /usr/aarch64-linux-gnu -cpu "$cpu" "$driver" "$@"; }
check_loader linux-aarch64 "$2" "$3" a64
