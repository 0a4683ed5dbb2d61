# pixie's C library as the variants link it, seen in each variant's own
# binary (pixie-inspect --extract, then llvm-objdump-19 / llvm-readobj-19 /
# llvm-nm-19), for all 16 variants:
#  1. vectorised loops call the vector libm of their tier: y[i] = exp(x[i])
#     (and sin, pow, tanh, expf) calls _ZGVbN2v_exp on x86-64 and v2 (SSE2,
#     xmm only), _ZGVdN4v_exp on v3 (its code in ymm, no zmm anywhere),
#     _ZGVeN8v_exp on v4 (zmm), _ZGVnN2v_exp on every linux-aarch64 and
#     osx-arm64 tier (NEON v registers). COFF DLLs keep no symbols for hidden
#     functions, so on win-64 the whole text is checked: no ymm or zmm below
#     v3, packed SSE2 arithmetic there, ymm and no zmm at v3, zmm at v4.
#  2. imports: none for kernels that do not allocate (that vector kernel, and
#     tests/cross/libm_kernels.c, every scalar libm function); exactly malloc
#     and free for one that calls only those (ELF undefined dynamic symbols
#     without DT_NEEDED; Mach-O lazy binds to libSystem; COFF
#     _aligned_offset_malloc and _aligned_free from api-ms-win-crt-heap-l1-1-0.dll);
#     exactly the allocation functions tests/cross/alloc_kernels.cpp uses.
#  3. exports: exactly the exports; osx-arm64's dylibs carry LC_BUILD_VERSION
#     macOS 11.0 and a code signature.
repo=$(cd "$(dirname "$0")/../../.." && pwd)
. "$repo/tests/compiler/cli/common.inc"
: "${PIXIE_INSPECT:?set PIXIE_INSPECT to the pixie-inspect binary}"
objdump=$(command -v llvm-objdump-19 || echo /usr/lib/llvm-19/bin/llvm-objdump)
readobj=$(command -v llvm-readobj-19 || echo /usr/lib/llvm-19/bin/llvm-readobj)
nm=$(command -v llvm-nm-19 || echo /usr/lib/llvm-19/bin/llvm-nm)
errors=()
check() { # check CONDITION-STATUS MESSAGE: collect, so one run shows every failure
  [ "$1" -eq 0 ] || errors+=("$2")
}

variants() { # variants FILE.pixie: "platform/tier" lines, from the listing
  "$PIXIE_INSPECT" "$1" | awk '/^variants:/ {on = 1; next} /^$/ {on = 0} on && /^  [a-z]/ && $1 != "platform" {print $1 "/" $2}'
}
extract() { # extract FILE.pixie VARIANT: the variant's path
  local out=${1%.pixie}-${2//\//_}.bin
  "$PIXIE_INSPECT" "$1" --extract="$2" -o "$out" >/dev/null || fail "cannot extract $2 from $1"
  echo "$out"
}
# The disassembly of one function (the whole text when SYMBOL is empty).
disasm() { # disasm FILE SYMBOL
  local args=(-d --no-show-raw-insn --no-leading-addr)
  [ -n "$2" ] && args+=(--disassemble-symbols="$2")
  [[ $(file_machine "$1") == aarch64 ]] && args+=(--mattr=+sve,+sve2)
  "$objdump" "${args[@]}" "$1" | grep -v -e '^$' -e 'file format' -e '^Disassembly of'
}
file_machine() {
  case $("$readobj" --file-headers "$1" | awk '/^Arch:/ {print $2; exit}') in
    aarch64 | arm64) echo aarch64 ;; *) echo x86_64 ;;
  esac
}
# One "library:symbol" line per import, sorted ("*:symbol" for an ELF
# symbol from the global scope, "DT_NEEDED:library" for a needed library).
imports() { # imports FILE FORMAT
  case $2 in
    elf)
      "$nm" -D --undefined-only --format=just-symbols "$1" | sed 's/^/*:/'
      "$readobj" --needed-libs "$1" | awk '/^NeededLibraries/ {on = 1; next} on && /^\]/ {on = 0} on {print "DT_NEEDED:" $1}' ;;
    macho)
      "$objdump" --macho --bind --lazy-bind --weak-bind "$1" |
        awk '/^(segment|Bind table|Lazy bind|Weak bind)/ || NF < 4 {next} {print $(NF-1) ":" $NF}' ;;
    coff)
      "$readobj" --coff-imports "$1" | awk '/Name:/ {lib = $2} /Symbol:/ {print lib ":" $2}' ;;
  esac | sort -u
}
exports() { # exports FILE FORMAT: sorted names
  case $2 in
    elf) "$nm" -D --defined-only --extern-only --format=just-symbols "$1" ;;
    macho) "$nm" --defined-only --extern-only --format=just-symbols "$1" | sed 's/^_//' ;;
    coff) "$readobj" --coff-exports "$1" | awk '/Name:/ {print $2}' ;;
  esac | sort
}
format_of() {
  case $1 in linux-*) echo elf ;; osx-*) echo macho ;; win-*) echo coff ;; esac
}

# ---- 1. the vector libm ---------------------------------------------------------
cat > vec.c <<'C'
#include <math.h>
#include <stdint.h>
void vexp(const double *x, double *y, int64_t n) { for (int64_t i = 0; i < n; i++) y[i] = exp(x[i]); }
void vsin(const double *x, double *y, int64_t n) { for (int64_t i = 0; i < n; i++) y[i] = sin(x[i]); }
void vpow(const double *x, const double *e, double *y, int64_t n) {
  for (int64_t i = 0; i < n; i++) y[i] = pow(x[i], e[i]);
}
void vtanh(const double *x, double *y, int64_t n) { for (int64_t i = 0; i < n; i++) y[i] = tanh(x[i]); }
void vexpf(const float *x, float *y, int64_t n) { for (int64_t i = 0; i < n; i++) y[i] = expf(x[i]); }
C
"$PIXIE_BUILD" -o vec.pixie --quiet vec.c --export='vexp=vexp:void(const f64*, f64*, i64)' \
  --export='vsin=vsin:void(const f64*, f64*, i64)' --export='vpow=vpow:void(const f64*, const f64*, f64*, i64)' \
  --export='vtanh=vtanh:void(const f64*, f64*, i64)' --export='vexpf=vexpf:void(const f32*, f32*, i64)'
[ "$(variants vec.pixie | wc -l)" -eq 16 ] || fail "vec.pixie: expected 16 variants: $(variants vec.pixie)"

# The vector function each export must call, for a Vector Function ABI ISA
# letter and the lanes of double.
calls() { # calls LETTER LANES: "export:function" lines
  local l=$1 n=$2
  echo "vexp:_ZGV${l}N${n}v_exp vsin:_ZGV${l}N${n}v_sin vpow:_ZGV${l}N${n}vv_pow vtanh:_ZGV${l}N${n}v_tanh vexpf:_ZGV${l}N$((2 * n))v_expf"
}
for v in $(variants vec.pixie); do
  platform=${v%/*} tier=${v#*/}
  f=$(extract vec.pixie "$v")
  fmt=$(format_of "$platform")
  check "$([ -z "$(imports "$f" "$fmt")" ]; echo $?)" "$v: the vector kernel imports: $(imports "$f" "$fmt" | tr '\n' ' ')"
  check "$([ "$(exports "$f" "$fmt" | tr '\n' ' ')" = "vexp vexpf vpow vsin vtanh " ]; echo $?)" \
    "$v: the vector kernel exports $(exports "$f" "$fmt" | tr '\n' ' ')"
  if [ "$platform" = win-64 ]; then
    text=$(disasm "$f" "")
    has() { grep -qE "$1" <<<"$text"; }
    case $tier in
      x86-64 | x86-64-v2)
        check "$(! has '%[yz]mm'; echo $?)" "$v: ymm or zmm below x86-64-v3"
        check "$(has '(mul|add|sub)pd[[:space:]]+%xmm'; echo $?)" "$v: no packed SSE2 double arithmetic (the vector libm)" ;;
      x86-64-v3)
        check "$(has '%ymm'; echo $?)" "$v: no ymm"
        check "$(! has '%zmm'; echo $?)" "$v: zmm at x86-64-v3" ;;
      x86-64-v4)
        check "$(has '%zmm'; echo $?)" "$v: no zmm" ;;
    esac
    continue
  fi
  prefix=""
  [ "$platform" = osx-arm64 ] && prefix=_ # Mach-O's C symbol prefix
  case $platform/$tier in
    linux-64/x86-64 | linux-64/x86-64-v2) pairs=$(calls b 2) regs='%xmm' not='%[yz]mm' whole_not='%[yz]mm' ;;
    linux-64/x86-64-v3) pairs=$(calls d 4) regs='%ymm' not='%zmm' whole_not='%zmm' ;;
    linux-64/x86-64-v4) pairs=$(calls e 8) regs='%zmm' not='' whole_not='' ;;
    *) pairs=$(calls n 2) regs='\bv[0-9]+\.(2d|4s)\b|\.(2d|4s)[[:space:]]' not='' whole_not='' ;;
  esac
  if [ -n "$whole_not" ]; then
    check "$(! disasm "$f" "" | grep -qE "$whole_not"; echo $?)" "$v: $whole_not in the text"
  fi
  for pair in $pairs; do
    export_name=${pair%%:*} fn=${pair#*:}
    body=$(disasm "$f" "$prefix$export_name")
    check "$(grep -qE "(callq?|bl)[[:space:]].*<$prefix$fn>" <<<"$body"; echo $?)" \
      "$v: $export_name does not call $fn; it calls: $(grep -oE '<[^>+]+>' <<<"$body" | sort -u | tr '\n' ' ')"
    body=$(disasm "$f" "$prefix$fn")
    check "$([ -n "$body" ]; echo $?)" "$v: no function $fn in the image"
    check "$(grep -qE "$regs" <<<"$body"; echo $?)" "$v: $fn has no $regs registers"
    if [ -n "$not" ]; then
      check "$(! grep -qE "$not" <<<"$body"; echo $?)" "$v: $fn uses $not"
    fi
  done
done

# ---- 2 and 3. imports and exports ------------------------------------------------
cat > heap.c <<'C'
#include <stdint.h>
#include <stdlib.h>
double *make(int64_t n) {
  double *p = malloc((size_t)n * sizeof *p);
  for (int64_t i = 0; p && i < n; i++)
    p[i] = (double)i;
  return p;
}
void release(double *p) { free(p); }
C
"$PIXIE_BUILD" -o heap.pixie --quiet heap.c --export='make=make:f64*(i64)' --export='release=release:void(f64*)'
"$PIXIE_BUILD" -o libm.pixie --quiet -I "$repo/tests/cross" "$repo/tests/cross/libm_kernels.c" \
  --export='libm_eval_f64=libm_eval_f64:i32(i32, i64, const f64*, const f64*, const f64*, f64*)' \
  --export='libm_eval_f32=libm_eval_f32:i32(i32, i64, const f32*, const f32*, const f32*, f32*)' \
  --export='libm_count=libm_count:i32(i32)'
"$PIXIE_BUILD" -o alloc.pixie --quiet "$repo/tests/cross/alloc_kernels.cpp" \
  --export='alloc_c=alloc_c:i64(i64, i64)' --export='alloc_cxx=alloc_cxx:i64(i64, i64)' \
  --export='alloc_realloc_aligned=alloc_realloc_aligned:i64(i64)' \
  --export='alloc_make=alloc_make:f64*(i64)' --export='alloc_consume=alloc_consume:f64(f64*, i64)'

# expect_imports FILE.pixie "ELF" "Mach-O" "COFF": each a space-separated list
# of library:symbol ("-" for none).
expect_imports() {
  local pixie=$1 v f fmt want got
  for v in $(variants "$pixie"); do
    f=$(extract "$pixie" "$v")
    fmt=$(format_of "${v%/*}")
    case $fmt in elf) want=$2 ;; macho) want=$3 ;; coff) want=$4 ;; esac
    [ "$want" = - ] && want=""
    want=$(tr ' ' '\n' <<<"$want" | sed '/^$/d' | sort -u)
    got=$(imports "$f" "$fmt")
    check "$([ "$got" = "$want" ]; echo $?)" "$v of $pixie imports [$(tr '\n' ',' <<<"$got")], expected [$(tr '\n' ',' <<<"$want")]"
    if [ "$fmt" = macho ]; then
      local headers
      headers=$("$objdump" --macho --private-headers "$f")
      check "$(grep -A4 'cmd LC_BUILD_VERSION' <<<"$headers" | grep -qE 'minos 11\.0$'; echo $?)" "$v of $pixie: no LC_BUILD_VERSION for macOS 11.0"
      check "$(grep -q 'cmd LC_CODE_SIGNATURE' <<<"$headers"; echo $?)" "$v of $pixie: no code signature"
      if [ -n "$want" ]; then
        check "$(grep -A2 'cmd LC_LOAD_DYLIB' <<<"$headers" | grep -q 'name /usr/lib/libSystem.B.dylib '; echo $?)" "$v of $pixie: imports without loading libSystem"
      else
        check "$(! grep -q 'cmd LC_LOAD_DYLIB' <<<"$headers"; echo $?)" "$v of $pixie: loads a dylib while importing nothing"
      fi
    fi
  done
}
expect_imports libm.pixie - - -
heap=api-ms-win-crt-heap-l1-1-0.dll
expect_imports heap.pixie "*:free *:malloc" "libSystem:_free libSystem:_malloc libSystem:dyld_stub_binder" \
  "$heap:_aligned_free $heap:_aligned_offset_malloc"
expect_imports alloc.pixie "$(printf '*:%s ' aligned_alloc calloc free malloc posix_memalign realloc)" \
  "$(printf 'libSystem:_%s ' aligned_alloc calloc free malloc posix_memalign realloc) libSystem:dyld_stub_binder" \
  "$heap:_aligned_free $heap:_aligned_offset_malloc $heap:_aligned_offset_realloc"

for v in $(variants libm.pixie); do
  f=$(extract libm.pixie "$v")
  got=$(exports "$f" "$(format_of "${v%/*}")" | tr '\n' ' ')
  check "$([ "$got" = "libm_count libm_eval_f32 libm_eval_f64 " ]; echo $?)" "$v of libm.pixie exports $got"
done

if [ ${#errors[@]} -ne 0 ]; then
  printf 'FAIL: %s\n' "${errors[@]}" >&2
  exit 1
fi
echo ok
