// Properties of rasterised phantoms: labels are the analytic labels at voxel centres on any
// grid, volumes and centroids do not depend on grid orientation, output is deterministic.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "trocar/phantom/Labels.h"
#include "trocar/phantom/Rasterize.h"

using namespace trocar;
using namespace trocar::phantom;
using core::Vec3;

namespace {

struct LabelStats {
  size_t count = 0;
  Vec3 sumMm;
  Vec3 centroid() const { return sumMm / double(count); }
};

// Voxel counts and centroids (world mm) per level label, for voxels whose part is in `parts`
// (all parts when empty).
std::map<int, LabelStats> levelStats(const PhantomImages& im, const Grid& grid,
                                     std::vector<Part> parts = {}) {
  std::map<int, LabelStats> out;
  const uint8_t* lv = im.levels->GetBufferPointer();
  const uint8_t* pt = im.parts->GetBufferPointer();
  size_t at = 0;
  for (int k = 0; k < grid.size[2]; ++k)
    for (int j = 0; j < grid.size[1]; ++j)
      for (int i = 0; i < grid.size[0]; ++i, ++at) {
        if (lv[at] == 0) continue;
        if (!parts.empty() && std::find(parts.begin(), parts.end(), Part(pt[at])) == parts.end())
          continue;
        LabelStats& s = out[lv[at]];
        ++s.count;
        s.sumMm += grid.pointMm(i, j, k);
      }
  return out;
}

double voxelVolumeMm3(const Grid& g) {
  const core::Mat3 m = core::Mat3::fromColumns(g.direction.col[0] * g.spacingMm.x,
                                               g.direction.col[1] * g.spacingMm.y,
                                               g.direction.col[2] * g.spacingMm.z);
  return std::abs(m.determinant());
}

// A grid of `spacing` covering a cube of side `sideMm` around `centre`, turned by `rotation`.
// The centre is nudged by a fraction of a voxel: the phantom's flat faces (endplates of an
// upright body) would otherwise fall exactly on voxel centres and count a whole extra slice.
Grid cubeGrid(const Vec3& centre, double sideMm, double spacing, const core::Mat3& rotation = {}) {
  const int n = static_cast<int>(std::ceil(sideMm / spacing));
  const Vec3 nudge = Vec3{0.123, 0.217, 0.311} * spacing;
  return Grid::axial({n, n, n}, {spacing, spacing, spacing}, centre + nudge)
      .rotatedAboutCentre(rotation);
}

size_t countMismatches(const SpinePhantom& ph, const Grid& g, const PhantomImages& im) {
  size_t bad = 0, at = 0;
  for (int k = 0; k < g.size[2]; ++k)
    for (int j = 0; j < g.size[1]; ++j)
      for (int i = 0; i < g.size[0]; ++i, ++at) {
        const PointSample s = ph.sample(g.pointMm(i, j, k));
        if (im.levels->GetBufferPointer()[at] != s.level ||
            Part(im.parts->GetBufferPointer()[at]) != s.part ||
            im.ct->GetBufferPointer()[at] != static_cast<int16_t>(std::lround(s.hu)))
          ++bad;
      }
  return bad;
}

}  // namespace

TEST(PhantomRaster, LabelsAndHuAreThePointSamplesAtVoxelCentresOnAnObliqueGrid) {
  PhantomSpec spec;
  spec.lesions.push_back({level::kL2, {5, 8, 0}, 6});
  spec.screws.push_back({level::kL2, false, 5, 40, 8});
  const SpinePhantom ph{spec};
  const Grid g = cubeGrid(ph.landmarksOf(level::kL2)->frame.originMm, 90, 1.1,
                          rotationAbout({0.3, 1, 0.5}, 37));
  const PhantomImages im = rasterize(ph, g);
  // Rows are stepped incrementally, so a voxel centre may differ from pointMm() by ~1e-13 mm:
  // a mismatch would need a surface within that distance of a centre.
  EXPECT_LE(countMismatches(ph, g, im), 2u);
  const auto stats = levelStats(im, g);
  EXPECT_GT(stats.at(level::kL2).count, 10000u);
}

TEST(PhantomRaster, BodyLabelVolumeAndCentroidMatchTheAnalyticBody) {
  const SpinePhantom ph{PhantomSpec{}};
  for (int label : {level::kT11, level::kL3}) {
    const LevelLandmarks& l = *ph.landmarksOf(label);
    SCOPED_TRACE(l.name);
    for (const core::Mat3& r : {core::Mat3{}, rotationAbout({1, -0.4, 0.2}, 28)}) {
      const Grid g = cubeGrid(l.bodyCentroidMm, 70, 0.5, r);
      const PhantomImages im = rasterize(ph, g);
      const LabelStats s = levelStats(im, g, {Part::kBody}).at(label);
      const double volume = s.count * voxelVolumeMm3(g);
      EXPECT_NEAR(volume, l.bodyVolumeMm3, 0.01 * l.bodyVolumeMm3);
      EXPECT_LT(distance(s.centroid(), l.bodyCentroidMm), 0.15);
    }
  }
}

TEST(PhantomRaster, SameAnatomyOnARotatedGridGivesTheSameLevelVolumesAndCentroids) {
  PhantomSpec spec;
  spec.firstLevel = level::kT12;
  spec.lastLevel = level::kL3;
  spec.sacrum = false;
  const SpinePhantom ph{spec};
  const Vec3 centre = (ph.spineMinMm() + ph.spineMaxMm()) * 0.5;
  const double side = norm(ph.spineMaxMm() - ph.spineMinMm()) + 4;
  const Grid axial = cubeGrid(centre, side, 0.8);
  const Grid obliqueA = cubeGrid(centre, side, 0.8, rotationAbout({1, 1, 0.3}, 25));
  const Grid obliqueB = cubeGrid(centre, side, 0.8, rotationAbout({-0.2, 0.5, 1}, 40));
  const auto a = levelStats(rasterize(ph, axial), axial);
  const auto b = levelStats(rasterize(ph, obliqueA), obliqueA);
  const auto c = levelStats(rasterize(ph, obliqueB), obliqueB);
  ASSERT_EQ(a.size(), 4u);
  ASSERT_EQ(b.size(), 4u);
  ASSERT_EQ(c.size(), 4u);
  for (const auto& [label, sa] : a) {
    SCOPED_TRACE(levelName(label));
    const LabelStats& sb = b.at(label);
    const LabelStats& sc = c.at(label);
    // Two generic orientations: sampling errors average out over the surface.
    EXPECT_NEAR(double(sc.count), double(sb.count), 0.005 * double(sb.count));
    EXPECT_LT(distance(sb.centroid(), sc.centroid()), 0.1);
    // Against the axis-aligned grid the tolerance is wider: processes have flat faces parallel
    // to the x axis (the levels only lean about it), which an axial grid samples with a
    // systematic error of up to half a voxel per face.
    EXPECT_NEAR(double(sb.count), double(sa.count), 0.02 * double(sa.count));
    EXPECT_LT(distance(sa.centroid(), sb.centroid()), 0.35);
  }
}

TEST(PhantomRaster, TiltedGantryGridSamplesTheSamePhysicalPhantom) {
  const SpinePhantom ph{PhantomSpec{}};
  const LevelLandmarks& l4 = *ph.landmarksOf(level::kL4);
  const Grid g = Grid::tiltedGantry({90, 90, 70}, {0.8, 0.8, 1.0}, l4.bodyCentroidMm, 20);
  EXPECT_NEAR(g.shearDeg(), 20, 1e-9);
  const PhantomImages im = rasterize(ph, g);
  EXPECT_LE(countMismatches(ph, g, im), 2u);
  const LabelStats s = levelStats(im, g, {Part::kBody}).at(level::kL4);
  EXPECT_NEAR(s.count * voxelVolumeMm3(g), l4.bodyVolumeMm3, 0.015 * l4.bodyVolumeMm3);
  EXPECT_LT(distance(s.centroid(), l4.bodyCentroidMm), 0.3);
  // ITK keeps the sheared direction, so physical points map back to the same voxels.
  itk::Point<double, 3> p;
  for (int a = 0; a < 3; ++a) p[a] = l4.leftPedicle.isthmusCentreMm[a];
  itk::Index<3> index;
  ASSERT_TRUE(im.parts->TransformPhysicalPointToIndex(p, index));
  EXPECT_EQ(Part(im.parts->GetPixel(index)), Part::kLeftPedicle);
}

TEST(PhantomRaster, NoiseIsSeededGaussianAndIndependentOfThreadCount) {
  const SpinePhantom ph{PhantomSpec{}};
  const Grid g = cubeGrid(ph.landmarksOf(level::kL3)->frame.originMm + Vec3{0, -70, 0}, 40, 1.0);
  RasterOptions one, two, other;
  one.noise = two.noise = {20, 7};
  other.noise = {20, 8};
  one.threads = 1;
  two.threads = 2;
  const PhantomImages a = rasterize(ph, g, one), b = rasterize(ph, g, two),
                      c = rasterize(ph, g, other);
  const size_t n = g.voxelCount();
  EXPECT_TRUE(
      std::equal(a.ct->GetBufferPointer(), a.ct->GetBufferPointer() + n, b.ct->GetBufferPointer()));
  EXPECT_FALSE(
      std::equal(a.ct->GetBufferPointer(), a.ct->GetBufferPointer() + n, c.ct->GetBufferPointer()));
  // The cube lies in muscle in front of L3 (40 HU): mean and standard deviation of the noise.
  double sum = 0, sum2 = 0;
  size_t count = 0;
  for (size_t i = 0; i < n; ++i) {
    if (Part(a.parts->GetBufferPointer()[i]) != Part::kSoftTissue) continue;
    const double v = a.ct->GetBufferPointer()[i] - 40.0;
    sum += v;
    sum2 += v * v;
    ++count;
  }
  ASSERT_GT(count, n / 2);
  const double mean = sum / count, sd = std::sqrt(sum2 / count - mean * mean);
  EXPECT_NEAR(mean, 0.0, 0.5);
  EXPECT_NEAR(sd, 20.0, 0.5);
}

TEST(PhantomRaster, PartialVolumeChangesOnlyBoundaryHuAndNeverLabels) {
  const SpinePhantom ph{PhantomSpec{}};
  const Grid g =
      cubeGrid(ph.landmarksOf(level::kL1)->bodyCentroidMm, 60, 1.0, rotationAbout({0, 1, 1}, 10));
  RasterOptions pv;
  pv.boundarySubsamples = 3;
  const PhantomImages point = rasterize(ph, g), smooth = rasterize(ph, g, pv);
  const size_t n = g.voxelCount();
  EXPECT_TRUE(std::equal(point.levels->GetBufferPointer(), point.levels->GetBufferPointer() + n,
                         smooth.levels->GetBufferPointer()));
  EXPECT_TRUE(std::equal(point.parts->GetBufferPointer(), point.parts->GetBufferPointer() + n,
                         smooth.parts->GetBufferPointer()));
  // Between cancellous (200) and cortical (850), or cortex and soft tissue, new values appear;
  // interior voxels keep their tissue value.
  size_t changed = 0, intermediate = 0;
  for (size_t i = 0; i < n; ++i) {
    const int a = point.ct->GetBufferPointer()[i], b = smooth.ct->GetBufferPointer()[i];
    if (a != b) ++changed;
    if (b > 41 && b < 849 && b != 200 && b != 500 && b != 80) ++intermediate;
  }
  EXPECT_GT(changed, n / 100);
  EXPECT_LT(changed, n / 2);
  EXPECT_GT(intermediate, n / 200);
  // The centroid voxel sits deep in cancellous bone: untouched.
  itk::Point<double, 3> p;
  for (int a = 0; a < 3; ++a) p[a] = ph.landmarksOf(level::kL1)->bodyCentroidMm[a];
  itk::Index<3> index;
  ASSERT_TRUE(smooth.ct->TransformPhysicalPointToIndex(p, index));
  EXPECT_EQ(smooth.ct->GetPixel(index), 200);
}

TEST(PhantomRaster, GridAroundSpineHoldsEveryLevelAwayFromTheBorder) {
  const SpinePhantom ph{PhantomSpec{}};
  const Grid g = gridAroundSpine(ph, {2.0, 2.0, 2.0});
  RasterOptions o;
  const PhantomImages im = rasterize(ph, g, o);
  const auto stats = levelStats(im, g);
  EXPECT_EQ(stats.size(), ph.landmarks().size());
  // No level voxel on the first or last slice, and air in the corners (the whole trunk fits).
  const uint8_t* lv = im.levels->GetBufferPointer();
  const size_t slice = size_t(g.size[0]) * g.size[1];
  for (size_t i = 0; i < slice; ++i) {
    ASSERT_EQ(lv[i], 0);
    ASSERT_EQ(lv[slice * (g.size[2] - 1) + i], 0);
  }
  EXPECT_EQ(im.ct->GetBufferPointer()[0], -1000);
  const image::CtVolume v = toCtVolume(im, ph);
  EXPECT_EQ(v.metadata.modality, "CT");
  EXPECT_EQ(v.metadata.seriesDescription, "Phantom T10-S");
  EXPECT_DOUBLE_EQ(v.metadata.sliceThicknessMm, 2.0);
}

TEST(PhantomRaster, WholeThoracolumbarSpineLabelsEveryLevelWithPlausibleVolumes) {
  PhantomSpec spec;
  spec.firstLevel = level::kT1;
  const SpinePhantom ph{spec};
  ASSERT_EQ(ph.landmarks().size(), 18u);  // T1..T12, L1..L5, sacrum
  const Grid g = gridAroundSpine(ph, {3.0, 3.0, 3.0});
  const auto stats = levelStats(rasterize(ph, g), g, {Part::kBody});
  double previous = 0;
  for (const LevelLandmarks& l : ph.landmarks()) {
    SCOPED_TRACE(l.name);
    ASSERT_TRUE(stats.count(l.label));
    const double volume = stats.at(l.label).count * 27.0;
    // 3 mm voxels: within 10 % of the analytic body, and bodies grow down to L5.
    EXPECT_NEAR(volume, l.bodyVolumeMm3, 0.1 * l.bodyVolumeMm3);
    if (l.label != level::kSacrum) {
      EXPECT_GT(l.bodyVolumeMm3, previous);
    }
    previous = l.bodyVolumeMm3;
  }
  // A T1 body is about 24 x 16 x 15 mm (~4 ml), an L5 body 50 x 35 x 26 mm (~33 ml).
  EXPECT_NEAR(ph.landmarksOf(level::kT1)->bodyVolumeMm3 / 1000, 4.1, 0.5);
  EXPECT_NEAR(ph.landmarksOf(level::kL5)->bodyVolumeMm3 / 1000, 32.5, 2.0);
}
