#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcddirif.h>
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

const char* kSlices[] = {"dcmqi/ct-3slice/01.dcm", "dcmqi/ct-3slice/02.dcm",
                         "dcmqi/ct-3slice/03.dcm"};

std::string readAll(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeAll(const fs::path& file, const std::string& bytes) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << bytes;
}

// The reason given for `file` in the report, or "" when it is not listed.
std::string reasonFor(const dicom::ScanReport& report, const fs::path& file) {
  for (const auto& e : report.errors)
    if (fs::path(e.where).filename() == file.filename()) return e.reason;
  return "";
}

}  // namespace

TEST(BadInput, MixedGarbageFolderStillLoadsTheGoodSeriesAndNamesEveryBadFile) {
  TROCAR_REQUIRE_SHARED("dcmqi/ct-3slice");
  const fs::path dir = testsupport::scratchDir("bad-input-mixed");
  // The good series, under odd names in nested folders.
  fs::copy_file(testsupport::sharedFile(kSlices[0]), dir / "zzz");
  fs::create_directories(dir / "nested" / "deeper");
  fs::copy_file(testsupport::sharedFile(kSlices[1]), dir / "nested" / "deeper" / "IM0001.IMA");
  fs::copy_file(testsupport::sharedFile(kSlices[2]), dir / "nested" / "aaa.dcm");
  fs::copy_file(testsupport::sharedFile("dcmqi/liver.dcm"), dir / "seg.dcm");

  const std::string ct = readAll(testsupport::sharedFile("transfer-syntaxes/CTImage.dcm"));
  writeAll(dir / "empty.dcm", "");
  writeAll(dir / "notes.txt", "Patient scheduled for L3 vertebroplasty.\n");
  std::mt19937 random(7);
  std::string noise(20000, '\0');
  for (auto& c : noise) c = static_cast<char>(random());
  writeAll(dir / "noise.dcm", noise);
  std::string fakePreamble(128, '\0');
  writeAll(dir / "fake_preamble.dcm", fakePreamble + "DICM" + noise);
  writeAll(dir / "truncated_header.dcm", ct.substr(0, 300));
  writeAll(dir / "truncated_pixels.dcm", ct.substr(0, ct.size() - 100000));
  fs::create_symlink(dir / "gone.dcm", dir / "broken_link.dcm");

  dicom::ScanReport report;
  ASSERT_NO_THROW(report = dicom::scanDicom(dir));
  EXPECT_EQ(report.filesExamined, 11u);  // 10 files and the broken link
  ASSERT_FALSE(report.stacks.empty());
  EXPECT_EQ(report.stacks[0].slices(), 3u) << "the good series, found whatever its file names";
  ASSERT_EQ(report.nonImages.size(), 1u);

  for (const char* name : {"empty.dcm", "notes.txt", "noise.dcm", "fake_preamble.dcm",
                           "truncated_header.dcm", "broken_link.dcm"}) {
    const std::string reason = reasonFor(report, name);
    EXPECT_FALSE(reason.empty()) << name << " is not reported";
  }
  EXPECT_NE(reasonFor(report, "empty.dcm").find("empty"), std::string::npos);
  EXPECT_NE(reasonFor(report, "notes.txt").find("not a DICOM file"), std::string::npos);
  EXPECT_NE(reasonFor(report, "broken_link.dcm").find("broken"), std::string::npos);

  // Loading the folder gives the good series, and says what was skipped.
  auto volume = dicom::loadDicom(dir);
  ASSERT_TRUE(volume.ok()) << volume.error().message();
  EXPECT_EQ(volume->hu->GetLargestPossibleRegion().GetSize()[2], 3u);
  EXPECT_TRUE(mentions(volume->warnings, "noise.dcm")) << joined(volume->warnings);

  // The file cut inside its pixel data either fails the scan or fails its own load, by name.
  if (reasonFor(report, "truncated_pixels.dcm").empty()) {
    const dicom::SeriesStack* truncated = nullptr;
    for (const auto& s : report.stacks)
      if (s.planes[0].file.filename() == "truncated_pixels.dcm") truncated = &s;
    ASSERT_NE(truncated, nullptr);
    auto failed = dicom::loadStack(*truncated);
    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.error().message().find("truncated_pixels.dcm"), std::string::npos)
        << failed.error().message();
  }
}

TEST(BadInput, CorruptSlicesInsideASeriesAreNamedAndFilledFromTheirNeighbours) {
  const std::string series = "totalseg/example_ct_dicom";
  TROCAR_REQUIRE_SHARED(series);
  const fs::path dir = testsupport::scratchDir("bad-input-corrupt-slice");
  for (const auto& entry : fs::directory_iterator(testsupport::sharedFile(series)))
    fs::copy_file(entry.path(), dir / entry.path().filename());
  auto reference = dicom::loadDicom(testsupport::sharedFile(series));
  ASSERT_TRUE(reference.ok());

  // Two slices in the middle of the stack: one whose JPEG 2000 header is wiped (the DICOM header
  // is intact, so only decoding fails), one cut short (the DICOM parser fails on it).
  const std::string wiped = "CT.1.3.12.2.1107.5.1.4.60064.30000022120808113428000016580";
  const std::string cut = "CT.1.3.12.2.1107.5.1.4.60064.30000022120808113428000016585";
  std::string bytes = readAll(dir / wiped);
  const size_t soc = bytes.find("\xFF\x4F\xFF\x51");
  ASSERT_NE(soc, std::string::npos);
  std::fill(bytes.begin() + soc + 4, bytes.begin() + soc + 44, '\0');
  writeAll(dir / wiped, bytes);
  bytes = readAll(dir / cut);
  writeAll(dir / cut, bytes.substr(0, bytes.size() / 2));

  auto volume = dicom::loadDicom(dir);
  ASSERT_TRUE(volume.ok()) << volume.error().message();
  const auto size = volume->hu->GetLargestPossibleRegion().GetSize();
  ASSERT_EQ(size[2], 20u) << joined(volume->warnings);
  EXPECT_NEAR(volume->hu->GetSpacing()[2], 2.0, 1e-6);
  for (int d = 0; d < 3; ++d)
    EXPECT_NEAR(volume->hu->GetOrigin()[d], reference->hu->GetOrigin()[d], 1e-6);
  EXPECT_TRUE(mentions(volume->warnings, wiped)) << joined(volume->warnings);
  EXPECT_TRUE(mentions(volume->warnings, cut)) << joined(volume->warnings);
  EXPECT_TRUE(mentions(volume->warnings, "missing slice")) << joined(volume->warnings);

  // Every other slice is untouched; each repaired slice is the mean of its neighbours.
  const auto good = voxels(reference.value());
  const auto repaired = voxels(volume.value());
  const size_t n = size[0] * size[1];
  size_t changedSlices = 0;
  for (size_t k = 0; k < size[2]; ++k) {
    const bool same =
        std::equal(good.begin() + k * n, good.begin() + (k + 1) * n, repaired.begin() + k * n);
    if (same) continue;
    ++changedSlices;
    ASSERT_TRUE(k > 0 && k + 1 < size[2]);
    int worst = 0;
    for (size_t i = 0; i < n; ++i) {
      const double mean = 0.5 * (good[(k - 1) * n + i] + good[(k + 1) * n + i]);
      worst =
          std::max(worst, static_cast<int>(std::ceil(std::abs(repaired[k * n + i] - mean) - 0.5)));
    }
    EXPECT_LE(worst, 1) << "slice " << k;
  }
  EXPECT_EQ(changedSlices, 2u);
}

TEST(BadInput, AbsurdDimensionsAreRefusedBeforeAllocating) {
  const fs::path dir = testsupport::scratchDir("bad-input-absurd");
  DcmFileFormat format;
  DcmDataset* d = format.getDataset();
  char uid[100];
  d->putAndInsertString(DCM_SOPClassUID, UID_EnhancedCTImageStorage);
  d->putAndInsertString(DCM_SOPInstanceUID,
                        dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
  d->putAndInsertString(DCM_SeriesInstanceUID, "1.2.3.4.5");
  d->putAndInsertString(DCM_Modality, "CT");
  d->putAndInsertUint16(DCM_Rows, 65535);
  d->putAndInsertUint16(DCM_Columns, 65535);
  d->putAndInsertString(DCM_NumberOfFrames, "5000");
  d->putAndInsertUint16(DCM_BitsAllocated, 16);
  d->putAndInsertUint16(DCM_BitsStored, 16);
  d->putAndInsertUint16(DCM_HighBit, 15);
  d->putAndInsertUint16(DCM_PixelRepresentation, 1);
  d->putAndInsertUint16(DCM_SamplesPerPixel, 1);
  d->putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  d->putAndInsertString(DCM_ImagePositionPatient, "0\\0\\0");
  d->putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
  d->putAndInsertString(DCM_PixelSpacing, "1\\1");
  const Uint16 pixels[4] = {0, 0, 0, 0};
  d->putAndInsertUint16Array(DCM_PixelData, pixels, 4);
  ASSERT_TRUE(format.saveFile((dir / "huge.dcm").c_str(), EXS_LittleEndianExplicit).good());

  // The header claims 65535 x 65535 x 5000 pixels over 8 bytes of data: caught at the scan.
  const auto report = dicom::scanDicom(dir);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_NE(report.errors[0].reason.find("Pixel Data holds 8 bytes"), std::string::npos)
      << report.errors[0].message();
  auto volume = dicom::loadDicom(dir);
  ASSERT_FALSE(volume.ok());
  EXPECT_NE(volume.error().message().find("huge.dcm"), std::string::npos)
      << volume.error().message();
}

TEST(BadInput, OversizedStacksAreRefusedBeforeAllocating) {
  // A stack whose headers are individually plausible but whose whole is not (compressed data
  // cannot be checked against its header until decoded).
  dicom::SeriesStack stack;
  stack.seriesInstanceUid = "1.2.3";
  stack.sliceSpacingMm = 1;
  for (int k = 0; k < 4000; ++k) {
    dicom::ImagePlane plane;
    plane.file = "slice" + std::to_string(k) + ".dcm";
    plane.hasGeometry = true;
    plane.rows = plane.columns = 4096;
    plane.positionMm = {0, 0, double(k)};
    stack.planes.push_back(plane);
  }
  auto volume = dicom::loadStack(stack);
  ASSERT_FALSE(volume.ok());
  EXPECT_NE(volume.error().message().find("refusing a volume of 4096x4096x4000"), std::string::npos)
      << volume.error().message();

  stack.planes.resize(1);
  stack.planes[0].rows = stack.planes[0].columns = 40000;
  volume = dicom::loadStack(stack);
  ASSERT_FALSE(volume.ok());
  EXPECT_NE(volume.error().message().find("40000 x 40000"), std::string::npos)
      << volume.error().message();
}

TEST(BadInput, DicomdirIsFollowedAndMissingReferencesAreReported) {
  TROCAR_REQUIRE_SHARED("dcmqi/ct-3slice");
  const fs::path dir = testsupport::scratchDir("bad-input-dicomdir");
  fs::create_directories(dir / "IMAGES");
  const char* names[] = {"IM000001", "IM000002", "IM000003"};
  for (int i = 0; i < 3; ++i)
    fs::copy_file(testsupport::sharedFile(kSlices[i]), dir / "IMAGES" / names[i]);

  DicomDirInterface dicomdir;
  dicomdir.enableInventMode(OFTrue);
  dicomdir.disableTransferSyntaxCheck();  // the profile wants explicit VR; these files are implicit
  const std::string dicomdirPath = (dir / "DICOMDIR").string();
  ASSERT_TRUE(dicomdir.createNewDicomDir(DicomDirInterface::AP_GeneralPurpose, dicomdirPath.c_str())
                  .good());
  const std::string cwd = fs::current_path();
  fs::current_path(dir);  // DICOMDIR file IDs are relative to its folder
  for (const char* name : names) {
    const OFCondition added = dicomdir.addDicomFile((std::string("IMAGES/") + name).c_str());
    EXPECT_TRUE(added.good()) << name << ": " << added.text();
  }
  const OFCondition written = dicomdir.writeDicomDir();
  fs::current_path(cwd);
  ASSERT_TRUE(written.good()) << written.text();
  fs::remove(dir / "IMAGES" / "IM000003");  // now the DICOMDIR names a file that is gone

  const auto report = dicom::scanDicom(dir);
  ASSERT_EQ(report.stacks.size(), 1u);
  EXPECT_EQ(report.stacks[0].slices(), 2u)
      << "each file once, although both the walk and the DICOMDIR list it";
  bool missingReported = false;
  for (const auto& e : report.errors)
    missingReported |= e.reason.find("IM000003") != std::string::npos;
  EXPECT_TRUE(missingReported);
}
