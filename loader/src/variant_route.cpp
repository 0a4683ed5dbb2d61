// Choosing the route for one variant. Auto on Linux: the memfd; if the kernel
// or a sandbox refuses to create or execute it, the cache file, and the
// explanation says why. A forced route never falls back.
#include "routes.h"

namespace pixie {

Expected<Loaded> loadVariant(const FatBinaryReader &file, size_t index, const Resolved &r) {
  const Variant &v = file.metadata().variants[index];
  const SectionInfo &info = file.container().sections()[v.section];
  if (info.raw_size == 0)
    return Error(Errc::malformed, "variant " + v.platform + "/" + v.tier + " is empty");
  SectionRef section{&file.container(), v.section, info.raw_size, v.platform};
#if defined(__linux__)
  std::string memfd_problem;
  if (r.route != LoadRoute::CacheFile) {
    Expected<Loaded> loaded = loadViaMemfd(section, "pixie:" + file.metadata().library + ":" + v.tier);
    if (loaded || r.route == LoadRoute::Memfd)
      return loaded;
    if (loaded.error().code() != Errc::unsupported_host)
      return loaded;
    memfd_problem = loaded.error().message();
  }
  Expected<Loaded> loaded = loadViaCacheFile(section, r.cacheDir(), kLibrarySuffix);
  if (!loaded && !memfd_problem.empty())
    return Error(loaded.error().code(), "memfd route: " + memfd_problem + "; cache-file route: " +
                                            loaded.error().message());
  if (loaded && !memfd_problem.empty())
    loaded->detail += " (memfd refused: " + memfd_problem + ")";
  return loaded;
#else
  if (r.route == LoadRoute::Memfd)
    return Error(Errc::unsupported_host, "PIXIE_LOAD_ROUTE=memfd: memfd loading exists only on Linux");
  return loadViaCacheFile(section, r.cacheDir(), kLibrarySuffix);
#endif
}

} // namespace pixie
