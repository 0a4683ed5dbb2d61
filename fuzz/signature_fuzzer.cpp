// libFuzzer target: the signature language (spec/format.md, "Signatures").
//
// A signature that parses has a canonical text, and that text must parse to
// the same Signature and print the same way again; a refusal is a
// bad_signature error whose message stays short whatever the input.
#include <cstdint>
#include <string_view>

#include "check.h"
#include "pixie/signature.h"

using namespace pixie;
using namespace pixie::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  auto sig = parseSignature(text);
  if (!sig) {
    requireClean(sig.error());
    require(sig.error().code() == Errc::bad_signature, "a signature error that is not bad_signature");
    return 0;
  }
  require(sig->params.size() <= kMaxSignatureParams, "more parameters than the limit");
  std::string canonical = toString(*sig);
  auto again = parseSignature(canonical);
  require(bool(again), "the canonical form does not parse");
  require(*again == *sig, "the canonical form parses to another signature");
  require(toString(*again) == canonical, "the canonical form is not stable");
  return 0;
}
