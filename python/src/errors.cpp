// The exception hierarchy (see python/pixie/__init__.py for the public names):
//
//   PixieError                      every pixie failure; .code is the Errc name
//     FormatError                   the file is not a valid .pixie
//     NoVariantError(LookupError)   nothing fits this host, or a forced tier is absent/unrunnable
//     LoadError(OSError)            reading the file or loading the variant failed
//     JitError                      compiling the bitcode for this host failed
//     BuildError                    pixie.build / PIXIECompiler failed
//     SignatureError(TypeError)     a signature does not parse or does not match
//     ConfigError(ValueError)       a bad option or environment value
#include "errors.h"

namespace py = pybind11;

namespace pixie::python {
namespace {

PyObject *gBase, *gFormat, *gNoVariant, *gLoad, *gJit, *gBuild, *gSignature, *gConfig;

PyObject *make(py::module_ &m, const char *name, PyObject *bases, const char *doc) {
  std::string qualified = std::string("pixie.") + name;
  PyObject *type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases, nullptr);
  if (!type) throw py::error_already_set();
  m.add_object(name, py::reinterpret_borrow<py::object>(type));
  return type;
}

PyObject *classFor(Errc code) {
  switch (code) {
  case Errc::truncated: case Errc::bad_magic: case Errc::unsupported_version: case Errc::reserved_nonzero:
  case Errc::out_of_bounds: case Errc::limit_exceeded: case Errc::checksum_mismatch:
  case Errc::unsupported_compression: case Errc::decompression_failed: case Errc::bad_metadata:
  case Errc::malformed:
    return gFormat;
  case Errc::no_variant: case Errc::unsupported_host: case Errc::not_found:
    return gNoVariant;
  case Errc::io: case Errc::load_failed:
    return gLoad;
  case Errc::jit_failed:
    return gJit;
  case Errc::bad_signature:
    return gSignature;
  case Errc::invalid_argument:
    return gConfig;
  case Errc::ok:
    break;
  }
  return gBase;
}

[[noreturn]] void raiseWith(PyObject *type, const char *code, const std::string &message) {
  PyObject *exc = PyObject_CallFunction(type, "s", message.c_str());
  if (exc) {
    PyObject_SetAttrString(exc, "code", py::str(code).ptr());
    PyErr_SetObject(type, exc);
    Py_DECREF(exc);
  }
  throw py::error_already_set();
}

} // namespace

void defineErrors(py::module_ &m) {
  gBase = make(m, "PixieError", PyExc_Exception, "Base class of every pixie error; .code names the failure.");
  gFormat = make(m, "FormatError", gBase, "The file is not a valid .pixie fat binary.");
  gNoVariant = make(m, "NoVariantError", py::make_tuple(py::handle(gBase), py::handle(PyExc_LookupError)).ptr(),
                    "No variant fits this host, or a forced tier is absent or cannot run here.");
  gLoad = make(m, "LoadError", py::make_tuple(py::handle(gBase), py::handle(PyExc_OSError)).ptr(),
               "Reading the file or loading the selected variant failed.");
  gJit = make(m, "JitError", gBase, "Compiling the embedded bitcode for this host failed.");
  gBuild = make(m, "BuildError", gBase, "Building a fat binary failed.");
  gSignature = make(m, "SignatureError", py::make_tuple(py::handle(gBase), py::handle(PyExc_TypeError)).ptr(),
                    "A signature does not parse or does not match the function.");
  gConfig = make(m, "ConfigError", py::make_tuple(py::handle(gBase), py::handle(PyExc_ValueError)).ptr(),
                 "An option or environment variable has a value pixie does not accept.");
}

void importErrors() {
  py::module_ m = py::module_::import("pixie._pixie");
  auto get = [&](const char *name) { return m.attr(name).ptr(); }; // the module keeps them alive
  gBase = get("PixieError");
  gFormat = get("FormatError");
  gNoVariant = get("NoVariantError");
  gLoad = get("LoadError");
  gJit = get("JitError");
  gBuild = get("BuildError");
  gSignature = get("SignatureError");
  gConfig = get("ConfigError");
}

void raise(const Error &error) { raiseWith(classFor(error.code()), errcName(error.code()), error.message()); }

PyObject *signatureErrorType() { return gSignature; }

void raiseBuildError(const std::string &message) { raiseWith(gBuild, "build_failed", message); }

} // namespace pixie::python
