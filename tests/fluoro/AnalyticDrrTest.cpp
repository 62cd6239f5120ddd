// Line integrals on analytic phantoms (spheres and cylinders of known attenuation): the exact
// reference tracer against closed-form chords, the fast projector against both, and the
// magnification of the C-arm model seen in the images.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "AnalyticPhantom.h"
#include "DrrTestUtil.h"
#include "trocar/fluoro/Materials.h"
#include "trocar/fluoro/Projection.h"

using namespace trocar;
using namespace trocar::fluoro;
using namespace trocar::fluoro::reference;
using core::Vec3;

namespace {

// Water ball, bone ball and two bone rods (head-feet and left-right), well inside a 1 mm grid.
AnalyticPhantom ballsAndRods() {
  AnalyticPhantom ph;
  ph.spheres.push_back({{0, 0, 0}, 35, materials::kMuWaterPerMm});
  ph.spheres.push_back({{18, -10, 22}, 12, 2.5 * materials::kMuWaterPerMm});
  ph.cylinders.push_back({{-30, 25, -45}, {-30, 25, 40}, 10, 1.8 * materials::kMuWaterPerMm});
  ph.cylinders.push_back({{-40, -30, -40}, {35, -30, -40}, 9, 3.0 * materials::kMuWaterPerMm});
  return ph;
}

const std::array<int, 3> kSize{256, 256, 256};
const Vec3 kSpacing{0.5, 0.5, 0.5};
const Vec3 kOrigin{-63.75, -63.75, -63.75};

struct Fixture {
  AnalyticPhantom phantom = ballsAndRods();
  MuGrid grid = phantom.rasterize(kSize, kOrigin, kSpacing);
  AttenuationVolume volume = toAttenuationVolume(grid);
};
const Fixture& fixture() {
  static const Fixture f;
  return f;
}

CArm smallDetector(core::CArmAngles angles) {
  CArm carm;
  carm.columns = carm.rows = 160;
  carm.pixelPitchMm = 1.5;
  carm.angles = angles;
  return carm;
}

const core::CArmAngles kViews[] = {{0, 0}, {90, 0}, {30, 20}, {-50, -25}};

struct Errors {
  double maxRelative = 0, meanRelative = 0, p95Relative = 0;
  int pixels = 0;
};

// Relative error against the analytic line integral over the rays through the objects' interiors
// (AnalyticPhantom::throughInteriors): at grazing chords the error is that of the voxelised
// surface (partial volume), which no projector of a voxel grid can remove.
Errors againstAnalytic(const Drr& drr, const CArm& carm, const AnalyticPhantom& ph) {
  const Projection p(carm);
  std::vector<double> exact(drr.lineIntegral.size(), 0.0);
  for (int v = 0; v < drr.rows; ++v)
    for (int u = 0; u < drr.columns; ++u) {
      const Vec3 dir = core::normalized(p.detectorPointMm(u, v) - p.sourceMm());
      if (!ph.throughInteriors(p.sourceMm(), dir)) continue;
      exact[std::size_t(v) * drr.columns + u] = ph.lineIntegral(p.sourceMm(), dir);
    }
  Errors e;
  std::vector<double> rel;
  for (std::size_t i = 0; i < exact.size(); ++i)
    if (exact[i] > 0) rel.push_back(std::abs(drr.lineIntegral[i] - exact[i]) / exact[i]);
  if (rel.empty()) return e;
  std::sort(rel.begin(), rel.end());
  e.pixels = int(rel.size());
  e.maxRelative = rel.back();
  e.p95Relative = rel[std::size_t(0.95 * (rel.size() - 1))];
  for (double r : rel) e.meanRelative += r;
  e.meanRelative /= e.pixels;
  return e;
}

}  // namespace

TEST(AttenuationVolume, StoresMuToHalfAHounsfieldUnit) {
  const auto& f = fixture();
  double worstHu = 0;
  for (int k = 0; k < kSize[2]; k += 5)
    for (int j = 0; j < kSize[1]; j += 5)
      for (int i = 0; i < kSize[0]; i += 5) {
        const double d = f.volume.muPerMm(i, j, k) - f.grid.at(i, j, k);
        worstHu = std::max(worstHu, std::abs(d) / materials::kMuWaterPerMm * 1000);
      }
  EXPECT_LE(worstHu, 0.25 + 1e-6);
  EXPECT_NEAR(muFromHu(0), materials::kMuWaterPerMm, 1e-12);
  EXPECT_NEAR(muFromHu(1000), 2 * materials::kMuWaterPerMm, 1e-12);
  EXPECT_EQ(muFromHu(-1024), 0);
}

// The densest stored value is 16x water (signed 16-bit, for the kernels' multiply-adds): barium
// cement (12x) is kept, denser voxels are clamped, and every instruction set projects both alike.
TEST(AttenuationVolume, KeepsCementAndClampsAtSixteenTimesWater) {
  AnalyticPhantom ph;
  ph.spheres.push_back({{-20, 0, 0}, 12, materials::kMuBariumCementPerMm});
  ph.spheres.push_back({{20, 0, 0}, 12, 25 * materials::kMuWaterPerMm});
  const std::array<int, 3> size{128, 128, 128};
  const Vec3 origin{-31.75, -31.75, -31.75};
  const AttenuationVolume volume = toAttenuationVolume(ph.rasterize(size, origin, {0.5, 0.5, 0.5}));
  const double clamped = AttenuationVolume::kMaxUnits * AttenuationVolume::kMuPerUnit;
  EXPECT_NEAR(clamped / materials::kMuWaterPerMm, 16.0, 0.001);
  EXPECT_NEAR(volume.muPerMm(24, 64, 64), materials::kMuBariumCementPerMm, 1e-5);  // x = -20 mm
  EXPECT_NEAR(volume.muPerMm(104, 64, 64), clamped, 1e-6);  // x = +20 mm (a float)
  // The clamped ball as the projector should see it.
  AnalyticPhantom seen = ph;
  seen.spheres[1].muPerMm = clamped;
  CArm carm;
  carm.columns = carm.rows = 96;
  carm.pixelPitchMm = 1.0;
  carm.angles = {0, 0};  // AP: both balls side by side
  const Drr best = renderDrr(volume, carm);
  const Errors e = againstAnalytic(best, carm, seen);
  EXPECT_GT(e.pixels, 500);
  EXPECT_LT(e.meanRelative, 0.005);
  for (SimdLevel level : {SimdLevel::kAvx2, SimdLevel::kPortable}) {
    DrrOptions options;
    options.simd = level;
    EXPECT_LT(relativeRms(renderDrr(volume, carm, {}, options), best), 1e-3);
  }
}

TEST(AnalyticPhantoms, SiddonMatchesClosedFormChords) {
  const auto& f = fixture();
  for (const auto& angles : kViews) {
    const CArm carm = smallDetector(angles);
    const Errors e = againstAnalytic(siddonDrr(f.grid, carm), carm, f.phantom);
    SCOPED_TRACE(core::describe(angles));
    EXPECT_GT(e.pixels, 1000);
    // Siddon is exact for piecewise-constant voxels, so its error is the voxel model's: on rays
    // nearly parallel to a grid axis, through a steep part of a chord, a column of half-millimetre
    // voxels stands for a chord that changes across it. 0.5 % on average, 1 % for 95 % of rays.
    EXPECT_LT(e.p95Relative, 0.01);
    EXPECT_LT(e.meanRelative, 0.005);
    EXPECT_LT(e.maxRelative, 0.025);
    std::printf(
        "[siddon vs analytic] %s: mean %.3f %%, 95th percentile %.3f %%, max %.3f %% over %d "
        "rays\n",
        core::describe(angles).c_str(), 100 * e.meanRelative, 100 * e.p95Relative,
        100 * e.maxRelative, e.pixels);
  }
}

TEST(AnalyticPhantoms, FastProjectorMatchesClosedFormChords) {
  const auto& f = fixture();
  for (const auto& angles : kViews) {
    const CArm carm = smallDetector(angles);
    const Errors e = againstAnalytic(renderDrr(f.volume, carm), carm, f.phantom);
    SCOPED_TRACE(core::describe(angles));
    EXPECT_GT(e.pixels, 1000);
    // 95 % of interior rays within 0.5 %; the rest are rays nearly parallel to a grid axis at a
    // steep part of a chord, where the voxel grid (not the tracer) sets the error.
    EXPECT_LT(e.p95Relative, 0.005);
    EXPECT_LT(e.meanRelative, 0.005);
    EXPECT_LT(e.maxRelative, 0.025);
    std::printf(
        "[fast vs analytic] %s: mean %.3f %%, 95th percentile %.3f %%, max %.3f %% over %d rays\n",
        core::describe(angles).c_str(), 100 * e.meanRelative, 100 * e.p95Relative,
        100 * e.maxRelative, e.pixels);
  }
}

TEST(AnalyticPhantoms, FastProjectorAgreesWithSiddonWithinOnePercentRms) {
  const auto& f = fixture();
  for (const auto& angles : kViews) {
    const CArm carm = smallDetector(angles);
    const double rms = relativeRms(renderDrr(f.volume, carm), siddonDrr(f.grid, carm));
    std::printf("[fast vs siddon] %s: relative RMS %.3f %%\n", core::describe(angles).c_str(),
                100 * rms);
    EXPECT_LT(rms, 0.01) << core::describe(angles);
  }
}

TEST(AnalyticPhantoms, PreviewFromTheHalvedVolumeStaysCloseToTheReference) {
  const auto& f = fixture();
  const AttenuationVolume coarse = f.volume.downsampled();
  const CArm carm = smallDetector({30, 20});
  DrrOptions preview;
  preview.rayStep = 2;
  const double rms = relativeRms(renderDrr(coarse, carm, {}, preview), siddonDrr(f.grid, carm));
  std::printf("[preview vs siddon] relative RMS %.3f %%\n", 100 * rms);
  EXPECT_LT(rms, 0.05);  // half the rays on a volume of twice the voxel size: a preview
}

// Two small beads 40 mm apart across the beam at the isocentre: their images must lie
// 40 * SID / SOD mm apart on the detector, measured on the DRR itself (intensity centroids).
TEST(AnalyticPhantoms, MagnificationMatchesSidOverSodWithinOnePercent) {
  for (const auto& angles :
       {core::CArmAngles{0, 0}, core::CArmAngles{90, 0}, core::CArmAngles{35, 15}}) {
    CArm carm;
    carm.columns = carm.rows = 256;
    carm.pixelPitchMm = 0.6;
    carm.angles = angles;
    const Projection p(carm);
    const double halfMm = 20;
    AnalyticPhantom beads;
    beads.spheres.push_back({carm.isocentreMm + p.uAxis() * halfMm + p.vAxis() * 5.0, 3, 0.1});
    beads.spheres.push_back({carm.isocentreMm - p.uAxis() * halfMm - p.vAxis() * 5.0, 3, 0.1});
    const MuGrid grid = beads.rasterize({80, 80, 80}, {-39.5 * 0.75, -39.5 * 0.75, -39.5 * 0.75},
                                        {0.75, 0.75, 0.75});
    const Drr drr = renderDrr(toAttenuationVolume(grid), carm);
    const auto expectA = p.project(beads.spheres[0].centreMm),
               expectB = p.project(beads.spheres[1].centreMm);
    const int r = 15;
    const Centroid a = centroid(drr, int(expectA->u) - r, int(expectA->v) - r, int(expectA->u) + r,
                                int(expectA->v) + r);
    const Centroid b = centroid(drr, int(expectB->u) - r, int(expectB->v) - r, int(expectB->u) + r,
                                int(expectB->v) + r);
    const double measuredMm = std::hypot(a.u - b.u, a.v - b.v) * carm.pixelPitchMm;
    const double objectMm = core::distance(beads.spheres[0].centreMm, beads.spheres[1].centreMm);
    const double magnification = measuredMm / objectMm;
    const double error = magnification / carm.magnification() - 1;
    std::printf("[magnification] %s: measured %.5f, SID/SOD %.5f, error %.4f %%\n",
                core::describe(angles).c_str(), magnification, carm.magnification(), 100 * error);
    EXPECT_LT(std::abs(error), 0.01);
  }
}

TEST(AnalyticPhantoms, EveryInstructionSetGivesTheSameImage) {
  const auto& f = fixture();
  for (const auto& angles : kViews) {
    const CArm carm = smallDetector(angles);
    const Drr best = renderDrr(f.volume, carm);
    DrrOptions avx2, portable;
    avx2.simd = SimdLevel::kAvx2;
    portable.simd = SimdLevel::kPortable;
    // AVX-512 and AVX2 differ only in float rounding (positions stepped, sums ordered otherwise).
    EXPECT_LT(relativeRms(renderDrr(f.volume, carm, {}, avx2), best), 1e-5)
        << core::describe(angles);
    // 7-bit (1/128 voxel) integer weights against float weights: 0.02-0.04 % here.
    EXPECT_LT(relativeRms(renderDrr(f.volume, carm, {}, portable), best), 1e-3)
        << core::describe(angles);
  }
}

namespace {

// Every pixel's ray on its own (lineIntegral: no bundles, no air skipped), for comparison with
// renderDrr, which marches tiles of rays together and skips the air around the body.
Drr rayByRay(const AttenuationVolume& volume, const CArm& carm) {
  const Projection p(carm);
  Drr drr;
  drr.columns = carm.columns;
  drr.rows = carm.rows;
  drr.lineIntegral.resize(std::size_t(drr.columns) * drr.rows);
  for (int v = 0; v < drr.rows; ++v)
    for (int u = 0; u < drr.columns; ++u)
      drr.lineIntegral[std::size_t(v) * drr.columns + u] =
          float(lineIntegral(volume, p.sourceMm(), p.detectorPointMm(u, v) - p.sourceMm()));
  return drr;
}

}  // namespace

// Air as a CT has it (noise between -1000 and -940 HU, mean -970 HU): skipping it must add back
// what it holds, its bricks' mean. Dropping it would lose ~2 % of these line integrals; what
// remains is the air's own noise (its sum along a ray against its mean), no bias.
TEST(AirSkipping, AddsWhatTheSkippedAirHolds) {
  const auto& f = fixture();
  MuGrid noisy = f.grid;
  uint32_t state = 12345;
  for (float& mu : noisy.mu)
    if (mu == 0) {
      state = state * 1664525u + 1013904223u;  // a fixed LCG: the same air every run
      mu = float(0.06 * materials::kMuWaterPerMm * (state >> 8) / double(1 << 24));
    }
  const AttenuationVolume volume = toAttenuationVolume(noisy);
  for (const auto& angles : kViews) {
    const CArm carm = smallDetector(angles);
    const Drr skipped = renderDrr(volume, carm), marched = rayByRay(volume, carm);
    double bias = 0, total = 0;
    for (std::size_t i = 0; i < marched.lineIntegral.size(); ++i) {
      bias += skipped.lineIntegral[i] - marched.lineIntegral[i];
      total += marched.lineIntegral[i];
    }
    const double rms = relativeRms(skipped, marched);
    std::printf("[air skipping] %s: relative RMS %.4f %%, bias %.4f %%\n",
                core::describe(angles).c_str(), 100 * rms, 100 * bias / total);
    EXPECT_LT(rms, 0.003) << core::describe(angles);
    EXPECT_LT(std::abs(bias / total), 0.0005) << core::describe(angles);
  }
}

// Editing a voxel in the air (cement, a needle's steel) makes its bricks solid again, so the
// tiles that skipped them now march through it.
TEST(AirSkipping, AVoxelMadeDenseInTheAirIsSeen) {
  const auto& f = fixture();
  AttenuationVolume volume = f.volume;
  // (-55, 50, 20) mm: in the field of view, clear of the balls and rods.
  for (int k = 166; k <= 168; ++k)
    for (int j = 226; j <= 228; ++j)
      for (int i = 16; i <= 18; ++i) volume.setMuPerMm(i, j, k, 5 * materials::kMuWaterPerMm);
  for (const auto& angles : kViews) {
    const CArm carm = smallDetector(angles);
    const Drr skipped = renderDrr(volume, carm), marched = rayByRay(volume, carm);
    const Drr before = renderDrr(f.volume, carm);
    float peak = 0, worst = 0;
    const auto seen = Projection(carm).project({-55, 50, 20});
    ASSERT_TRUE(seen.has_value());
    for (int v = int(seen->v) - 2; v <= int(seen->v) + 2; ++v)
      for (int u = int(seen->u) - 2; u <= int(seen->u) + 2; ++u)
        peak = std::max(peak, skipped.at(u, v) - before.at(u, v));
    for (std::size_t i = 0; i < marched.lineIntegral.size(); ++i)
      worst = std::max(worst, std::abs(skipped.lineIntegral[i] - marched.lineIntegral[i]));
    // The block is 1.5 mm across at 5x water: about 0.15 on the rays through it, 0 if skipped.
    EXPECT_GT(peak, 0.05) << core::describe(angles);
    EXPECT_LT(worst, 1e-4) << core::describe(angles);
  }
}
