# long double <-> double on linux-aarch64 (snprintf's %Lf needs them): pixie's
# own conversions, run under qemu-aarch64 against libgcc's on a million values.
set -euo pipefail
: "${PIXIE_SOURCE_DIR:?}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
clang-19 --target=aarch64-linux-gnu -O2 -fno-builtin -nostdlibinc -Wall -Wextra -Werror \
  -isystem "$PIXIE_SOURCE_DIR/compiler/libc/include" -c "$PIXIE_SOURCE_DIR/compiler/libc/src/compiler_rt.c" -o rt.o
aarch64-linux-gnu-objcopy --redefine-sym __trunctfdf2=pixie_trunc --redefine-sym __extenddftf2=pixie_extend rt.o
aarch64-linux-gnu-gcc -O1 -static "$PIXIE_SOURCE_DIR/tests/libc/trunctfdf2_check.c" rt.o -o check -lm
qemu-aarch64 ./check
