// Steel needles and barium cement enter the DRR as attenuation of their own materials: the needle
// as an exact chord, the cement as voxels. Down the barrel the needle is a point.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "AnalyticPhantom.h"
#include "DrrTestUtil.h"
#include "trocar/fluoro/Cement.h"
#include "trocar/fluoro/Fluoroscope.h"
#include "trocar/fluoro/Materials.h"
#include "trocar/fluoro/Projection.h"

using namespace trocar;
using namespace trocar::fluoro;
using namespace trocar::fluoro::reference;
using core::Vec3;

namespace {

// A water cylinder standing in for the trunk (head-feet axis), 1 mm voxels.
const AttenuationVolume& waterBody() {
  static const AttenuationVolume v = [] {
    AnalyticPhantom ph;
    ph.cylinders.push_back({{0, 0, -70}, {0, 0, 70}, 60, materials::kMuWaterPerMm});
    return toAttenuationVolume(ph.rasterize({140, 140, 150}, {-69.5, -69.5, -74.5}, {1, 1, 1}, 3));
  }();
  return v;
}

// A transpedicular-like needle: from posterior-lateral, aimed medially and a little caudally.
NeedleModel needle() {
  NeedleModel n;
  n.tipMm = {5, -10, 4};
  n.hubMm = n.tipMm + core::normalized(Vec3{45, 100, 20}) * 110.0;
  n.outerDiameterMm = 3.05;  // 11 G
  return n;
}

Drr difference(const Drr& a, const Drr& b) {
  Drr d = a;
  for (std::size_t i = 0; i < d.lineIntegral.size(); ++i) d.lineIntegral[i] -= b.lineIntegral[i];
  return d;
}

}  // namespace

TEST(Needle, ChordsOfACylinderAreExact) {
  const NeedleModel n{{0, 0, 0}, {0, 0, 100}, 4.0};
  EXPECT_NEAR(needleChordMm(n, {-50, 0, 50}, {1, 0, 0}), 4.0, 1e-9);  // across, through the axis
  EXPECT_NEAR(needleChordMm(n, {-50, 1, 50}, {1, 0, 0}), 2 * std::sqrt(3.0),
              1e-9);                                                   // 1 mm off the axis
  EXPECT_NEAR(needleChordMm(n, {0, 0, -20}, {0, 0, 1}), 100.0, 1e-9);  // along it
  EXPECT_EQ(needleChordMm(n, {-50, 3, 50}, {1, 0, 0}), 0.0);           // past it
  EXPECT_EQ(needleChordMm(n, {-50, 0, 120}, {1, 0, 0}), 0.0);          // beyond the hub
  EXPECT_EQ(needleChordMm(n, {50, 0, 50}, {1, 0, 0}), 0.0);            // behind the source
}

TEST(Needle, ReplacesTheTissueItDisplacesRatherThanBeingPaintedOn) {
  CArm carm;
  carm.columns = carm.rows = 127;  // odd: the central ray runs through the middle pixel's centre
  carm.pixelPitchMm = 1.0;
  const NeedleModel across{{-20, 0, 0}, {20, 0, 0}, 3.0};  // perpendicular to the AP beam
  const NeedleModel list[] = {across};
  const Drr without = renderDrr(waterBody(), carm), with = renderDrr(waterBody(), carm, list);
  const Drr added = difference(with, without);
  const auto centre = Projection(carm).project({0, 0, 0});
  const float atAxis = added.at(int(std::lround(centre->u)), int(std::lround(centre->v)));
  // The central ray crosses 3 mm of steel instead of 3 mm of water.
  const double expected = (materials::kMuSteelPerMm - materials::kMuWaterPerMm) * 3.0;
  EXPECT_NEAR(atAxis, expected, 0.02 * expected);
}

TEST(Needle, AppearsAsAPointDownTheBarrelAndAsALineInAp) {
  const NeedleModel n = needle();
  const NeedleModel list[] = {n};
  const auto measure = [&](const core::CArmAngles& angles) {
    CArm carm;
    carm.angles = angles;
    carm.isocentreMm = n.tipMm;
    const Drr added = difference(renderDrr(waterBody(), carm, list), renderDrr(waterBody(), carm));
    const auto tip = Projection(carm).project(n.tipMm);
    double extentPx = 0, peak = 0;
    int pixels = 0;
    for (int v = 0; v < added.rows; ++v)
      for (int u = 0; u < added.columns; ++u)
        if (added.at(u, v) > 0.5) {  // more than ~0.5 mm of steel on the ray
          extentPx = std::max(extentPx, std::hypot(u - tip->u, v - tip->v));
          peak = std::max(peak, double(added.at(u, v)));
          ++pixels;
        }
    return std::tuple{extentPx, peak, pixels, carm};
  };

  const auto [barrelExtent, barrelPeak, barrelPixels, barrelCarm] =
      measure(barrelAngles(n.tipMm, n.hubMm));
  // The hub is the end nearest the source and the most magnified.
  const double hubMagnification = Projection(barrelCarm).magnificationAt(n.hubMm);
  const double radiusPx = 0.5 * n.outerDiameterMm * hubMagnification / barrelCarm.pixelPitchMm;
  std::printf(
      "[barrel] %s: needle footprint %d pixels, within %.2f px of the tip (radius bound %.2f px), "
      "peak %.1f\n",
      core::describe(barrelCarm.angles).c_str(), barrelPixels, barrelExtent, radiusPx, barrelPeak);
  EXPECT_GT(barrelPixels, 0);
  EXPECT_LE(barrelExtent, radiusPx + 1.0);
  // Along its whole length: 110 mm of steel in place of water.
  const double along = (materials::kMuSteelPerMm - materials::kMuWaterPerMm) * 110.0;
  EXPECT_NEAR(barrelPeak, along, 0.03 * along);

  const auto [apExtent, apPeak, apPixels, apCarm] = measure(apAngles());
  std::printf("[ap] needle footprint %d pixels, %.1f px long\n", apPixels, apExtent);
  EXPECT_GT(apExtent, 50);
}

TEST(Cement, VoxelsFromAMaskOnAnotherGridMatchItsVolumeAndItsAttenuation) {
  AttenuationVolume volume = waterBody();
  // A 10 mm ball of cement as a label map on a 0.8 mm grid.
  auto mask = image::LabelImage::New();
  image::LabelImage::SizeType size;
  size.Fill(40);
  mask->SetRegions(size);
  const double origin[3] = {-15.6, -15.6, -15.6}, spacing[3] = {0.8, 0.8, 0.8};
  mask->SetOrigin(origin);
  mask->SetSpacing(spacing);
  mask->Allocate();
  mask->FillBuffer(0);
  const Vec3 centre{0.3, -0.2, 0.1};
  const double radius = 10;
  for (int k = 0; k < 40; ++k)
    for (int j = 0; j < 40; ++j)
      for (int i = 0; i < 40; ++i) {
        const Vec3 p{origin[0] + i * 0.8, origin[1] + j * 0.8, origin[2] + k * 0.8};
        if (core::distance(p, centre) <= radius) mask->SetPixel({i, j, k}, 1);
      }
  const auto voxels = cementVoxels(volume, *mask);
  const double ballMm3 = 4.0 / 3.0 * 3.14159265358979 * radius * radius * radius;
  EXPECT_NEAR(double(voxels.size()), ballMm3, 0.05 * ballMm3);  // 1 mm^3 voxels

  CArm carm;
  carm.columns = carm.rows = 128;
  carm.pixelPitchMm = 1.0;
  const Drr before = renderDrr(volume, carm);
  applyCement(volume, voxels);
  const Drr added = difference(renderDrr(volume, carm), before);
  const auto c = Projection(carm).project(centre);
  const double expected = (materials::kMuBariumCementPerMm - materials::kMuWaterPerMm) * 2 * radius;
  EXPECT_NEAR(added.at(int(std::lround(c->u)), int(std::lround(c->v))), expected, 0.05 * expected);
}

TEST(Cement, FillSequenceGrowsFrameByFrameAndRestoresTheVolume) {
  AttenuationVolume volume = waterBody();
  // Cement spreading outwards from a point at 1 mm/s, up to 8 mm.
  std::vector<CementVoxel> voxels;
  for (int k = 0; k < volume.size()[2]; ++k)
    for (int j = 0; j < volume.size()[1]; ++j)
      for (int i = 0; i < volume.size()[0]; ++i) {
        const double r = core::norm(volume.pointMm({double(i), double(j), double(k)}));
        if (r <= 8) voxels.push_back({i, j, k, r});
      }
  CArm carm;
  carm.columns = carm.rows = 96;
  carm.pixelPitchMm = 1.2;
  const Drr base = renderDrr(volume, carm);
  const double times[] = {2, 4, 6, 8};
  const auto frames = renderFillSequence(volume, carm, {}, voxels, times);
  ASSERT_EQ(frames.size(), 4u);
  double previous = 0;
  for (const Drr& f : frames) {
    double total = 0;
    for (std::size_t i = 0; i < f.lineIntegral.size(); ++i)
      total += f.lineIntegral[i] - base.lineIntegral[i];
    EXPECT_GT(total, previous);
    previous = total;
  }
  // The last frame is the whole fill; the volume is as it was.
  AttenuationVolume full = volume;
  applyCement(full, voxels);
  EXPECT_LT(relativeRms(frames.back(), renderDrr(full, carm)), 1e-6);
  EXPECT_LT(relativeRms(renderDrr(volume, carm), base), 1e-9);
}

TEST(Fluoroscope, InteractiveAndFullImagesCarryTheSameCementAndNeedles) {
  // A water body as a CT (HU 0 inside, air outside), 1 mm voxels.
  auto ct = image::CtImage::New();
  image::CtImage::SizeType size;
  size[0] = 120;
  size[1] = 120;
  size[2] = 100;
  ct->SetRegions(size);
  const double origin[3] = {-59.5, -59.5, -49.5};
  ct->SetOrigin(origin);
  ct->Allocate();
  for (int k = 0; k < 100; ++k)
    for (int j = 0; j < 120; ++j)
      for (int i = 0; i < 120; ++i)
        ct->SetPixel({i, j, k}, std::hypot(i - 59.5, j - 59.5) < 50 ? int16_t(0) : int16_t(-1000));
  Fluoroscope scope(*ct, 2);
  CArm carm;
  carm.columns = carm.rows = 127;
  carm.pixelPitchMm = 1.0;
  const Drr before = scope.full(carm);

  std::vector<CementVoxel> ball;
  for (int k = 0; k < 100; ++k)
    for (int j = 0; j < 120; ++j)
      for (int i = 0; i < 120; ++i)
        if (core::norm(scope.fullVolume().pointMm({double(i), double(j), double(k)})) <= 8)
          ball.push_back({i, j, k, 0});
  scope.setCement(ball);
  scope.setNeedles(
      {NeedleModel{{0, 0, 0}, {100, 0, 0}, 3.05}});  // across the AP beam, tip in the cement
  const Drr full = scope.full(carm), quick = scope.interactive(carm);
  const int c =
      63;  // the central pixel: 16 mm of cement, 3.05 mm of it displaced by the needle's steel
  const double gain = (materials::kMuBariumCementPerMm - materials::kMuWaterPerMm) * 16 +
                      (materials::kMuSteelPerMm - materials::kMuBariumCementPerMm) * 3.05;
  EXPECT_NEAR(full.at(c, c) - before.at(c, c), gain, 0.05 * gain);
  EXPECT_NEAR(quick.at(c, c), full.at(c, c), 0.05 * full.at(c, c));
  std::printf("[fluoroscope] interactive vs full: relative RMS %.3f %%\n",
              100 * relativeRms(quick, full));
  EXPECT_LT(relativeRms(quick, full), 0.03);

  scope.setCement({});
  scope.setNeedles({});
  EXPECT_LT(relativeRms(scope.full(carm), before), 1e-9);
  EXPECT_LT(relativeRms(scope.interactive(carm), before), 0.03);
}

TEST(Cement, FillTimeMapsCountTimeZeroAndSkipNegativeVoxels) {
  const AttenuationVolume& volume = waterBody();
  // The cement module's convention: seconds at which each voxel filled, -1 where it never did.
  auto times = image::FloatImage::New();
  image::FloatImage::SizeType size;
  size.Fill(10);
  times->SetRegions(size);
  const double origin[3] = {-4.5, -4.5, -4.5};
  times->SetOrigin(origin);
  times->Allocate();
  times->FillBuffer(-1.f);
  times->SetPixel({5, 5, 5}, 0.f);  // the first voxel, at the needle tip
  times->SetPixel({5, 5, 6}, 2.5f);
  const auto voxels = cementVoxels(volume, *times);
  ASSERT_EQ(voxels.size(), 2u);  // same 1 mm grid, so one attenuation voxel each
  double earliest = 1e9, latest = -1e9;
  for (const auto& v : voxels) {
    earliest = std::min(earliest, v.fillTimeS);
    latest = std::max(latest, v.fillTimeS);
  }
  EXPECT_EQ(earliest, 0.0);
  EXPECT_EQ(latest, 2.5);
}
