#include "pixie/fatbinary.h"

#include <string_view>

namespace pixie {

Expected<FatBinaryReader> FatBinaryReader::open(std::span<const uint8_t> file, const ByteSource *source) {
  auto container = ContainerReader::open(file, source);
  if (!container) return container.takeError();
  auto json = container->readSection(0);
  if (!json) return json.takeError();
  auto meta = parseMetadata(std::string_view(reinterpret_cast<const char *>(json->data()), json->size()),
                            container->sections());
  if (!meta) return meta.takeError();
  FatBinaryReader r;
  r.container_ = std::move(*container);
  r.meta_ = std::move(*meta);
  return r;
}

Expected<std::vector<uint8_t>> FatBinaryReader::readVariant(size_t i) const {
  if (i >= meta_.variants.size())
    return Error(Errc::not_found, "variant " + std::to_string(i) + " does not exist (the file has " +
                                      std::to_string(meta_.variants.size()) + ")");
  return container_.readSection(meta_.variants[i].section);
}

Expected<std::vector<uint8_t>> FatBinaryReader::readBitcode(size_t i) const {
  if (i >= meta_.bitcode.size())
    return Error(Errc::not_found, "bitcode " + std::to_string(i) + " does not exist (the file has " +
                                      std::to_string(meta_.bitcode.size()) + ")");
  return container_.readSection(meta_.bitcode[i].section);
}

} // namespace pixie
