#include "trocar/fluoro/Needle.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace trocar::fluoro {

double needleChordMm(const NeedleModel& needle, const core::Vec3& sourceMm,
                     const core::Vec3& direction, double* midTMm) {
  const core::Vec3 axisVec = needle.hubMm - needle.tipMm;
  const double lengthMm = core::norm(axisVec);
  const double radius = 0.5 * needle.outerDiameterMm;
  if (lengthMm <= 0 || radius <= 0) return 0;
  const core::Vec3 axis = axisVec / lengthMm;
  const core::Vec3 w = sourceMm - needle.tipMm;
  double tLo = 0, tHi = std::numeric_limits<double>::infinity();

  // Between the two end caps: 0 <= (w + t d) . axis <= length.
  const double along0 = core::dot(w, axis), alongRate = core::dot(direction, axis);
  if (std::abs(alongRate) < 1e-12) {
    if (along0 < 0 || along0 > lengthMm) return 0;
  } else {
    double t1 = (0 - along0) / alongRate, t2 = (lengthMm - along0) / alongRate;
    if (t1 > t2) std::swap(t1, t2);
    tLo = std::max(tLo, t1);
    tHi = std::min(tHi, t2);
  }
  // Inside the infinite cylinder: |w_perp + t d_perp|^2 <= r^2.
  const core::Vec3 wPerp = w - axis * along0, dPerp = direction - axis * alongRate;
  const double a = core::dot(dPerp, dPerp), b = 2 * core::dot(wPerp, dPerp),
               c = core::dot(wPerp, wPerp) - radius * radius;
  if (a < 1e-18) {
    if (c > 0) return 0;  // parallel to the axis and outside it
  } else {
    const double disc = b * b - 4 * a * c;
    if (disc <= 0) return 0;
    const double root = std::sqrt(disc);
    tLo = std::max(tLo, (-b - root) / (2 * a));
    tHi = std::min(tHi, (-b + root) / (2 * a));
  }
  if (!(tHi > tLo)) return 0;
  if (midTMm) *midTMm = 0.5 * (tLo + tHi);
  return tHi - tLo;
}

}  // namespace trocar::fluoro
