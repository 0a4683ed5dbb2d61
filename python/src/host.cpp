// What this machine is, as the loader sees it (pixie.host()).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "pixie/host.h"

namespace py = pybind11;

namespace pixie::python {

void defineHost(py::module_ &m) {
  m.def(
      "host",
      [] {
        const HostProfile &h = hostProfile();
        std::vector<std::string> features;
        for (std::string_view name : featureNames(h.arch))
          if (h.has(name)) features.emplace_back(name);
        py::dict d;
        d["platform"] = std::string(h.platform());
        d["os"] = std::string(osName(h.os));
        d["arch"] = std::string(archName(h.arch));
        d["cpu"] = std::string(h.cpuName());
        d["description"] = std::string(h.describe());
        d["features"] = features;
        return d;
      },
      "The host profile the loader selects variants for.");
}

} // namespace pixie::python
