// pixie.Kernel: one export of a loaded library, callable from Python.
//
// The call path is the hot path of the whole Python layer, so it is a plain
// CPython type with vectorcall rather than a pybind11 function: no argument
// tuple, no dispatcher, no per-call heap allocation. Arguments are checked
// against the export's signatures (arrays through NumPy's struct layout or
// the buffer protocol, so NumPy need not be imported), array extents are
// read from the arrays' shapes and checked before the kernel runs, one
// overload is chosen by NumPy-like casting rules, and the native function is
// called straight through the C ABI for register-only signatures, else
// through libffi. The rules are spelled out in kernel.cpp and README.md.
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
// `doc` is the export's docstring from the metadata, if the file has one.
PyObject *makeKernel(const std::string &name, std::vector<OverloadTarget> overloads, PyObject *owner,
                     const std::string &doc = "");

} // namespace pixie::python
