// libFuzzer target: the metadata document (spec/format.md, "Metadata") with
// its whole schema, including the references into the section table.
//
// Input: a first line naming the section table, one letter per section
// (m metadata, b bitcode, v variant, anything else an unknown kind), then the
// JSON text. Seeds are the documents of real files with their real tables.
// A document that parses must also validate, and must survive a round trip:
// serialising it and parsing that gives the same serialisation.
#include <cstdint>
#include <string_view>
#include <vector>

#include "check.h"
#include "pixie/metadata.h"

using namespace pixie;
using namespace pixie::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view input(reinterpret_cast<const char *>(data), size);
  size_t newline = input.find('\n');
  if (newline == std::string_view::npos || newline > kMaxSections) return 0;
  std::vector<SectionInfo> sections(newline);
  for (size_t i = 0; i < newline; ++i)
    sections[i].kind = input[i] == 'm' ? uint32_t(SectionKind::Metadata)
                       : input[i] == 'b' ? uint32_t(SectionKind::Bitcode)
                       : input[i] == 'v' ? uint32_t(SectionKind::Variant)
                                         : 0x7F;
  std::string_view json = input.substr(newline + 1);

  auto meta = parseMetadata(json, sections);
  if (!meta) {
    requireClean(meta.error());
    require(meta.error().code() == Errc::bad_metadata, "a metadata error that is not bad_metadata");
    return 0;
  }
  require(!validateMetadata(*meta), "parsed metadata fails validation");
  std::string text = serializeMetadata(*meta);
  auto again = parseMetadata(text, sections);
  require(bool(again), "serialised metadata does not parse back");
  require(serializeMetadata(*again) == text, "metadata changes across a round trip");
  return 0;
}
