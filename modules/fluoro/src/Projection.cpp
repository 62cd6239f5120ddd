#include "trocar/fluoro/Projection.h"

#include <cmath>
#include <numbers>

namespace trocar::fluoro {

namespace {
constexpr double kDeg = std::numbers::pi / 180.0;
constexpr core::Vec3 kLeft{1, 0, 0}, kAnterior{0, -1, 0}, kSuperior{0, 0, 1};
}  // namespace

Projection::Projection(const CArm& carm) : carm_(carm) {
  // The 0/0 frame (u = patient left, v = patient inferior) turned by the same two rotations that
  // make core::beamDirection: LAO about the body axis, then cranial about the turned u axis.
  const double a = carm.angles.laoDeg * kDeg, b = carm.angles.cranialDeg * kDeg;
  const core::Vec3 beamLao = kLeft * std::sin(a) + kAnterior * std::cos(a);
  beam_ = core::beamDirection(carm.angles);
  uAxis_ = kLeft * std::cos(a) - kAnterior * std::sin(a);
  vAxis_ = beamLao * std::sin(b) - kSuperior * std::cos(b);
  sourceMm_ = carm.isocentreMm - beam_ * carm.sodMm;
  detectorCentreMm_ = sourceMm_ + beam_ * carm.sidMm;
}

core::Vec3 Projection::detectorPointMm(double u, double v) const {
  const double du = (u - 0.5 * (carm_.columns - 1)) * carm_.pixelPitchMm;
  const double dv = (v - 0.5 * (carm_.rows - 1)) * carm_.pixelPitchMm;
  return detectorCentreMm_ + uAxis_ * du + vAxis_ * dv;
}

std::optional<DetectorUv> Projection::project(const core::Vec3& pointMm) const {
  const core::Vec3 d = pointMm - sourceMm_;
  const double depth = core::dot(d, beam_);
  if (depth <= 1e-9) return std::nullopt;
  const double scale = carm_.sidMm / depth;
  return DetectorUv{core::dot(d, uAxis_) * scale / carm_.pixelPitchMm + 0.5 * (carm_.columns - 1),
                    core::dot(d, vAxis_) * scale / carm_.pixelPitchMm + 0.5 * (carm_.rows - 1)};
}

double Projection::magnificationAt(const core::Vec3& pointMm) const {
  return carm_.sidMm / core::dot(pointMm - sourceMm_, beam_);
}

}  // namespace trocar::fluoro
