#pragma once

#include "trocar/core/Vec3.h"

// Implicit solids in a vertebra's local frame (x: left, y: posterior, z: superior, mm). Each
// answers "is this point inside" with a few multiplications, so the rasteriser can afford to ask
// every voxel near a vertebra. Inline because they sit in the innermost loop.
namespace trocar::phantom::shapes {

using core::Vec3;

inline double sq(double x) { return x * x; }

// A prism with an elliptic cross-section standing along local z.
struct EllipticPrism {
  double centreX = 0, centreY = 0, radiusX = 1, radiusY = 1, zMin = 0, zMax = 0;

  double ellipse(const Vec3& p) const {
    return sq((p.x - centreX) / radiusX) + sq((p.y - centreY) / radiusY);
  }
  bool contains(const Vec3& p) const { return p.z >= zMin && p.z <= zMax && ellipse(p) <= 1.0; }
};

// A tube along an arbitrary axis with an elliptic cross-section (semi-axes along `side` and
// `up`), from t = tMin to t = tMax along `axis`. The cross-section widens quadratically away from
// t = 0 by `flareSidePerMm2` and `flareUpPerMm2` (0: a plain elliptic cylinder); t = 0 is then
// the narrowest section, as at a pedicle isthmus.
struct Tube {
  Vec3 origin, axis{0, -1, 0}, side{1, 0, 0}, up{0, 0, 1};
  double halfSide = 1, halfUp = 1, tMin = 0, tMax = 0, flareSidePerMm2 = 0, flareUpPerMm2 = 0;

  // Returns the normalised elliptic radius (<= 1 inside) or a large number outside the t range.
  double radius(const Vec3& p, double shrinkMm = 0) const {
    const Vec3 q = p - origin;
    const double t = dot(q, axis);
    if (t < tMin || t > tMax) return 1e9;
    const double a = halfSide * (1.0 + flareSidePerMm2 * t * t) - shrinkMm;
    const double b = halfUp * (1.0 + flareUpPerMm2 * t * t) - shrinkMm;
    if (a <= 0 || b <= 0) return 1e9;
    return sq(dot(q, side) / a) + sq(dot(q, up) / b);
  }
  bool contains(const Vec3& p) const { return radius(p) <= 1.0; }
};

// A box with arbitrary orthonormal axes.
struct Box {
  Vec3 centre, axisA{1, 0, 0}, axisB{0, 1, 0}, axisC{0, 0, 1};
  double halfA = 1, halfB = 1, halfC = 1;

  bool contains(const Vec3& p) const {
    const Vec3 q = p - centre;
    return std::abs(dot(q, axisA)) <= halfA && std::abs(dot(q, axisB)) <= halfB &&
           std::abs(dot(q, axisC)) <= halfC;
  }
};

}  // namespace trocar::phantom::shapes
