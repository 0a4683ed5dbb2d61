# --specialize copies a fat binary with a variant built for this exact host,
# keeping its identity, and the loader then picks that variant here.
. "$(dirname "$0")/common.inc"
: "${PIXIE_INSPECT:?set PIXIE_INSPECT to the pixie-inspect binary}"
write_add_ll
"$PIXIE_BUILD" --quiet -o add.pixie add.ll --export 'add=add:i64(i64, i64)' --platform linux-64,linux-aarch64
"$PIXIE_BUILD" -o here.pixie --specialize add.pixie > out.txt
grep -Eq '^wrote here.pixie: add.pixie plus linux-64/host-[a-z0-9_-]+ \([0-9]+ B; compiled from linux-64 bitcode, cpu [a-z0-9_-]+, -O3, [0-9.]+ ms\)$' out.txt \
  || fail "unexpected output: $(cat out.txt)"

json() { "$PIXIE_INSPECT" "$@" --json | /usr/bin/python3 -c "import json, sys; d = json.load(sys.stdin); print($EXPR)"; }
[ "$(EXPR='d["uuid"]' json add.pixie)" = "$(EXPR='d["uuid"]' json here.pixie)" ] || fail "the uuid changed"
[ "$(EXPR='[v["tier"] for v in d["variants"] if v["specialized"]]' json add.pixie)" = "[]" ] || fail "original changed"
tier=$(EXPR='[v["tier"] for v in d["variants"] if v["specialized"]][0]' json here.pixie)
[ "$(EXPR='d["decision"].split()[0]' json here.pixie --explain)" = "$tier" ] || fail "the loader does not pick $tier"

# Specialising again replaces the earlier specialised variant.
"$PIXIE_BUILD" --quiet -o again.pixie --specialize here.pixie
[ "$(EXPR='sum(v["specialized"] for v in d["variants"])' json again.pixie)" = "1" ] || fail "two specialised variants"

# Errors leave nothing behind (expect_error checks this directory).
mkdir inputs
"$PIXIE_BUILD" --quiet -o inputs/win.pixie add.ll --export 'add=add:i64(i64, i64)' --platform win-64
mv add.pixie inputs/
rm ./*.pixie
# Only bitcode of another data model (LLP64) cannot be compiled for this host.
expect_error "pixie-build: error: inputs/win.pixie: 'win' has no bitcode that can be compiled for linux-64 (it has: win-64)" \
  "$PIXIE_BUILD" -o x.pixie --specialize inputs/win.pixie
expect_error "pixie-build: error: cannot open 'missing.pixie': No such file or directory" \
  "$PIXIE_BUILD" -o x.pixie --specialize missing.pixie
expect_error "pixie-build: error: --specialize takes a .pixie file, not sources, a manifest or exports" \
  "$PIXIE_BUILD" -o x.pixie --specialize inputs/add.pixie add.ll
