#include "pixie/error.h"

namespace pixie {

const char *errcName(Errc code) {
  switch (code) {
  case Errc::ok: return "ok";
  case Errc::io: return "io";
  case Errc::truncated: return "truncated";
  case Errc::bad_magic: return "bad_magic";
  case Errc::unsupported_version: return "unsupported_version";
  case Errc::reserved_nonzero: return "reserved_nonzero";
  case Errc::out_of_bounds: return "out_of_bounds";
  case Errc::limit_exceeded: return "limit_exceeded";
  case Errc::checksum_mismatch: return "checksum_mismatch";
  case Errc::unsupported_compression: return "unsupported_compression";
  case Errc::decompression_failed: return "decompression_failed";
  case Errc::bad_metadata: return "bad_metadata";
  case Errc::bad_signature: return "bad_signature";
  case Errc::not_found: return "not_found";
  case Errc::no_variant: return "no_variant";
  case Errc::load_failed: return "load_failed";
  case Errc::invalid_argument: return "invalid_argument";
  case Errc::jit_failed: return "jit_failed";
  case Errc::unsupported_host: return "unsupported_host";
  case Errc::malformed: return "malformed";
  }
  return "unknown";
}

} // namespace pixie
