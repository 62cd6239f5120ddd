// `trocar send` and `trocar pipeline --pacs` into a real Orthanc, as a user would type them.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "OrthancServer.h"
#include "TestFiles.h"
#include "trocar/dicom/SeriesLoader.h"
#include "trocar/dicom/SeriesWriter.h"
#include "trocar/dicom_export/ReportDicom.h"
#include "trocar/image/VolumeIO.h"
#include "trocar/testsupport/RunCommand.h"
#include "trocar/testsupport/TestData.h"

namespace trocar::dicom_export {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

testsupport::CommandResult trocar(const std::string& arguments) {
  return testsupport::runProgram(TROCAR_EXE, arguments);
}

nlohmann::json getJson(const testexport::OrthancServer& orthanc, const std::string& path) {
  return nlohmann::json::parse(orthanc.get(path), nullptr, false);
}

TEST(PacsCli, SendToOrthancAndToAClosedPort) {
  TROCAR_REQUIRE_SHARED("dcmqi/ct-3slice");
  const fs::path dir = testsupport::scratchDir("pacs_cli_send");
  auto volume = dicom::loadDicom(testsupport::sharedFile("dcmqi/ct-3slice"));
  ASSERT_TRUE(volume) << volume.error().message();
  auto written =
      writeReportDicom(testexport::writeTestPdf(dir), volume->metadata, dir / "report.dcm");
  ASSERT_TRUE(written) << written.error().message();

  testexport::OrthancServer orthanc(dir / "orthanc", "ORTHANC");
  ASSERT_TRUE(orthanc.running()) << orthanc.error();
  const std::string port = std::to_string(orthanc.dicomPort());
  const auto sent =
      trocar("send " + written->path.string() + " --pacs 127.0.0.1:" + port + " --aet ORTHANC");
  EXPECT_EQ(sent.exitCode, 0) << sent.output;
  EXPECT_NE(sent.output.find("to ORTHANC at 127.0.0.1:" + port + " as TROCAR"), std::string::npos)
      << sent.output;
  const auto instances = getJson(orthanc, "/instances");
  ASSERT_TRUE(instances.is_array());
  EXPECT_EQ(instances.size(), 1u);

  const std::string closed = std::to_string(testexport::freeLoopbackPort());
  const auto refused = trocar("send " + written->path.string() + " --pacs 127.0.0.1:" + closed +
                              " --aet ORTHANC --timeout 3");
  EXPECT_EQ(refused.exitCode, 1) << refused.output;
  EXPECT_NE(refused.output.find("error: sending report.dcm to ORTHANC at 127.0.0.1:" + closed +
                                ": connection refused"),
            std::string::npos)
      << refused.output;
  const auto typo = trocar("send " + written->path.string() + " --pacs localhost --aet ORTHANC");
  EXPECT_EQ(typo.exitCode, 1);
  EXPECT_NE(typo.output.find("expected HOST:PORT"), std::string::npos) << typo.output;
}

TEST(PacsCli, PipelineSendsTheReportIntoTheCtsStudy) {
  TROCAR_REQUIRE_SHARED("totalseg/example_ct.nii.gz");
  const auto t0 = Clock::now();
  const fs::path dir = testsupport::scratchDir("pacs_cli_pipeline");
  // The lumbar case as a DICOM series of a named patient in a known study.
  auto ct = image::readVolume(testsupport::sharedFile("totalseg/example_ct.nii.gz"));
  ASSERT_TRUE(ct) << ct.error().message();
  ct->metadata.patientName = "Lumbar^Test";
  ct->metadata.patientId = "TROCAR-PACS-1";
  ct->metadata.accessionNumber = "ACC-PACS-1";
  dicom::completeSeriesMetadata(ct->metadata);
  auto series = dicom::writeCtSeries(ct.value(), dir / "ct");
  ASSERT_TRUE(series) << series.error().message();

  testexport::OrthancServer orthanc(dir / "orthanc", "ORTHANC");
  ASSERT_TRUE(orthanc.running()) << orthanc.error();
  const auto run = trocar("pipeline " + (dir / "ct").string() + " --out " + (dir / "out").string() +
                          " --levels L3 --approach unipedicular --no-simulate --no-3d --pacs "
                          "127.0.0.1:" +
                          std::to_string(orthanc.dicomPort()) + " --aet ORTHANC");
  ASSERT_EQ(run.exitCode, 0) << run.output << "\n" << orthanc.logTail();
  EXPECT_NE(run.output.find("DICOM report written to"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("to ORTHANC at 127.0.0.1:"), std::string::npos) << run.output;

  const auto instances = getJson(orthanc, "/instances");
  ASSERT_TRUE(instances.is_array());
  ASSERT_EQ(instances.size(), 1u);
  const std::string id = instances[0].get<std::string>();
  const auto tags = getJson(orthanc, "/instances/" + id + "/tags?simplify");
  ASSERT_TRUE(tags.is_object());
  EXPECT_EQ(tags.value("SOPClassUID", ""), kEncapsulatedPdfStorage);
  EXPECT_EQ(tags.value("StudyInstanceUID", ""), ct->metadata.studyInstanceUid);
  EXPECT_EQ(tags.value("PatientName", ""), "Lumbar^Test");
  EXPECT_EQ(tags.value("PatientID", ""), "TROCAR-PACS-1");
  EXPECT_EQ(tags.value("AccessionNumber", ""), "ACC-PACS-1");
  const auto stored = testsupport::runCommand(
      "curl -sf --max-time 10 http://127.0.0.1:" + std::to_string(orthanc.httpPort()) +
      "/instances/" + id + "/file -o " + (dir / "stored.dcm").string());
  ASSERT_EQ(stored.exitCode, 0);
  const std::string pdf = testexport::fileBytes(dir / "out" / "report.pdf");
  ASSERT_GT(pdf.size(), 1000u);
  EXPECT_EQ(testexport::encapsulatedBytes(dir / "stored.dcm").substr(0, pdf.size()), pdf);
  std::printf("report.pdf %zu bytes, report.dcm %ju bytes; whole test %.1f s\n", pdf.size(),
              static_cast<uintmax_t>(fs::file_size(dir / "out" / "report.dcm")),
              std::chrono::duration<double>(Clock::now() - t0).count());
}

TEST(PacsCli, PipelineRefusesACaseWithNoStudyBeforeItsWork) {
  TROCAR_REQUIRE_SHARED("totalseg/example_ct.nii.gz");
  const fs::path dir = testsupport::scratchDir("pacs_cli_nostudy");
  const auto run =
      trocar("pipeline " + testsupport::sharedFile("totalseg/example_ct.nii.gz").string() +
             " --out " + dir.string() + " --pacs 127.0.0.1:104 --aet ORTHANC");
  EXPECT_EQ(run.exitCode, 1) << run.output;
  EXPECT_NE(run.output.find("example_ct.nii.gz: --pacs: the CT names no study"), std::string::npos)
      << run.output;
  EXPECT_EQ(run.output.find("segment"), std::string::npos) << "refused right after loading";
}

}  // namespace
}  // namespace trocar::dicom_export
