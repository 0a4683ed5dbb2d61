# Globals that need code at load time are refused on every platform: a DLL
# built without a C runtime would never run it and compute with zeros.
. "$(dirname "$0")/common.inc"
cat > ctor.cpp <<'CPP'
static volatile int seed = 1;
static double scale = seed * 2.0;
extern "C" double get(double x) { return x * scale; }
CPP
expect_error "pixie-build: error: the inputs need code to run at load time (llvm.global_ctors: C++ dynamic initialisation or destruction of globals), which variants do not run; initialise globals with constant expressions" \
  "$PIXIE_BUILD" -o ctor.pixie ctor.cpp --export 'get=get:f64(f64)'
cat > constant.cpp <<'CPP'
static constexpr double scale = 2.0;
extern "C" double get(double x) { return x * scale; }
CPP
"$PIXIE_BUILD" -o constant.pixie constant.cpp --export 'get=get:f64(f64)' --quiet
