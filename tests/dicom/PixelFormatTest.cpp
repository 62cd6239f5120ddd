#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "DicomTestUtil.h"
#include "trocar/dicom/SeriesLoader.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;
using namespace trocar::dicomtest;
namespace fs = std::filesystem;

namespace {

// A 4x2 CT slice with exactly the pixel encoding under test.
struct SliceSpec {
  SliceSpec(std::vector<uint16_t> w, uint16_t stored, uint16_t representation, std::string s = "1",
            std::string i = "-1024")
      : words(std::move(w)),
        bitsStored(stored),
        pixelRepresentation(representation),
        slope(std::move(s)),
        intercept(std::move(i)) {}
  std::vector<uint16_t> words;  // raw stored words, 8 of them
  uint16_t bitsStored;
  uint16_t pixelRepresentation;
  std::string slope, intercept;
  std::optional<uint16_t> paddingUs;  // Pixel Padding Value written with VR US
  std::optional<int16_t> paddingSs;   // ... or with VR SS
};

fs::path writeSlice(const fs::path& dir, const SliceSpec& spec) {
  DcmFileFormat format;
  DcmDataset* d = format.getDataset();
  char uid[100];
  d->putAndInsertString(DCM_SOPClassUID, UID_CTImageStorage);
  d->putAndInsertString(DCM_SOPInstanceUID,
                        dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
  d->putAndInsertString(DCM_SeriesInstanceUID,
                        dcmGenerateUniqueIdentifier(uid, SITE_SERIES_UID_ROOT));
  d->putAndInsertString(DCM_Modality, "CT");
  d->putAndInsertUint16(DCM_Rows, 2);
  d->putAndInsertUint16(DCM_Columns, 4);
  d->putAndInsertUint16(DCM_BitsAllocated, 16);
  d->putAndInsertUint16(DCM_BitsStored, spec.bitsStored);
  d->putAndInsertUint16(DCM_HighBit, static_cast<Uint16>(spec.bitsStored - 1));
  d->putAndInsertUint16(DCM_PixelRepresentation, spec.pixelRepresentation);
  d->putAndInsertUint16(DCM_SamplesPerPixel, 1);
  d->putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  d->putAndInsertString(DCM_ImagePositionPatient, "0\\0\\0");
  d->putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
  d->putAndInsertString(DCM_PixelSpacing, "0.5\\0.5");
  d->putAndInsertString(DCM_RescaleSlope, spec.slope.c_str());
  d->putAndInsertString(DCM_RescaleIntercept, spec.intercept.c_str());
  if (spec.paddingUs) d->putAndInsertUint16(DCM_PixelPaddingValue, *spec.paddingUs);
  if (spec.paddingSs) d->putAndInsertSint16(DCM_PixelPaddingValue, *spec.paddingSs);
  d->putAndInsertUint16Array(DCM_PixelData, spec.words.data(), spec.words.size());
  const fs::path file = dir / "slice.dcm";
  EXPECT_TRUE(format.saveFile(file.c_str(), EXS_LittleEndianExplicit).good());
  return file;
}

image::CtVolume loadSlice(const std::string& name, const SliceSpec& spec) {
  const fs::path dir = testsupport::scratchDir("pixel-format-" + name);
  auto volume = dicom::loadDicom(writeSlice(dir, spec));
  EXPECT_TRUE(volume.ok()) << (volume.ok() ? "" : volume.error().message());
  return volume.ok() ? volume.value() : image::CtVolume{};
}

}  // namespace

TEST(PixelFormat, TwelveBitUnsignedValuesAreRescaled) {
  const auto v = loadSlice("12u", {{0, 1024, 2048, 4095, 24, 1000, 1100, 3000}, 12, 0});
  EXPECT_EQ(voxels(v), (std::vector<int16_t>{-1024, 0, 1024, 3071, -1000, -24, 76, 1976}));
  EXPECT_TRUE(v.warnings.empty()) << joined(v.warnings);
}

TEST(PixelFormat, TwelveBitSignedValuesAreSignExtendedFromBitsStored) {
  // -1000 stored in 12 bits two's complement is 0xC18, with the upper 4 bits clear.
  const auto v = loadSlice("12s", {{0xC18, 0x000, 0x7FF, 0x800, 0, 0, 0, 0}, 12, 1, "1", "0"});
  EXPECT_EQ(voxels(v), (std::vector<int16_t>{-1000, 0, 2047, -2048, 0, 0, 0, 0}));
}

TEST(PixelFormat, ValuesBeyondBitsStoredThatAreSignExtendedAreReadAsSigned) {
  // A real-world mismatch: 12 bits stored, unsigned, yet -2000 written as a full 16-bit word.
  const uint16_t minus2000 = static_cast<uint16_t>(-2000);
  const auto v =
      loadSlice("mismatch", {{minus2000, 1024, 2048, minus2000, 0, 0, 0, 0}, 12, 0, "1", "0"});
  EXPECT_EQ(voxels(v), (std::vector<int16_t>{-2000, 1024, 2048, -2000, 0, 0, 0, 0}));
  EXPECT_TRUE(mentions(v.warnings, "more bits than Bits Stored")) << joined(v.warnings);
  EXPECT_TRUE(mentions(v.warnings, "sign-extended")) << joined(v.warnings);
}

TEST(PixelFormat, PaddingWithTheWrongVrStillBecomesAir) {
  // Signed pixels, Pixel Padding Value written as US 63536 (= -2000 as a 16-bit pattern).
  const uint16_t minus2000 = static_cast<uint16_t>(-2000);
  SliceSpec spec{{minus2000, minus2000, 1024, 1100, 0, 0, 0, 0}, 16, 1};
  spec.paddingUs = 63536;
  const auto v = loadSlice("padding-us", spec);
  EXPECT_EQ(voxels(v), (std::vector<int16_t>{-1024, -1024, 0, 76, -1024, -1024, -1024, -1024}));
  EXPECT_TRUE(mentions(v.warnings, "2 padding pixels")) << joined(v.warnings);

  SliceSpec ss{{minus2000, 1024, 0, 0, 0, 0, 0, 0}, 16, 1};
  ss.paddingSs = -2000;
  const auto w = loadSlice("padding-ss", ss);
  EXPECT_EQ(voxels(w)[0], -1024);
  EXPECT_EQ(voxels(w)[1], 0);
}

TEST(PixelFormat, FractionalRescaleKeepsExactHuAsFloat) {
  const auto v =
      loadSlice("fractional", {{0, 1, 2, 3, 2048, 4095, 100, 101}, 16, 0, "0.5", "-1024.25"});
  ASSERT_TRUE(v.huFloat);
  const float* f = v.huFloat->GetBufferPointer();
  const float expected[] = {-1024.25f, -1023.75f, -1023.25f, -1022.75f,
                            -0.25f,    1023.25f,  -974.25f,  -973.75f};
  for (int i = 0; i < 8; ++i) EXPECT_FLOAT_EQ(f[i], expected[i]) << i;
  // The int16 image holds the same values rounded to the nearest HU.
  for (int i = 0; i < 8; ++i) EXPECT_LE(std::abs(voxels(v)[i] - expected[i]), 0.5f) << i;
  EXPECT_TRUE(mentions(v.warnings, "float")) << joined(v.warnings);
}
