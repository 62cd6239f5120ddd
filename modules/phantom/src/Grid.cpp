#include "trocar/phantom/Grid.h"

#include <cmath>
#include <numbers>

namespace trocar::phantom {

using core::Mat3;
using core::Vec3;

core::Vec3 Grid::indexOf(const Vec3& p) const {
  const Mat3 m = Mat3::fromColumns(direction.col[0] * spacingMm.x, direction.col[1] * spacingMm.y,
                                   direction.col[2] * spacingMm.z);
  return m.inverse() * (p - originMm);
}

double Grid::shearDeg() const {
  return core::angleDeg(direction.col[2], cross(direction.col[0], direction.col[1]));
}

Grid Grid::axial(std::array<int, 3> size, Vec3 spacingMm, Vec3 centreMm) {
  Grid g;
  g.size = size;
  g.spacingMm = spacingMm;
  g.originMm = {};
  g.originMm = centreMm - g.centreMm();
  return g;
}

Grid Grid::rotatedAboutCentre(const Mat3& rotation) const {
  Grid g = *this;
  const Vec3 c = centreMm();
  g.direction = rotation * direction;
  g.originMm = c + rotation * (originMm - c);
  return g;
}

Grid Grid::tiltedGantry(std::array<int, 3> size, Vec3 spacingMm, Vec3 centreMm, double tiltDeg) {
  const double t = tiltDeg * std::numbers::pi / 180.0;
  Grid g;
  g.size = size;
  g.spacingMm = spacingMm;
  // Rows stay left-right; columns tilt in the sagittal plane with the gantry; the table still
  // feeds straight along z, so the slice step is not along the slice normal.
  g.direction = Mat3::fromColumns({1, 0, 0}, {0, std::cos(t), -std::sin(t)}, {0, 0, 1});
  g.originMm = {};
  g.originMm = centreMm - g.centreMm();
  return g;
}

void Grid::applyTo(itk::ImageBase<3>& image) const {
  itk::ImageBase<3>::RegionType region;
  for (int a = 0; a < 3; ++a) region.SetSize(a, static_cast<itk::SizeValueType>(size[a]));
  image.SetRegions(region);
  itk::ImageBase<3>::PointType origin;
  itk::ImageBase<3>::SpacingType spacing;
  itk::ImageBase<3>::DirectionType dir;
  for (int r = 0; r < 3; ++r) {
    origin[r] = originMm[r];
    spacing[r] = spacingMm[r];
    for (int c = 0; c < 3; ++c) dir(r, c) = direction(r, c);
  }
  image.SetOrigin(origin);
  image.SetSpacing(spacing);
  image.SetDirection(dir);
}

Grid Grid::fromImage(const itk::ImageBase<3>& image) {
  Grid g;
  const auto size = image.GetLargestPossibleRegion().GetSize();
  for (int a = 0; a < 3; ++a) {
    g.size[a] = static_cast<int>(size[a]);
    g.originMm[a] = image.GetOrigin()[a];
    g.spacingMm[a] = image.GetSpacing()[a];
    for (int r = 0; r < 3; ++r) g.direction.col[a][r] = image.GetDirection()(r, a);
  }
  return g;
}

Mat3 rotationAbout(const Vec3& axis, double angleDeg) {
  // Rodrigues: R v = v cos + (k x v) sin + k (k.v)(1 - cos), applied to the basis vectors.
  const Vec3 k = core::normalized(axis);
  const double a = angleDeg * std::numbers::pi / 180.0, c = std::cos(a), s = std::sin(a);
  auto turn = [&](const Vec3& v) { return v * c + cross(k, v) * s + k * (dot(k, v) * (1 - c)); };
  return Mat3::fromColumns(turn({1, 0, 0}), turn({0, 1, 0}), turn({0, 0, 1}));
}

}  // namespace trocar::phantom
