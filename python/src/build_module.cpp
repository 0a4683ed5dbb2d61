// pixie._pixie_build: the compiler library (pixie::build) seen from Python.
// A separate extension module because it maps LLVM: `import pixie` must not.
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "errors.h"
#include "pixie/c_header.h"
#include "pixie/compiler.h"
#include "pixie/fatbinary.h"
#include "pixie/host.h"
#include "pixie/specialize.h"
#include "pixie/targets.h"

namespace py = pybind11;

namespace pixie::python {
namespace {

using ExportTuple = std::tuple<std::string, std::string, std::string, std::string>;

py::dict buildFile(const std::string &output, const std::string &library, const std::vector<std::string> &inputs,
                   const std::vector<ExportTuple> &exports, const std::vector<std::string> &platforms,
                   const std::vector<std::string> &tiers, unsigned opt, const std::string &passes,
                   const std::vector<std::string> &plugins, const std::vector<std::string> &clangArgs, unsigned jobs,
                   const std::string &uuid, const std::vector<std::string> &provenance, py::object progress,
                   std::optional<bool> loopVectorize, std::optional<bool> slpVectorize) {
  BuildOptions o;
  o.library = library;
  o.inputs = inputs;
  for (const auto &[name, symbol, signature, meta] : exports) o.exports.push_back({name, symbol, signature, meta});
  o.platforms = platforms;
  o.tiers = tiers;
  o.opt_level = opt;
  o.passes = passes;
  o.pass_plugins = plugins;
  o.clang_args = clangArgs;
  o.jobs = jobs;
  o.uuid = uuid;
  o.provenance = provenance;
  o.loop_vectorize = loopVectorize;
  o.slp_vectorize = slpVectorize;
  if (!progress.is_none())
    o.on_variant = [&progress](const VariantReport &r) {
      py::gil_scoped_acquire gil;
      progress(r.platform, r.tier, r.seconds, r.bytes, r.completed, r.total);
    };

  std::string failure;
  std::optional<BuildResult> result;
  {
    py::gil_scoped_release release;
    llvm::Expected<BuildResult> built = pixie::build(o);
    if (!built) failure = llvm::toString(built.takeError());
    else result = std::move(*built);
  }
  // A Python error raised by the progress callback wins over the build's own.
  if (PyErr_Occurred()) throw py::error_already_set();
  if (!result) raiseBuildError(failure);
  if (Error e = writeFileAtomic(output, result->file)) raise(e);

  py::list variants;
  for (size_t i = 0; i < result->meta.variants.size(); ++i) {
    const Variant &v = result->meta.variants[i];
    variants.append(py::dict(py::arg("platform") = v.platform, py::arg("tier") = v.tier,
                             py::arg("bytes") = result->reports[i].bytes,
                             py::arg("seconds") = result->reports[i].seconds));
  }
  return py::dict(py::arg("path") = output, py::arg("uuid") = result->meta.uuid,
                  py::arg("size") = result->file.size(), py::arg("variants") = variants,
                  py::arg("warnings") = result->warnings);
}

// __PIXIE__['specialize']: `in` plus a variant for this host (or for `cpu`,
// with `features`, when given), written to `out` with the same uuid.
py::dict specialize(const std::string &in, const std::string &out, const std::string &cpu,
                    const std::optional<std::vector<std::string>> &features, unsigned opt) {
  const HostProfile &host = hostProfile();
  // The host's own name may be one LLVM lacks (the JIT then tunes for the
  // baseline); a name the caller chose must be real.
  if (!cpu.empty() && !isKnownCpu(std::string(host.platform()), cpu))
    raise(Error(Errc::invalid_argument, "baseline_cpu '" + cpu + "' is not a CPU LLVM knows for " +
                                            std::string(host.platform())));
  HostTarget target{std::string(host.platform()), cpu.empty() ? std::string(host.cpuName()) : cpu, {}};
  if (features) {
    for (const std::string &f : *features)
      if (featureIndex(host.arch, f) < 0)
        raise(Error(Errc::invalid_argument, "'" + f + "' is not a feature pixie detects on " +
                                                std::string(archName(host.arch))));
    target.features = *features;
  } else {
    for (std::string_view name : featureNames(host.arch))
      if (host.has(name)) target.features.emplace_back(name);
  }
  std::string failure;
  std::optional<SpecializedVariant> result;
  {
    py::gil_scoped_release release;
    auto v = specializeFile(in, out, target, opt);
    if (!v) failure = llvm::toString(v.takeError());
    else result = std::move(*v);
  }
  if (!result) raiseBuildError(failure);
  return py::dict(py::arg("path") = out, py::arg("platform") = result->variant.platform,
                  py::arg("tier") = result->variant.tier, py::arg("cpu") = result->variant.cpu,
                  py::arg("account") = result->account);
}

// The tier table (spec/targets.md) with what each tier requires of a host.
py::list platforms() {
  py::list out;
  for (const Platform &p : allPlatforms()) {
    py::list tiers;
    for (const Tier &t : p.tiers) {
      llvm::Expected<std::vector<std::string>> required = requiredFeatures(p, t);
      if (!required) raiseBuildError(llvm::toString(required.takeError()));
      tiers.append(py::dict(py::arg("name") = t.name, py::arg("rank") = t.rank, py::arg("cpu") = t.cpu,
                            py::arg("features") = t.features, py::arg("required") = *required));
    }
    out.append(py::dict(py::arg("name") = p.name, py::arg("triple") = p.triple, py::arg("tiers") = tiers));
  }
  return out;
}

} // namespace
// pixie-build --header's text (pixie/c_header.h).
std::string cHeaderText(const std::string &library, const std::vector<ExportTuple> &exports) {
  std::vector<ExportSpec> specs;
  for (const auto &[name, symbol, signature, meta] : exports) specs.push_back({name, symbol, signature, meta});
  llvm::Expected<std::string> text = pixie::cHeader(library, specs);
  if (!text) raiseBuildError(llvm::toString(text.takeError()));
  return *text;
}

} // namespace pixie::python

PYBIND11_MODULE(_pixie_build, m) {
  using namespace pixie::python;
  m.doc() = "pixie's compiler, for pixie.build and the original PIXIE API";
  importErrors();
  m.def("specialize", &specialize, py::arg("input"), py::arg("output"), py::arg("cpu"), py::arg("features"),
        py::arg("opt"));
  m.def("platforms", &platforms, "Every platform pixie builds, with its tiers.");
  m.def("library_name", [](const std::string &path) { return pixie::libraryNameFromPath(path); },
        py::arg("output"), "The library name pixie-build derives from an output path.");
  m.def("c_header", &cHeaderText, py::arg("library"), py::arg("exports"),
        "The C header of the exports, as pixie-build --header writes it.");
  m.def("build", &buildFile, py::arg("output"), py::arg("library"), py::arg("inputs"), py::arg("exports"),
        py::arg("platforms"), py::arg("tiers"), py::arg("opt"), py::arg("passes"), py::arg("pass_plugins"),
        py::arg("clang_args"), py::arg("jobs"), py::arg("uuid"), py::arg("provenance"), py::arg("progress"),
        py::arg("loop_vectorize"), py::arg("slp_vectorize"));
}
