// Headers as DCMTK and dcmdump see them: Part 10 meta information, geometry, rescale, metadata,
// UIDs, naming, omitted slices, tilt and the localizer.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <regex>
#include <set>

#include "WriterTestUtil.h"
#include "trocar/dicom/SeriesWriter.h"
#include "trocar/testsupport/RunCommand.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;
using testwrite::dicomValue;
namespace fs = std::filesystem;

namespace {

image::SeriesMetadata sampleMetadata() {
  image::SeriesMetadata m;
  m.patientName = "DOE^JANE";
  m.patientId = "P-0042";
  m.patientSex = "F";
  m.patientAge = "071Y";
  m.patientBirthDate = "19540302";
  m.studyDescription = "SPINE CT";
  m.seriesDescription = "Bone 1mm";
  m.manufacturer = "Trocar";
  m.convolutionKernel = "B70f";
  m.kvp = 120;
  m.seriesNumber = "3";
  m.studyDate = "20260101";
  return m;
}

std::vector<double> numbers(const std::string& text) {
  std::vector<double> out;
  std::string item;
  for (char ch : text + "\\") {
    if (ch == '\\') {
      out.push_back(std::stod(item));
      item.clear();
    } else {
      item += ch;
    }
  }
  return out;
}

bool isValidUid(const std::string& uid) {
  return uid.size() <= 64 &&
         std::regex_match(uid, std::regex("([1-9][0-9]*|0)(\\.([1-9][0-9]*|0))+"));
}

}  // namespace

TEST(WriterHeaders, Part10MetaGeometryRescaleAndMetadata) {
  const auto image = testwrite::makeTestImage(21, 17, 5, -1024, 2000);
  const auto folder = testsupport::scratchDir("header_basic");
  const auto files = dicom::writeCtSeries(*image, folder, sampleMetadata());
  ASSERT_TRUE(files.ok()) << files.error().message();
  ASSERT_EQ(files->size(), 5u);
  EXPECT_EQ(files->front().filename(), "CT000001.dcm");

  std::set<std::string> sopUids;
  for (int k = 0; k < 5; ++k) {
    const fs::path& f = files.value()[k];
    SCOPED_TRACE(f.filename().string());
    EXPECT_EQ(dicomValue(f, "0002,0002"), "1.2.840.10008.5.1.4.1.1.2");  // CT Image Storage
    EXPECT_EQ(dicomValue(f, "0002,0010"), "1.2.840.10008.1.2.1");
    EXPECT_EQ(dicomValue(f, "0002,0003"), dicomValue(f, "0008,0018"));
    EXPECT_EQ(dicomValue(f, "0008,0016"), "1.2.840.10008.5.1.4.1.1.2");
    EXPECT_EQ(dicomValue(f, "0008,0060"), "CT");
    EXPECT_EQ(dicomValue(f, "0020,0013"), std::to_string(k + 1));
    sopUids.insert(dicomValue(f, "0008,0018"));
    EXPECT_TRUE(isValidUid(dicomValue(f, "0008,0018")));

    // Position: the ITK physical point of voxel (0, 0, k).
    itk::Index<3> index{{0, 0, k}};
    itk::Point<double, 3> expected;
    image->TransformIndexToPhysicalPoint(index, expected);
    const auto position = numbers(dicomValue(f, "0020,0032"));
    ASSERT_EQ(position.size(), 3u);
    for (int a = 0; a < 3; ++a) EXPECT_NEAR(position[a], expected[a], 1e-4);
    const auto orientation = numbers(dicomValue(f, "0020,0037"));
    ASSERT_EQ(orientation.size(), 6u);
    for (int a = 0; a < 3; ++a) {
      EXPECT_NEAR(orientation[a], image->GetDirection()(a, 0), 1e-6);
      EXPECT_NEAR(orientation[3 + a], image->GetDirection()(a, 1), 1e-6);
    }
    // Pixel Spacing is row spacing (j) first, then column spacing (i).
    const auto spacing = numbers(dicomValue(f, "0028,0030"));
    EXPECT_NEAR(spacing[0], 0.9, 1e-9);
    EXPECT_NEAR(spacing[1], 0.7, 1e-9);
    EXPECT_NEAR(std::stod(dicomValue(f, "0018,0050")), 1.6, 1e-9);
    EXPECT_NEAR(std::stod(dicomValue(f, "0018,1120")), 0.0, 1e-9);
    EXPECT_EQ(dicomValue(f, "0028,0010"), "17");  // rows
    EXPECT_EQ(dicomValue(f, "0028,0011"), "21");  // columns
    // Every value >= -1024: unsigned storage with intercept -1024.
    EXPECT_EQ(dicomValue(f, "0028,0103"), "0");
    EXPECT_EQ(dicomValue(f, "0028,1052"), "-1024");
    EXPECT_EQ(dicomValue(f, "0028,1053"), "1");
    EXPECT_EQ(dicomValue(f, "0008,0008"), "ORIGINAL\\PRIMARY\\AXIAL");
    EXPECT_EQ(dicomValue(f, "0010,0010"), "DOE^JANE");
    EXPECT_EQ(dicomValue(f, "0010,0020"), "P-0042");
    EXPECT_EQ(dicomValue(f, "0010,0040"), "F");
    EXPECT_EQ(dicomValue(f, "0010,1010"), "071Y");
    EXPECT_EQ(dicomValue(f, "0010,0030"), "19540302");
    EXPECT_EQ(dicomValue(f, "0008,1030"), "SPINE CT");
    EXPECT_EQ(dicomValue(f, "0008,103e"), "Bone 1mm");
    EXPECT_EQ(dicomValue(f, "0018,1210"), "B70f");
    EXPECT_EQ(dicomValue(f, "0018,0060"), "120");
    EXPECT_EQ(dicomValue(f, "0008,0020"), "20260101");
    EXPECT_EQ(dicomValue(f, "0020,0011"), "3");
  }
  EXPECT_EQ(sopUids.size(), 5u);
  // Generated study/series/frame UIDs: valid, shared by all slices, distinct from each other.
  const std::string study = dicomValue(files->front(), "0020,000d");
  const std::string series = dicomValue(files->front(), "0020,000e");
  const std::string frame = dicomValue(files->front(), "0020,0052");
  EXPECT_TRUE(isValidUid(study) && isValidUid(series) && isValidUid(frame));
  EXPECT_NE(study, series);
  EXPECT_EQ(dicomValue(files->back(), "0020,000e"), series);
  EXPECT_EQ(dicomValue(files->back(), "0020,0052"), frame);

  // dcmdump (an independent DCMTK tool) parses the file completely and names the syntax.
  const auto [exitCode, dump] =
      testsupport::runCommand("dcmdump -E +L " + files->front().string() + " 2>&1");
  EXPECT_EQ(exitCode, 0) << dump;
  EXPECT_NE(dump.find("LittleEndianExplicit"), std::string::npos) << dump;
  EXPECT_NE(dump.find("(7fe0,0010) OW"), std::string::npos) << dump;
}

TEST(WriterHeaders, SignedStorageWhenValuesGoBelowMinus1024) {
  const auto image = testwrite::makeTestImage(8, 8, 2, -2000, 100);
  const auto folder = testsupport::scratchDir("header_signed");
  const auto files = dicom::writeCtSeries(*image, folder, {});
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(dicomValue(files->front(), "0028,0103"), "1");
  EXPECT_EQ(dicomValue(files->front(), "0028,1052"), "0");
}

TEST(WriterHeaders, CompressedSyntaxesAreEncapsulatedAndDcmdumpReadsThem) {
  const auto image = testwrite::makeTestImage(16, 12, 2, -1024, 1500);
  for (auto [syntax, name] :
       {std::pair{dicom::TransferSyntax::kRleLossless, "RLELossless"},
        {dicom::TransferSyntax::kJpegLosslessSv1,
         "JPEGLossless:Non-hierarchical-1stOrderPrediction"},
        {dicom::TransferSyntax::kJpeg2000Lossless, "JPEG2000LosslessOnly"},
        {dicom::TransferSyntax::kImplicitLittleEndian, "LittleEndianImplicit"},
        {dicom::TransferSyntax::kExplicitBigEndian, "BigEndianExplicit"}}) {
    SCOPED_TRACE(name);
    dicom::WriteOptions o;
    o.transferSyntax = syntax;
    const auto folder =
        testsupport::scratchDir(std::string("header_syntax_") + std::to_string(int(syntax)));
    const auto files = dicom::writeCtSeries(*image, folder, {}, o);
    ASSERT_TRUE(files.ok()) << files.error().message();
    const auto [exitCode, dump] =
        testsupport::runCommand("dcmdump -E " + files->front().string() + " 2>&1");
    EXPECT_EQ(exitCode, 0) << dump;
    EXPECT_NE(dump.find(name), std::string::npos) << dump;
    const bool encapsulated = syntax == dicom::TransferSyntax::kRleLossless ||
                              syntax == dicom::TransferSyntax::kJpegLosslessSv1 ||
                              syntax == dicom::TransferSyntax::kJpeg2000Lossless;
    // Encapsulated pixel data: undefined length with items (offset table, then the fragment).
    EXPECT_EQ(dump.find("(7fe0,0010) OB (PixelSequence") != std::string::npos, encapsulated)
        << dump;
  }
}

TEST(WriterHeaders, FileNamingSchemes) {
  const auto image = testwrite::makeTestImage(8, 8, 12, -1024, 100);
  auto positionOrder = [](const std::vector<fs::path>& files) {
    // Names sorted alphabetically, mapped back to slice index via Instance Number.
    std::vector<fs::path> sorted = files;
    std::sort(sorted.begin(), sorted.end());
    std::vector<int> order;
    for (const fs::path& f : sorted) order.push_back(std::stoi(dicomValue(f, "0020,0013")));
    return order;
  };
  std::vector<int> identity(12);
  for (int i = 0; i < 12; ++i) identity[i] = i + 1;

  dicom::WriteOptions ordered;
  auto a = dicom::writeCtSeries(*image, testsupport::scratchDir("naming_ordered"), {}, ordered);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(positionOrder(a.value()), identity);

  dicom::WriteOptions shuffled;
  shuffled.naming = dicom::FileNaming::kShuffled;
  shuffled.namingSeed = 9;
  auto b = dicom::writeCtSeries(*image, testsupport::scratchDir("naming_shuffled"), {}, shuffled);
  ASSERT_TRUE(b.ok());
  EXPECT_NE(positionOrder(b.value()), identity);
  auto b2 = dicom::writeCtSeries(*image, testsupport::scratchDir("naming_shuffled2"), {}, shuffled);
  ASSERT_TRUE(b2.ok());
  for (size_t i = 0; i < b->size(); ++i)
    EXPECT_EQ(b.value()[i].filename(), b2.value()[i].filename());  // seeded

  dicom::WriteOptions random;
  random.naming = dicom::FileNaming::kRandom;
  auto c = dicom::writeCtSeries(*image, testsupport::scratchDir("naming_random"), {}, random);
  ASSERT_TRUE(c.ok());
  for (const fs::path& f : c.value()) {
    EXPECT_TRUE(std::regex_match(f.filename().string(), std::regex("[0-9A-F]{16}"))) << f;
    EXPECT_TRUE(fs::exists(f));
  }
}

TEST(WriterHeaders, EmptySeriesUidAndOmittedSlices) {
  const auto image = testwrite::makeTestImage(8, 8, 6, -1024, 100);
  dicom::WriteOptions o;
  o.emptySeriesInstanceUid = true;
  o.omitSlices = {2};
  const auto folder = testsupport::scratchDir("header_empty_uid");
  const auto files = dicom::writeCtSeries(*image, folder, {}, o);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 5u);
  size_t onDisk = std::distance(fs::directory_iterator(folder), fs::directory_iterator());
  EXPECT_EQ(onDisk, 5u);
  std::vector<int> instances;
  for (const fs::path& f : files.value()) {
    EXPECT_EQ(dicomValue(f, "0020,000e"), "");  // present, empty
    instances.push_back(std::stoi(dicomValue(f, "0020,0013")));
  }
  EXPECT_EQ(instances, (std::vector<int>{1, 2, 4, 5, 6}));
  // The gap is in the positions too: 2 steps between the 2nd and 3rd file.
  const auto p1 = numbers(dicomValue(files.value()[1], "0020,0032"));
  const auto p2 = numbers(dicomValue(files.value()[2], "0020,0032"));
  const double gap = std::sqrt(std::pow(p2[0] - p1[0], 2) + std::pow(p2[1] - p1[1], 2) +
                               std::pow(p2[2] - p1[2], 2));
  EXPECT_NEAR(gap, 2 * 1.6, 1e-4);
}

TEST(WriterHeaders, SliceStepOverrideWritesATiltedGantrySeries) {
  // An axial image, stacked along a step tilted 15 degrees from the normal in the y-z plane.
  auto image = image::CtImage::New();
  image::CtImage::RegionType region;
  region.SetSize({{10, 10, 4}});
  image->SetRegions(region);
  image->Allocate();
  image->FillBuffer(40);
  const double t = 15 * 3.141592653589793 / 180;
  dicom::WriteOptions o;
  o.sliceStepMm = core::Vec3{0, -2 * std::sin(t), 2 * std::cos(t)};
  const auto files = dicom::writeCtSeries(*image, testsupport::scratchDir("header_tilt"), {}, o);
  ASSERT_TRUE(files.ok());
  for (int k = 0; k < 4; ++k) {
    const auto p = numbers(dicomValue(files.value()[k], "0020,0032"));
    EXPECT_NEAR(p[1], -2 * std::sin(t) * k, 1e-4);
    EXPECT_NEAR(p[2], 2 * std::cos(t) * k, 1e-4);
  }
  EXPECT_NEAR(std::abs(std::stod(dicomValue(files->front(), "0018,1120"))), 15.0, 1e-4);
  // Slice thickness: the distance between slice planes, along the normal.
  EXPECT_NEAR(std::stod(dicomValue(files->front(), "0018,0050")), 2 * std::cos(t), 1e-4);
}

TEST(WriterHeaders, LocalizerJoinsTheSeriesWithItsOwnShapeAndType) {
  const auto image = testwrite::makeTestImage(20, 14, 9, -1024, 500);
  image::SeriesMetadata m;
  dicom::completeSeriesMetadata(m);
  const auto folder = testsupport::scratchDir("header_localizer");
  ASSERT_TRUE(dicom::writeCtSeries(*image, folder, m).ok());
  const auto scout = dicom::writeLocalizer(*image, folder, m);
  ASSERT_TRUE(scout.ok()) << scout.error().message();
  EXPECT_EQ(dicomValue(scout.value(), "0008,0008"), "ORIGINAL\\PRIMARY\\LOCALIZER");
  EXPECT_EQ(dicomValue(scout.value(), "0020,000e"), m.seriesInstanceUid);
  EXPECT_EQ(dicomValue(scout.value(), "0028,0010"), "9");   // rows: one per slice
  EXPECT_EQ(dicomValue(scout.value(), "0028,0011"), "20");  // columns
  EXPECT_EQ(dicomValue(scout.value(), "0020,0013"), "10");
  const auto o = numbers(dicomValue(scout.value(), "0020,0037"));
  const core::Vec3 row{o[0], o[1], o[2]}, col{o[3], o[4], o[5]};
  // Coronal-like: the column direction runs against the slice stacking direction.
  const core::Vec3 k{image->GetDirection()(0, 2), image->GetDirection()(1, 2),
                     image->GetDirection()(2, 2)};
  EXPECT_NEAR(dot(col, k), -1.0, 1e-6);
  EXPECT_NEAR(dot(row, col), 0.0, 1e-6);
  EXPECT_EQ(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), 10);
}

TEST(WriterHeaders, CharacterSetDeclaredOnlyForNonAsciiText) {
  const auto image = testwrite::makeTestImage(4, 4, 1, -1024, 0);
  image::SeriesMetadata ascii, accented;
  ascii.patientName = "MULLER^HANS";
  accented.patientName = "M\xC3\xBCLLER^J\xC3\xBCRGEN";  // UTF-8
  const auto a = dicom::writeCtSeries(*image, testsupport::scratchDir("charset_ascii"), ascii);
  const auto b = dicom::writeCtSeries(*image, testsupport::scratchDir("charset_utf8"), accented);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(dicomValue(a->front(), "0008,0005"), "<absent>");
  EXPECT_EQ(dicomValue(b->front(), "0008,0005"), "ISO_IR 192");
  EXPECT_EQ(dicomValue(b->front(), "0010,0010"), accented.patientName);
}

TEST(WriterHeaders, ProgressReachesOneAndCancellingLeavesNoFiles) {
  const auto image = testwrite::makeTestImage(16, 16, 30, -1024, 100);
  double last = 0;
  int calls = 0;
  const core::Progress counting([&](double f, std::string_view) {
    EXPECT_GE(f, last);  // serialised and monotonic even with several writer threads
    last = f;
    ++calls;
  });
  ASSERT_TRUE(
      dicom::writeCtSeries(*image, testsupport::scratchDir("progress_full"), {}, {}, counting)
          .ok());
  EXPECT_EQ(calls, 30);
  EXPECT_DOUBLE_EQ(last, 1.0);

  std::atomic<bool> cancel{false};
  int written = 0;
  const core::Progress cancelling(
      [&](double, std::string_view) {
        if (++written == 5) cancel = true;
      },
      &cancel);
  const auto folder = testsupport::scratchDir("progress_cancel");
  const auto result = dicom::writeCtSeries(*image, folder, {}, {}, cancelling);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().reason, "cancelled");
  EXPECT_EQ(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), 0);
}
