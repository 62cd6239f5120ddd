#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "trocar/core/CArmAngles.h"
#include "trocar/plan/CArmViews.h"
#include "trocar/plan/DistanceField.h"

using namespace trocar;
using core::Vec3;

namespace {
plan::FieldGrid smallGrid(double spacing, std::array<int, 3> size) {
  plan::FieldGrid g;
  g.spacingMm = spacing;
  g.size = size;
  // Turned axes: the field lives in a vertebra's frame, not the scanner's.
  g.u = core::normalized(Vec3{1, 1, 0});
  g.v = core::normalized(Vec3{-1, 1, 0});
  g.w = {0, 0, 1};
  g.originMm = {5, -3, 2};
  return g;
}
}  // namespace

TEST(DistanceField, TransformIsExactAgainstBruteForceOnARandomMask) {
  const plan::FieldGrid g = smallGrid(0.5, {13, 11, 9});
  std::mt19937 rng(7);
  std::vector<uint8_t> mask(g.voxelCount());
  for (auto& m : mask) m = rng() % 5 == 0;
  const plan::DistanceField f = plan::signedDistance(g, mask);
  for (int k = 0; k < g.size[2]; ++k)
    for (int j = 0; j < g.size[1]; ++j)
      for (int i = 0; i < g.size[0]; ++i) {
        const bool inside = mask[g.index(i, j, k)];
        double best = 1e9;  // to the nearest voxel of the other kind, in voxels
        for (int c = 0; c < g.size[2]; ++c)
          for (int b = 0; b < g.size[1]; ++b)
            for (int a = 0; a < g.size[0]; ++a)
              if (bool(mask[g.index(a, b, c)]) != inside)
                best = std::min(best, std::sqrt(double((a - i) * (a - i) + (b - j) * (b - j) +
                                                       (c - k) * (c - k))));
        const double expected = (inside ? -1 : 1) * (best - 0.5) * g.spacingMm;
        ASSERT_NEAR(f.values()[g.index(i, j, k)], expected, 1e-4) << i << " " << j << " " << k;
      }
}

TEST(DistanceField, SphereDistancesAndSurfaceTracingWithinHalfAVoxel) {
  const plan::FieldGrid g = smallGrid(0.5, {60, 60, 60});
  const Vec3 centre = g.pointMm(30, 30, 30);
  const double radius = 10;
  std::vector<uint8_t> mask(g.voxelCount());
  for (int k = 0; k < 60; ++k)
    for (int j = 0; j < 60; ++j)
      for (int i = 0; i < 60; ++i)
        mask[g.index(i, j, k)] = core::distance(g.pointMm(i, j, k), centre) <= radius;
  const plan::DistanceField f = plan::signedDistance(g, mask);
  for (const Vec3 offset :
       {Vec3{0, 0, 0}, Vec3{3, -2, 1}, Vec3{7.3, 1, -4}, Vec3{0, 12, 0}, Vec3{-5, -5, -9}}) {
    const Vec3 p = centre + offset;
    EXPECT_NEAR(f.sample(p), core::norm(offset) - radius, 0.5)
        << offset.x << " " << offset.y << " " << offset.z;
  }
  // Outward normal, and the distance to the surface along a direction from inside.
  const Vec3 p = centre + Vec3{4, 0, 0};
  EXPECT_LT(core::angleDeg(f.normal(p), {1, 0, 0}), 5.0);
  EXPECT_NEAR(f.distanceToSurface(p, {1, 0, 0}, 50), 6.0, 0.5);
  EXPECT_NEAR(f.distanceToSurface(p, {-1, 0, 0}, 50), 14.0, 0.5);
  EXPECT_EQ(f.distanceToSurface(centre + Vec3{20, 0, 0}, {1, 0, 0}, 50), 0.0);
  // Beyond the grid the field keeps growing instead of failing.
  EXPECT_GT(f.sample(centre + Vec3{100, 0, 0}), 80.0);
}

TEST(CArmViews, EachViewLooksAlongItsAxis) {
  segment::VertebraFrame frame;
  // A vertebra turned 12 degrees about the body axis and tilted 20 degrees by the lordosis.
  const double a = 12 * M_PI / 180, t = 20 * M_PI / 180;
  frame.superior = {0, std::sin(t), std::cos(t)};
  frame.anterior =
      core::normalized(Vec3{std::sin(a), -std::cos(a) * std::cos(t), std::cos(a) * std::sin(t)});
  frame.left = core::cross(frame.superior, frame.anterior);
  const Vec3 pedicle = core::normalized(frame.anterior - frame.left * 0.3);
  const Vec3 needle = core::normalized(frame.anterior - frame.left * 0.25 - frame.superior * 0.15);
  const core::NeedleViews v = plan::computeViews(frame, pedicle, needle);
  auto off = [](const core::CArmAngles& angles, const Vec3& axis) {
    const double d = core::angleDeg(core::beamDirection(angles), axis);
    return std::min(d, 180 - d);
  };
  EXPECT_LT(off(v.downTheBarrel, needle), 1e-6);
  EXPECT_LT(off(v.enFacePedicle, pedicle), 1e-6);
  EXPECT_LT(off(v.trueLateral, frame.left), 1e-6);
  // True AP: the beam lies in the endplates' plane and in the mid-sagittal plane.
  EXPECT_NEAR(core::angleDeg(core::beamDirection(v.trueAp), frame.superior), 90, 1e-6);
  EXPECT_NEAR(core::angleDeg(core::beamDirection(v.trueAp), frame.left), 90, 1e-6);
}
