#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

namespace trocar::phantom {

// Gaussian noise as a pure function of (seed, voxel index): a counter-based generator, so the
// value of a voxel does not depend on which thread drew it or in what order. One hash per voxel
// and a lookup in an inverse-CDF table (65536 quantiles, linearly interpolated) keep it at a few
// nanoseconds; the table clips the tails at about 4.3 sigma, irrelevant for CT noise.
class NoiseField {
 public:
  NoiseField(uint64_t seed, double sigma)
      : seed_(mix(seed ^ 0x632BE59BD9B4E019ull)), table_(kEntries + 1) {
    for (int e = 0; e <= kEntries; ++e)
      table_[e] = sigma * inverseNormalCdf((e + 0.5) / (kEntries + 1));
  }

  double at(uint64_t index) const {
    const uint64_t h = mix(seed_ + index * 0x9E3779B97F4A7C15ull);
    const double x = double(h >> 11) * 0x1.0p-53 * kEntries;  // [0, kEntries)
    const int e = static_cast<int>(x);
    const double f = x - e;
    return table_[e] + (table_[e + 1] - table_[e]) * f;
  }

 private:
  static constexpr int kEntries = 65536;

  // splitmix64's finaliser: a bijective, well-mixed hash of a 64-bit counter.
  static uint64_t mix(uint64_t z) {
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // Bisection on erfc: slow, but only run 65537 times per field.
  static double inverseNormalCdf(double p) {
    double lo = -10, hi = 10;
    for (int i = 0; i < 80; ++i) {
      const double mid = (lo + hi) / 2;
      (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p ? lo : hi) = mid;
    }
    return (lo + hi) / 2;
  }

  uint64_t seed_;
  std::vector<double> table_;
};

}  // namespace trocar::phantom
