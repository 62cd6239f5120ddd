#include "Rib.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace trocar::phantom {
namespace {
using core::Vec3;
constexpr double kDeg = std::numbers::pi / 180.0;
// An adult lower chest: about 260 mm wide and 160 mm deep between the ribs' mid-lines.
constexpr double kCageHalfWidthMm = 130;
constexpr double kCageHalfDepthMm = 80;
constexpr double kJointGapMm = 3;
}  // namespace

Rib::Rib(const VertebraGeometry& vertebra, int side, double arcEndDeg)
    : level_(vertebra.label()), halfWidthMm_(kCageHalfWidthMm), halfDepthMm_(kCageHalfDepthMm) {
  const double sign = side == 0 ? 1.0 : -1.0;
  const shapes::Tube& tp = vertebra.transverse(side);
  const Vec3 tipLocal = tp.origin + tp.axis * tp.tMax;
  const Vec3 headLocal = tipLocal + Vec3{sign * kJointGapMm, kJointGapMm, 0};
  const double descent = descentDeg_ * kDeg;
  const LocalFrame& f = vertebra.frame();
  auto dir = [&f](const Vec3& local) { return f.lr * local.x + f.ap * local.y + f.si * local.z; };
  plane_.originMm = f.toWorld(headLocal);
  plane_.lr = dir({sign, 0, 0});
  plane_.ap = dir({0, -std::cos(descent), -std::sin(descent)});
  plane_.si = cross(plane_.lr, plane_.ap);

  // The ellipse is centred on the midline: the head's lateral offset fixes where on it we start.
  const double lateral = std::abs(headLocal.x);
  arcStart_ = std::asin(std::min(1.0, lateral / halfWidthMm_));
  arcEnd_ = std::max(arcStart_ + 0.1, arcEndDeg * kDeg);
  sCentre_ = -halfWidthMm_ * std::sin(arcStart_);
  tCentre_ = halfDepthMm_ * std::cos(arcStart_);

  worldMin_ = Vec3{1e9, 1e9, 1e9};
  worldMax_ = -worldMin_;
  const double margin = halfHeightMm_ + halfThicknessMm_ + 1;
  for (int i = 0; i <= 128; ++i) {
    const double phi = arcStart_ + (arcEnd_ - arcStart_) * i / 128.0;
    const Vec3 w = plane_.toWorld(
        {sCentre_ + halfWidthMm_ * std::sin(phi), tCentre_ - halfDepthMm_ * std::cos(phi), 0});
    for (int a = 0; a < 3; ++a) {
      worldMin_[a] = std::min(worldMin_[a], w[a] - margin);
      worldMax_[a] = std::max(worldMax_[a], w[a] + margin);
    }
  }
}

double Rib::cageHalfDepthMm() const { return halfDepthMm_ * std::cos(descentDeg_ * kDeg); }

bool Rib::contains(const Vec3& p) const {
  const Vec3 q = plane_.toLocal(p);
  if (std::abs(q.z) > halfHeightMm_) return false;
  const double x = (q.x - sCentre_) / halfWidthMm_, y = (q.y - tCentre_) / halfDepthMm_;
  // First-order distance to the ellipse: its implicit value over its gradient length. Accurate
  // to well under a millimetre at the rib's few-mm thickness.
  const double f = x * x + y * y - 1;
  const double g =
      2 * std::sqrt(x * x / (halfWidthMm_ * halfWidthMm_) + y * y / (halfDepthMm_ * halfDepthMm_));
  if (g <= 0) return false;
  const double d = f / g;
  if ((d * d) / (halfThicknessMm_ * halfThicknessMm_) +
          (q.z * q.z) / (halfHeightMm_ * halfHeightMm_) >
      1)
    return false;
  const double phi = std::atan2(x, -y);
  return phi >= arcStart_ && phi <= arcEnd_;
}

}  // namespace trocar::phantom
