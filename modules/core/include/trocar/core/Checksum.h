#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace trocar::core {

// FNV-1a, 64 bit: a fast fingerprint (not a cryptographic hash) that tells whether a plan's
// volume is the one it was made on. Chain calls by passing the previous value as `seed`.
inline constexpr uint64_t kFnv1a64Seed = 14695981039346656037ull;
uint64_t fnv1a64(const void* data, size_t bytes, uint64_t seed = kFnv1a64Seed);
// "fnv1a64:0123456789abcdef"
std::string formatChecksum(uint64_t value);

}  // namespace trocar::core
