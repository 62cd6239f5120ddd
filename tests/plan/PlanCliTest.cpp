#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "trocar/core/PlanJson.h"
#include "trocar/plan/PlanTable.h"
#include "trocar/testsupport/RunCommand.h"
#include "trocar/testsupport/TestData.h"

namespace {

const char* kCt = "totalseg/example_ct.nii.gz";

// Runs the trocar executable; returns its exit code and what it printed.
int run(const std::string& arguments, std::string& output) {
  return trocar::testsupport::runProgram(TROCAR_EXE, arguments, output);
}

}  // namespace

TEST(PlanCli, PlansTwoLevelsPrintsTheTableAndSavesAPlanThatReloadsToTheSameTable) {
  TROCAR_REQUIRE_SHARED(kCt);
  const auto dir = trocar::testsupport::scratchDir("plan-cli");
  std::string out;
  const int code =
      run("plan " + trocar::testsupport::sharedFile(kCt).string() +
              " --levels L2,L4 --approach bipedicular --gauge 11 --out " +
              (dir / "plan.json").string() + " --table " + (dir / "table.txt").string(),
          out);
  std::printf("%s", out.c_str());
  ASSERT_EQ(code, 0) << out;
  for (const char* id : {"L2-left", "L2-right", "L4-left", "L4-right"})
    EXPECT_NE(out.find(id), std::string::npos) << id;
  auto plan = trocar::core::loadPlan(dir / "plan.json");
  ASSERT_TRUE(plan.ok()) << plan.error().message();
  ASSERT_EQ(plan->needles.size(), 4u);
  std::ifstream in(dir / "table.txt");
  std::stringstream table;
  table << in.rdbuf();
  EXPECT_EQ(trocar::plan::formatPlanTable(plan.value()), table.str());
  EXPECT_NE(out.find(table.str()), std::string::npos);  // what was printed is what was saved
}

TEST(PlanCli, BadArgumentsGiveAClearErrorAndExitCode2) {
  TROCAR_REQUIRE_SHARED(kCt);
  std::string out;
  const std::string ct = trocar::testsupport::sharedFile(kCt).string();
  EXPECT_EQ(run("plan " + ct + " --levels L9", out), 2);
  EXPECT_NE(out.find("unknown: L9"), std::string::npos) << out;
  EXPECT_EQ(run("plan " + ct + " --levels L2 --gauge 12", out), 2);
  EXPECT_NE(out.find("--gauge"), std::string::npos) << out;
  EXPECT_EQ(run("plan " + ct + " --levels L2 --approach sideways", out), 2);
  EXPECT_EQ(run("plan /nonexistent/case.nii.gz --levels L2", out), 1);
  EXPECT_NE(out.find("error"), std::string::npos) << out;
}
