#include "ndarray.h"

#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
// NumPy's C-API table is fetched only when an output array is first allocated
// (NumPy is imported by then anyway), never for reading arrays.
#define PY_ARRAY_UNIQUE_SYMBOL pixie_python_ARRAY_API
#include <numpy/arrayobject.h>

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

PyObject *newZeroedArray(int ndim, const Py_ssize_t *shape, char kind, int itemsize) {
  static int api = 0; // 1: the C-API table of a NumPy our headers match; -1: none
  if (api == 0) {
    api = _import_array() == 0 ? 1 : -1; // checks NumPy's ABI against our headers
    PyErr_Clear();
  }
  if (api < 0) return nullptr;
  int type = -1;
  switch (kind) {
  case 'i': type = itemsize == 1 ? NPY_INT8 : itemsize == 2 ? NPY_INT16 : itemsize == 4 ? NPY_INT32 : NPY_INT64; break;
  case 'u': type = itemsize == 1 ? NPY_UINT8 : itemsize == 2 ? NPY_UINT16 : itemsize == 4 ? NPY_UINT32 : NPY_UINT64; break;
  case 'f': type = itemsize == 4 ? NPY_FLOAT32 : NPY_FLOAT64; break;
  default: return nullptr;
  }
  npy_intp dims[NPY_MAXDIMS];
  for (int d = 0; d < ndim; ++d) dims[d] = shape[d];
  return PyArray_ZEROS(ndim, dims, type, 0);
}

} // namespace pixie::python
