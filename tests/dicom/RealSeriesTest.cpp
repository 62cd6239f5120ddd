#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>

#include <itkImageRegionConstIteratorWithIndex.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmjpeg/djdecode.h>

#include "DicomTestUtil.h"
#include "trocar/dicom/SeriesLoader.h"
#include "trocar/image/VolumeIO.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;
using namespace trocar::dicomtest;

namespace {

image::CtVolume mustLoad(const std::string& relative) {
  auto volume = dicom::loadDicom(testsupport::sharedFile(relative));
  EXPECT_TRUE(volume.ok()) << relative << ": " << (volume.ok() ? "" : volume.error().message());
  return volume.ok() ? volume.value() : image::CtVolume{};
}

void expectVector(const itk::Point<double, 3>& actual, std::array<double, 3> expected,
                  double tolerance) {
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(actual[i], expected[i], tolerance) << "component " << i;
}

// Direction column c (the LPS direction of voxel axis c).
std::array<double, 3> axis(const image::CtImage& image, int c) {
  return {image.GetDirection()[0][c], image.GetDirection()[1][c], image.GetDirection()[2][c]};
}

void expectAxis(const image::CtImage& image, int c, std::array<double, 3> expected) {
  const auto a = axis(image, c);
  for (int i = 0; i < 3; ++i)
    EXPECT_NEAR(a[i], expected[i], 1e-5) << "axis " << c << " component " << i;
}

// All frames of a compressed file, decompressed by DCMTK in one go: the independent reference.
std::vector<uint16_t> decompressWhole(const std::filesystem::path& file) {
  DJDecoderRegistration::registerCodecs();
  DcmFileFormat format;
  if (format.loadFile(file.c_str()).bad()) return {};
  DcmDataset* dataset = format.getDataset();
  if (dataset->chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad()) return {};
  const Uint16* words = nullptr;
  unsigned long count = 0;
  if (dataset->findAndGetUint16Array(DCM_PixelData, words, &count).bad()) return {};
  return {words, words + count};
}

std::pair<int, int> range(const image::CtVolume& volume) {
  const auto v = voxels(volume);
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return {*lo, *hi};
}

// Mean CT value at the physical centres of the label voxels accepted by `wanted`, and how many
// there were: where a label map says "vertebra", an aligned CT shows bone.
template <typename Wanted>
std::pair<double, size_t> meanHuUnderLabels(const image::CtImage& ct,
                                            const image::LabelImage& labels, Wanted wanted) {
  double sum = 0;
  size_t count = 0;
  itk::ImageRegionConstIteratorWithIndex<image::LabelImage> it(&labels,
                                                               labels.GetLargestPossibleRegion());
  for (; !it.IsAtEnd(); ++it) {
    if (!wanted(it.Get())) continue;
    itk::Point<double, 3> point;
    labels.TransformIndexToPhysicalPoint(it.GetIndex(), point);
    image::CtImage::IndexType index;
    if (!ct.TransformPhysicalPointToIndex(point, index)) return {0, 0};  // outside: misaligned
    sum += ct.GetPixel(index);
    ++count;
  }
  return {count ? sum / count : 0, count};
}

}  // namespace

TEST(RealSeries, TotalSegmentatorSeriesWithEmptyUidsLoadsAsOneVolume) {
  TROCAR_REQUIRE_SHARED("totalseg/example_ct_dicom");
  const auto volume = mustLoad("totalseg/example_ct_dicom");
  ASSERT_TRUE(volume.hu);
  const auto size = volume.hu->GetLargestPossibleRegion().GetSize();
  EXPECT_EQ(size[0], 512u);
  EXPECT_EQ(size[1], 512u);
  EXPECT_EQ(size[2], 20u);
  EXPECT_NEAR(volume.hu->GetSpacing()[0], 0.9765625, 1e-9);
  EXPECT_NEAR(volume.hu->GetSpacing()[1], 0.9765625, 1e-9);
  EXPECT_NEAR(volume.hu->GetSpacing()[2], 2.0, 1e-6);
  // Sorted along +z (feet to head): the origin is the lowest slice, and spacing is positive.
  expectVector(volume.hu->GetOrigin(), {-249.51171875, -437.51171875, -804.5}, 1e-6);
  expectAxis(*volume.hu, 0, {1, 0, 0});
  expectAxis(*volume.hu, 1, {0, 1, 0});
  expectAxis(*volume.hu, 2, {0, 0, 1});
  EXPECT_TRUE(mentions(volume.warnings, "Series Instance UID is empty")) << joined(volume.warnings);
  EXPECT_EQ(volume.metadata.manufacturer, "SIEMENS");
  EXPECT_EQ(volume.metadata.modality, "CT");
  EXPECT_NEAR(volume.metadata.sliceThicknessMm, 3.0, 1e-9);
  const auto [lo, hi] = range(volume);
  EXPECT_LE(lo, -1000);  // air
  EXPECT_GE(hi, 1000);   // cortical bone
}

TEST(RealSeries, TotalSegmentatorSeriesLinesUpWithItsLabelMap) {
  TROCAR_REQUIRE_SHARED("totalseg/example_seg_dicom.nii.gz");
  const auto volume = mustLoad("totalseg/example_ct_dicom");
  auto labels = image::readLabels(testsupport::sharedFile("totalseg/example_seg_dicom.nii.gz"));
  ASSERT_TRUE(labels.ok()) << labels.error().message();
  const image::LabelImage& seg = *labels.value();
  const image::CtImage& ct = *volume.hu;
  // Every CT voxel centre falls exactly on a label voxel centre (the NIfTI stores rows flipped).
  const auto size = ct.GetLargestPossibleRegion().GetSize();
  for (unsigned corner = 0; corner < 8; ++corner) {
    image::CtImage::IndexType index;
    for (int d = 0; d < 3; ++d) index[d] = (corner >> d) & 1 ? static_cast<long>(size[d]) - 1 : 0;
    itk::Point<double, 3> point;
    ct.TransformIndexToPhysicalPoint(index, point);
    itk::ContinuousIndex<double, 3> labelIndex;
    ASSERT_TRUE(seg.TransformPhysicalPointToContinuousIndex(point, labelIndex));
    for (int d = 0; d < 3; ++d) EXPECT_NEAR(labelIndex[d], std::round(labelIndex[d]), 1e-3);
  }
  // And the content agrees: voxels labelled vertebra (T11 = 33, T12 = 32) are bone in the CT,
  // which a flipped or shifted volume would not give.
  const auto [meanHu, count] =
      meanHuUnderLabels(ct, seg, [](uint8_t v) { return v == 32 || v == 33; });
  ASSERT_GT(count, 1000u);
  EXPECT_GT(meanHu, 180.0) << "mean HU inside the vertebra labels";
}

TEST(RealSeries, EnhancedMultiFrameJpegLoadsBothFramesWithPerFrameGeometry) {
  TROCAR_REQUIRE_SHARED("transfer-syntaxes/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm");
  const auto volume = mustLoad("transfer-syntaxes/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm");
  ASSERT_TRUE(volume.hu);
  const auto size = volume.hu->GetLargestPossibleRegion().GetSize();
  EXPECT_EQ(size[2], 2u);
  EXPECT_NEAR(volume.hu->GetSpacing()[0], 0.388672, 1e-6);
  EXPECT_NEAR(volume.hu->GetSpacing()[2], 10.0, 1e-6);
  // Rows run to patient right (-x); the normal row x column is -z, so frames sort from z=-149 down.
  expectAxis(*volume.hu, 0, {-1, 0, 0});
  expectAxis(*volume.hu, 2, {0, 0, -1});
  expectVector(volume.hu->GetOrigin(), {99.5, -301.5, -149.0}, 1e-4);
  // Each frame equals DCMTK's own whole-file decompression (which walks the fragments in order),
  // although our threads decode the frames independently. Frame 1 (z=-149) comes first.
  const std::vector<uint16_t> reference = decompressWhole(
      testsupport::sharedFile("transfer-syntaxes/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm"));
  const auto v = voxels(volume);
  const size_t slice = size[0] * size[1];
  ASSERT_EQ(reference.size(), 2 * slice);
  size_t mismatches = 0;
  for (size_t i = 0; i < slice; ++i) {
    mismatches += v[i] != reference[slice + i] - 1024;
    mismatches += v[slice + i] != reference[i] - 1024;
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_FALSE(std::equal(v.begin(), v.begin() + slice, v.begin() + slice))
      << "two different frames";
}

TEST(RealSeries, Jpeg2000SlicesDecodeWithPaddingSetToAir) {
  TROCAR_REQUIRE_SHARED("transfer-syntaxes/CT1_J2KR");
  // CT1: signed pixels with Pixel Padding Value -2000 outside the field of view.
  const auto ct1 = mustLoad("transfer-syntaxes/CT1_J2KR");
  ASSERT_TRUE(ct1.hu);
  expectVector(ct1.hu->GetOrigin(), {-158.135803, -179.035797, -75.699997}, 1e-5);
  EXPECT_NEAR(ct1.hu->GetSpacing()[0], 0.661468, 1e-6);
  EXPECT_TRUE(mentions(ct1.warnings, "padding pixels")) << joined(ct1.warnings);
  const auto [lo1, hi1] = range(ct1);
  EXPECT_GE(lo1, -1100) << "padding must become air";
  EXPECT_LE(lo1, -900);
  EXPECT_GE(hi1, 300);
  // CT2: no padding attribute; the scanner wrote -2048 outside its field of view, kept as is.
  const auto ct2 = mustLoad("transfer-syntaxes/CT2_J2KR");
  ASSERT_TRUE(ct2.hu);
  const auto [lo2, hi2] = range(ct2);
  EXPECT_EQ(lo2, -2048);
  EXPECT_GE(hi2, 300);
}

TEST(RealSeries, DcmqiFolderLoadsItsThreeSlicesAndListsTheRest) {
  TROCAR_REQUIRE_SHARED("dcmqi/ct-3slice");
  const auto report = dicom::scanDicom(testsupport::sharedFile("dcmqi"));
  ASSERT_EQ(report.stacks.size(), 1u);
  EXPECT_EQ(report.stacks[0].slices(), 3u);
  ASSERT_EQ(report.nonImages.size(), 1u);
  EXPECT_NE(report.nonImages[0].sopClassName.find("Segmentation"), std::string::npos);
  // LICENSE.txt and spine_seg.nrrd: each named, with the reason.
  ASSERT_EQ(report.errors.size(), 2u);
  for (const auto& e : report.errors)
    EXPECT_NE(e.reason.find("not a DICOM file"), std::string::npos) << e.message();

  const auto volume = mustLoad("dcmqi/ct-3slice");
  ASSERT_TRUE(volume.hu);
  EXPECT_EQ(volume.hu->GetLargestPossibleRegion().GetSize()[2], 3u);
  EXPECT_NEAR(volume.hu->GetSpacing()[2], 1.0, 1e-5);
  expectVector(volume.hu->GetOrigin(), {-235.199997, -226.800003, -128.690002}, 1e-4);

  // The vertebra mask of this grid lands on bone.
  auto mask = image::readLabels(testsupport::sharedFile("dcmqi/spine_seg.nrrd"));
  ASSERT_TRUE(mask.ok()) << mask.error().message();
  const auto [meanHu, count] =
      meanHuUnderLabels(*volume.hu, *mask.value(), [](uint8_t v) { return v != 0; });
  ASSERT_GT(count, 100u);
  EXPECT_GT(meanHu, 150.0);
}

TEST(RealSeries, SpineSlicesLoadWithTheirGeometry) {
  // GE lumbar slice: oblique (tilted) orientation, padding value in the wrong VR.
  const auto ge = mustLoad("spine-slices/fodicom_GH1308_lumbar.dcm");
  ASSERT_TRUE(ge.hu);
  expectVector(ge.hu->GetOrigin(), {-66.300, -69.601, -160.048}, 1e-3);
  expectAxis(*ge.hu, 0, {1, 0, 0});
  expectAxis(*ge.hu, 1, {0, 0.995396, -0.095846});
  EXPECT_NEAR(ge.hu->GetSpacing()[0], 0.253906, 1e-6);
  EXPECT_TRUE(mentions(ge.warnings, "padding pixels")) << joined(ge.warnings);
  EXPECT_GE(range(ge).first, -1100) << "padding must become air, not -3024 HU";

  // ACR-NEMA 2.0: no preamble, no meta header, retired geometry tags.
  const auto acr = mustLoad("spine-slices/barre_CT-MONO2-12-lomb-an2_acrnema.dcm");
  ASSERT_TRUE(acr.hu);
  expectVector(acr.hu->GetOrigin(), {-80.30762, -111.3076, 52.0}, 1e-3);
  EXPECT_NEAR(acr.hu->GetSpacing()[0], 0.384766, 1e-6);
  EXPECT_TRUE(mentions(acr.warnings, "ACR-NEMA")) << joined(acr.warnings);

  // JPEG lossless slice with a malformed sequence elsewhere in the header.
  const auto jpeg = mustLoad("spine-slices/pydicom_bad_sequence_spine_jpegll.dcm");
  ASSERT_TRUE(jpeg.hu);
  expectVector(jpeg.hu->GetOrigin(), {-65.3564453125, -154.3564453125, 1687.5}, 1e-6);
  EXPECT_NEAR(jpeg.hu->GetSpacing()[1], 0.287109375, 1e-9);

  for (const auto* v : {&ge, &acr, &jpeg}) {
    const auto [lo, hi] = range(*v);
    EXPECT_LE(lo, -500);  // air or fat around the patient
    EXPECT_GE(hi, 700);   // vertebral cortex
  }
}
