#include "ndarray.h"

#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <numpy/ndarraytypes.h>

#include <cstring>

namespace pixie::python {
static_assert(sizeof(npy_intp) == sizeof(Py_ssize_t), "shapes are read as Py_ssize_t");

namespace {

// The exact ndarray type, once a NumPy of our header's major version is seen.
PyTypeObject *gNdarray = nullptr;
bool gDecided = false;

bool numpyMatchesHeaders() {
  PyObject *numpy = PyDict_GetItemString(PyImport_GetModuleDict(), "numpy"); // borrowed
  if (!numpy) return false;
  PyObject *version = PyObject_GetAttrString(numpy, "__version__");
  const char *text = version ? PyUnicode_AsUTF8(version) : nullptr;
  bool ok = text && text[0] == char('0' + (NPY_ABI_VERSION >> 24)) && text[1] == '.';
  Py_XDECREF(version);
  PyErr_Clear();
  return ok;
}

} // namespace

bool readNdarray(PyObject *obj, NdarrayView &view) {
  PyTypeObject *type = Py_TYPE(obj);
  if (type != gNdarray) {
    if (gDecided || std::strcmp(type->tp_name, "numpy.ndarray") != 0) return false;
    gDecided = true;
    if (!numpyMatchesHeaders()) return false;
    Py_INCREF(type);
    gNdarray = type;
  }
  auto *a = reinterpret_cast<PyArrayObject_fields *>(obj);
  view.data = a->data;
  view.kind = a->descr->kind;
  view.itemsize = int(a->descr->elsize);
  view.native = a->descr->byteorder != '>' && a->descr->byteorder != '!';
  view.c_contiguous = (a->flags & NPY_ARRAY_C_CONTIGUOUS) != 0;
  view.writable = (a->flags & NPY_ARRAY_WRITEABLE) != 0;
  view.ndim = a->nd;
  view.shape = reinterpret_cast<const Py_ssize_t *>(a->dimensions);
  return true;
}

} // namespace pixie::python
