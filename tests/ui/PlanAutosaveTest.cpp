#include <gtest/gtest.h>

#include <fstream>

#include "trocar/core/PlanJson.h"
#include "trocar/testsupport/TestData.h"
#include "trocar/ui/PlanAutosave.h"

using namespace trocar;

namespace {
core::Plan somePlan() {
  core::Plan p;
  p.caseReference.geometry.sizeVoxels = {100, 100, 100};
  p.caseReference.volumeChecksum = "fnv1a64:0123456789abcdef";
  core::PlannedLevel level;
  level.name = "L3";
  p.levels.push_back(level);
  core::Needle n;
  n.id = std::string("L3-left");
  n.level = "L3";
  n.skinEntryMm = {60.25, 90.125, 50};
  n.boneEntryMm = {55.5, 60.0625, 50};
  n.targetMm = {50.1, 40.7, 50.3};
  p.needles.push_back(n);
  p.notes = "kept across a crash";
  return p;
}
}  // namespace

TEST(PlanAutosave, TheUnsavedPlanComesBackExactlyUntilCleared) {
  const auto dir = testsupport::scratchDir("ui-autosave");
  ui::PlanAutosave autosave(dir / "autosave.json");
  EXPECT_FALSE(autosave.pending().has_value());
  const core::Plan plan = somePlan();
  const auto valid = core::planFromJson(core::planToJson(plan));
  ASSERT_TRUE(valid.ok()) << valid.error().message();
  ASSERT_TRUE(autosave.save(plan, "/cases/lumbar.nii.gz").ok());
  const auto back = autosave.pending();
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->casePath, "/cases/lumbar.nii.gz");
  EXPECT_EQ(back->plan, plan);  // every field, doubles to the last bit
  EXPECT_FALSE(back->savedUtc.empty());
  autosave.clear();
  EXPECT_FALSE(autosave.pending().has_value());
}

TEST(PlanAutosave, ADamagedFileIsNoRecovery) {
  const auto dir = testsupport::scratchDir("ui-autosave-damaged");
  std::ofstream(dir / "autosave.json")
      << R"({"format": "trocar-autosave", "plan": {"schemaVersion": 99}})";
  EXPECT_FALSE(ui::PlanAutosave(dir / "autosave.json").pending().has_value());
}
