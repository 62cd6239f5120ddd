// `trocar simulate` on the real lumbar case: the cement run stored in the plan (start after
// mixing, stop rule, pressure limit) is what the command simulates unless flags say otherwise.
#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <string>

#include "trocar/core/PlanJson.h"
#include "trocar/testsupport/RunCommand.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;

namespace {

const char* kCt = "totalseg/example_ct.nii.gz";

// Runs the trocar executable; returns its exit code and what it printed.
int run(const std::string& arguments, std::string& output) {
  return trocar::testsupport::runProgram(TROCAR_EXE, arguments, output);
}

// The result table's head line: "L3: 4.00 mL injected over 240 s (medium-viscosity cement from
// 4.0 min after mixing), stopped: planned volume reached", and the needles' peak tip pressure.
struct Printed {
  double injectedMl = -1, startMin = -1, peakKpa = 0;
  std::string stopped;
};

Printed parse(const std::string& out) {
  Printed p;
  std::smatch m;
  static const std::regex head(
      R"(L3: ([0-9.]+) mL injected over [0-9]+ s \([a-z-]+ cement from ([0-9.]+) min after mixing\), stopped: ([^\n]+))");
  if (std::regex_search(out, m, head)) {
    p.injectedMl = std::stod(m[1]);
    p.startMin = std::stod(m[2]);
    p.stopped = m[3];
  }
  static const std::regex peak(R"(tip pressure peak ([0-9.]+) kPa)");
  for (auto it = std::sregex_iterator(out.begin(), out.end(), peak); it != std::sregex_iterator(); ++it)
    p.peakKpa = std::max(p.peakKpa, std::stod((*it)[1]));
  return p;
}

}  // namespace

TEST(SimulateCli, UsesThePlansStoredStartStopRuleAndPressureLimitAndFlagsOverrideThem) {
  TROCAR_REQUIRE_SHARED(kCt);
  const auto dir = testsupport::scratchDir("simulate-cli");
  const std::string ct = testsupport::sharedFile(kCt).string();
  const auto planPath = dir / "plan.json";
  std::string out;
  ASSERT_EQ(run("plan " + ct + " --levels L3 --approach bipedicular --gauge 11 --out " + planPath.string(), out), 0)
      << out;
  auto plan = core::loadPlan(planPath);
  ASSERT_TRUE(plan.ok()) << plan.error().message();
  ASSERT_EQ(plan->levels.size(), 1u);

  // 1. Stored: 3 mL of medium cement from 5.5 min after mixing, stopped at the volume only.
  core::CementSettings& cement = plan->levels[0].cement;
  cement.volumeMl = 3;
  cement.viscosity = core::CementViscosity::kMedium;
  cement.startMinAfterMixing = 5.5;
  cement.stopCriterion = core::StopCriterion::kPlannedVolume;
  ASSERT_TRUE(core::savePlan(plan.value(), planPath).ok());
  const std::string simulate = "simulate " + planPath.string() + " --case " + ct + " --spacing 1.0";
  ASSERT_EQ(run(simulate, out), 0) << out;
  const Printed full = parse(out);
  std::printf("stored planned-volume: %.2f mL from %.1f min, peak %.0f kPa, stopped: %s\n", full.injectedMl,
              full.startMin, full.peakKpa, full.stopped.c_str());
  EXPECT_NEAR(full.injectedMl, 3.0, 0.01) << out;
  EXPECT_DOUBLE_EQ(full.startMin, 5.5) << "the stored start, not the class's 4 min";
  EXPECT_EQ(full.stopped, "planned volume reached");
  ASSERT_GT(full.peakKpa, 4) << out;  // half of it is a limit the file can hold (from 1 kPa)

  // 2. Stored: the pressure-limit rule at half that peak: the same run stops early.
  cement.stopCriterion = core::StopCriterion::kPressureLimit;
  cement.pressureLimitKpa = std::round(full.peakKpa / 2);
  ASSERT_TRUE(core::savePlan(plan.value(), planPath).ok());
  ASSERT_EQ(run(simulate, out), 0) << out;
  const Printed limited = parse(out);
  std::printf("stored pressure-limit %.0f kPa: %.2f mL, peak %.0f kPa, stopped: %s\n", cement.pressureLimitKpa,
              limited.injectedMl, limited.peakKpa, limited.stopped.c_str());
  EXPECT_EQ(limited.stopped, "pressure limit reached") << out;
  EXPECT_LT(limited.injectedMl, full.injectedMl - 0.1) << out;
  EXPECT_DOUBLE_EQ(limited.startMin, 5.5);
  char limitLine[64];
  std::snprintf(limitLine, sizeof limitLine, "%.0f kPa", cement.pressureLimitKpa);
  EXPECT_NE(out.find("tip pressure limit"), std::string::npos) << out;
  EXPECT_NE(out.find(limitLine), std::string::npos) << out;

  // 3. Flags override the stored settings: the volume rule and the class's own 4 min start.
  ASSERT_EQ(run(simulate + " --stop planned-volume --start-min 4", out), 0) << out;
  const Printed flagged = parse(out);
  EXPECT_EQ(flagged.stopped, "planned volume reached") << out;
  EXPECT_NEAR(flagged.injectedMl, 3.0, 0.01);
  EXPECT_DOUBLE_EQ(flagged.startMin, 4.0);
  EXPECT_EQ(out.find("tip pressure limit"), std::string::npos) << "no limit under the volume rule";
}
