// The report filed with real series: patient and study come from what the loader keeps, and
// must equal the source files' own attributes (read here with DCMTK directly, not the loader).
#include <gtest/gtest.h>

#include <filesystem>

#include "TestFiles.h"
#include "trocar/dicom/SeriesLoader.h"
#include "trocar/dicom_export/ReportDicom.h"
#include "trocar/testsupport/TestData.h"

namespace trocar::dicom_export {
namespace {
namespace fs = std::filesystem;
using testexport::dicomValue;

void expectSamePatientAndStudy(const std::string& relative, const std::string& sourceFile) {
  SCOPED_TRACE(relative);
  const fs::path source = testsupport::sharedFile(relative);
  auto volume = dicom::loadDicom(source);
  ASSERT_TRUE(volume) << volume.error().message();
  const fs::path dir =
      testsupport::scratchDir("report_dicom_real_" + fs::path(sourceFile).stem().string());
  auto written = writeReportDicom(testexport::writeTestPdf(dir), volume->metadata, dir / "r.dcm");
  ASSERT_TRUE(written) << written.error().message();
  const fs::path slice = testsupport::sharedFile(sourceFile);
  for (const char* keyword :
       {"PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyInstanceUID",
        "StudyDate", "StudyTime", "AccessionNumber", "ReferringPhysicianName", "StudyID"})
    EXPECT_EQ(dicomValue(written->path, keyword), dicomValue(slice, keyword)) << keyword;
  EXPECT_FALSE(dicomValue(written->path, "StudyInstanceUID").empty());
  EXPECT_EQ(dicomValue(written->path, "SOPClassUID"), kEncapsulatedPdfStorage);
  EXPECT_EQ(dicomValue(written->path, "Modality"), "DOC");
  EXPECT_NE(dicomValue(written->path, "SeriesInstanceUID"), dicomValue(slice, "SeriesInstanceUID"));
}

TEST(RealSeriesReport, GeCtThreeSlicesPatientStudyAccession) {
  TROCAR_REQUIRE_SHARED("dcmqi/ct-3slice");
  expectSamePatientAndStudy("dcmqi/ct-3slice", "dcmqi/ct-3slice/01.dcm");
}

TEST(RealSeriesReport, LumbarSliceWithBirthDate) {
  TROCAR_REQUIRE_SHARED("spine-slices/fodicom_GH1308_lumbar.dcm");
  expectSamePatientAndStudy("spine-slices/fodicom_GH1308_lumbar.dcm",
                            "spine-slices/fodicom_GH1308_lumbar.dcm");
}

TEST(RealSeriesReport, JpegLosslessSliceWithReferringPhysician) {
  TROCAR_REQUIRE_SHARED("spine-slices/pydicom_bad_sequence_spine_jpegll.dcm");
  expectSamePatientAndStudy("spine-slices/pydicom_bad_sequence_spine_jpegll.dcm",
                            "spine-slices/pydicom_bad_sequence_spine_jpegll.dcm");
}

}  // namespace
}  // namespace trocar::dicom_export
