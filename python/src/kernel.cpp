// Argument conversion and the libffi call for pixie.Kernel (kernel.h).
//
// For each call: try the overloads in declaration order; the first whose
// every argument converts wins. Pointer parameters take a buffer (dtype
// checked by format character and item size, C-contiguous, writable unless the
// pointee is const; ctypes pointers qualify, as they export their pointer as a
// buffer), or None for NULL; integer parameters take any object with
// __index__ and are range-checked for their width; float parameters take any
// real number. When no overload fits, pixie.SignatureError (a TypeError) lists
// every signature and why it did not fit.
#include "kernel.h"

#include "errors.h"
#include "ndarray.h"

#include <ffi.h>

#include <cfloat>
#include <cmath>
#include <cstring>
#include <memory>

namespace pixie::python {
namespace {

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
  char kind = 0; // 'i', 'u', 'f', or another NumPy kind; 0 when unknown
  int size = 0;
};

Elem elemOf(ScalarKind kind) {
  switch (kind) {
  case ScalarKind::Void: return {};
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
  return {};
}

// Buffer-protocol formats in native byte order ('@', '=' or '<' here).
Elem elemOfFormat(const char *format, Py_ssize_t itemsize) {
  if (!format) format = "B";
  if (*format == '@' || *format == '=' || *format == '<') ++format;
  if (format[0] == '\0' || format[1] != '\0') return {};
  char c = format[0];
  if (std::strchr("bhilq", c)) return {'i', int(itemsize)};
  if (std::strchr("BHILQ", c)) return {'u', int(itemsize)};
  if (c == 'f' || c == 'd' || c == 'e') return {'f', int(itemsize)};
  if (c == '?') return {'b', int(itemsize)};
  return {};
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

// ctypes pointers present their pointer value as a one-item buffer of format
// "&<pointee>" (typed) or "P" (c_void_p). Returns the pointee format ("" for
// void) for such buffers, nullptr for ordinary arrays.
const char *ctypesPointee(const Py_buffer *view) {
  const char *f = view->format;
  if (!f || view->itemsize != sizeof(void *) || view->len != sizeof(void *)) return nullptr;
  if (*f == '<' || *f == '@' || *f == '=') ++f;
  if (*f == '&') return f + 1;
  if (f[0] == 'P' && f[1] == '\0') return "";
  return nullptr;
}

struct Prepared {
  ffi_cif cif;
  std::vector<ffi_type *> types;
  OverloadTarget target;
};

struct KernelObject {
  PyObject_HEAD
  vectorcallfunc vectorcall;
  PyObject *owner;
  std::string *name;
  std::vector<Prepared> *overloads;
};

// One argument's storage; buffers are released when the call ends. Fixed
// arrays sized by the signature limit keep the call free of heap allocation.
union Slot {
  int64_t i;
  uint64_t u;
  double d;
  float f;
  void *p;
};

class CallFrame {
public:
  explicit CallFrame(size_t n) {
    for (size_t i = 0; i < n; ++i) values_[i] = &slots_[i];
  }
  ~CallFrame() { release(); }
  CallFrame(const CallFrame &) = delete;
  CallFrame &operator=(const CallFrame &) = delete;
  void release() {
    for (size_t i = 0; held_; ++i, held_ >>= 1)
      if (held_ & 1) PyBuffer_Release(&buffers_[i]);
  }
  Slot &slot(size_t i) { return slots_[i]; }
  Py_buffer *buffer(size_t i) { return &buffers_[i]; }
  void hold(size_t i) { held_ |= uint64_t(1) << i; }
  void **values() { return values_; }

private:
  Slot slots_[kMaxSignatureParams];
  void *values_[kMaxSignatureParams];
  Py_buffer buffers_[kMaxSignatureParams];
  uint64_t held_ = 0;
};
static_assert(kMaxSignatureParams <= 64, "CallFrame tracks held buffers in one word");

// Why an argument did not convert; the message is built only on failure.
std::string mismatch(const SigType &t, size_t index, const std::string &what) {
  return "argument " + std::to_string(index + 1) + " (" + toString(t) + "): " + what;
}

bool convertPointer(PyObject *arg, const SigType &t, size_t index, CallFrame &frame, std::string &why) {
  Slot &s = frame.slot(index);
  // A pointer to pointers points at addresses, not at array elements.
  ScalarKind elem = t.pointer_depth == 1 ? t.scalar : ScalarKind::U64;
  bool writable = !t.is_const;
  auto wrongType = [&](Elem got, const std::string &what) {
    why = mismatch(t, index, "expected " + elemName(elemOf(elem)) + " data, got " + what + elemName(got));
    return false;
  };
  if (NdarrayView a; readNdarray(arg, a)) {
    Elem got{a.kind, a.itemsize};
    if (!elemMatches(elem, got) || (!a.native && a.itemsize > 1)) return wrongType(got, a.native ? "" : "byte-swapped ");
    if (!a.c_contiguous) return why = mismatch(t, index, "the array is not C-contiguous"), false;
    if (writable && !a.writable)
      return why = mismatch(t, index, "the array is read-only but the kernel writes through this pointer"), false;
    s.p = a.data;
    return true;
  }
  if (arg == Py_None) {
    s.p = nullptr;
    return true;
  }
  if (!PyObject_CheckBuffer(arg)) {
    why = mismatch(t, index, std::string("expected an array (buffer protocol), a ctypes pointer or None, got ") +
                                 Py_TYPE(arg)->tp_name);
    return false;
  }
  Py_buffer *view = frame.buffer(index);
  if (PyObject_GetBuffer(arg, view, PyBUF_FORMAT | PyBUF_STRIDES | (writable ? PyBUF_WRITABLE : 0)) != 0) {
    PyErr_Clear();
    bool readOnly = writable && PyObject_GetBuffer(arg, view, PyBUF_FORMAT | PyBUF_STRIDES) == 0;
    if (readOnly) PyBuffer_Release(view);
    PyErr_Clear();
    why = mismatch(t, index, readOnly ? "the array is read-only but the kernel writes through this pointer"
                                      : "the object's buffer cannot be accessed");
    return false;
  }
  frame.hold(index);
  if (const char *pointee = ctypesPointee(view)) {
    // A ctypes pointer object exposes the pointer itself as its buffer.
    Elem got = elemOfFormat(pointee, nativeSize(pointee));
    if (*pointee && !elemMatches(elem, got)) return wrongType(got, "a ctypes pointer to ");
    std::memcpy(&s.p, view->buf, sizeof s.p);
    return true;
  }
  if (Elem got = elemOfFormat(view->format, view->itemsize); !elemMatches(elem, got)) {
    if (got.kind) return wrongType(got, "");
    why = mismatch(t, index, "expected " + elemName(elemOf(elem)) + " data, got a buffer of format '" +
                                 std::string(view->format ? view->format : "B") + "'");
    return false;
  }
  if (!PyBuffer_IsContiguous(view, 'C')) {
    why = mismatch(t, index, "the array is not C-contiguous");
    return false;
  }
  s.p = view->buf;
  return true;
}

bool convertFloat(PyObject *arg, const SigType &t, size_t index, Slot &s, std::string &why) {
  double d;
  if (PyFloat_CheckExact(arg)) {
    d = PyFloat_AS_DOUBLE(arg);
  } else if (!PyNumber_Check(arg) || PyComplex_Check(arg) ||
             ((d = PyFloat_AsDouble(arg)) == -1.0 && PyErr_Occurred())) {
    PyErr_Clear();
    why = mismatch(t, index, std::string("expected a real number, got ") + Py_TYPE(arg)->tp_name);
    return false;
  }
  if (t.scalar == ScalarKind::F64) {
    s.d = d;
    return true;
  }
  if (std::isfinite(d) && (d > FLT_MAX || d < -FLT_MAX)) {
    why = mismatch(t, index, std::to_string(d) + " is out of range for f32");
    return false;
  }
  s.f = float(d);
  return true;
}

bool convertInteger(PyObject *arg, const SigType &t, size_t index, Slot &s, std::string &why) {
  if (PyFloat_Check(arg) || !PyIndex_Check(arg)) {
    why = mismatch(t, index, std::string("expected an integer, got ") + Py_TYPE(arg)->tp_name);
    return false;
  }
  PyObject *value = PyLong_CheckExact(arg) ? (Py_INCREF(arg), arg) : PyNumber_Index(arg);
  if (!value) {
    PyErr_Clear();
    why = mismatch(t, index, std::string("expected an integer, got ") + Py_TYPE(arg)->tp_name);
    return false;
  }
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(value, &overflow);
  unsigned long long u = 0;
  bool big = false; // above INT64_MAX, held in u
  if (overflow > 0) {
    u = PyLong_AsUnsignedLongLong(value);
    if (PyErr_Occurred()) PyErr_Clear();
    else big = true, overflow = 0;
  }
  auto outOfRange = [&]() {
    PyObject *text = PyObject_Str(value);
    why = mismatch(t, index, std::string(text ? PyUnicode_AsUTF8(text) : "the value") + " is out of range for " +
                                 scalarName(t.scalar));
    Py_XDECREF(text);
    Py_DECREF(value);
    return false;
  };
  if (overflow) return outOfRange();
  unsigned bits = t.bitWidth();
  if (t.isSigned()) {
    long long lo = bits == 64 ? INT64_MIN : -(1LL << (bits - 1));
    long long hi = bits == 64 ? INT64_MAX : (1LL << (bits - 1)) - 1;
    if (big || v < lo || v > hi) return outOfRange();
    s.i = v;
  } else {
    if (!big) {
      if (v < 0) return outOfRange();
      u = static_cast<unsigned long long>(v);
    }
    if (bits < 64 && (u >> bits)) return outOfRange();
    s.u = u;
  }
  Py_DECREF(value);
  return true;
}

bool convert(PyObject *arg, const SigType &t, size_t index, CallFrame &frame, std::string &why) {
  if (t.isPointer()) return convertPointer(arg, t, index, frame, why);
  if (t.isFloat()) return convertFloat(arg, t, index, frame.slot(index), why);
  return convertInteger(arg, t, index, frame.slot(index), why);
}

PyObject *toPython(const SigType &t, const void *ret) {
  if (t.isPointer()) return PyLong_FromVoidPtr(*static_cast<void *const *>(ret));
  // libffi widens integer results narrower than a register to ffi_arg.
  switch (t.scalar) {
  case ScalarKind::Void: Py_RETURN_NONE;
  case ScalarKind::I8: return PyLong_FromLong(int8_t(*static_cast<const ffi_sarg *>(ret)));
  case ScalarKind::I16: return PyLong_FromLong(int16_t(*static_cast<const ffi_sarg *>(ret)));
  case ScalarKind::I32: return PyLong_FromLong(int32_t(*static_cast<const ffi_sarg *>(ret)));
  case ScalarKind::I64: return PyLong_FromLongLong(*static_cast<const int64_t *>(ret));
  case ScalarKind::U8: return PyLong_FromUnsignedLong(uint8_t(*static_cast<const ffi_arg *>(ret)));
  case ScalarKind::U16: return PyLong_FromUnsignedLong(uint16_t(*static_cast<const ffi_arg *>(ret)));
  case ScalarKind::U32: return PyLong_FromUnsignedLong(uint32_t(*static_cast<const ffi_arg *>(ret)));
  case ScalarKind::U64: return PyLong_FromUnsignedLongLong(*static_cast<const uint64_t *>(ret));
  case ScalarKind::F32: return PyFloat_FromDouble(*static_cast<const float *>(ret));
  case ScalarKind::F64: return PyFloat_FromDouble(*static_cast<const double *>(ret));
  }
  Py_RETURN_NONE;
}

PyObject *kernelCall(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
  auto *k = reinterpret_cast<KernelObject *>(self);
  if (kwnames && PyTuple_GET_SIZE(kwnames)) {
    PyErr_Format(PyExc_TypeError, "%s() takes positional arguments only", k->name->c_str());
    return nullptr;
  }
  size_t n = PyVectorcall_NARGS(nargsf);
  std::string whyNot; // built only when an overload is rejected
  for (Prepared &o : *k->overloads) {
    const Signature &sig = o.target.sig;
    if (n != sig.params.size()) {
      whyNot += "\n  " + o.target.signature + ": takes " + std::to_string(sig.params.size()) + " arguments, " +
                std::to_string(n) + " given";
      continue;
    }
    CallFrame frame(n);
    std::string why;
    bool ok = true;
    for (size_t i = 0; i < n && ok; ++i) ok = convert(args[i], sig.params[i], i, frame, why);
    if (!ok) {
      whyNot += "\n  " + o.target.signature + ": " + why;
      continue;
    }
    alignas(16) unsigned char ret[16];
    void *fn = o.target.address;
    Py_BEGIN_ALLOW_THREADS
    ffi_call(&o.cif, FFI_FN(fn), ret, frame.values());
    Py_END_ALLOW_THREADS
    frame.release();
    return toPython(sig.ret, ret);
  }
  PyErr_Format(signatureErrorType(), "%s(): no signature accepts these arguments:%s",
               k->name->c_str(), whyNot.c_str());
  return nullptr;
}

void kernelDealloc(PyObject *self) {
  auto *k = reinterpret_cast<KernelObject *>(self);
  delete k->name;
  delete k->overloads;
  Py_XDECREF(k->owner);
  Py_TYPE(self)->tp_free(self);
}

PyObject *kernelRepr(PyObject *self) {
  auto *k = reinterpret_cast<KernelObject *>(self);
  std::string text = "<pixie kernel " + *k->name + ":";
  for (const Prepared &o : *k->overloads) text += " " + o.target.signature;
  return PyUnicode_FromString((text + ">").c_str());
}

PyObject *kernelSignatures(PyObject *self, void *) {
  auto *k = reinterpret_cast<KernelObject *>(self);
  PyObject *list = PyList_New(0);
  for (const Prepared &o : *k->overloads) {
    PyObject *entry = Py_BuildValue("(ssn)", o.target.signature.c_str(), o.target.symbol.c_str(),
                                    reinterpret_cast<Py_ssize_t>(o.target.address));
    PyList_Append(list, entry);
    Py_DECREF(entry);
  }
  return list;
}

PyObject *kernelName(PyObject *self, void *) {
  return PyUnicode_FromString(reinterpret_cast<KernelObject *>(self)->name->c_str());
}

PyGetSetDef kernelGetSet[] = {
    {"overloads", kernelSignatures, nullptr, "[(signature, symbol, address)] in declaration order", nullptr},
    {"__name__", kernelName, nullptr, nullptr, nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
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
  t.tp_doc = "A typed native kernel from a .pixie library.";
  t.tp_getset = kernelGetSet;
  return t;
}();

} // namespace

bool defineKernelType(PyObject *module) {
  if (PyType_Ready(&KernelType) < 0) return false;
  Py_INCREF(&KernelType);
  return PyModule_AddObject(module, "Kernel", reinterpret_cast<PyObject *>(&KernelType)) == 0;
}

PyObject *makeKernel(const std::string &name, std::vector<OverloadTarget> targets, PyObject *owner) {
  auto prepared = std::make_unique<std::vector<Prepared>>(targets.size());
  for (size_t i = 0; i < targets.size(); ++i) {
    Prepared &p = (*prepared)[i];
    p.target = std::move(targets[i]);
    for (const SigType &param : p.target.sig.params) p.types.push_back(ffiType(param));
    if (ffi_prep_cif(&p.cif, FFI_DEFAULT_ABI, unsigned(p.types.size()), ffiType(p.target.sig.ret),
                     p.types.data()) != FFI_OK) {
      PyErr_Format(PyExc_RuntimeError, "libffi cannot describe %s", p.target.signature.c_str());
      return nullptr;
    }
  }
  auto *k = PyObject_New(KernelObject, &KernelType);
  if (!k) return nullptr;
  k->vectorcall = kernelCall;
  k->name = new std::string(name);
  k->overloads = prepared.release();
  Py_INCREF(owner);
  k->owner = owner;
  return reinterpret_cast<PyObject *>(k);
}

} // namespace pixie::python
