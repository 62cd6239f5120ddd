// The report PDF as a DICOM Encapsulated PDF, read back by DCMTK and by dcmdump.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "TestFiles.h"
#include "trocar/dicom_export/ReportDicom.h"
#include "trocar/testsupport/RunCommand.h"
#include "trocar/testsupport/TestData.h"

namespace trocar::dicom_export {
namespace {
namespace fs = std::filesystem;
using testexport::dicomValue;

image::SeriesMetadata ctMetadata() {
  image::SeriesMetadata m;
  m.patientName = "Doe^Jane";
  m.patientId = "PID-4711";
  m.patientBirthDate = "19480212";
  m.patientSex = "F";
  m.studyInstanceUid = "1.2.826.0.1.3680043.2.1143.777.1";
  m.seriesInstanceUid = "1.2.826.0.1.3680043.2.1143.777.2";
  m.studyDate = "20240102";
  m.studyTime = "093000";
  m.accessionNumber = "ACC123";
  m.studyId = "ST-8841";
  m.referringPhysicianName = "Who^Doctor";
  m.studyDescription = "CT lumbar spine";
  m.modality = "CT";
  return m;
}

TEST(ReportDicom, IsAnEncapsulatedPdfInTheCtsPatientAndStudy) {
  const fs::path dir = testsupport::scratchDir("report_dicom_identified");
  const fs::path pdf = testexport::writeTestPdf(dir);
  const auto m = ctMetadata();
  auto written = writeReportDicom(pdf, m, dir / "report.dcm");
  ASSERT_TRUE(written) << written.error().message();
  const fs::path f = written->path;
  EXPECT_EQ(dicomValue(f, "SOPClassUID"), "1.2.840.10008.5.1.4.1.1.104.1");
  EXPECT_EQ(dicomValue(f, "MediaStorageSOPClassUID"), "1.2.840.10008.5.1.4.1.1.104.1");
  EXPECT_EQ(dicomValue(f, "SOPInstanceUID"), written->sopInstanceUid);
  EXPECT_EQ(dicomValue(f, "Modality"), "DOC");
  EXPECT_EQ(dicomValue(f, "PatientName"), m.patientName);
  EXPECT_EQ(dicomValue(f, "PatientID"), m.patientId);
  EXPECT_EQ(dicomValue(f, "PatientBirthDate"), m.patientBirthDate);
  EXPECT_EQ(dicomValue(f, "PatientSex"), "F");
  EXPECT_EQ(dicomValue(f, "StudyInstanceUID"), m.studyInstanceUid);
  EXPECT_EQ(dicomValue(f, "StudyDate"), m.studyDate);
  EXPECT_EQ(dicomValue(f, "StudyTime"), m.studyTime);
  EXPECT_EQ(dicomValue(f, "AccessionNumber"), m.accessionNumber);
  EXPECT_EQ(dicomValue(f, "ReferringPhysicianName"), m.referringPhysicianName);
  EXPECT_EQ(dicomValue(f, "StudyID"), m.studyId);
  // A new series and instance, not the CT's.
  const std::string series = dicomValue(f, "SeriesInstanceUID");
  EXPECT_EQ(series, written->seriesInstanceUid);
  EXPECT_NE(series, m.seriesInstanceUid);
  EXPECT_NE(written->sopInstanceUid, series);
  EXPECT_EQ(dicomValue(f, "SeriesDescription"), "Trocar vertebroplasty plan");
  EXPECT_EQ(dicomValue(f, "DocumentTitle"), "Vertebroplasty plan");
  EXPECT_EQ(dicomValue(f, "BurnedInAnnotation"), "YES");
  EXPECT_EQ(dicomValue(f, "MIMETypeOfEncapsulatedDocument"), "application/pdf");
  EXPECT_EQ(dicomValue(f, "Manufacturer"), "Trocar");
  EXPECT_FALSE(dicomValue(f, "SoftwareVersions").empty());
  EXPECT_EQ(dicomValue(f, "ContentDate").size(), 8u);
  EXPECT_EQ(dicomValue(f, "ContentTime").size(), 6u);
  EXPECT_EQ(dicomValue(f, "PatientIdentityRemoved"), "<absent>");

  // The PDF's bytes, then at most the one padding byte DICOM's even length asks for.
  const std::string original = testexport::fileBytes(pdf);
  ASSERT_EQ(original.size() % 2, 1u);
  const std::string stored = testexport::encapsulatedBytes(f);
  ASSERT_EQ(stored.size(), original.size() + 1);
  EXPECT_EQ(stored.substr(0, original.size()), original);
  EXPECT_EQ(dicomValue(f, "EncapsulatedDocumentLength"), std::to_string(original.size()));
  EXPECT_EQ(written->pdfBytes, original.size());
  EXPECT_EQ(written->fileBytes, fs::file_size(f));
  // Nothing left behind but the PDF and the DICOM (the temporary file was renamed).
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 2);
}

TEST(ReportDicom, DcmdumpParsesItAsEncapsulatedPdf) {
  const fs::path dir = testsupport::scratchDir("report_dicom_dcmdump");
  auto written = writeReportDicom(testexport::writeTestPdf(dir), ctMetadata(), dir / "r.dcm");
  ASSERT_TRUE(written) << written.error().message();
  // dcmdump stops with a non-zero exit and an "E:" line at a parse error (its default).
  const auto dump = testsupport::runCommand("dcmdump " + written->path.string() + " 2>&1");
  EXPECT_EQ(dump.exitCode, 0) << dump.output;
  EXPECT_EQ(dump.output.find("E: "), std::string::npos) << dump.output;
  EXPECT_NE(dump.output.find("=EncapsulatedPDFStorage"), std::string::npos) << dump.output;
  EXPECT_NE(dump.output.find("[DOC]"), std::string::npos) << dump.output;
  EXPECT_NE(dump.output.find("[application/pdf]"), std::string::npos) << dump.output;
  EXPECT_NE(dump.output.find("[Doe^Jane]"), std::string::npos) << dump.output;
}

TEST(ReportDicom, DeidentifiedCarriesNoIdentityAndANewStudy) {
  const fs::path dir = testsupport::scratchDir("report_dicom_deidentified");
  const auto m = ctMetadata();
  ReportDicomOptions options;
  options.deidentify = true;
  auto written = writeReportDicom(testexport::writeTestPdf(dir), m, dir / "r.dcm", options);
  ASSERT_TRUE(written) << written.error().message();
  const fs::path f = written->path;
  EXPECT_EQ(dicomValue(f, "PatientName"), "");
  EXPECT_EQ(dicomValue(f, "PatientID"), "");
  EXPECT_EQ(dicomValue(f, "PatientBirthDate"), "");
  EXPECT_EQ(dicomValue(f, "AccessionNumber"), "");
  EXPECT_EQ(dicomValue(f, "ReferringPhysicianName"), "");
  EXPECT_EQ(dicomValue(f, "StudyDate"), "");
  EXPECT_EQ(dicomValue(f, "StudyID"), "");
  EXPECT_EQ(dicomValue(f, "PatientIdentityRemoved"), "YES");
  const std::string study = dicomValue(f, "StudyInstanceUID");
  EXPECT_FALSE(study.empty());
  EXPECT_NE(study, m.studyInstanceUid);
  // No identifying value anywhere in the file, in any attribute.
  const std::string all = testexport::fileBytes(f);
  for (const std::string& secret :
       {m.patientName, m.patientId, m.patientBirthDate, m.accessionNumber, m.referringPhysicianName,
        m.studyId, m.studyInstanceUid, m.seriesInstanceUid})
    EXPECT_EQ(all.find(secret), std::string::npos) << secret;
}

TEST(ReportDicom, RefusesACtWithNoStudy) {
  const fs::path dir = testsupport::scratchDir("report_dicom_nostudy");
  image::SeriesMetadata m;  // what a NIfTI volume brings
  auto written = writeReportDicom(testexport::writeTestPdf(dir), m, dir / "r.dcm");
  ASSERT_FALSE(written);
  EXPECT_NE(written.error().message().find("Study Instance UID"), std::string::npos);
  EXPECT_NE(written.error().message().find("r.dcm"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "r.dcm"));
  ReportDicomOptions options;
  options.deidentify = true;  // a stand-alone de-identified document is fine
  EXPECT_TRUE(writeReportDicom(dir / "report.pdf", m, dir / "r.dcm", options));
}

TEST(ReportDicom, ErrorsNameTheFileAndTheReason) {
  const fs::path dir = testsupport::scratchDir("report_dicom_errors");
  const auto missing = writeReportDicom(dir / "none.pdf", ctMetadata(), dir / "r.dcm");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("none.pdf"), std::string::npos);
  std::ofstream(dir / "fake.pdf") << "not a pdf";
  const auto fake = writeReportDicom(dir / "fake.pdf", ctMetadata(), dir / "r.dcm");
  ASSERT_FALSE(fake);
  EXPECT_NE(fake.error().message().find("not a PDF"), std::string::npos);
  const fs::path pdf = testexport::writeTestPdf(dir);
  const auto noFolder = writeReportDicom(pdf, ctMetadata(), dir / "no" / "such" / "r.dcm");
  ASSERT_FALSE(noFolder);
  EXPECT_NE(noFolder.error().message().find("does not exist"), std::string::npos)
      << noFolder.error().message();
  EXPECT_NE(noFolder.error().message().find("r.dcm"), std::string::npos);
}

}  // namespace
}  // namespace trocar::dicom_export
