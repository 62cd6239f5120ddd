// The real lumbar CT (TotalSegmentator's example, S1-T11, 3 mm, LPS with flipped x and y axes):
// AP and lateral DRRs put each vertebra where the CT has it, and the fast projector agrees with
// the exact reference on a real body.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "DrrTestUtil.h"
#include "SiddonReference.h"
#include "trocar/fluoro/Projection.h"
#include "trocar/image/VolumeIO.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;
using namespace trocar::fluoro;
using namespace trocar::fluoro::reference;
using core::Vec3;

namespace {

const char* kCt = "totalseg/example_ct.nii.gz";
const char* kLevels =
    "totalseg/example_ct_labels/totalseg_vertebrae_pp_refined.nii.gz";  // VerSe: 19 T12, 20-24
                                                                        // L1-L5

struct LumbarCase {
  MuGrid mu;
  image::LabelImage::Pointer levels;
};

const LumbarCase& lumbar() {
  static const LumbarCase c = [] {
    LumbarCase out;
    auto ct = image::readVolume(testsupport::sharedFile(kCt));
    auto levels = image::readLabels(testsupport::sharedFile(kLevels));
    if (ct && levels) {
      out.mu = MuGrid::fromCt(*ct->hu);
      out.levels = levels.value();
    }
    return out;
  }();
  return c;
}

Vec3 voxelMm(const MuGrid& g, int i, int j, int k) {
  return g.originMm + g.direction * Vec3{i * g.spacingMm.x, j * g.spacingMm.y, k * g.spacingMm.z};
}

// The attenuation of one vertebra alone (every other voxel air).
MuGrid onlyLevel(const MuGrid& all, const image::LabelImage& levels, int label) {
  MuGrid g = all;
  const uint8_t* l = levels.GetBufferPointer();
  for (std::size_t i = 0; i < g.mu.size(); ++i)
    if (l[i] != label) g.mu[i] = 0;
  return g;
}

// Where a vertebra's image must be centred: the projections of its voxels, each weighted by its
// attenuation and by the square of its magnification (a voxel nearer the source covers more
// pixels: its share of the image's integral grows with M^2).
std::optional<DetectorUv> expectedCentre(const MuGrid& vertebra, const Projection& p) {
  double su = 0, sv = 0, sw = 0;
  for (int k = 0; k < vertebra.size[2]; ++k)
    for (int j = 0; j < vertebra.size[1]; ++j)
      for (int i = 0; i < vertebra.size[0]; ++i) {
        const double m = vertebra.at(i, j, k);
        if (m <= 0) continue;
        const Vec3 x = voxelMm(vertebra, i, j, k);
        const auto uv = p.project(x);
        const double mag = p.magnificationAt(x), w = m * mag * mag;
        su += w * uv->u;
        sv += w * uv->v;
        sw += w;
      }
  if (sw <= 0) return std::nullopt;
  return DetectorUv{su / sw, sv / sw};
}

// True when every voxel of the vertebra projects onto the detector: a vertebra cut by the image
// edge has its visible part's centre, not its own.
bool insideImage(const MuGrid& vertebra, const Projection& p, const CArm& carm) {
  for (int k = 0; k < vertebra.size[2]; ++k)
    for (int j = 0; j < vertebra.size[1]; ++j)
      for (int i = 0; i < vertebra.size[0]; ++i) {
        if (vertebra.at(i, j, k) <= 0) continue;
        const auto uv = p.project(voxelMm(vertebra, i, j, k));
        if (!uv || uv->u < 2 || uv->v < 2 || uv->u > carm.columns - 3 || uv->v > carm.rows - 3)
          return false;
      }
  return true;
}

// Geometric centroid of the label's voxels (unweighted), for the report.
Vec3 labelCentroid(const MuGrid& g, const image::LabelImage& levels, int label) {
  Vec3 sum;
  std::size_t n = 0, at = 0;
  const uint8_t* l = levels.GetBufferPointer();
  for (int k = 0; k < g.size[2]; ++k)
    for (int j = 0; j < g.size[1]; ++j)
      for (int i = 0; i < g.size[0]; ++i, ++at)
        if (l[at] == label) {
          sum += voxelMm(g, i, j, k);
          ++n;
        }
  return n ? sum / double(n) : Vec3{};
}

CArm lumbarCArm(const core::CArmAngles& angles) {
  const auto& c = lumbar();
  CArm carm;
  carm.angles = angles;
  // The isocentre on L3, as an operator would centre the spine.
  carm.isocentreMm = labelCentroid(c.mu, *c.levels, 22);
  return carm;
}

}  // namespace

TEST(LumbarDrr, ApAndLateralShowEachVertebraWhereTheCtHasIt) {
  TROCAR_REQUIRE_SHARED(kCt);
  TROCAR_REQUIRE_SHARED(kLevels);
  const auto& c = lumbar();
  ASSERT_FALSE(c.mu.mu.empty());
  const AttenuationVolume whole = toAttenuationVolume(c.mu);
  for (const auto& angles : {apAngles(), lateralAngles()}) {
    const CArm carm = lumbarCArm(angles);
    const Projection p(carm);
    const Drr full = renderDrr(whole, carm);
    Drr parts = full;
    std::fill(parts.lineIntegral.begin(), parts.lineIntegral.end(), 0.f);
    int compared = 0;
    for (int label = 19; label <= 24; ++label) {
      const MuGrid vertebra = onlyLevel(c.mu, *c.levels, label);
      // The vertebra's own part of the DRR: line integrals are linear in mu, so this is exactly
      // what the vertebra adds to the full image.
      const Drr own = renderDrr(toAttenuationVolume(vertebra), carm);
      for (std::size_t i = 0; i < own.lineIntegral.size(); ++i)
        parts.lineIntegral[i] += own.lineIntegral[i];
      const Centroid seen = centroid(own, 0, 0, own.columns - 1, own.rows - 1);
      if (!insideImage(vertebra, p, carm)) {
        std::printf("[landmark] %s level %d: partly outside the detector, not compared\n",
                    core::describe(angles).c_str(), label);
        continue;
      }
      ++compared;
      const auto expected = expectedCentre(vertebra, p);
      ASSERT_TRUE(expected) << "level " << label << " has no voxels";
      const double errorPx = std::hypot(seen.u - expected->u, seen.v - expected->v);
      const auto geometric = p.project(labelCentroid(c.mu, *c.levels, label));
      std::printf(
          "[landmark] %s level %d: DRR centre (%.2f, %.2f), projected centroid (%.2f, %.2f), error "
          "%.3f px; "
          "label centroid projects to (%.1f, %.1f)\n",
          core::describe(angles).c_str(), label, seen.u, seen.v, expected->u, expected->v, errorPx,
          geometric->u, geometric->v);
      EXPECT_LT(errorPx, 2.0) << core::describe(angles) << " level " << label;
    }
    EXPECT_GE(compared, 5) << core::describe(angles);
    // The vertebrae's parts add up to no more than the whole image (linearity, no negative mu).
    double over = 0;
    for (std::size_t i = 0; i < full.lineIntegral.size(); ++i)
      over = std::max(over, double(parts.lineIntegral[i]) - full.lineIntegral[i]);
    EXPECT_LT(over, 1e-3);
    // Vertebrae run head-feet down the image: T12 above L5 in both views.
    const auto t12 = p.project(labelCentroid(c.mu, *c.levels, 19)),
               l5 = p.project(labelCentroid(c.mu, *c.levels, 24));
    EXPECT_LT(t12->v + 100, l5->v);
  }
}

TEST(LumbarDrr, FastProjectorAgreesWithSiddonWithinOnePercentRms) {
  TROCAR_REQUIRE_SHARED(kCt);
  TROCAR_REQUIRE_SHARED(kLevels);
  const auto& c = lumbar();
  ASSERT_FALSE(c.mu.mu.empty());
  const AttenuationVolume whole = toAttenuationVolume(c.mu);
  for (const auto& angles :
       {apAngles(), lateralAngles(), core::CArmAngles{25, -15}, core::CArmAngles{-40, 20}}) {
    const CArm carm = lumbarCArm(angles);
    const double rms = relativeRms(renderDrr(whole, carm), siddonDrr(c.mu, carm));
    std::printf("[lumbar fast vs siddon] %s: relative RMS %.3f %%\n",
                core::describe(angles).c_str(), 100 * rms);
    EXPECT_LT(rms, 0.01) << core::describe(angles);
  }
}
