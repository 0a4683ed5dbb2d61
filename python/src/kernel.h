// pixie.Kernel: one export of a loaded library, callable from Python.
//
// The call path is the hot path of the whole Python layer, so it is a plain
// CPython type with vectorcall rather than a pybind11 function: no argument
// tuple, no dispatcher, no per-call allocation. Arguments are converted from
// the export's checked signature (arrays through the buffer protocol, so NumPy
// need not be imported) and the native function is called through libffi
// with the GIL released.
#pragma once

#include <Python.h>

#include <string>
#include <vector>

#include "pixie/signature.h"

namespace pixie::python {

struct OverloadTarget {
  std::string symbol;
  std::string signature; // canonical text
  Signature sig;
  void *address = nullptr;
};

// Registers the type on the module; call once from module init.
bool defineKernelType(PyObject *module);

// A new Kernel; `owner` is kept alive as long as the kernel (it owns the code).
PyObject *makeKernel(const std::string &name, std::vector<OverloadTarget> overloads, PyObject *owner);

} // namespace pixie::python
