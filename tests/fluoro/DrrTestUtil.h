#pragma once

#include <cmath>
#include <vector>

#include "SiddonReference.h"
#include "trocar/fluoro/AttenuationVolume.h"
#include "trocar/fluoro/Drr.h"

namespace trocar::fluoro::reference {

inline AttenuationVolume toAttenuationVolume(const MuGrid& g) {
  return AttenuationVolume::fromMu(g.size, g.originMm, g.spacingMm, g.direction, g.mu);
}

// sqrt(mean((a - b)^2)) / sqrt(mean(b^2)): the image-wide relative RMS difference.
inline double relativeRms(const Drr& a, const Drr& b) {
  double diff = 0, ref = 0;
  for (std::size_t i = 0; i < b.lineIntegral.size(); ++i) {
    const double d = double(a.lineIntegral[i]) - b.lineIntegral[i];
    diff += d * d;
    ref += double(b.lineIntegral[i]) * b.lineIntegral[i];
  }
  return std::sqrt(diff / ref);
}

// Intensity-weighted centroid (pixels) of a DRR inside a window, background removed.
struct Centroid {
  double u = 0, v = 0, weight = 0;
};
inline Centroid centroid(const Drr& d, int u0, int v0, int u1, int v1, double background = 0) {
  Centroid c;
  for (int v = std::max(0, v0); v <= std::min(d.rows - 1, v1); ++v)
    for (int u = std::max(0, u0); u <= std::min(d.columns - 1, u1); ++u) {
      const double w = std::max(0.0, double(d.at(u, v)) - background);
      c.u += w * u;
      c.v += w * v;
      c.weight += w;
    }
  if (c.weight > 0) {
    c.u /= c.weight;
    c.v /= c.weight;
  }
  return c;
}

}  // namespace trocar::fluoro::reference
