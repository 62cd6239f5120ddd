// The reader against series written from the synthetic spine phantom, where the truth is exact:
// shuffled names, oblique and reversed stacks, a removed slice, a tilted gantry, a mixed-in
// localizer, non-uniform spacing and series without UIDs.

#include <gtest/gtest.h>

#include <cmath>
#include <optional>

#include "DicomTestUtil.h"
#include "trocar/dicom/SeriesLoader.h"
#include "trocar/phantom/DicomExport.h"
#include "trocar/phantom/Grid.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;
using namespace trocar::dicomtest;
namespace fs = std::filesystem;

namespace {

const phantom::SpinePhantom& spine() {
  static const phantom::SpinePhantom instance;
  return instance;
}

core::Vec3 lumbarCentre() { return (spine().spineMinMm() + spine().spineMaxMm()) * 0.5; }

// A small axial grid through the lumbar spine: quick to write and read, big enough for anatomy.
phantom::Grid smallGrid(int slices = 48, double sliceMm = 2.0) {
  return phantom::Grid::axial({128, 112, slices}, {1.6, 1.6, sliceMm}, lumbarCentre());
}

phantom::PhantomSeries write(const phantom::Grid& grid, const fs::path& dir,
                             const dicom::WriteOptions& options = {}) {
  auto series = phantom::writePhantomSeries(spine(), grid, dir, options);
  if (!series) ADD_FAILURE() << series.error().message();
  return series.ok() ? series.value() : phantom::PhantomSeries{};
}

image::CtVolume load(const fs::path& dir) {
  auto volume = dicom::loadDicom(dir);
  if (!volume) ADD_FAILURE() << volume.error().message();
  return volume.ok() ? volume.value() : image::CtVolume{};
}

void expectGeometry(const image::CtImage& image, const phantom::Grid& grid,
                    double toleranceMm = 1e-4) {
  for (int d = 0; d < 3; ++d) {
    EXPECT_EQ(image.GetLargestPossibleRegion().GetSize()[d], static_cast<size_t>(grid.size[d]))
        << "axis " << d;
    EXPECT_NEAR(image.GetOrigin()[d], grid.originMm[d], toleranceMm) << "origin " << d;
    EXPECT_NEAR(image.GetSpacing()[d], grid.spacingMm[d], toleranceMm) << "spacing " << d;
    for (int e = 0; e < 3; ++e) EXPECT_NEAR(image.GetDirection()[d][e], grid.direction(d, e), 1e-5);
  }
}

std::vector<int16_t> voxelsOf(const image::CtImage& image) {
  const int16_t* p = image.GetBufferPointer();
  return {p, p + image.GetLargestPossibleRegion().GetNumberOfPixels()};
}

struct TruthComparison {
  double interiorExact = 0;  // of voxels whose neighbourhood is one tissue: fraction within 1 HU
  double boneDice = 0;       // Dice of HU > 150 between the volume and the phantom truth
};

// Compares a (possibly resampled) volume with the phantom sampled at its own voxel centres.
// Interpolation may blur tissue boundaries but must be exact inside a tissue; misplaced voxels
// (a shear ignored, a wrong spacing) break the bone overlap.
// Voxels outside `acquired` (the grid the slices were taken on), where there is no data, are left
// out.
TruthComparison compareWithTruth(const image::CtImage& image,
                                 const std::optional<phantom::Grid>& acquired = {}) {
  const auto grid = phantom::Grid::fromImage(image);
  const int16_t* hu = image.GetBufferPointer();
  size_t interior = 0, exact = 0, bothBone = 0, volumeBone = 0, truthBone = 0;
  for (int k = 1; k + 1 < grid.size[2]; ++k)
    for (int j = 1; j + 1 < grid.size[1]; j += 2)
      for (int i = 1; i + 1 < grid.size[0]; i += 2) {
        if (acquired) {
          const core::Vec3 index = acquired->indexOf(grid.pointMm(i, j, k));
          bool inside = true;
          for (int d = 0; d < 3; ++d) inside &= index[d] >= 0 && index[d] <= acquired->size[d] - 1;
          if (!inside) continue;
        }
        const double truth = spine().sample(grid.pointMm(i, j, k)).hu;
        const double value = hu[(size_t(k) * grid.size[1] + j) * grid.size[0] + i];
        const bool isBone = value > 150, wasBone = truth > 150;
        bothBone += isBone && wasBone;
        volumeBone += isBone;
        truthBone += wasBone;
        bool uniform = true;
        for (int axis = 0; axis < 3 && uniform; ++axis)
          for (int sign : {-1, 1}) {
            core::Vec3 step;
            step[axis] = sign * 1.0;
            uniform &= spine().sample(grid.pointMm(i + step.x, j + step.y, k + step.z)).hu == truth;
          }
        if (!uniform) continue;
        ++interior;
        exact += std::abs(value - truth) <= 1.0;
      }
  return {double(exact) / double(interior),
          2.0 * double(bothBone) / double(volumeBone + truthBone)};
}

}  // namespace

TEST(PhantomReader, RandomFileNamesLoadVoxelForVoxel) {
  const fs::path dir = testsupport::scratchDir("phantom-reader-random-names");
  dicom::WriteOptions options;
  options.naming = dicom::FileNaming::kRandom;
  const auto series = write(smallGrid(), dir, options);
  const auto volume = load(dir);
  ASSERT_TRUE(volume.hu && series.images.ct);
  expectGeometry(*volume.hu, smallGrid());
  EXPECT_EQ(voxelsOf(*volume.hu), voxelsOf(*series.images.ct));
  EXPECT_TRUE(volume.warnings.empty()) << joined(volume.warnings);
}

TEST(PhantomReader, ObliqueStackKeepsItsOrientation) {
  const fs::path dir = testsupport::scratchDir("phantom-reader-oblique");
  const auto grid =
      smallGrid().rotatedAboutCentre(phantom::rotationAbout(core::normalized({0.3, 1, 0.2}), 25));
  dicom::WriteOptions options;
  options.naming = dicom::FileNaming::kShuffled;
  const auto series = write(grid, dir, options);
  const auto volume = load(dir);
  ASSERT_TRUE(volume.hu);
  expectGeometry(*volume.hu, grid);
  EXPECT_EQ(voxelsOf(*volume.hu), voxelsOf(*series.images.ct));
}

TEST(PhantomReader, StackWrittenHeadFirstIsSortedFeetFirstWithPositiveSpacing) {
  // Slices stepping towards the feet: the normal row x column points to the head, so the reader
  // must reverse them rather than report a negative spacing.
  const fs::path dir = testsupport::scratchDir("phantom-reader-reversed");
  phantom::Grid grid = smallGrid();
  grid.originMm = grid.pointMm(0, 0, grid.size[2] - 1);
  grid.direction.col[2] = -grid.direction.col[2];
  dicom::WriteOptions options;
  options.sliceStepMm = grid.sliceStepMm();
  const auto series = write(grid, dir, options);
  const auto volume = load(dir);
  ASSERT_TRUE(volume.hu);
  expectGeometry(*volume.hu, smallGrid());
  EXPECT_GT(volume.hu->GetSpacing()[2], 0);
  const auto written = voxelsOf(*series.images.ct), loaded = voxelsOf(*volume.hu);
  const size_t n = size_t(grid.size[0]) * grid.size[1], slices = grid.size[2];
  for (size_t k = 0; k < slices; ++k)
    EXPECT_TRUE(std::equal(loaded.begin() + k * n, loaded.begin() + (k + 1) * n,
                           written.begin() + (slices - 1 - k) * n))
        << "slice " << k;
}

TEST(PhantomReader, RemovedSliceIsReportedAndInterpolated) {
  const fs::path dir = testsupport::scratchDir("phantom-reader-removed-slice");
  dicom::WriteOptions options;
  options.omitSlices = {20};
  const auto series = write(smallGrid(), dir, options);
  const auto volume = load(dir);
  ASSERT_TRUE(volume.hu);
  expectGeometry(*volume.hu, smallGrid());
  EXPECT_TRUE(mentions(volume.warnings, "1 missing slice(s)")) << joined(volume.warnings);
  const auto truth = voxelsOf(*series.images.ct), loaded = voxelsOf(*volume.hu);
  const size_t n = 128 * 112;
  for (size_t k = 0; k < 48; ++k) {
    if (k == 20) continue;
    EXPECT_TRUE(
        std::equal(loaded.begin() + k * n, loaded.begin() + (k + 1) * n, truth.begin() + k * n))
        << k;
  }
  int worst = 0;
  for (size_t i = 0; i < n; ++i) {
    const double mean = 0.5 * (truth[19 * n + i] + truth[21 * n + i]);
    worst = std::max(worst, static_cast<int>(std::ceil(std::abs(loaded[20 * n + i] - mean) - 0.5)));
  }
  EXPECT_LE(worst, 1) << "the missing slice is the mean of its neighbours";
}

TEST(PhantomReader, TiltedGantryIsResampledOntoAnOrthogonalGrid) {
  const fs::path dir = testsupport::scratchDir("phantom-reader-tilt");
  const double tiltDeg = 20;
  const auto grid =
      phantom::Grid::tiltedGantry({128, 112, 48}, {1.6, 1.6, 2.0}, lumbarCentre(), tiltDeg);
  const auto series = write(grid, dir);
  const auto volume = load(dir);
  ASSERT_TRUE(volume.hu);
  EXPECT_TRUE(mentions(volume.warnings, "gantry tilt of 20.00 degrees")) << joined(volume.warnings);
  // The grid is orthonormal, along the tilted slices' normal, with the table step projected on it.
  const auto& d = volume.hu->GetDirection();
  const core::Vec3 normal{d[0][2], d[1][2], d[2][2]};
  const double t = tiltDeg * 3.141592653589793 / 180;
  EXPECT_NEAR(core::distance(normal, {0, std::sin(t), std::cos(t)}), 0, 1e-6);
  EXPECT_NEAR(volume.hu->GetSpacing()[2], 2.0 * std::cos(t), 1e-6);
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) {
      double dotAB = 0;
      for (int r = 0; r < 3; ++r) dotAB += d[r][a] * d[r][b];
      EXPECT_NEAR(dotAB, a == b ? 1.0 : 0.0, 1e-9);
    }
  // The voxels match the phantom at their new positions: exactly inside tissues, and the bone
  // overlaps. Read naively (slices stacked as if the gantry had not tilted), it would not.
  const TruthComparison resampled = compareWithTruth(*volume.hu, grid);
  EXPECT_GT(resampled.interiorExact, 0.99);
  EXPECT_GT(resampled.boneDice, 0.90);
  auto naive = series.images.ct;
  phantom::Grid::axial({128, 112, 48}, {1.6, 1.6, 2.0}, lumbarCentre()).applyTo(*naive);
  const TruthComparison naiveComparison = compareWithTruth(*naive);
  EXPECT_LT(naiveComparison.boneDice, resampled.boneDice - 0.2);
  RecordProperty("bone_dice", std::to_string(resampled.boneDice));
  RecordProperty("interior_exact", std::to_string(resampled.interiorExact));
  RecordProperty("naive_bone_dice", std::to_string(naiveComparison.boneDice));
}

TEST(PhantomReader, MixedInLocalizerIsAStackOfItsOwn) {
  const fs::path dir = testsupport::scratchDir("phantom-reader-localizer");
  const auto series = write(smallGrid(), dir);
  auto scout = dicom::writeLocalizer(*series.images.ct, dir, series.metadata);
  ASSERT_TRUE(scout.ok()) << scout.error().message();
  const auto report = dicom::scanDicom(dir);
  ASSERT_EQ(report.stacks.size(), 2u);
  EXPECT_FALSE(report.stacks[0].isLocalizer);
  EXPECT_EQ(report.stacks[0].slices(), 48u);
  EXPECT_TRUE(report.stacks[1].isLocalizer);
  EXPECT_EQ(report.stacks[0].seriesInstanceUid, report.stacks[1].seriesInstanceUid);
  const auto volume = load(dir);
  ASSERT_TRUE(volume.hu);
  EXPECT_EQ(voxelsOf(*volume.hu), voxelsOf(*series.images.ct));
}

TEST(PhantomReader, NonUniformSpacingIsResampledOntoTheCommonSpacing) {
  const fs::path dir = testsupport::scratchDir("phantom-reader-non-uniform");
  // One series in two parts: 20 slices 2 mm apart, then 15 slices 3 mm apart.
  image::SeriesMetadata metadata;
  metadata.seriesDescription = "non-uniform";
  dicom::completeSeriesMetadata(metadata);
  const auto fine = smallGrid(20, 2.0);
  auto coarse = smallGrid(15, 3.0);
  coarse.originMm = fine.pointMm(0, 0, 19) + core::Vec3{0, 0, 3.0};
  phantom::RasterOptions raster;
  raster.labels = false;
  for (const auto& [grid, prefix] : {std::pair{fine, "A"}, std::pair{coarse, "B"}}) {
    const auto images = phantom::rasterize(spine(), grid, raster);
    dicom::WriteOptions options;
    options.filePrefix = prefix;
    ASSERT_TRUE(dicom::writeCtSeries(*images.ct, dir, metadata, options).ok());
  }
  const auto volume = load(dir);
  ASSERT_TRUE(volume.hu);
  EXPECT_TRUE(mentions(volume.warnings, "non-uniform slice spacing")) << joined(volume.warnings);
  EXPECT_NEAR(volume.hu->GetSpacing()[2], 2.0, 1e-6);
  // 19 x 2 mm + 15 x 3 mm = 83 mm: 42 slices at 2 mm end at 82 mm, inside the data.
  EXPECT_EQ(volume.hu->GetLargestPossibleRegion().GetSize()[2], 42u);
  for (int d = 0; d < 3; ++d) EXPECT_NEAR(volume.hu->GetOrigin()[d], fine.originMm[d], 1e-4);
  const TruthComparison comparison = compareWithTruth(*volume.hu);
  EXPECT_GT(comparison.interiorExact, 0.99);
  EXPECT_GT(comparison.boneDice, 0.90);
}

TEST(PhantomReader, SeriesWithoutUidsAreKeptApartByTheirAttributes) {
  const fs::path dir = testsupport::scratchDir("phantom-reader-no-uids");
  phantom::RasterOptions raster;
  raster.labels = false;
  int count = 0;
  for (const char* description : {"Bone 1.0", "Soft 2.0"}) {
    image::SeriesMetadata metadata;
    metadata.seriesDescription = description;
    metadata.studyInstanceUid = "1.2.826.0.1.3680043.2.1125.1";  // one study, two series
    const auto grid = smallGrid(count == 0 ? 30 : 20, count == 0 ? 1.0 : 2.0);
    const auto images = phantom::rasterize(spine(), grid, raster);
    dicom::WriteOptions options;
    options.emptySeriesInstanceUid = true;
    options.filePrefix = count++ == 0 ? "B" : "S";
    ASSERT_TRUE(dicom::writeCtSeries(*images.ct, dir, metadata, options).ok());
  }
  const auto report = dicom::scanDicom(dir);
  ASSERT_EQ(report.stacks.size(), 2u);
  EXPECT_EQ(report.stacks[0].slices(), 30u);
  EXPECT_EQ(report.stacks[1].slices(), 20u);
  for (const auto& s : report.stacks) {
    EXPECT_TRUE(s.seriesUidSynthesised);
    EXPECT_TRUE(s.uniformSpacing) << joined(s.warnings);
  }
  EXPECT_NE(report.stacks[0].seriesInstanceUid, report.stacks[1].seriesInstanceUid);
}

TEST(PhantomReader, MetadataRecordCarriesEveryField) {
  const fs::path dir = testsupport::scratchDir("phantom-reader-metadata");
  image::SeriesMetadata m;
  m.patientName = "Doe^Jane";
  m.patientId = "TRC-0042";
  m.patientSex = "F";
  m.patientAge = "071Y";
  m.patientBirthDate = "19550312";
  m.studyDate = "20261124";
  m.seriesDate = "20261124";
  m.studyDescription = "CT lumbar spine";
  m.seriesDescription = "Bone 1.0 B60f";
  m.manufacturer = "Trocar Phantoms";
  m.manufacturerModel = "SpinePhantom";
  m.convolutionKernel = "B60f";
  m.kvp = 120;
  m.sliceThicknessMm = 2.0;
  dicom::completeSeriesMetadata(m);
  phantom::RasterOptions raster;
  raster.labels = false;
  const auto images = phantom::rasterize(spine(), smallGrid(8), raster);
  ASSERT_TRUE(dicom::writeCtSeries(*images.ct, dir, m, {}).ok());
  const auto volume = load(dir);
  const auto& r = volume.metadata;
  EXPECT_EQ(r.patientName, m.patientName);
  EXPECT_EQ(r.patientId, m.patientId);
  EXPECT_EQ(r.patientSex, m.patientSex);
  EXPECT_EQ(r.patientAge, m.patientAge);
  EXPECT_EQ(r.patientBirthDate, m.patientBirthDate);
  EXPECT_EQ(r.studyInstanceUid, m.studyInstanceUid);
  EXPECT_EQ(r.seriesInstanceUid, m.seriesInstanceUid);
  EXPECT_EQ(r.studyDate, m.studyDate);
  EXPECT_EQ(r.seriesDate, m.seriesDate);
  EXPECT_EQ(r.studyDescription, m.studyDescription);
  EXPECT_EQ(r.seriesDescription, m.seriesDescription);
  EXPECT_EQ(r.modality, "CT");
  EXPECT_EQ(r.manufacturer, m.manufacturer);
  EXPECT_EQ(r.convolutionKernel, m.convolutionKernel);
  EXPECT_DOUBLE_EQ(r.kvp, 120);
  EXPECT_DOUBLE_EQ(r.sliceThicknessMm, 2.0);
}
