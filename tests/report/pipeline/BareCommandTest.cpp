#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "trocar/core/PlanJson.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;
namespace fs = std::filesystem;

namespace {
std::string readAll(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}
}  // namespace

// `trocar` with no arguments and no display runs the pipeline on the sample case and says where
// the plan and the report went (issue 7, point 7).
TEST(BareCommand, WithoutADisplayRunsThePipelineOnTheSampleCase) {
  TROCAR_REQUIRE_SHARED("totalseg/example_ct.nii.gz");
  const fs::path out = testsupport::scratchDir("bare_trocar");
  const fs::path log = out / "log.txt";
  const std::string command =
      std::string("cd '") + out.string() + "' && env -u DISPLAY -u WAYLAND_DISPLAY TROCAR_SAMPLE_CASE='" +
      testsupport::sharedFile("totalseg/example_ct.nii.gz").string() + "' '" + TROCAR_EXECUTABLE +
      "' > '" + log.string() + "' 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << readAll(log);

  const fs::path planPath = out / "trocar-sample" / "plan.json";
  const fs::path pdfPath = out / "trocar-sample" / "report.pdf";
  auto plan = core::loadPlan(planPath);
  ASSERT_TRUE(plan.ok()) << plan.error().message();
  EXPECT_EQ(plan->levels.size(), 3u);  // L2-L4, as the issue asks of the headless main job
  EXPECT_GT(fs::file_size(pdfPath), 10'000u);
  const std::string printed = readAll(log);
  EXPECT_NE(printed.find("No display"), std::string::npos) << printed;
  EXPECT_NE(printed.find(planPath.string()), std::string::npos) << printed;
  EXPECT_NE(printed.find(pdfPath.string()), std::string::npos) << printed;
}

// A missing sample case is a clear error naming the file, not a crash.
TEST(BareCommand, MissingSampleCaseNamesTheFile) {
  const fs::path out = testsupport::scratchDir("bare_trocar_missing");
  const fs::path log = out / "log.txt";
  const std::string command = std::string("cd '") + out.string() +
                              "' && env -u DISPLAY -u WAYLAND_DISPLAY "
                              "TROCAR_SAMPLE_CASE=/nonexistent/ct.nii.gz '" +
                              TROCAR_EXECUTABLE + "' > '" + log.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  EXPECT_NE(status, 0);
  const std::string printed = readAll(log);
  EXPECT_NE(printed.find("/nonexistent/ct.nii.gz"), std::string::npos) << printed;
  EXPECT_NE(printed.find("does not exist"), std::string::npos) << printed;
}
