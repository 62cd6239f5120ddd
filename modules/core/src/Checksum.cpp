#include "trocar/core/Checksum.h"

#include <cstdio>

namespace trocar::core {

uint64_t fnv1a64(const void* data, size_t bytes, uint64_t seed) {
  constexpr uint64_t kPrime = 1099511628211ull;
  const auto* p = static_cast<const unsigned char*>(data);
  uint64_t h = seed;
  for (size_t i = 0; i < bytes; ++i) {
    h ^= p[i];
    h *= kPrime;
  }
  return h;
}

std::string formatChecksum(uint64_t value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "fnv1a64:%016llx", static_cast<unsigned long long>(value));
  return buf;
}

}  // namespace trocar::core
