// pixie._pixie.Library: an opened fat binary (pixie::Module) seen from Python.
//
// The library owns the loaded code; every Kernel it hands out holds a
// reference to it, so code stays mapped while any kernel is reachable.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "errors.h"
#include "kernel.h"
#include "pixie/fatbinary.h"
#include "pixie/loader.h"

namespace py = pybind11;

namespace pixie::python {
namespace {

class Library {
public:
  Library(std::string path, std::optional<std::string> isa, std::optional<std::string> jit) : path_(std::move(path)) {
    LoadOptions options;
    options.use_isa = std::move(isa);
    if (jit) options.jit = unwrap(parseJitPolicy(*jit));
    Expected<std::unique_ptr<Module>> m = [&] {
      py::gil_scoped_release release; // reading, decompressing and loading touch no Python state
      return Module::openFile(path_, options);
    }();
    module_ = unwrap(std::move(m));
  }

  const Metadata &meta() const { return module_->metadata(); }
  const std::string &path() const { return path_; }

  std::string selectedIsa() const {
    if (const Variant *v = module_->variant()) return v->tier;
    return "jit:" + std::string(module_->explanation().host.cpuName());
  }

  bool isSpecialized() const {
    const Variant *v = module_->variant();
    return !v || v->specialized;
  }

  std::vector<std::string> availableIsas() const {
    std::vector<std::string> tiers;
    std::string_view platform = module_->explanation().host.platform();
    for (const Variant &v : meta().variants)
      if (v.platform == platform) tiers.push_back(v.tier);
    return tiers;
  }

  std::string explain() const { return explanationText(module_->explanation(), meta()); }
  std::string explainJson() const { return explanationJson(module_->explanation(), meta()); }
  std::string metadataJson() const { return serializeMetadata(meta()); }

  // The bitcode for this host's platform, else the first the file has.
  py::bytes bitcode() const {
    std::unique_ptr<FileSource> file = unwrap(FileSource::open(path_));
    FatBinaryReader reader = unwrap(FatBinaryReader::open(file->bytes(), file.get()));
    const auto &entries = reader.metadata().bitcode;
    if (entries.empty()) raise(Error(Errc::not_found, "'" + path_ + "' carries no bitcode"));
    std::string_view platform = module_->explanation().host.platform();
    size_t pick = 0;
    for (size_t i = 0; i < entries.size(); ++i)
      if (entries[i].platform == platform) pick = i;
    std::vector<uint8_t> bc = unwrap(reader.readBitcode(pick));
    return py::bytes(reinterpret_cast<const char *>(bc.data()), bc.size());
  }

  // name -> Kernel for every export, each holding `self` alive.
  py::dict kernels(py::object self) const {
    py::dict out;
    for (const Export &e : meta().exports) {
      std::vector<OverloadTarget> targets;
      for (const Overload &o : e.overloads) {
        OverloadTarget t;
        t.symbol = o.symbol;
        t.signature = o.signature;
        t.sig = unwrap(parseSignature(o.signature));
        t.address = unwrap(module_->lookup(e.name, o.signature));
        targets.push_back(std::move(t));
      }
      PyObject *k = makeKernel(e.name, std::move(targets), self.ptr(), e.doc);
      if (!k) throw py::error_already_set();
      out[py::str(e.name)] = py::reinterpret_steal<py::object>(k);
    }
    return out;
  }

  // [(python name, symbol, signature, address, user metadata JSON, C signature)] for
  // __PIXIE__; the C signature is the lowered one (arrays as pointers, extents
  // as integers: spec/format.md "Arrays"), the same text for pointer signatures.
  using SymbolRow = std::tuple<std::string, std::string, std::string, uintptr_t, std::string, std::string>;
  std::vector<SymbolRow> symbols() const {
    std::vector<SymbolRow> out;
    for (const Export &e : meta().exports)
      for (const Overload &o : e.overloads)
        out.emplace_back(e.name, o.symbol, o.signature,
                         reinterpret_cast<uintptr_t>(unwrap(module_->lookup(e.name, o.signature))), o.user_metadata,
                         toString(lower(unwrap(parseSignature(o.signature))).c));
    return out;
  }

private:
  std::string path_;
  std::unique_ptr<Module> module_;
};

} // namespace

// The uuid of a .pixie file, read without loading anything from it.
std::string fileUuid(const std::string &path) {
  std::unique_ptr<FileSource> file = unwrap(FileSource::open(path));
  return unwrap(FatBinaryReader::open(file->bytes(), file.get())).metadata().uuid;
}

void defineLibrary(py::module_ &m) {
  m.def("file_uuid", &fileUuid, py::arg("path"));
  py::class_<Library>(m, "Library", "An opened .pixie file with the variant selected for this host loaded.")
      .def(py::init<std::string, std::optional<std::string>, std::optional<std::string>>(), py::arg("path"),
           py::kw_only(), py::arg("isa") = py::none(), py::arg("jit") = py::none())
      .def_property_readonly("name", [](const Library &l) { return l.meta().library; })
      .def_property_readonly("uuid", [](const Library &l) { return l.meta().uuid; })
      .def_property_readonly("path", &Library::path)
      .def_property_readonly("selected_isa", &Library::selectedIsa)
      .def_property_readonly("available_isas", &Library::availableIsas)
      .def_property_readonly("is_specialized", &Library::isSpecialized)
      .def_property_readonly("metadata_json", &Library::metadataJson)
      .def_property_readonly("bitcode", &Library::bitcode)
      .def("explain", &Library::explain)
      .def("explain_json", &Library::explainJson)
      .def("kernels", [](py::object self) { return self.cast<const Library &>().kernels(self); })
      .def("symbols", &Library::symbols);
}

} // namespace pixie::python
