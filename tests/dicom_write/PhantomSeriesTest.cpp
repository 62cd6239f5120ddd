// The phantom convenience: rasterise and write in one call, with the truth kept.
#include <gtest/gtest.h>

#include <cmath>

#include "WriterTestUtil.h"
#include "trocar/phantom/DicomExport.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;

TEST(PhantomSeries, WrittenPhantomReadsBackIdenticallyThroughGdcm) {
  phantom::PhantomSpec spec;
  spec.firstLevel = phantom::level::kL2;
  spec.lastLevel = phantom::level::kL3;
  spec.sacrum = false;
  const phantom::SpinePhantom ph{spec};
  phantom::Grid grid = phantom::Grid::axial({128, 112, 40}, {1.5, 1.5, 2.0},
                                            ph.landmarksOf(phantom::level::kL2)->frame.originMm);
  grid = grid.rotatedAboutCentre(phantom::rotationAbout({1, 0, 0}, 12));
  phantom::RasterOptions raster;
  raster.noise = {15, 3};
  dicom::WriteOptions write;
  write.transferSyntax = dicom::TransferSyntax::kJpeg2000Lossless;
  const auto folder = testsupport::scratchDir("phantom_series");
  const auto series = phantom::writePhantomSeries(ph, grid, folder, write, raster);
  ASSERT_TRUE(series.ok()) << series.error().message();
  EXPECT_EQ(series->files.size(), 40u);
  EXPECT_FALSE(series->metadata.seriesInstanceUid.empty());
  EXPECT_EQ(testwrite::dicomValue(series->files.front(), "0020,000e"),
            series->metadata.seriesInstanceUid);
  EXPECT_EQ(testwrite::dicomValue(series->files.front(), "0010,0010"), "PHANTOM^SPINE");
  std::string error;
  const auto back = testwrite::readWithGdcm(folder, error);
  ASSERT_TRUE(back) << error;
  const size_t n = grid.voxelCount();
  EXPECT_TRUE(std::equal(back->GetBufferPointer(), back->GetBufferPointer() + n,
                         series->images.ct->GetBufferPointer()));
  EXPECT_NEAR(back->GetOrigin()[1], grid.originMm.y, 1e-4);
  EXPECT_NEAR(back->GetDirection()(2, 1), grid.direction(2, 1), 1e-5);
}

TEST(PhantomSeries, ShearedGridWritesATiltedGantrySeries) {
  const phantom::SpinePhantom ph{phantom::PhantomSpec{}};
  const phantom::Grid grid = phantom::Grid::tiltedGantry(
      {64, 64, 20}, {2.0, 2.0, 2.5}, ph.landmarksOf(phantom::level::kL1)->frame.originMm, 18);
  const auto series =
      phantom::writePhantomSeries(ph, grid, testsupport::scratchDir("phantom_tilted"));
  ASSERT_TRUE(series.ok()) << series.error().message();
  EXPECT_NEAR(std::abs(std::stod(testwrite::dicomValue(series->files.front(), "0018,1120"))), 18.0,
              1e-4);
  // Positions step straight along z (the table feed), slices stay tilted.
  for (int k : {0, 7, 19}) {
    const std::string pos = testwrite::dicomValue(series->files[k], "0020,0032");
    const core::Vec3 expected = grid.pointMm(0, 0, k);
    double x, y, z;
    ASSERT_EQ(std::sscanf(pos.c_str(), "%lf\\%lf\\%lf", &x, &y, &z), 3);
    EXPECT_NEAR(x, expected.x, 1e-4);
    EXPECT_NEAR(y, expected.y, 1e-4);
    EXPECT_NEAR(z, expected.z, 1e-4);
  }
}
