# A struct by value is no pointer, however each ABI lowers it: in memory
# (byval) on x86-64 Linux, as an array of doubles on Arm, by reference on
# Windows, where only the source's declared type shows it. Each platform's
# finding is named.
. "$(dirname "$0")/common.inc"
cat > sv.c <<'C'
struct V { double x, y, z; };
double sum(struct V v) { return v.x + v.y + v.z; }
C
expect_error "pixie-build: error: linux-64: export 'sum' (sum): parameter 1 of the function is a struct passed in memory (byval); signatures take scalars and pointers only
linux-aarch64: export 'sum' (sum): parameter 1 is const f64* in the signature, but the function takes the LLVM type [3 x double]
osx-arm64: export 'sum' (sum): parameter 1 is const f64* in the signature, but the function takes the LLVM type [3 x double]
win-64: export 'sum' (sum): parameter 1 (v) is const f64* in the signature, but the source declares struct V" \
  "$PIXIE_BUILD" -o sv.pixie sv.c --export 'sum=sum:f64(const f64*)'
