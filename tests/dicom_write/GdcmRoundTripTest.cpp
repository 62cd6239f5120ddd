// Every transfer syntax the writer offers, read back by ITK's GDCM series reader: the same
// voxels and the same geometry.
#include <gtest/gtest.h>

#include <algorithm>

#include "WriterTestUtil.h"
#include "trocar/dicom/SeriesWriter.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;
using dicom::PixelStorage;
using dicom::TransferSyntax;

namespace {

struct Case {
  TransferSyntax syntax;
  PixelStorage storage;
  int minHu, maxHu;
  const char* name;
};

class GdcmRoundTrip : public ::testing::TestWithParam<Case> {};

void expectSameGeometry(const image::CtImage& a, const image::CtImage& b) {
  for (int r = 0; r < 3; ++r) {
    EXPECT_NEAR(a.GetOrigin()[r], b.GetOrigin()[r], 1e-4) << "origin " << r;
    EXPECT_NEAR(a.GetSpacing()[r], b.GetSpacing()[r], 1e-4) << "spacing " << r;
    EXPECT_EQ(a.GetLargestPossibleRegion().GetSize()[r], b.GetLargestPossibleRegion().GetSize()[r]);
    for (int c = 0; c < 3; ++c)
      EXPECT_NEAR(a.GetDirection()(r, c), b.GetDirection()(r, c), 1e-4) << r << "," << c;
  }
}

}  // namespace

TEST_P(GdcmRoundTrip, VoxelsAndGeometrySurvive) {
  const Case c = GetParam();
  const auto image = testwrite::makeTestImage(37, 29, 7, c.minHu, c.maxHu);
  const auto folder = testsupport::scratchDir(std::string("gdcm_roundtrip_") + c.name);
  image::SeriesMetadata m;
  m.patientName = "ROUND^TRIP";
  dicom::WriteOptions o;
  o.transferSyntax = c.syntax;
  o.pixelStorage = c.storage;
  o.naming = dicom::FileNaming::kShuffled;  // GDCM must sort by position, not by name
  const auto files = dicom::writeCtSeries(*image, folder, m, o);
  ASSERT_TRUE(files.ok()) << files.error().message();
  ASSERT_EQ(files->size(), 7u);
  EXPECT_EQ(testwrite::dicomValue(files->front(), "0002,0010"), dicom::transferSyntaxUid(c.syntax));

  std::string error;
  const auto back = testwrite::readWithGdcm(folder, error);
  ASSERT_TRUE(back) << error;
  expectSameGeometry(*image, *back);
  const size_t n = image->GetLargestPossibleRegion().GetNumberOfPixels();
  ASSERT_EQ(back->GetLargestPossibleRegion().GetNumberOfPixels(), n);
  const int16_t* a = image->GetBufferPointer();
  const int16_t* b = back->GetBufferPointer();
  size_t differing = 0;
  for (size_t i = 0; i < n; ++i) differing += a[i] != b[i];
  EXPECT_EQ(differing, 0u) << "first voxel " << a[0] << " read as " << b[0];
}

INSTANTIATE_TEST_SUITE_P(
    AllSyntaxes, GdcmRoundTrip,
    ::testing::Values(
        Case{TransferSyntax::kExplicitLittleEndian, PixelStorage::kAuto, -1024, 3071,
             "explicit_unsigned"},
        Case{TransferSyntax::kExplicitLittleEndian, PixelStorage::kAuto, -3000, 3000,
             "explicit_signed"},
        Case{TransferSyntax::kImplicitLittleEndian, PixelStorage::kAuto, -2048, 4000,
             "implicit_signed"},
        Case{TransferSyntax::kImplicitLittleEndian, PixelStorage::kUnsignedOffset, -1024, 3071,
             "implicit_unsigned"},
        Case{TransferSyntax::kExplicitBigEndian, PixelStorage::kAuto, -2000, 3000, "big_signed"},
        Case{TransferSyntax::kExplicitBigEndian, PixelStorage::kAuto, -1024, 3071, "big_unsigned"},
        Case{TransferSyntax::kRleLossless, PixelStorage::kAuto, -2000, 3000, "rle_signed"},
        Case{TransferSyntax::kRleLossless, PixelStorage::kAuto, -1024, 3071, "rle_unsigned"},
        Case{TransferSyntax::kJpegLosslessSv1, PixelStorage::kAuto, -1024, 3071, "jpegll_unsigned"},
        Case{TransferSyntax::kJpegLosslessSv1, PixelStorage::kSigned, -2000, 3000, "jpegll_signed"},
        Case{TransferSyntax::kJpeg2000Lossless, PixelStorage::kAuto, -1024, 3071, "j2k_unsigned"},
        Case{TransferSyntax::kJpeg2000Lossless, PixelStorage::kAuto, -32768, 32767,
             "j2k_signed_full"}),
    [](const ::testing::TestParamInfo<Case>& p) { return std::string(p.param.name); });

TEST(GdcmRoundTripSizes, TinyAndOddFramesSurviveEveryCompressedSyntax) {
  // JPEG 2000 needs fewer resolution levels than the default for frames a few pixels wide; RLE
  // and JPEG handle odd row lengths. A 3 x 2 frame and a 1 x 1 frame exercise both.
  for (auto [columns, rows] : {std::pair{3, 2}, {1, 1}, {67, 5}}) {
    for (auto syntax : {TransferSyntax::kRleLossless, TransferSyntax::kJpegLosslessSv1,
                        TransferSyntax::kJpeg2000Lossless}) {
      SCOPED_TRACE(std::to_string(columns) + "x" + std::to_string(rows) + " " +
                   dicom::transferSyntaxUid(syntax));
      const auto image = testwrite::makeTestImage(columns, rows, 2, -1500, 2500);
      const auto folder = testsupport::scratchDir("gdcm_tiny_" + std::to_string(columns) + "_" +
                                                  std::to_string(int(syntax)));
      dicom::WriteOptions o;
      o.transferSyntax = syntax;
      ASSERT_TRUE(dicom::writeCtSeries(*image, folder, {}, o).ok());
      std::string error;
      const auto back = testwrite::readWithGdcm(folder, error);
      ASSERT_TRUE(back) << error;
      const size_t n = image->GetLargestPossibleRegion().GetNumberOfPixels();
      ASSERT_EQ(back->GetLargestPossibleRegion().GetNumberOfPixels(), n);
      EXPECT_TRUE(std::equal(image->GetBufferPointer(), image->GetBufferPointer() + n,
                             back->GetBufferPointer()));
    }
  }
}
