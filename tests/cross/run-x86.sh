# The host loader on x86-64.
#   run-x86.sh native            on this CPU: the best tier its /proc/cpuinfo
#                                flags allow (x86-64-v4 with AVX-512, v3 on a
#                                Zen 3), and every tier up to it run, v4's zmm
#                                code included where the CPU has it
#   run-x86.sh CPU TIER RUNNABLE under qemu-x86_64 -cpu CPU: the loader itself
#                                runs on the older CPU, selects TIER and runs
#                                exactly the tiers RUNNABLE
. "$(dirname "$0")/common.inc"
: "${PIXIE_HOST_DRIVER:?}"
if [ "$1" = native ]; then
  tier=$(best_x86_tier)
  check_loader linux-64 "$tier" "$(tiers_up_to linux-64 "$tier")" "$PIXIE_HOST_DRIVER"
else
  need qemu-x86_64 qemu-user
  cpu=$1
  emulated() { qemu-x86_64 -cpu "$cpu" "$PIXIE_HOST_DRIVER" "$@"; }
  check_loader linux-64 "$2" "$3" emulated
fi
