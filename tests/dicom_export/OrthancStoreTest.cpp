// The report sent by our C-STORE SCU into a real Orthanc started for the test, and asked back
// through Orthanc's REST API: the instance is there with our SOP class, study and PDF.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "OrthancServer.h"
#include "TestFiles.h"
#include "trocar/dicom/SeriesLoader.h"
#include "trocar/dicom_export/ReportDicom.h"
#include "trocar/dicom_export/StoreScu.h"
#include "trocar/testsupport/RunCommand.h"
#include "trocar/testsupport/TestData.h"

namespace trocar::dicom_export {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

TEST(OrthancStore, ReportArrivesInTheCtsStudy) {
  TROCAR_REQUIRE_SHARED("dcmqi/ct-3slice");
  const auto t0 = Clock::now();
  auto volume = dicom::loadDicom(testsupport::sharedFile("dcmqi/ct-3slice"));
  ASSERT_TRUE(volume) << volume.error().message();
  const fs::path dir = testsupport::scratchDir("orthanc_store");
  const fs::path pdf = testexport::writeTestPdf(dir);
  auto written = writeReportDicom(pdf, volume->metadata, dir / "report.dcm");
  ASSERT_TRUE(written) << written.error().message();

  testexport::OrthancServer orthanc(dir / "orthanc", "ORTHANC");
  ASSERT_TRUE(orthanc.running()) << orthanc.error();
  PacsPeer peer{"127.0.0.1", orthanc.dicomPort(), "ORTHANC", "TROCAR", 10};
  const auto sent = sendToPacs(written->path, peer);
  ASSERT_TRUE(sent) << sent.error().message() << "\n" << orthanc.logTail();
  EXPECT_EQ(sent->status, 0u);
  EXPECT_EQ(sent->sopInstanceUid, written->sopInstanceUid);

  const auto instances = nlohmann::json::parse(orthanc.get("/instances"), nullptr, false);
  ASSERT_TRUE(instances.is_array()) << orthanc.get("/instances");
  ASSERT_EQ(instances.size(), 1u);
  const std::string id = instances[0].get<std::string>();
  const auto tags =
      nlohmann::json::parse(orthanc.get("/instances/" + id + "/tags?simplify"), nullptr, false);
  ASSERT_TRUE(tags.is_object());
  EXPECT_EQ(tags.value("SOPClassUID", ""), kEncapsulatedPdfStorage);
  EXPECT_EQ(tags.value("SOPInstanceUID", ""), written->sopInstanceUid);
  EXPECT_EQ(tags.value("StudyInstanceUID", ""), volume->metadata.studyInstanceUid);
  EXPECT_EQ(tags.value("PatientID", ""), volume->metadata.patientId);
  EXPECT_EQ(tags.value("Modality", ""), "DOC");
  // Filed under the CT's study: Orthanc's study of the instance has the CT's study UID.
  const auto study =
      nlohmann::json::parse(orthanc.get("/instances/" + id + "/study"), nullptr, false);
  ASSERT_TRUE(study.is_object());
  EXPECT_EQ(study["MainDicomTags"].value("StudyInstanceUID", ""),
            volume->metadata.studyInstanceUid);
  EXPECT_EQ(study["MainDicomTags"].value("AccessionNumber", ""), volume->metadata.accessionNumber);
  // The stored file is ours, byte for byte.
  const auto stored = testsupport::runCommand(
      "curl -sf --max-time 10 http://127.0.0.1:" + std::to_string(orthanc.httpPort()) +
      "/instances/" + id + "/file -o " + (dir / "stored.dcm").string());
  ASSERT_EQ(stored.exitCode, 0);
  EXPECT_EQ(testexport::encapsulatedBytes(dir / "stored.dcm").substr(0, written->pdfBytes),
            testexport::fileBytes(pdf));
  std::printf("Orthanc up in %.2f s, C-STORE %.3f s, whole test %.2f s\n", orthanc.startSeconds(),
              sent->seconds, std::chrono::duration<double>(Clock::now() - t0).count());
}

// A PACS that checks its called AE title and takes stores only from modalities it knows (none
// here): a wrong AE title is rejected at association, an unknown caller's store is refused;
// both named, nothing stored.
TEST(OrthancStore, RejectionsAreNamed) {
  const fs::path dir = testsupport::scratchDir("orthanc_reject");
  image::SeriesMetadata m;
  m.studyInstanceUid = "1.2.826.0.1.3680043.2.1143.777.1";
  auto written = writeReportDicom(testexport::writeTestPdf(dir), m, dir / "report.dcm");
  ASSERT_TRUE(written) << written.error().message();
  testexport::OrthancServer orthanc(
      dir / "orthanc", "ORTHANC",
      "\"DicomCheckCalledAet\": true, \"DicomAlwaysAllowStore\": false");
  ASSERT_TRUE(orthanc.running()) << orthanc.error();

  PacsPeer wrongTitle{"127.0.0.1", orthanc.dicomPort(), "NOT_ORTHANC", "TROCAR", 10};
  const auto rejected = sendToPacs(written->path, wrongTitle);
  ASSERT_FALSE(rejected);
  EXPECT_NE(rejected.error().message().find(
                "NOT_ORTHANC at 127.0.0.1:" + std::to_string(orthanc.dicomPort()) +
                ": association rejected"),
            std::string::npos)
      << rejected.error().message();

  PacsPeer unknownCaller{"127.0.0.1", orthanc.dicomPort(), "ORTHANC", "STRANGER", 10};
  const auto refused = sendToPacs(written->path, unknownCaller);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find(
                "ORTHANC at 127.0.0.1:" + std::to_string(orthanc.dicomPort()) + ": store failed"),
            std::string::npos)
      << refused.error().message();
  EXPECT_NE(refused.error().message().find("does it accept stores from STRANGER?"),
            std::string::npos)
      << refused.error().message();
  const auto instances = nlohmann::json::parse(orthanc.get("/instances"), nullptr, false);
  ASSERT_TRUE(instances.is_array());
  EXPECT_TRUE(instances.empty());
}

}  // namespace
}  // namespace trocar::dicom_export
