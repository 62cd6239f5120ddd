#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "trocar/core/PlanJson.h"
#include "trocar/testsupport/PdfProbe.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;
namespace fs = std::filesystem;

// `trocar pipeline` end to end on the real lumbar case, as the demo runs it with no display.
TEST(Pipeline, LumbarCaseGivesALoadablePlanAndAReportOfL2ToL4) {
  TROCAR_REQUIRE_SHARED("totalseg/example_ct.nii.gz");
  const fs::path out = testsupport::scratchDir("pipeline_lumbar");
  const std::string command =
      std::string("env -u DISPLAY -u WAYLAND_DISPLAY '") + TROCAR_EXECUTABLE + "' pipeline '" +
      testsupport::sharedFile("totalseg/example_ct.nii.gz").string() + "' --out '" + out.string() +
      "' > '" + (out / "log.txt").string() + "' 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << "see " << (out / "log.txt");

  auto plan = core::loadPlan(out / "plan.json");
  ASSERT_TRUE(plan.ok()) << plan.error().message();
  ASSERT_EQ(plan->levels.size(), 3u);
  EXPECT_EQ(plan->needles.size(), 6u);  // bipedicular by default
  for (const auto& level : plan->levels) {
    EXPECT_DOUBLE_EQ(level.cement.volumeMl, 4.0);
    EXPECT_EQ(level.cement.viscosity, core::CementViscosity::kMedium);
  }

  const std::string text = testsupport::pdfText(out / "report.pdf");
  for (const char* level : {"L2", "L3", "L4"}) {
    EXPECT_NE(text.find(std::string(level) + " - bipedicular"), std::string::npos) << level;
    EXPECT_NE(text.find(std::string(level) + " cement simulation"), std::string::npos) << level;
  }
  for (const auto& n : plan->needles) {
    EXPECT_NE(text.find(n.id), std::string::npos) << n.id;
    EXPECT_TRUE(fs::exists(out / "drr" / ("barrel_" + n.id + ".png"))) << n.id;
  }
  EXPECT_TRUE(fs::exists(out / "drr" / "ap.png"));
  EXPECT_TRUE(fs::exists(out / "drr" / "lateral.png"));
}
