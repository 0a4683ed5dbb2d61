// Argument binding, overload resolution, extent checks and the native call
// for pixie.Kernel (kernel.h). The rules, which README.md and pixie's
// docstring summarise:
//
// Parameters. Python sees an export's declared parameters minus the integer
// parameters that carry an array extent ("void(i64 n, f64 a, const f64[n] x,
// f64[n] y)" is called as f(a, x, y)). Named parameters may be passed by
// keyword; unnamed ones only by position.
//
// Arrays (signature "f64[n]", "const f32[m, k]"): a NumPy array or other
// buffer whose element type is exactly the signature's (no casts: the kernel
// gets a pointer), whose ndim is the number of extents, C-contiguous, and
// writable unless the elements are const. Each named extent is read from the
// shapes; every array naming it must agree and fixed extents must match, else
// ValueError naming the parameters and their shapes, raised before the kernel
// runs. None, lists, scalars and ctypes pointers are refused (TypeError).
// A non-const array may be omitted (not passed, or None) when the other
// arrays give all its extents: it is allocated zero-filled, as numpy.zeros
// would (through NumPy's C API when its ABI matches our headers, else by
// calling numpy.zeros; NumPy is imported then, and only then; zeros rather
// than empty, so an in/out array such as axpy's y starts from 0, never from
// stale heap memory) and returned: the one array, a tuple of them in
// parameter order, or (value, arrays...) when the kernel returns a value.
// Pointers (old signatures, "f64*") are unchecked in length, as before: a
// buffer of the pointee type, a ctypes pointer, or None for NULL.
//
// Overloads: every argument is rated against every overload: exact (an
// array's or NumPy scalar's dtype is the type; a Python int into i64; a
// Python float into f64), safe (a NumPy scalar into a wider type of the same
// kind, unsigned into a wider signed; a Python int into another integer type
// that holds its value), kind (an integer into f64, a NumPy integer of at most
// 16 bits into f32), weak (a Python float or int into f32: Python numbers are
// "weak" as in NEP 50, so 2.0 scales a float32 array). Never float64 into f32,
// signed into unsigned, or an array of another dtype. An overload rates as
// its worst argument; the best rating wins if exactly one overload has it, and
// a tie is a SignatureError (a TypeError) listing every overload: the
// declaration order never decides.
//
// The call: straight through the C ABI when every lowered parameter fits in
// registers (x86-64 System V: 6 integer and 8 floating-point; AArch64: 8 and
// 8), else through libffi (PIXIE_PYTHON_LIBFFI=1 forces libffi everywhere).
// The GIL is released around the native call when the arrays and buffers it
// is given (passed or allocated) hold at least 16 KiB, or a ctypes pointer of
// unknown length is passed: the kernel's work is then worth another thread's
// running. Smaller calls and scalar-only calls keep it, as Numba's dispatcher
// does: releasing and re-taking the GIL costs more than such a call (two mutex
// round trips, about as much as the rest of the call together).
#include "kernel.h"

#include "errors.h"
#include "ndarray.h"

#include <ffi.h>

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace pixie::python {
namespace {

// Lowered parameters: the declared ones plus appended extents.
constexpr size_t kMaxCParams = 2 * kMaxSignatureParams;
// Positional plus keyword arguments of one call.
constexpr size_t kMaxCallArgs = kMaxSignatureParams;
// The GIL is released around calls whose arrays hold at least this much
// data: below it, releasing and re-taking the GIL (two mutex round trips,
// ~40 ns) costs more than other threads could gain.
constexpr size_t kReleaseGilBytes = 16384;
static_assert(kMaxSignatureParams <= 64, "bindings track parameters in one word");

#if defined(__x86_64__) && !defined(_WIN32)
#define PIXIE_DIRECT_CALLS 1
constexpr unsigned kIntRegs = 6, kFloatRegs = 8;
#define PIXIE_INT_PARAMS uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t
#define PIXIE_INT_ARGS(r) r[0], r[1], r[2], r[3], r[4], r[5]
#elif defined(__aarch64__) && !defined(_WIN32)
#define PIXIE_DIRECT_CALLS 1
constexpr unsigned kIntRegs = 8, kFloatRegs = 8;
#define PIXIE_INT_PARAMS uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t
#define PIXIE_INT_ARGS(r) r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]
#else
#define PIXIE_DIRECT_CALLS 0
#endif

#if PIXIE_DIRECT_CALLS
// Every register-only signature is called as one of these two: integer and
// pointer arguments go to the integer registers in order, floating-point ones
// to the vector registers in order, independently of how they interleave (the
// System V and AAPCS64 rules); unused registers are ignored by the callee.
// An f32 travels in the low half of a double's register, as the ABI has it.
#define PIXIE_FLOAT_PARAMS double, double, double, double, double, double, double, double
#define PIXIE_FLOAT_ARGS(r) r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]
using DirectInt = uint64_t (*)(PIXIE_INT_PARAMS, PIXIE_FLOAT_PARAMS);
using DirectFloat = double (*)(PIXIE_INT_PARAMS, PIXIE_FLOAT_PARAMS);
#endif

ffi_type *ffiType(const SigType &t) {
  if (t.isPointer()) return &ffi_type_pointer;
  switch (t.scalar) {
  case ScalarKind::Void: return &ffi_type_void;
  case ScalarKind::I8: return &ffi_type_sint8;
  case ScalarKind::I16: return &ffi_type_sint16;
  case ScalarKind::I32: return &ffi_type_sint32;
  case ScalarKind::I64: return &ffi_type_sint64;
  case ScalarKind::U8: return &ffi_type_uint8;
  case ScalarKind::U16: return &ffi_type_uint16;
  case ScalarKind::U32: return &ffi_type_uint32;
  case ScalarKind::U64: return &ffi_type_uint64;
  case ScalarKind::F32: return &ffi_type_float;
  case ScalarKind::F64: return &ffi_type_double;
  }
  return &ffi_type_void;
}

// An element type as (NumPy kind, item size): how NumPy dtypes and buffer
// formats are compared with signature scalars and named in messages.
struct Elem {
  char kind; // 'i', 'u', 'f', or another NumPy kind; 0 when unknown
  int size;
};

Elem elemOf(ScalarKind kind) {
  switch (kind) {
  case ScalarKind::Void: return {0, 0};
  case ScalarKind::I8: return {'i', 1};
  case ScalarKind::I16: return {'i', 2};
  case ScalarKind::I32: return {'i', 4};
  case ScalarKind::I64: return {'i', 8};
  case ScalarKind::U8: return {'u', 1};
  case ScalarKind::U16: return {'u', 2};
  case ScalarKind::U32: return {'u', 4};
  case ScalarKind::U64: return {'u', 8};
  case ScalarKind::F32: return {'f', 4};
  case ScalarKind::F64: return {'f', 8};
  }
  return {0, 0};
}

// Buffer-protocol formats in native byte order ('@', '=' or '<' here).
Elem elemOfFormat(const char *format, Py_ssize_t itemsize) {
  if (!format) format = "B";
  if (*format == '@' || *format == '=' || *format == '<') ++format;
  if (format[0] == '\0' || format[1] != '\0') return {0, 0};
  char c = format[0];
  if (std::strchr("bhilq", c)) return {'i', int(itemsize)};
  if (std::strchr("BHILQ", c)) return {'u', int(itemsize)};
  if (c == 'f' || c == 'd' || c == 'e') return {'f', int(itemsize)};
  if (c == '?') return {'b', int(itemsize)};
  return {0, 0};
}

std::string elemName(Elem e) {
  switch (e.kind) {
  case 'i': return "int" + std::to_string(e.size * 8);
  case 'u': return "uint" + std::to_string(e.size * 8);
  case 'f': return "float" + std::to_string(e.size * 8);
  case 'b': return "bool";
  case 'c': return "complex" + std::to_string(e.size * 8);
  case 0: return "an unknown type";
  }
  return std::string("dtype kind '") + e.kind + "' of " + std::to_string(e.size) + " bytes";
}

bool elemMatches(ScalarKind want, Elem got) {
  if (want == ScalarKind::Void) return true;
  Elem e = elemOf(want);
  return e.kind == got.kind && e.size == got.size;
}

// Item size of a one-character native format, for pointee formats that carry
// no item size of their own.
Py_ssize_t nativeSize(const char *format) {
  if (*format == '@' || *format == '=' || *format == '<') ++format;
  switch (*format) {
  case 'b': case 'B': return 1;
  case 'h': case 'H': return 2;
  case 'i': case 'I': case 'f': return 4;
  case 'l': case 'L': case 'q': case 'Q': case 'd': return 8;
  }
  return 0;
}

// ctypes pointers present their pointer value as a zero-dimensional buffer of
// format "&<pointee>" (typed) or "P" (c_void_p). Returns the pointee format
// ("" for void) for such buffers, nullptr for ordinary arrays. A ctypes array
// of one pointer has the same format and size but one dimension: it is an
// array of addresses, not a pointer.
const char *ctypesPointee(const Py_buffer *view) {
  const char *f = view->format;
  if (!f || view->ndim != 0 || view->itemsize != sizeof(void *) || view->len != sizeof(void *)) return nullptr;
  if (*f == '<' || *f == '@' || *f == '=') ++f;
  if (*f == '&') return f + 1;
  if (f[0] == 'P' && f[1] == '\0') return "";
  return nullptr;
}

bool isSignedKind(ScalarKind k) {
  return k == ScalarKind::I8 || k == ScalarKind::I16 || k == ScalarKind::I32 || k == ScalarKind::I64;
}

// ---------------------------------------------------------------------------
// What each argument is, found once per call and shared by every overload.

enum class Cls : uint8_t {
  Array,      // a NumPy array or another buffer (typed: a 0-d array also rates as a NumPy scalar)
  Ctypes,     // a ctypes pointer: data = the pointer, elem = the pointee (kind 0: void or unknown)
  None,
  Int,        // a Python int or bool, or an object with __index__
  Float,      // a Python float, or an object with __float__
  Typed,      // a NumPy scalar
  Unreadable, // has a buffer that cannot be read
  Other,
};

// Trivially constructible, so a call's table of them costs nothing to set up.
struct ArgInfo {
  Cls cls;
  bool typed;      // elem + value hold a NumPy scalar's (Typed, or a 0-d Array)
  bool native;     // Array: native byte order
  bool contiguous; // Array: C-contiguous
  bool writable;   // Array
  uint8_t range;   // integers: 0 = value in i, 1 = above INT64_MAX in u, 2 = beyond 64 bits
  Elem elem;
  int ndim;
  const Py_ssize_t *shape;
  void *data;
  const char *format; // Array from a buffer: its format, for messages
  size_t nbytes;      // Array: the data's size
  int64_t i;
  uint64_t u;
  double d;
};

struct CallState {
  ArgInfo info[kMaxCallArgs];
  Py_buffer buffers[kMaxCallArgs];
  uint64_t held = 0;
  CallState() {}
  ~CallState() {
    for (size_t i = 0; held; ++i, held >>= 1)
      if (held & 1) PyBuffer_Release(&buffers[i]);
  }
  CallState(const CallState &) = delete;
  CallState &operator=(const CallState &) = delete;
};

void readInt(PyObject *value, ArgInfo &a) {
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(value, &overflow);
  a.range = 0;
  a.i = v;
  a.u = static_cast<uint64_t>(v);
  if (overflow > 0) {
    unsigned long long u = PyLong_AsUnsignedLongLong(value);
    if (PyErr_Occurred()) {
      PyErr_Clear();
      a.range = 2;
    } else {
      a.u = u;
      a.range = 1;
    }
  } else if (overflow < 0) {
    a.range = 2;
  }
}

// A value of NumPy type `e` stored at p (native order), as a Typed value.
bool readTypedValue(Elem e, const void *p, ArgInfo &a) {
  a.range = 0;
  switch (e.kind) {
  case 'b': a.i = *static_cast<const uint8_t *>(p) != 0; break;
  case 'i':
    switch (e.size) {
    case 1: { int8_t v; std::memcpy(&v, p, 1); a.i = v; break; }
    case 2: { int16_t v; std::memcpy(&v, p, 2); a.i = v; break; }
    case 4: { int32_t v; std::memcpy(&v, p, 4); a.i = v; break; }
    case 8: { int64_t v; std::memcpy(&v, p, 8); a.i = v; break; }
    default: return false;
    }
    break;
  case 'u':
    switch (e.size) {
    case 1: { uint8_t v; std::memcpy(&v, p, 1); a.i = v; break; }
    case 2: { uint16_t v; std::memcpy(&v, p, 2); a.i = v; break; }
    case 4: { uint32_t v; std::memcpy(&v, p, 4); a.i = v; break; }
    case 8: {
      uint64_t v;
      std::memcpy(&v, p, 8);
      a.u = v;
      a.i = int64_t(v);
      a.range = v > uint64_t(INT64_MAX) ? 1 : 0;
      return true;
    }
    default: return false;
    }
    break;
  case 'f':
    if (e.size == 4) { float v; std::memcpy(&v, p, 4); a.d = v; return true; }
    if (e.size == 8) { std::memcpy(&a.d, p, 8); return true; }
    return false; // float16 and long double are not read: they rate as no match
  default: return false;
  }
  a.u = static_cast<uint64_t>(a.i);
  return true;
}

// NumPy scalar types, recognised by their type object (numpy.generic in the
// MRO) and remembered with their dtype, so NumPy is never imported.
struct ScalarType {
  PyTypeObject *type;
  Elem elem; // kind 0: not a NumPy scalar type
};
ScalarType gScalarTypes[48];
size_t gScalarTypeCount = 0;

bool numpyScalarElem(PyObject *obj, Elem &elem) {
  PyTypeObject *type = Py_TYPE(obj);
  for (size_t i = 0; i < gScalarTypeCount; ++i)
    if (gScalarTypes[i].type == type) return (elem = gScalarTypes[i].elem).kind != 0;
  if (std::strncmp(type->tp_name, "numpy.", 6) != 0) return false;
  Elem found{0, 0};
  bool generic = false;
  if (PyObject *mro = type->tp_mro)
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(mro); ++i)
      if (std::strcmp(reinterpret_cast<PyTypeObject *>(PyTuple_GET_ITEM(mro, i))->tp_name, "numpy.generic") == 0)
        generic = true;
  if (generic) {
    if (PyObject *dtype = PyObject_GetAttrString(obj, "dtype")) {
      PyObject *kind = PyObject_GetAttrString(dtype, "kind");
      PyObject *size = PyObject_GetAttrString(dtype, "itemsize");
      const char *k = kind && PyUnicode_Check(kind) ? PyUnicode_AsUTF8(kind) : nullptr;
      long s = size ? PyLong_AsLong(size) : -1;
      if (k && k[0] && !k[1] && s > 0 && s <= 64) found = {k[0], int(s)};
      Py_XDECREF(kind);
      Py_XDECREF(size);
      Py_DECREF(dtype);
    }
    PyErr_Clear();
  }
  if (gScalarTypeCount < sizeof gScalarTypes / sizeof gScalarTypes[0]) {
    Py_INCREF(type);
    gScalarTypes[gScalarTypeCount++] = {type, found};
  }
  return (elem = found).kind != 0;
}

void classify(PyObject *obj, size_t index, CallState &st) {
  ArgInfo &a = st.info[index];
  a.typed = false;
  if (PyFloat_CheckExact(obj)) {
    a.cls = Cls::Float;
    a.d = PyFloat_AS_DOUBLE(obj);
    return;
  }
  if (PyLong_CheckExact(obj) || PyBool_Check(obj)) {
    a.cls = Cls::Int;
    readInt(obj, a);
    return;
  }
  if (NdarrayView v; readNdarray(obj, v)) {
    a.cls = Cls::Array;
    a.elem = {v.kind, v.itemsize};
    a.native = v.native || v.itemsize == 1;
    a.contiguous = v.c_contiguous;
    a.writable = v.writable;
    a.ndim = v.ndim;
    a.shape = v.shape;
    a.data = v.data;
    a.format = nullptr;
    size_t items = 1;
    for (int d = 0; d < v.ndim; ++d) items *= size_t(v.shape[d]);
    a.nbytes = items * size_t(v.itemsize);
    if (v.ndim == 0 && a.native) a.typed = readTypedValue(a.elem, v.data, a);
    return;
  }
  if (obj == Py_None) {
    a.cls = Cls::None;
    return;
  }
  if (Elem e; numpyScalarElem(obj, e)) {
    a.cls = Cls::Typed;
    a.elem = e;
    a.range = 0;
    a.i = 0;
    a.u = 0;
    a.d = 0;
    if (e.kind == 'b') {
      a.i = PyObject_IsTrue(obj) == 1;
    } else if (e.kind == 'i' || e.kind == 'u') {
      if (PyObject *v = PyNumber_Index(obj)) {
        readInt(v, a);
        Py_DECREF(v);
      }
    } else if (e.kind == 'f') {
      a.d = PyFloat_AsDouble(obj);
    }
    PyErr_Clear();
    a.typed = true;
    return;
  }
  if (PyFloat_Check(obj)) {
    a.cls = Cls::Float;
    a.d = PyFloat_AS_DOUBLE(obj);
    return;
  }
  if (PyLong_Check(obj)) {
    a.cls = Cls::Int;
    readInt(obj, a);
    return;
  }
  if (PyObject_CheckBuffer(obj)) {
    Py_buffer *view = &st.buffers[index];
    if (PyObject_GetBuffer(obj, view, PyBUF_FORMAT | PyBUF_STRIDES) != 0) {
      PyErr_Clear();
      a.cls = Cls::Unreadable;
      return;
    }
    st.held |= uint64_t(1) << index;
    if (const char *pointee = ctypesPointee(view)) {
      a.cls = Cls::Ctypes;
      a.elem = *pointee ? elemOfFormat(pointee, nativeSize(pointee)) : Elem{0, 0};
      a.format = pointee;
      std::memcpy(&a.data, view->buf, sizeof a.data);
      return;
    }
    a.cls = Cls::Array;
    a.elem = elemOfFormat(view->format, view->itemsize);
    a.native = a.elem.kind != 0;
    a.contiguous = PyBuffer_IsContiguous(view, 'C');
    a.writable = !view->readonly;
    a.ndim = view->ndim;
    a.shape = view->shape;
    a.data = view->buf;
    a.format = view->format ? view->format : "B";
    a.nbytes = size_t(view->len);
    return;
  }
  if (PyIndex_Check(obj)) {
    if (PyObject *v = PyNumber_Index(obj)) {
      a.cls = Cls::Int;
      readInt(v, a);
      Py_DECREF(v);
      return;
    }
    PyErr_Clear();
  } else if (PyNumber_Check(obj) && !PyComplex_Check(obj) && Py_TYPE(obj)->tp_as_number->nb_float) {
    double d = PyFloat_AsDouble(obj);
    if (!(d == -1.0 && PyErr_Occurred())) {
      a.cls = Cls::Float;
      a.d = d;
      return;
    }
    PyErr_Clear();
  }
  a.cls = Cls::Other;
}

// ---------------------------------------------------------------------------
// Overloads, prepared once per kernel.

enum Level : int { kNoMatch = -1, kExact = 0, kSafe = 1, kKind = 2, kWeak = 3 };

const char *levelText(int level) {
  switch (level) {
  case kExact: return "exactly";
  case kSafe: return "by a safe cast";
  case kKind: return "by an integer-to-float conversion";
  case kWeak: return "by rounding a Python number to f32";
  }
  return "";
}

enum class PKind : uint8_t { Int, Float, Pointer, Array };

struct ParamSpec {
  PKind kind = PKind::Int;
  ScalarKind scalar = ScalarKind::Void; // Int/Float: the type; Pointer/Array: the element (u64 behind **)
  Elem elem{0, 0};                      // elemOf(scalar)
  bool is_const = false;
  bool omittable = false;  // a non-const array whose extents are all fixed or named
  uint8_t ndim = 0;
  uint16_t c_index = 0;    // in the lowered C parameters
  uint16_t position = 0;   // 1-based, among the declared parameters
  int16_t ext[kMaxArrayRank] = {}; // extent id, or -1 when fixed
  int64_t fixed[kMaxArrayRank] = {};
  uint64_t ext_mask = 0;   // the named extents (ids < 64)
  PyObject *name = nullptr; // interned; null when unnamed (positional only)
  std::string label;       // "argument 3 (const f64[n] x)"
  std::string pyname;      // "x", or "arg3" when unnamed
  std::string display;     // "x", or "argument 3" when unnamed
  std::string annotation;  // "const f64[n]"
};

struct ExtentSpec {
  std::string name;
  uint16_t c_index = 0;
  ScalarKind type = ScalarKind::I64;
  int position = 0; // the declared parameter carrying it (1-based), 0 when appended
};

struct Overload {
  OverloadTarget target;
  Lowering low;
  std::vector<ParamSpec> params; // what Python sees, in order
  std::vector<ExtentSpec> extents;
  size_t required = 0; // params that cannot be omitted
  std::string unusable; // why it cannot be called, when it cannot
  ffi_cif cif{};
  std::vector<ffi_type *> types;
  bool direct = false;
  bool ret_float = false;
  uint8_t reg[kMaxCParams] = {};
  bool float_reg[kMaxCParams] = {};

  Overload() = default;
  Overload(const Overload &) = delete;
  Overload &operator=(const Overload &) = delete;
  ~Overload() {
    for (ParamSpec &p : params) Py_XDECREF(p.name);
  }
};

struct KernelObject {
  PyObject_HEAD
  vectorcallfunc vectorcall;
  PyObject *owner;
  std::string *name;
  std::string *doc;
  std::vector<std::unique_ptr<Overload>> *overloads;
};

bool forceLibffi() {
  static const bool force = [] {
    const char *v = std::getenv("PIXIE_PYTHON_LIBFFI");
    return v && *v && std::strcmp(v, "0") != 0;
  }();
  return force;
}

std::unique_ptr<Overload> prepare(OverloadTarget target) {
  auto o = std::make_unique<Overload>();
  o->target = std::move(target);
  const Signature &sig = o->target.sig;
  o->low = lower(sig);
  const Lowering &low = o->low;
  size_t nc = low.c.params.size();
  if (nc > kMaxCParams) {
    o->unusable = "has " + std::to_string(nc) + " parameters once lowered to the C ABI; at most " +
                  std::to_string(kMaxCParams) + " can be called";
    return o;
  }
  std::vector<bool> hidden(low.declared, false);
  for (size_t e = 0; e < low.extents.size(); ++e) {
    ExtentSpec x;
    x.name = low.extents[e];
    x.c_index = uint16_t(low.extent_params[e]);
    x.type = low.c.params[x.c_index].scalar;
    if (x.c_index < low.declared) {
      hidden[x.c_index] = true;
      x.position = int(x.c_index) + 1;
    }
    o->extents.push_back(std::move(x));
  }
  for (size_t i = 0; i < low.declared; ++i) {
    if (hidden[i]) continue;
    const SigType &t = sig.params[i];
    ParamSpec p;
    p.position = uint16_t(i + 1);
    p.c_index = uint16_t(i);
    p.label = "argument " + std::to_string(i + 1) + " (" + toString(t) + ")";
    p.pyname = t.name.empty() ? "arg" + std::to_string(i + 1) : t.name;
    p.display = t.name.empty() ? "argument " + std::to_string(i + 1) : t.name;
    SigType bare = t;
    bare.name.clear();
    p.annotation = toString(bare);
    p.is_const = t.is_const;
    if (t.isArray()) {
      p.kind = PKind::Array;
      p.scalar = t.scalar;
      p.ndim = uint8_t(t.extents.size());
      bool allNamedSmall = true;
      for (size_t d = 0; d < t.extents.size(); ++d) {
        const Extent &e = t.extents[d];
        if (e.name.empty()) {
          p.ext[d] = -1;
          p.fixed[d] = e.size;
          continue;
        }
        size_t id = size_t(std::find(low.extents.begin(), low.extents.end(), e.name) - low.extents.begin());
        p.ext[d] = int16_t(id);
        if (id < 64) p.ext_mask |= uint64_t(1) << id;
        else allNamedSmall = false;
      }
      p.omittable = !t.is_const && allNamedSmall;
    } else if (t.isPointer()) {
      p.kind = PKind::Pointer;
      p.scalar = t.pointer_depth == 1 ? t.scalar : ScalarKind::U64; // a pointer to pointers points at addresses
    } else {
      p.kind = t.isFloat() ? PKind::Float : PKind::Int;
      p.scalar = t.scalar;
    }
    p.elem = elemOf(p.scalar);
    if (!p.omittable) ++o->required;
    if (!t.name.empty()) p.name = PyUnicode_InternFromString(t.name.c_str());
    o->params.push_back(std::move(p));
  }
  for (const SigType &param : low.c.params) o->types.push_back(ffiType(param));
  if (ffi_prep_cif(&o->cif, FFI_DEFAULT_ABI, unsigned(o->types.size()), ffiType(sig.ret), o->types.data()) !=
      FFI_OK) {
    o->unusable = "cannot be described to libffi";
    return o;
  }
#if PIXIE_DIRECT_CALLS
  unsigned ints = 0, floats = 0;
  for (size_t c = 0; c < nc; ++c) {
    bool f = low.c.params[c].isFloat();
    o->float_reg[c] = f;
    o->reg[c] = uint8_t(f ? floats++ : ints++);
  }
  o->direct = ints <= kIntRegs && floats <= kFloatRegs && !forceLibffi();
  o->ret_float = sig.ret.isFloat();
#endif
  return o;
}

// ---------------------------------------------------------------------------
// Binding arguments to one overload's parameters.

struct Binding {
  int8_t arg[kMaxSignatureParams]; // parameter -> argument index, -1 when omitted
  uint64_t omitted;
};

std::string plural(size_t n, const char *word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string takes(const Overload &o, size_t n) {
  size_t all = o.params.size();
  std::string count = o.required == all ? plural(all, "argument")
                                        : std::to_string(o.required) + " to " + plural(all, "argument");
  return "takes " + count + ", " + std::to_string(n) + " given";
}

std::string extentNames(const Overload &o, uint64_t mask) {
  std::string s;
  for (size_t id = 0; id < 64 && id < o.extents.size(); ++id)
    if (mask & (uint64_t(1) << id)) s += (s.empty() ? "" : ", ") + o.extents[id].name;
  return s;
}

bool bind(const Overload &o, PyObject *const *args, size_t n, PyObject *kwnames, Binding &b, std::string *why) {
  size_t count = o.params.size();
  if (n > count) {
    if (why) *why = takes(o, n);
    return false;
  }
  for (size_t i = 0; i < count; ++i) b.arg[i] = int8_t(i < n ? int(i) : -1);
  if (kwnames) {
    Py_ssize_t nkw = PyTuple_GET_SIZE(kwnames);
    for (Py_ssize_t j = 0; j < nkw; ++j) {
      PyObject *key = PyTuple_GET_ITEM(kwnames, j);
      size_t found = count;
      for (size_t i = 0; i < count && found == count; ++i)
        if (o.params[i].name == key) found = i;
      for (size_t i = 0; i < count && found == count; ++i)
        if (o.params[i].name && PyUnicode_Compare(o.params[i].name, key) == 0) found = i;
      if (found == count) {
        if (why) {
          const char *k = PyUnicode_AsUTF8(key);
          *why = std::string("no parameter is named '") + (k ? k : "?") + "'";
          PyErr_Clear();
        }
        return false;
      }
      if (b.arg[found] >= 0) {
        if (why) *why = "got two values for '" + o.params[found].pyname + "'";
        return false;
      }
      b.arg[found] = int8_t(n + size_t(j));
    }
  }
  b.omitted = 0;
  uint64_t known = 0;
  for (size_t i = 0; i < count; ++i) {
    const ParamSpec &p = o.params[i];
    if (b.arg[i] < 0 || (p.omittable && args[b.arg[i]] == Py_None)) {
      if (!p.omittable) {
        if (why) *why = kwnames ? "missing " + p.label : takes(o, n);
        return false;
      }
      b.arg[i] = -1;
      b.omitted |= uint64_t(1) << i;
    } else if (p.kind == PKind::Array) {
      known |= p.ext_mask;
    }
  }
  if (b.omitted)
    for (size_t i = 0; i < count; ++i)
      if ((b.omitted >> i) & 1) {
        uint64_t unknown = o.params[i].ext_mask & ~known;
        if (!unknown) continue;
        if (why)
          *why = o.params[i].label + ": not given, and it cannot be allocated: " +
                 (std::popcount(unknown) == 1 ? "extent " : "extents ") + extentNames(o, unknown) +
                 " not known from the other arrays";
        return false;
      }
  return true;
}

// ---------------------------------------------------------------------------
// Rating one argument against one parameter.

const char *typeName(PyObject *obj) { return obj == Py_None ? "None" : Py_TYPE(obj)->tp_name; }

bool intFits(const ArgInfo &a, ScalarKind k) {
  if (a.range == 2) return false;
  unsigned bits = elemOf(k).size * 8;
  if (isSignedKind(k)) {
    if (a.range == 1) return false;
    if (bits == 64) return true;
    return a.i >= -(int64_t(1) << (bits - 1)) && a.i <= (int64_t(1) << (bits - 1)) - 1;
  }
  if (a.range == 0 && a.i < 0) return false;
  uint64_t u = a.range ? a.u : uint64_t(a.i);
  return bits == 64 || (u >> bits) == 0;
}

std::string intText(const ArgInfo &a, PyObject *obj) {
  if (a.range == 0) return std::to_string(a.i);
  if (a.range == 1) return std::to_string(a.u);
  PyObject *text = PyObject_Str(obj);
  std::string s = text ? PyUnicode_AsUTF8(text) : "the value";
  Py_XDECREF(text);
  PyErr_Clear();
  return s;
}

// NumPy's "safe" casting between the types a signature can name.
int typedLevel(Elem from, ScalarKind to) {
  Elem t = elemOf(to);
  if (from.kind == t.kind && from.size == t.size) return kExact;
  if (from.kind == 'b') return t.kind == 'f' ? kKind : kSafe;
  if (t.kind == 'i' || t.kind == 'u') {
    if (from.kind == 'i') return t.kind == 'i' && t.size > from.size ? kSafe : kNoMatch;
    if (from.kind == 'u') return t.size > from.size ? kSafe : kNoMatch;
    return kNoMatch;
  }
  if (t.kind == 'f') {
    if (from.kind == 'f') return t.size > from.size ? kSafe : kNoMatch;
    if (from.kind == 'i' || from.kind == 'u') return from.size <= 2 || t.size == 8 ? kKind : kNoMatch;
  }
  return kNoMatch;
}

// A Python int as a double (matching has checked that it converts).
double intToDouble(const ArgInfo &a, PyObject *obj) {
  if (a.range == 0) return double(a.i);
  if (a.range == 1) return double(a.u);
  return PyFloat_AsDouble(obj);
}

std::string describe(const ArgInfo &a, PyObject *obj) {
  if (a.cls == Cls::Array) return "a " + std::to_string(a.ndim) + "-d " + elemName(a.elem) + " array";
  return typeName(obj);
}

int rate(const ArgInfo &a, PyObject *obj, const ParamSpec &p, std::string *why) {
  auto fail = [&](const std::string &what) {
    *why = p.label + ": " + what;
    return kNoMatch;
  };
  switch (p.kind) {
  case PKind::Int: {
    if (a.cls == Cls::Int) {
      if (!intFits(a, p.scalar))
        return why ? fail(intText(a, obj) + " is out of range for " + scalarName(p.scalar)) : kNoMatch;
      return p.scalar == ScalarKind::I64 ? kExact : kSafe;
    }
    if (a.typed && (a.elem.kind == 'i' || a.elem.kind == 'u' || a.elem.kind == 'b')) {
      int level = typedLevel(a.elem, p.scalar);
      if (level == kNoMatch && why)
        fail(elemName(a.elem) + " cannot be cast safely to " + scalarName(p.scalar));
      return level;
    }
    return why ? fail(std::string("expected an integer, got ") + typeName(obj)) : kNoMatch;
  }
  case PKind::Float: {
    double d;
    int level;
    bool f64 = p.scalar == ScalarKind::F64;
    if (a.cls == Cls::Float) {
      d = a.d;
      level = f64 ? kExact : kWeak;
    } else if (a.cls == Cls::Int) {
      d = intToDouble(a, obj);
      if (d == -1.0 && PyErr_Occurred()) {
        PyErr_Clear();
        return why ? fail(intText(a, obj) + " is out of range for " + scalarName(p.scalar)) : kNoMatch;
      }
      level = f64 ? kKind : kWeak;
    } else if (a.typed && a.elem.kind != 'c') {
      level = typedLevel(a.elem, p.scalar);
      if (level == kNoMatch && why) fail(elemName(a.elem) + " cannot be cast safely to " + scalarName(p.scalar));
      return level;
    } else {
      return why ? fail(std::string("expected a real number, got ") + typeName(obj)) : kNoMatch;
    }
    if (!f64 && std::isfinite(d) && (d > FLT_MAX || d < -FLT_MAX))
      return why ? fail(std::to_string(d) + " is out of range for f32") : kNoMatch;
    return level;
  }
  case PKind::Pointer: {
    if (a.cls == Cls::None) return kExact;
    if (a.cls == Cls::Ctypes) {
      if (a.format && *a.format && !elemMatches(p.scalar, a.elem))
        return why ? fail("expected " + elemName(elemOf(p.scalar)) + " data, got a ctypes pointer to " +
                          elemName(a.elem))
                   : kNoMatch;
      return kExact;
    }
    if (a.cls == Cls::Array) {
      if (!elemMatches(p.scalar, a.elem) || !a.native) {
        if (!why) return kNoMatch;
        std::string want = elemName(elemOf(p.scalar));
        if (a.format && !a.elem.kind)
          return fail("expected " + want + " data, got a buffer of format '" + a.format + "'");
        return fail("expected " + want + " data, got " + (a.native ? "" : "byte-swapped ") + elemName(a.elem));
      }
      if (!a.contiguous)
        return why ? fail("the array is not C-contiguous; pass np.ascontiguousarray(" + p.pyname + ")") : kNoMatch;
      if (!p.is_const && !a.writable)
        return why ? fail("the array is read-only but the kernel writes through this pointer") : kNoMatch;
      return kExact;
    }
    if (!why) return kNoMatch;
    if (a.cls == Cls::Unreadable) return fail("the object's buffer cannot be accessed");
    return fail(std::string("expected an array (buffer protocol), a ctypes pointer or None, got ") + typeName(obj));
  }
  case PKind::Array: {
    if (a.cls == Cls::Array) {
      if (!elemMatches(p.scalar, a.elem) || !a.native) {
        if (!why) return kNoMatch;
        std::string want = elemName(elemOf(p.scalar));
        if (a.format && !a.elem.kind)
          return fail("expected " + want + " data, got a buffer of format '" + a.format + "'");
        return fail("expected " + want + " data, got " + (a.native ? "" : "byte-swapped ") + elemName(a.elem));
      }
      if (a.ndim != p.ndim)
        return why ? fail("expected a " + std::to_string(p.ndim) + "-d array, got a " + std::to_string(a.ndim) +
                          "-d array")
                   : kNoMatch;
      if (!a.contiguous)
        return why ? fail("the array is not C-contiguous; pass np.ascontiguousarray(" + p.pyname + ")") : kNoMatch;
      if (!p.is_const && !a.writable)
        return why ? fail("the array is read-only but the kernel writes to it") : kNoMatch;
      return kExact;
    }
    if (!why) return kNoMatch;
    std::string want = "expected a " + std::to_string(p.ndim) + "-d " + elemName(elemOf(p.scalar)) + " array";
    if (a.cls == Cls::Ctypes) return fail(want + ", got a ctypes pointer, which has no shape");
    if (a.cls == Cls::Unreadable) return fail(want + "; the object's buffer cannot be accessed");
    return fail(want + ", got " + typeName(obj));
  }
  }
  return kNoMatch;
}

// rate() without a reason, the common exact cases first.
inline int rateFast(const ArgInfo &a, PyObject *obj, const ParamSpec &p) {
  switch (p.kind) {
  case PKind::Array: // arrays only ever match exactly
    return a.cls == Cls::Array && a.elem.kind == p.elem.kind && a.elem.size == p.elem.size && a.native &&
                   a.ndim == p.ndim && a.contiguous && (p.is_const || a.writable)
               ? kExact
               : kNoMatch;
  case PKind::Pointer:
    if (a.cls == Cls::Array && a.elem.kind == p.elem.kind && a.elem.size == p.elem.size && a.native &&
        a.contiguous && (p.is_const || a.writable))
      return kExact;
    break;
  case PKind::Float:
    if (a.cls == Cls::Float && p.scalar == ScalarKind::F64) return kExact;
    break;
  case PKind::Int:
    if (a.cls == Cls::Int && a.range == 0 && p.scalar == ScalarKind::I64) return kExact;
    break;
  }
  return rate(a, obj, p, nullptr);
}

// The overload's rating for these arguments, or kNoMatch (with the reason in
// *why when asked).
int rateOverload(const Overload &o, PyObject *const *args, size_t n, PyObject *kwnames, CallState &st, Binding &b,
                 std::string *why) {
  if (!o.unusable.empty()) {
    if (why) *why = o.unusable;
    return kNoMatch;
  }
  if (!bind(o, args, n, kwnames, b, why)) return kNoMatch;
  int level = kExact;
  for (size_t i = 0; i < o.params.size(); ++i) {
    int at = b.arg[i];
    if (at < 0) continue;
    int l = why ? rate(st.info[at], args[at], o.params[i], why) : rateFast(st.info[at], args[at], o.params[i]);
    if (l == kNoMatch) return kNoMatch;
    level = std::max(level, l);
  }
  return level;
}

PyObject *selectionError(KernelObject *k, PyObject *const *args, size_t n, PyObject *kwnames, CallState &st,
                         int bestLevel) {
  const auto &overloads = *k->overloads;
  std::string text;
  std::string lines;
  size_t fitting = 0;
  for (const auto &o : overloads) {
    Binding b;
    std::string why;
    int level = rateOverload(*o, args, n, kwnames, st, b, &why);
    lines += "\n  " + o->target.signature + ": ";
    if (level == kNoMatch) {
      lines += why;
    } else {
      lines += std::string("fits ") + levelText(level);
      if (level == bestLevel) ++fitting;
    }
  }
  if (bestLevel == kNoMatch)
    text = *k->name + "(): no signature accepts these arguments:" + lines;
  else
    text = *k->name + "(): " + std::to_string(fitting) + " signatures fit these arguments equally well (" +
           levelText(bestLevel) + "), and the declaration order does not choose; pass arrays or NumPy "
           "scalars of the intended dtype (e.g. np.float32(x)):" + lines;
  PyErr_SetString(signatureErrorType(), text.c_str());
  return nullptr;
}

// ---------------------------------------------------------------------------
// The call.

union Slot {
  int64_t i;
  uint64_t u;
  double d;
  float f;
  void *p;
};

std::string shapeText(int ndim, const Py_ssize_t *shape) {
  std::string s = "(";
  for (int d = 0; d < ndim; ++d) s += (d ? ", " : "") + std::to_string(shape[d]);
  return s + (ndim == 1 ? ",)" : ")");
}

PyObject *gZeros = nullptr; // numpy.zeros, when NumPy's C API does not match our headers
PyObject *gDtypes[int(ScalarKind::F64) + 1] = {};

PyObject *allocate(const ParamSpec &p, const Py_ssize_t *extents) {
  Py_ssize_t dims[kMaxArrayRank];
  for (int d = 0; d < p.ndim; ++d) dims[d] = p.ext[d] < 0 ? Py_ssize_t(p.fixed[d]) : extents[p.ext[d]];
  if (PyObject *array = newZeroedArray(p.ndim, dims, p.elem.kind, p.elem.size)) return array;
  if (PyErr_Occurred()) return nullptr;
  PyObject *&dtype = gDtypes[int(p.scalar)];
  if (!gZeros || !dtype) {
    PyObject *numpy = PyImport_ImportModule("numpy");
    if (!numpy) return nullptr;
    if (!gZeros) gZeros = PyObject_GetAttrString(numpy, "zeros");
    if (gZeros && !dtype) dtype = PyObject_CallMethod(numpy, "dtype", "s", elemName(elemOf(p.scalar)).c_str());
    Py_DECREF(numpy);
    if (!gZeros || !dtype) return nullptr;
  }
  PyObject *shape = PyTuple_New(p.ndim);
  if (!shape) return nullptr;
  for (int d = 0; d < p.ndim; ++d) {
    PyObject *len = PyLong_FromSsize_t(dims[d]);
    if (!len) {
      Py_DECREF(shape);
      return nullptr;
    }
    PyTuple_SET_ITEM(shape, d, len);
  }
  PyObject *argv[2] = {shape, dtype};
  PyObject *array = PyObject_Vectorcall(gZeros, argv, 2, nullptr);
  Py_DECREF(shape);
  return array;
}

void *dataOf(PyObject *array) {
  if (NdarrayView v; readNdarray(array, v)) return v.data;
  Py_buffer view;
  if (PyObject_GetBuffer(array, &view, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS) != 0) return nullptr;
  void *data = view.buf;
  PyBuffer_Release(&view); // the array, which we hold, keeps its memory
  return data;
}

PyObject *toPython(const SigType &t, uint64_t bits) {
  if (t.isPointer()) return PyLong_FromVoidPtr(reinterpret_cast<void *>(uintptr_t(bits)));
  // Integer results narrower than a register: only the low bits are defined.
  switch (t.scalar) {
  case ScalarKind::Void: Py_RETURN_NONE;
  case ScalarKind::I8: return PyLong_FromLong(int8_t(bits));
  case ScalarKind::I16: return PyLong_FromLong(int16_t(bits));
  case ScalarKind::I32: return PyLong_FromLong(int32_t(bits));
  case ScalarKind::I64: return PyLong_FromLongLong(int64_t(bits));
  case ScalarKind::U8: return PyLong_FromUnsignedLong(uint8_t(bits));
  case ScalarKind::U16: return PyLong_FromUnsignedLong(uint16_t(bits));
  case ScalarKind::U32: return PyLong_FromUnsignedLong(uint32_t(bits));
  case ScalarKind::U64: return PyLong_FromUnsignedLongLong(bits);
  case ScalarKind::F32: {
    uint32_t low = uint32_t(bits);
    float f;
    std::memcpy(&f, &low, 4);
    return PyFloat_FromDouble(f);
  }
  case ScalarKind::F64: {
    double d;
    std::memcpy(&d, &bits, 8);
    return PyFloat_FromDouble(d);
  }
  }
  Py_RETURN_NONE;
}

// Calls the native function; the result's bits (an f32 in the low half).
uint64_t callNative(const Overload &o, Slot *slots, bool release_gil) {
  size_t nc = o.types.size();
#if PIXIE_DIRECT_CALLS
  if (o.direct) {
    uint64_t ir[kIntRegs] = {};
    double fr[kFloatRegs] = {};
    for (size_t c = 0; c < nc; ++c) {
      if (o.float_reg[c]) std::memcpy(&fr[o.reg[c]], &slots[c], sizeof(double));
      else ir[o.reg[c]] = slots[c].u;
    }
    void *fn = o.target.address;
    uint64_t r;
    if (o.ret_float) {
      double d;
      if (release_gil) {
        Py_BEGIN_ALLOW_THREADS
        d = reinterpret_cast<DirectFloat>(fn)(PIXIE_INT_ARGS(ir), PIXIE_FLOAT_ARGS(fr));
        Py_END_ALLOW_THREADS
      } else {
        d = reinterpret_cast<DirectFloat>(fn)(PIXIE_INT_ARGS(ir), PIXIE_FLOAT_ARGS(fr));
      }
      std::memcpy(&r, &d, sizeof r);
    } else if (release_gil) {
      Py_BEGIN_ALLOW_THREADS
      r = reinterpret_cast<DirectInt>(fn)(PIXIE_INT_ARGS(ir), PIXIE_FLOAT_ARGS(fr));
      Py_END_ALLOW_THREADS
    } else {
      r = reinterpret_cast<DirectInt>(fn)(PIXIE_INT_ARGS(ir), PIXIE_FLOAT_ARGS(fr));
    }
    return r;
  }
#endif
  void *values[kMaxCParams];
  for (size_t c = 0; c < nc; ++c) values[c] = &slots[c];
  alignas(16) unsigned char ret[16] = {};
  void *fn = o.target.address;
  if (release_gil) {
    Py_BEGIN_ALLOW_THREADS
    ffi_call(const_cast<ffi_cif *>(&o.cif), FFI_FN(fn), ret, values);
    Py_END_ALLOW_THREADS
  } else {
    ffi_call(const_cast<ffi_cif *>(&o.cif), FFI_FN(fn), ret, values);
  }
  uint64_t r;
  std::memcpy(&r, ret, sizeof r);
  return r;
}

PyObject *invoke(KernelObject *k, const Overload &o, const Binding &b, PyObject *const *args, CallState &st) {
  Slot slots[kMaxCParams];
  Py_ssize_t extent[kMaxCParams];
  int8_t source[kMaxCParams]; // the parameter whose array gave each extent, -1 while unknown
  size_t ne = o.extents.size();
  std::fill(source, source + ne, int8_t(-1));
  size_t count = o.params.size();

  // Extents from the arrays, checked before anything else happens.
  for (size_t i = 0; i < count; ++i) {
    const ParamSpec &p = o.params[i];
    if (p.kind != PKind::Array || b.arg[i] < 0) continue;
    const ArgInfo &a = st.info[b.arg[i]];
    for (int d = 0; d < p.ndim; ++d) {
      Py_ssize_t len = a.shape[d];
      if (p.ext[d] < 0) {
        if (len != p.fixed[d]) {
          PyErr_Format(PyExc_ValueError, "%s(): %s has shape %s, but its extent %d is fixed at %lld", k->name->c_str(),
                       p.label.c_str(), shapeText(a.ndim, a.shape).c_str(), d + 1, (long long)p.fixed[d]);
          return nullptr;
        }
        continue;
      }
      int e = p.ext[d];
      if (source[e] < 0) {
        source[e] = int8_t(i);
        extent[e] = len;
      } else if (extent[e] != len) {
        const ParamSpec &q = o.params[size_t(source[e])];
        const ArgInfo &qa = st.info[b.arg[size_t(source[e])]];
        std::string where = &q == &p ? p.display + " has shape " + shapeText(a.ndim, a.shape)
                                     : q.display + " has shape " + shapeText(qa.ndim, qa.shape) + ", " + p.display +
                                           " has shape " + shapeText(a.ndim, a.shape);
        PyErr_Format(PyExc_ValueError, "%s(): the arrays disagree on extent %s (%zd vs %zd): %s", k->name->c_str(),
                     o.extents[size_t(e)].name.c_str(), extent[e], len, where.c_str());
        return nullptr;
      }
    }
  }
  // Extents into their integer parameters.
  for (size_t e = 0; e < ne; ++e) {
    const ExtentSpec &x = o.extents[e];
    Slot &s = slots[x.c_index];
    s.i = int64_t(extent[e]);
    if (x.type == ScalarKind::I64 || x.type == ScalarKind::U64) continue;
    ArgInfo v;
    v.range = 0;
    v.i = s.i;
    if (!intFits(v, x.type)) {
      PyErr_Format(PyExc_ValueError, "%s(): extent %s is %zd, which does not fit argument %d (%s)", k->name->c_str(),
                   x.name.c_str(), extent[e], x.position, toString(o.target.sig.params[size_t(x.position - 1)]).c_str());
      return nullptr;
    }
  }
  // Arguments into their slots, counting the bytes of data they pass.
  size_t bytes = 0;
  for (size_t i = 0; i < count; ++i) {
    int at = b.arg[i];
    if (at < 0) continue;
    const ParamSpec &p = o.params[i];
    const ArgInfo &a = st.info[at];
    Slot &s = slots[p.c_index];
    switch (p.kind) {
    case PKind::Int: s.u = a.range ? a.u : uint64_t(a.i); break;
    case PKind::Float: {
      double d = a.cls == Cls::Int ? intToDouble(a, args[at])
                 : (a.cls == Cls::Float || a.elem.kind == 'f') ? a.d
                 : a.range ? double(a.u) : double(a.i);
      if (p.scalar == ScalarKind::F64) {
        s.d = d;
      } else {
        s.u = 0;
        s.f = float(d);
      }
      break;
    }
    case PKind::Pointer:
      s.p = a.cls == Cls::None ? nullptr : a.data;
      // A ctypes pointer's length is unknown: count it as large.
      bytes += a.cls == Cls::Array ? a.nbytes : a.cls == Cls::Ctypes ? kReleaseGilBytes : 0;
      break;
    case PKind::Array:
      s.p = a.data;
      bytes += a.nbytes;
      break;
    }
  }
  // Omitted outputs, allocated.
  PyObject *outs[kMaxSignatureParams];
  size_t nout = 0;
  if (b.omitted) {
    for (size_t i = 0; i < count; ++i) {
      if (!((b.omitted >> i) & 1)) continue;
      PyObject *array = allocate(o.params[i], extent);
      void *data = array ? dataOf(array) : nullptr;
      if (!data) {
        Py_XDECREF(array);
        while (nout) Py_DECREF(outs[--nout]);
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_RuntimeError, "pixie: cannot allocate an output array");
        return nullptr;
      }
      outs[nout++] = array;
      slots[o.params[i].c_index].p = data;
      const ParamSpec &p = o.params[i];
      size_t items = 1;
      for (int d = 0; d < p.ndim; ++d) items *= size_t(p.ext[d] < 0 ? p.fixed[d] : extent[p.ext[d]]);
      bytes += items * size_t(p.elem.size);
    }
  }

  uint64_t ret = callNative(o, slots, bytes >= kReleaseGilBytes);

  const SigType &rt = o.target.sig.ret;
  bool isVoid = rt.scalar == ScalarKind::Void && !rt.isPointer();
  if (!nout) return toPython(rt, ret);
  if (isVoid && nout == 1) return outs[0];
  size_t first = isVoid ? 0 : 1;
  PyObject *tuple = PyTuple_New(Py_ssize_t(first + nout));
  if (!tuple) {
    while (nout) Py_DECREF(outs[--nout]);
    return nullptr;
  }
  if (!isVoid) {
    PyObject *value = toPython(rt, ret);
    if (!value) {
      Py_DECREF(tuple);
      while (nout) Py_DECREF(outs[--nout]);
      return nullptr;
    }
    PyTuple_SET_ITEM(tuple, 0, value);
  }
  for (size_t j = 0; j < nout; ++j) PyTuple_SET_ITEM(tuple, Py_ssize_t(first + j), outs[j]);
  return tuple;
}

PyObject *kernelCall(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
  auto *k = reinterpret_cast<KernelObject *>(self);
  size_t n = PyVectorcall_NARGS(nargsf);
  size_t nkw = kwnames ? size_t(PyTuple_GET_SIZE(kwnames)) : 0;
  if (!nkw) kwnames = nullptr;
  if (n + nkw > kMaxCallArgs) {
    PyErr_Format(signatureErrorType(), "%s(): %zu arguments given; a kernel takes at most %zu", k->name->c_str(),
                 n + nkw, kMaxCallArgs);
    return nullptr;
  }
  CallState st;
  for (size_t i = 0; i < n + nkw; ++i) classify(args[i], i, st);
  const auto &overloads = *k->overloads;
  int best = -1, bestLevel = kNoMatch;
  bool tie = false;
  Binding b, chosen;
  for (size_t i = 0; i < overloads.size(); ++i) {
    int level = rateOverload(*overloads[i], args, n, kwnames, st, b, nullptr);
    if (level == kNoMatch) continue;
    if (best < 0 || level < bestLevel) {
      best = int(i);
      bestLevel = level;
      tie = false;
      std::memcpy(&chosen, &b, sizeof b);
    } else if (level == bestLevel) {
      tie = true;
    }
  }
  if (best < 0 || tie) return selectionError(k, args, n, kwnames, st, best < 0 ? kNoMatch : bestLevel);
  return invoke(k, *overloads[size_t(best)], chosen, args, st);
}

// ---------------------------------------------------------------------------
// The type: introspection.

void kernelDealloc(PyObject *self) {
  auto *k = reinterpret_cast<KernelObject *>(self);
  delete k->name;
  delete k->doc;
  delete k->overloads;
  Py_XDECREF(k->owner);
  Py_TYPE(self)->tp_free(self);
}

PyObject *kernelRepr(PyObject *self) {
  auto *k = reinterpret_cast<KernelObject *>(self);
  std::string text = "<pixie kernel " + *k->name + ":";
  for (const auto &o : *k->overloads) text += " " + o->target.signature;
  return PyUnicode_FromString((text + ">").c_str());
}

PyObject *kernelSignatures(PyObject *self, void *) {
  auto *k = reinterpret_cast<KernelObject *>(self);
  PyObject *list = PyList_New(0);
  if (!list) return nullptr;
  for (const auto &o : *k->overloads) {
    PyObject *entry = Py_BuildValue("(ssn)", o->target.signature.c_str(), o->target.symbol.c_str(),
                                    reinterpret_cast<Py_ssize_t>(o->target.address));
    if (!entry || PyList_Append(list, entry) != 0) {
      Py_XDECREF(entry);
      Py_DECREF(list);
      return nullptr;
    }
    Py_DECREF(entry);
  }
  return list;
}

PyObject *kernelName(PyObject *self, void *) {
  return PyUnicode_FromString(reinterpret_cast<KernelObject *>(self)->name->c_str());
}

PyObject *kernelDoc(PyObject *self, void *) {
  return PyUnicode_FromString(reinterpret_cast<KernelObject *>(self)->doc->c_str());
}

// (name, annotation, positional only, optional) per parameter of one overload.
PyObject *parameterList(const Overload &o) {
  size_t count = o.params.size();
  size_t lastUnnamed = 0; // 1-based; parameters up to it are positional-only
  for (size_t i = 0; i < count; ++i)
    if (!o.params[i].name) lastUnnamed = i + 1;
  size_t optionalFrom = count; // the trailing run of omittable outputs
  while (optionalFrom > 0 && o.params[optionalFrom - 1].omittable) --optionalFrom;
  PyObject *list = PyList_New(Py_ssize_t(count));
  if (!list) return nullptr;
  for (size_t i = 0; i < count; ++i) {
    const ParamSpec &p = o.params[i];
    PyObject *item = Py_BuildValue("(ssOO)", p.pyname.c_str(), p.annotation.c_str(),
                                   i < lastUnnamed ? Py_True : Py_False, i >= optionalFrom ? Py_True : Py_False);
    if (!item) {
      Py_DECREF(list);
      return nullptr;
    }
    PyList_SET_ITEM(list, Py_ssize_t(i), item);
  }
  return list;
}

// inspect.signature(kernel): the first overload's parameters (pixie/_kernel.py
// turns them into an inspect.Signature).
PyObject *kernelSignature(PyObject *self, void *) {
  auto *k = reinterpret_cast<KernelObject *>(self);
  if (k->overloads->empty()) Py_RETURN_NONE;
  const Overload &o = *k->overloads->front();
  PyObject *helper = PyImport_ImportModule("pixie._kernel");
  if (!helper) return nullptr;
  PyObject *params = parameterList(o);
  PyObject *result = nullptr;
  if (params) {
    SigType ret = o.target.sig.ret;
    result = PyObject_CallMethod(helper, "signature", "Os", params, toString(ret).c_str());
    Py_DECREF(params);
  }
  Py_DECREF(helper);
  return result;
}

PyObject *kernelParameters(PyObject *self, PyObject *) {
  auto *k = reinterpret_cast<KernelObject *>(self);
  PyObject *list = PyList_New(0);
  if (!list) return nullptr;
  for (const auto &o : *k->overloads) {
    PyObject *params = parameterList(*o);
    PyObject *entry = params ? Py_BuildValue("(sNs)", o->target.signature.c_str(), params,
                                             toString(o->target.sig.ret).c_str())
                             : nullptr;
    if (!entry || PyList_Append(list, entry) != 0) {
      Py_XDECREF(entry);
      Py_DECREF(list);
      return nullptr;
    }
    Py_DECREF(entry);
  }
  return list;
}

// A kernel stored on a class stays a plain function (as a staticmethod
// would), and inspect/pydoc treat it as a routine.
PyObject *kernelGet(PyObject *self, PyObject *, PyObject *) {
  Py_INCREF(self);
  return self;
}

PyGetSetDef kernelGetSet[] = {
    {"overloads", kernelSignatures, nullptr, "[(signature, symbol, address)] in declaration order", nullptr},
    {"__name__", kernelName, nullptr, nullptr, nullptr},
    {"__qualname__", kernelName, nullptr, nullptr, nullptr},
    {"__doc__", kernelDoc, nullptr, nullptr, nullptr},
    {"__signature__", kernelSignature, nullptr, "the first overload's parameters, for inspect.signature", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

PyMethodDef kernelMethods[] = {
    {"_parameters", kernelParameters, METH_NOARGS,
     "[(signature, [(name, annotation, positional_only, optional)], return type)] per overload"},
    {nullptr, nullptr, 0, nullptr},
};

PyTypeObject KernelType = [] {
  PyTypeObject t{PyVarObject_HEAD_INIT(nullptr, 0)};
  t.tp_name = "pixie._pixie.Kernel";
  t.tp_basicsize = sizeof(KernelObject);
  t.tp_dealloc = kernelDealloc;
  t.tp_vectorcall_offset = offsetof(KernelObject, vectorcall);
  t.tp_call = PyVectorcall_Call;
  t.tp_repr = kernelRepr;
  t.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL;
  t.tp_getset = kernelGetSet;
  t.tp_methods = kernelMethods;
  t.tp_descr_get = kernelGet;
  return t;
}();

// help(kernel): every signature, how Python calls it and what it lowers to.
std::string makeDoc(const std::string &name, const std::vector<std::unique_ptr<Overload>> &overloads,
                    const std::string &exportDoc) {
  std::string doc;
  if (!exportDoc.empty()) doc += exportDoc + "\n\n";
  doc += "pixie kernel '" + name + "', " + plural(overloads.size(), "signature");
  doc += overloads.size() > 1 ? " (chosen by the arguments' types, never by their order):\n" : ":\n";
  for (const auto &o : overloads) {
    doc += "\n  " + o->target.signature + "\n";
    std::string call = name + "(";
    std::string omittable;
    for (size_t i = 0; i < o->params.size(); ++i) {
      const ParamSpec &p = o->params[i];
      call += (i ? ", " : "") + p.pyname + (p.omittable ? "=None" : "");
      if (p.omittable) omittable += (omittable.empty() ? "" : ", ") + p.pyname;
    }
    doc += "    Python: " + call + ")\n";
    doc += "    C: " + toString(o->low.c.ret) + " " + o->target.symbol + "(";
    for (size_t c = 0; c < o->low.c.params.size(); ++c) doc += (c ? ", " : "") + toString(o->low.c.params[c]);
    doc += ")\n";
    if (!o->extents.empty()) {
      std::string names;
      for (const ExtentSpec &x : o->extents) names += (names.empty() ? "" : ", ") + x.name;
      doc += "    " + names + (o->extents.size() == 1 ? " is" : " are") + " read from the arrays' shapes\n";
    }
    if (!omittable.empty())
      doc += "    " + omittable + (omittable.find(',') == std::string::npos ? " is an output" : " are outputs") +
             " that may be omitted (or None): allocated (zeroed) and returned\n";
    if (!o->unusable.empty()) doc += "    not callable: " + o->unusable + "\n";
  }
  return doc;
}

} // namespace

bool defineKernelType(PyObject *module) {
  if (PyType_Ready(&KernelType) < 0) return false;
  Py_INCREF(&KernelType);
  return PyModule_AddObject(module, "Kernel", reinterpret_cast<PyObject *>(&KernelType)) == 0;
}

PyObject *makeKernel(const std::string &name, std::vector<OverloadTarget> targets, PyObject *owner,
                     const std::string &doc) {
  auto overloads = std::make_unique<std::vector<std::unique_ptr<Overload>>>();
  for (OverloadTarget &t : targets) overloads->push_back(prepare(std::move(t)));
  if (PyErr_Occurred()) return nullptr;
  auto *k = PyObject_New(KernelObject, &KernelType);
  if (!k) return nullptr;
  k->vectorcall = kernelCall;
  k->name = new std::string(name);
  k->doc = new std::string(makeDoc(name, *overloads, doc));
  k->overloads = overloads.release();
  Py_INCREF(owner);
  k->owner = owner;
  return reinterpret_cast<PyObject *>(k);
}

} // namespace pixie::python
