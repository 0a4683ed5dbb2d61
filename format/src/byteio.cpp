#include "byteio.h"

#include <cstdio>

namespace pixie::detail {

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

} // namespace pixie::detail
