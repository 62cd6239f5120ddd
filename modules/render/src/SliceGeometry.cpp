#include "trocar/render/SliceGeometry.h"

#include <algorithm>
#include <cmath>

namespace trocar::render {

std::string toString(SliceOrientation orientation) {
  switch (orientation) {
    case SliceOrientation::kAxial:
      return "axial";
    case SliceOrientation::kSagittal:
      return "sagittal";
    case SliceOrientation::kCoronal:
      return "coronal";
  }
  return "?";
}

SliceAxes sliceAxes(SliceOrientation orientation) {
  SliceAxes a;
  switch (orientation) {
    case SliceOrientation::kAxial:
      a.right = {1, 0, 0};
      a.up = {0, -1, 0};
      break;
    case SliceOrientation::kSagittal:
      a.right = {0, 1, 0};
      a.up = {0, 0, 1};
      break;
    case SliceOrientation::kCoronal:
      a.right = {1, 0, 0};
      a.up = {0, 0, 1};
      break;
  }
  a.normal = core::cross(a.right, a.up);
  return a;
}

int SliceStack::count() const {
  return 1 + static_cast<int>(std::lround((lastOffsetMm - firstOffsetMm) / spacingMm));
}

int SliceStack::indexOf(const core::Vec3& pointMm) const {
  const int i = static_cast<int>(std::lround((offsetOf(pointMm) - firstOffsetMm) / spacingMm));
  return std::clamp(i, 0, count() - 1);
}

core::Vec3 SliceStack::stepped(const core::Vec3& pointMm, int steps) const {
  const int i = std::clamp(indexOf(pointMm) + steps, 0, count() - 1);
  const double target = firstOffsetMm + i * spacingMm;
  return pointMm + axes.normal * (target - offsetOf(pointMm));
}

core::Vec3 SliceStack::pointAt(double uMm, double vMm, double offsetMm) const {
  return centreMm + axes.right * uMm + axes.up * vMm + axes.normal * offsetMm;
}

SliceStack sliceStack(const ImageFrame& frame, SliceOrientation orientation) {
  SliceStack s;
  s.axes = sliceAxes(orientation);
  s.centreMm = frame.centreMm();
  // The voxel pitch seen along the normal: exact for a normal along an image axis, a weighted
  // mean for oblique grids.
  const core::Vec3 n = frame.directionToData(s.axes.normal);
  const double weight = std::abs(n.x) + std::abs(n.y) + std::abs(n.z);
  s.spacingMm = (std::abs(n.x) * frame.spacingMm.x + std::abs(n.y) * frame.spacingMm.y +
                 std::abs(n.z) * frame.spacingMm.z) /
                weight;
  double nMin = 1e300, nMax = -1e300;
  s.uMinMm = s.vMinMm = 1e300;
  s.uMaxMm = s.vMaxMm = -1e300;
  for (const auto& c : frame.cornersMm()) {
    nMin = std::min(nMin, s.offsetOf(c));
    nMax = std::max(nMax, s.offsetOf(c));
    s.uMinMm = std::min(s.uMinMm, s.u(c));
    s.uMaxMm = std::max(s.uMaxMm, s.u(c));
    s.vMinMm = std::min(s.vMinMm, s.v(c));
    s.vMaxMm = std::max(s.vMaxMm, s.v(c));
  }
  // The outermost voxel centres are the first and last slices (exact for a normal along an axis).
  s.firstOffsetMm = nMin;
  s.lastOffsetMm = nMax;
  return s;
}

}  // namespace trocar::render
