#include "trocar/core/CArmAngles.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

namespace trocar::core {

namespace {
constexpr double kDeg = std::numbers::pi / 180.0;
constexpr Vec3 kLeft{1, 0, 0}, kAnterior{0, -1, 0}, kSuperior{0, 0, 1};
}  // namespace

Vec3 beamDirection(const CArmAngles& angles) {
  const double a = angles.laoDeg * kDeg, b = angles.cranialDeg * kDeg;
  return (kLeft * std::sin(a) + kAnterior * std::cos(a)) * std::cos(b) + kSuperior * std::sin(b);
}

CArmAngles anglesForBeam(const Vec3& direction) {
  const Vec3 d = normalized(direction);
  const double s = std::clamp(dot(d, kSuperior), -1.0, 1.0);
  CArmAngles angles;
  angles.cranialDeg = std::asin(s) / kDeg;
  // Straight up or down the body axis leaves LAO/RAO free: report 0.
  if (std::abs(s) < 1.0 - 1e-12)
    angles.laoDeg = std::atan2(dot(d, kLeft), dot(d, kAnterior)) / kDeg;
  return angles;
}

std::string describe(const CArmAngles& angles) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %.1f\u00b0, %s %.1f\u00b0", angles.laoDeg >= 0 ? "LAO" : "RAO",
                std::abs(angles.laoDeg), angles.cranialDeg >= 0 ? "CRAN" : "CAUD",
                std::abs(angles.cranialDeg));
  return buf;
}

}  // namespace trocar::core
