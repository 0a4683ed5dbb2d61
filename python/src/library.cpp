// pixie._pixie.Library: an opened fat binary (pixie::Module) seen from Python.
//
// The library owns the loaded code; every Kernel it hands out holds a
// reference to it, so code stays mapped while any kernel is reachable.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "errors.h"
#include "kernel.h"
#include "pixie/container.h"
#include "pixie/fatbinary.h"
#include "pixie/file_source.h"
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

  // The export names in file order: reading them looks nothing up, so a
  // module can be made in time linear in its exports, and each kernel made
  // when it is first used (kernel()), as the C API's pixie_lookup_kernel does.
  std::vector<std::string> exportNames() const {
    std::vector<std::string> out;
    out.reserve(meta().exports.size());
    for (const Export &e : meta().exports) out.push_back(e.name);
    return out;
  }

  // The Kernel for export number `index`, holding `self` alive.
  py::object kernel(py::object self, size_t index) const {
    if (index >= meta().exports.size()) throw py::index_error("no export number " + std::to_string(index));
    const Export &e = meta().exports[index];
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
    return py::reinterpret_steal<py::object>(k);
  }

  // name -> Kernel for every export, each holding `self` alive.
  py::dict kernels(py::object self) const {
    py::dict out;
    for (size_t i = 0; i < meta().exports.size(); ++i) out[py::str(meta().exports[i].name)] = kernel(self, i);
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

namespace {

// Whether two bitcode sections hold the same bytes: compared as stored when
// both are stored alike (one checksum each, already part of the file),
// else decompressed.
Expected<bool> sameSection(const FatBinaryReader &a, uint32_t ia, const FatBinaryReader &b, uint32_t ib) {
  const SectionInfo &sa = a.container().sections()[ia];
  const SectionInfo &sb = b.container().sections()[ib];
  if (sa.raw_size != sb.raw_size) return false;
  if (sa.compression == sb.compression && sa.base == kNoBase && sb.base == kNoBase &&
      sa.stored_size == sb.stored_size && sa.checksum == sb.checksum)
    return true;
  Expected<std::vector<uint8_t>> ra = a.container().readSection(ia);
  if (!ra) return ra.takeError();
  Expected<std::vector<uint8_t>> rb = b.container().readSection(ib);
  if (!rb) return rb.takeError();
  return *ra == *rb;
}

} // namespace

// Why `tuned` is not a copy of `original` that __PIXIE__['specialize']
// (pixie-build --specialize) made: "" when it is one. A copy has the same
// uuid, library name, exports (names, symbols, signatures, metadata and docs)
// and bitcode; only variants may be added. Both files are read, not loaded.
std::string specializedMismatch(const std::string &original, const std::string &tuned) {
  std::unique_ptr<FileSource> fa = unwrap(FileSource::open(original));
  FatBinaryReader a = unwrap(FatBinaryReader::open(fa->bytes(), fa.get()));
  std::unique_ptr<FileSource> fb = unwrap(FileSource::open(tuned));
  Expected<FatBinaryReader> rb = FatBinaryReader::open(fb->bytes(), fb.get());
  if (!rb) return rb.error().message();
  const FatBinaryReader &b = *rb;
  const Metadata &ma = a.metadata(), &mb = b.metadata();
  if (ma.uuid != mb.uuid) return "it has another uuid (the library changed since it was specialised)";
  if (ma.library != mb.library) return "it is library '" + mb.library + "', not '" + ma.library + "'";
  if (ma.exports.size() != mb.exports.size()) return "its exports differ";
  for (size_t i = 0; i < ma.exports.size(); ++i) {
    const Export &x = ma.exports[i], &y = mb.exports[i];
    if (x.name != y.name || x.doc != y.doc || x.overloads.size() != y.overloads.size())
      return "its export '" + y.name + "' differs";
    for (size_t j = 0; j < x.overloads.size(); ++j)
      if (x.overloads[j].symbol != y.overloads[j].symbol || x.overloads[j].signature != y.overloads[j].signature ||
          x.overloads[j].user_metadata != y.overloads[j].user_metadata)
        return "its export '" + y.name + "' differs";
  }
  if (ma.bitcode.size() != mb.bitcode.size()) return "its bitcode differs";
  for (size_t i = 0; i < ma.bitcode.size(); ++i) {
    if (ma.bitcode[i].platform != mb.bitcode[i].platform || ma.bitcode[i].triple != mb.bitcode[i].triple)
      return "its bitcode differs";
    Expected<bool> same = sameSection(a, ma.bitcode[i].section, b, mb.bitcode[i].section);
    if (!same) return same.error().message();
    if (!*same) return "its bitcode differs";
  }
  return "";
}

void defineLibrary(py::module_ &m) {
  m.def("file_uuid", &fileUuid, py::arg("path"));
  m.def("specialized_mismatch", &specializedMismatch, py::arg("original"), py::arg("tuned"));
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
      .def("export_names", &Library::exportNames)
      .def(
          "kernel", [](py::object self, size_t index) { return self.cast<const Library &>().kernel(self, index); },
          py::arg("index"))
      .def("symbols", &Library::symbols);
}

} // namespace pixie::python
