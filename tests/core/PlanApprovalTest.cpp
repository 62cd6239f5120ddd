#include <gtest/gtest.h>

#include "trocar/core/PlanJson.h"

using namespace trocar;

namespace {

// The smallest plan the file format accepts: one level, no needles.
core::Plan minimalPlan() {
  core::Plan p;
  p.caseReference.studyInstanceUid = "1.2.3";
  p.caseReference.seriesInstanceUid = "1.2.3.4";
  p.caseReference.volumeChecksum = "fnv1a64:0123456789abcdef";
  p.caseReference.geometry.sizeVoxels = {10, 10, 10};
  p.author = "planner";
  p.createdUtc = "2026-11-24T10:00:00Z";
  p.modifiedUtc = "2026-11-24T10:01:00Z";
  p.notes = "note";
  p.levels = {{"L3", core::LevelStrategy::kBipedicular, {}}};
  return p;
}

}  // namespace

TEST(PlanApproval, AnApprovedPlanRoundTripsExactly) {
  core::Plan p = minimalPlan();
  p.approval = {"Dr. Reviewer", "2026-11-24T12:00:00Z"};
  const nlohmann::json j = core::planToJson(p);
  ASSERT_TRUE(j.contains("approval"));
  EXPECT_EQ(j["approval"]["approvedBy"], "Dr. Reviewer");
  auto back = core::planFromJson(j);
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back.value(), p);
  EXPECT_TRUE(back->approval.approved());
}

TEST(PlanApproval, PlansWithoutTheFieldLoadAsNotApprovedAndAreWrittenAsBefore) {
  const core::Plan p = minimalPlan();
  const nlohmann::json j = core::planToJson(p);
  // A plan saved before approvals existed has no "approval" key: written the same way today.
  EXPECT_FALSE(j.contains("approval"));
  auto back = core::planFromJson(j);
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_FALSE(back->approval.approved());
  EXPECT_EQ(back.value(), p);

  // And a version 0 draft (no approval either) still loads.
  nlohmann::json v0 = j;
  v0.erase("schemaVersion");
  v0["version"] = 0;
  for (auto& level : v0["levels"]) level.erase("cement");
  auto old = core::planFromJson(v0);
  ASSERT_TRUE(old.ok()) << old.error().message();
  EXPECT_FALSE(old->approval.approved());
}

TEST(PlanApproval, ABrokenApprovalIsNamedInTheError) {
  core::Plan p = minimalPlan();
  p.approval = {"Dr. Reviewer", "2026-11-24T12:00:00Z"};
  nlohmann::json j = core::planToJson(p);
  j["approval"].erase("approvedUtc");
  auto missing = core::planFromJson(j);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("/approval/approvedUtc"), std::string::npos)
      << missing.error().message();

  j = core::planToJson(p);
  j["approval"]["approvedBy"] = "";
  auto nameless = core::planFromJson(j);
  ASSERT_FALSE(nameless.ok());
  EXPECT_NE(nameless.error().message().find("/approval/approvedBy"), std::string::npos)
      << nameless.error().message();

  j = core::planToJson(p);
  j["approval"] = "yes";
  EXPECT_FALSE(core::planFromJson(j).ok());
}
