// Reading NumPy arrays straight from their object layout.
//
// The buffer protocol costs ~50 ns per NumPy array (NumPy builds a format
// string and shape arrays on every request), a third of a whole kernel call.
// The fields a call needs (data pointer, dtype kind and size, flags) sit at
// fixed offsets in NumPy's public struct layout, so we read them directly:
// no `import numpy`, no C-API table. Only exact numpy.ndarray objects of a
// NumPy whose major version matches the headers we were compiled against take
// this path; everything else goes through the buffer protocol.
#pragma once

#include <Python.h>

namespace pixie::python {

struct NdarrayView {
  void *data = nullptr;
  char kind = 0;     // NumPy's dtype kind: 'i', 'u', 'f', 'b', 'c', ...
  int itemsize = 0;
  bool native = false; // native byte order
  bool c_contiguous = false;
  bool writable = false;
  int ndim = 0;
  const Py_ssize_t *shape = nullptr; // ndim extents (NumPy's npy_intp, the same width)
};

bool readNdarray(PyObject *obj, NdarrayView &view);

// A new zero-filled C-ordered array through NumPy's C API; nullptr without an
// exception set when this NumPy's ABI does not match our headers (the caller
// then calls numpy.zeros), nullptr with one when allocation fails.
PyObject *newZeroedArray(int ndim, const Py_ssize_t *shape, char kind, int itemsize);

} // namespace pixie::python
