#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "trocar/image/VolumeIO.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;
namespace fs = std::filesystem;

namespace {
const char* kLumbar = "totalseg/example_ct.nii.gz";
}

TEST(VolumeIO, ReadsLumbarNiftiWithItsGeometry) {
  TROCAR_REQUIRE_SHARED(kLumbar);
  auto volume = image::readVolume(testsupport::sharedFile(kLumbar));
  ASSERT_TRUE(volume.ok()) << volume.error().message();
  const auto size = volume->hu->GetLargestPossibleRegion().GetSize();
  EXPECT_EQ(size[0], 122u);
  EXPECT_EQ(size[1], 101u);
  EXPECT_EQ(size[2], 112u);
  for (int d = 0; d < 3; ++d) EXPECT_NEAR(volume->hu->GetSpacing()[d], 3.0, 1e-4);
  EXPECT_FALSE(volume->huFloat) << "integer HU must not need a float copy";
  // Bone is in the field: some voxels above 300 HU, air below -900.
  const int16_t* p = volume->hu->GetBufferPointer();
  const size_t n = size[0] * size[1] * size[2];
  EXPECT_GT(*std::max_element(p, p + n), 300);
  EXPECT_LT(*std::min_element(p, p + n), -900);
}

TEST(VolumeIO, RoundTripKeepsVoxelsAndLpsGeometryInEveryFormat) {
  TROCAR_REQUIRE_SHARED(kLumbar);
  auto volume = image::readVolume(testsupport::sharedFile(kLumbar));
  ASSERT_TRUE(volume.ok());
  const fs::path dir = testsupport::scratchDir("volume-io");
  for (const char* name : {"a.nrrd", "a.mha", "a.nii.gz"}) {
    auto written = image::writeVolume(volume->hu.GetPointer(), dir / name);
    ASSERT_TRUE(written.ok()) << written.error().message();
    auto back = image::readVolume(dir / name);
    ASSERT_TRUE(back.ok()) << back.error().message();
    for (int d = 0; d < 3; ++d) {
      EXPECT_NEAR(back->hu->GetOrigin()[d], volume->hu->GetOrigin()[d], 1e-3) << name;
      EXPECT_NEAR(back->hu->GetSpacing()[d], volume->hu->GetSpacing()[d], 1e-5) << name;
      for (int e = 0; e < 3; ++e)
        EXPECT_NEAR(back->hu->GetDirection()[d][e], volume->hu->GetDirection()[d][e], 1e-5) << name;
    }
    const size_t n = volume->hu->GetLargestPossibleRegion().GetNumberOfPixels();
    EXPECT_TRUE(std::equal(volume->hu->GetBufferPointer(), volume->hu->GetBufferPointer() + n,
                           back->hu->GetBufferPointer()))
        << name;
  }
  // No temporary files are left behind by the atomic write.
  size_t files = 0;
  for (auto& entry : fs::directory_iterator(dir)) files += entry.is_regular_file();
  EXPECT_EQ(files, 3u);
}

TEST(VolumeIO, MissingAndWrongFilesGiveErrorsNamingTheFile) {
  auto missing = image::readVolume("/nonexistent/x.nii.gz");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("/nonexistent/x.nii.gz"), std::string::npos);
  const fs::path dir = testsupport::scratchDir("volume-io-bad");
  { std::ofstream(dir / "garbage.nii.gz") << "this is not a volume"; }
  auto garbage = image::readVolume(dir / "garbage.nii.gz");
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.error().message().find("garbage.nii.gz"), std::string::npos);
}
