# clang's warnings reach the user once, not once per platform, and do not
# fail the build; a warning only one platform gives names that platform.
. "$(dirname "$0")/common.inc"
cat > w.c <<'C'
#include <stdint.h>
int64_t f(int64_t x) { if (x > 0) return x; }
C
"$PIXIE_BUILD" -o w.pixie w.c --export 'f=f:i64(i64)' --quiet 2>stderr.txt
diff -u - stderr.txt <<'EOF2' || fail "warnings"
w.c:2:45: warning: non-void function does not return a value in all control paths [-Wreturn-type]
    2 | int64_t f(int64_t x) { if (x > 0) return x; }
      |                                             ^
1 warning generated.
EOF2
cat > win.c <<'C'
#ifdef _WIN32
#warning only on windows
#endif
int f(int x) { return x; }
C
"$PIXIE_BUILD" -o win.pixie win.c --export 'f=f:i32(i32)' --quiet 2>stderr.txt
diff -u - stderr.txt <<'EOF2' || fail "platform warning"
win-64: win.c:2:2: warning: only on windows [-W#warnings]
    2 | #warning only on windows
      |  ^
1 warning generated.
EOF2
