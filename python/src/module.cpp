// pixie._pixie: the loader seen from Python. Links no LLVM, so importing pixie
// and loading a prebuilt kernel never maps libLLVM; the build API lives in the
// separate pixie._pixie_build module, imported only when used.
#include <pybind11/pybind11.h>

#include "errors.h"
#include "kernel.h"

namespace py = pybind11;

namespace pixie::python {
void defineLibrary(py::module_ &m);
void defineHost(py::module_ &m);
} // namespace pixie::python

PYBIND11_MODULE(_pixie, m) {
  using namespace pixie::python;
  m.doc() = "pixie's native loader module";
  defineErrors(m); // first: everything below raises these
  if (!defineKernelType(m.ptr())) throw py::error_already_set();
  defineLibrary(m);
  defineHost(m);
}
