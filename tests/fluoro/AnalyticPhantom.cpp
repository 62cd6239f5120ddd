#include "AnalyticPhantom.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "trocar/fluoro/Needle.h"

namespace trocar::fluoro::reference {

namespace {

double sphereChordMm(const Sphere& s, const core::Vec3& source, const core::Vec3& dir) {
  const core::Vec3 w = s.centreMm - source;
  const double along = core::dot(w, dir);
  const double d2 = core::dot(w, w) - along * along;
  const double r2 = s.radiusMm * s.radiusMm;
  if (d2 >= r2) return 0;
  const double half = std::sqrt(r2 - d2);
  const double t0 = std::max(0.0, along - half), t1 = along + half;
  return std::max(0.0, t1 - t0);
}

// Signed distance (negative inside), exact for spheres, a bound good enough to find the voxels
// that need sub-sampling for cylinders.
// Rays passing this close outside an object still cross its partial-volume voxels.
constexpr double kNearMissMm = 2.0;

double signedDistance(const Sphere& s, const core::Vec3& p) {
  return core::distance(p, s.centreMm) - s.radiusMm;
}
double signedDistance(const Cylinder& c, const core::Vec3& p) {
  const core::Vec3 axis = c.bMm - c.aMm;
  const double len = core::norm(axis);
  const core::Vec3 u = axis / len;
  const double s = core::dot(p - c.aMm, u);
  const double perp = core::norm(p - c.aMm - u * s);
  return std::max({perp - c.radiusMm, -s, s - len});
}

}  // namespace

double AnalyticPhantom::lineIntegral(const core::Vec3& sourceMm,
                                     const core::Vec3& direction) const {
  double sum = 0;
  for (const Sphere& s : spheres) sum += s.muPerMm * sphereChordMm(s, sourceMm, direction);
  for (const Cylinder& c : cylinders) {
    NeedleModel asNeedle{c.aMm, c.bMm, 2 * c.radiusMm, c.muPerMm};
    sum += c.muPerMm * needleChordMm(asNeedle, sourceMm, direction);
  }
  return sum;
}

bool AnalyticPhantom::throughInteriors(const core::Vec3& sourceMm, const core::Vec3& direction,
                                       double fraction) const {
  bool any = false;
  for (const Sphere& s : spheres) {
    const core::Vec3 w = s.centreMm - sourceMm;
    const double along = core::dot(w, direction);
    const double d = std::sqrt(std::max(0.0, core::dot(w, w) - along * along));
    if (d >= s.radiusMm + kNearMissMm) continue;
    if (d > fraction * s.radiusMm) return false;
    any = true;
  }
  for (const Cylinder& c : cylinders) {
    const NeedleModel body{c.aMm, c.bMm, 2 * c.radiusMm, c.muPerMm};
    const double chord = needleChordMm(body, sourceMm, direction);
    const NeedleModel grown{c.aMm, c.bMm, 2 * (c.radiusMm + kNearMissMm), c.muPerMm};
    if (chord <= 0 && needleChordMm(grown, sourceMm, direction) <= 0) continue;
    // Distance between the ray and the axis line, and whether the caps cut the chord.
    const core::Vec3 axis = core::normalized(c.bMm - c.aMm);
    const core::Vec3 n = core::cross(axis, direction);
    if (core::norm(n) < 1e-9) return false;  // along the axis: through both caps
    const double d = std::abs(core::dot(sourceMm - c.aMm, core::normalized(n)));
    if (d > fraction * c.radiusMm) return false;
    // The chord through the cylinder kept clear of its caps by the margin must be the chord
    // through the infinite cylinder.
    const core::Vec3 ext = axis * (10 * c.radiusMm + core::distance(c.aMm, c.bMm));
    const NeedleModel longer{c.aMm - ext, c.bMm + ext, 2 * c.radiusMm, c.muPerMm};
    const NeedleModel shorter{c.aMm + axis * kNearMissMm, c.bMm - axis * kNearMissMm,
                              2 * c.radiusMm, c.muPerMm};
    if (std::abs(needleChordMm(longer, sourceMm, direction) -
                 needleChordMm(shorter, sourceMm, direction)) > 1e-9)
      return false;
    any = true;
  }
  return any;
}

MuGrid AnalyticPhantom::rasterize(std::array<int, 3> size, const core::Vec3& originMm,
                                  const core::Vec3& spacingMm, int subsamples) const {
  MuGrid g;
  g.size = size;
  g.originMm = originMm;
  g.spacingMm = spacingMm;
  g.mu.assign(std::size_t(size[0]) * size[1] * size[2], 0.f);
  const double halfDiagonal = 0.5 * core::norm(spacingMm);
  auto fraction = [&](const auto& shape, const core::Vec3& centre) {
    const double sd = signedDistance(shape, centre);
    if (sd > halfDiagonal) return 0.0;
    if (sd < -halfDiagonal) return 1.0;
    int inside = 0;
    for (int a = 0; a < subsamples; ++a)
      for (int b = 0; b < subsamples; ++b)
        for (int c = 0; c < subsamples; ++c) {
          const core::Vec3 offset{((a + 0.5) / subsamples - 0.5) * spacingMm.x,
                                  ((b + 0.5) / subsamples - 0.5) * spacingMm.y,
                                  ((c + 0.5) / subsamples - 0.5) * spacingMm.z};
          if (signedDistance(shape, centre + offset) < 0) ++inside;
        }
    return double(inside) / (subsamples * subsamples * subsamples);
  };
  for (int k = 0; k < size[2]; ++k)
    for (int j = 0; j < size[1]; ++j)
      for (int i = 0; i < size[0]; ++i) {
        const core::Vec3 p =
            originMm + core::Vec3{i * spacingMm.x, j * spacingMm.y, k * spacingMm.z};
        double mu = 0;
        for (const Sphere& s : spheres) mu += s.muPerMm * fraction(s, p);
        for (const Cylinder& c : cylinders) mu += c.muPerMm * fraction(c, p);
        g.mu[(std::size_t(k) * size[1] + j) * size[0] + i] = float(mu);
      }
  return g;
}

}  // namespace trocar::fluoro::reference
