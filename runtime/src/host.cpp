// The process-wide host profile: detected on first use, then shared. A
// function-local static gives thread-safe one-time initialisation without a
// lock on every call.
#include "pixie/host.h"

namespace pixie {

const HostProfile &hostProfile() {
  static const HostProfile profile = detectHost();
  return profile;
}

} // namespace pixie
