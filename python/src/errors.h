// Python exception classes for pixie errors, one per family of Errc codes.
#pragma once

#include <pybind11/pybind11.h>

#include "pixie/error.h"

namespace pixie::python {

// Creates PixieError and its subclasses on the module.
void defineErrors(pybind11::module_ &m);

// In a second extension module: takes the classes from pixie._pixie.
void importErrors();

// Raises the Python exception matching `error` (never returns).
[[noreturn]] void raise(const Error &error);
// For errors of the build API, which come from LLVM as text.
[[noreturn]] void raiseBuildError(const std::string &message);

// pixie.SignatureError (a TypeError), for arguments that fit no signature.
PyObject *signatureErrorType();

template <class T> T unwrap(Expected<T> value) {
  if (!value) raise(value.error());
  return std::move(*value);
}

} // namespace pixie::python
