# The host loader on x86-64.
#   run-x86.sh native   on this CPU: the best tier its /proc/cpuinfo flags
#                       allow (x86-64-v4 with AVX-512, v3 on a Zen 3), and
#                       every tier up to it run, v4's zmm code included where
#                       the CPU has it
#   run-x86.sh Nehalem  under qemu-x86_64 -cpu Nehalem (SSE4.2, no AVX): the
#                       loader itself runs on the older CPU and picks x86-64-v2
. "$(dirname "$0")/common.inc"
: "${PIXIE_HOST_DRIVER:?}"
case $1 in
  native)
    tier=$(best_x86_tier)
    check_loader linux-64 "$tier" "$(tiers_up_to linux-64 "$tier")" "$PIXIE_HOST_DRIVER" ;;
  Nehalem)
    need qemu-x86_64 qemu-user
    nehalem() { qemu-x86_64 -cpu Nehalem "$PIXIE_HOST_DRIVER" "$@"; }
    check_loader linux-64 x86-64-v2 "x86-64 x86-64-v2" nehalem ;;
  *) fail "usage: run-x86.sh native|Nehalem" ;;
esac
