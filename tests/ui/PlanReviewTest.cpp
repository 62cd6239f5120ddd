#include <gtest/gtest.h>

#include "trocar/ui/PlanReview.h"
#include "trocar/ui/WorkflowModel.h"

using namespace trocar;

namespace {

core::Plan l3Plan() {
  core::Plan p;
  p.author = "planner";
  p.levels = {{"L3", core::LevelStrategy::kBipedicular, {}}};
  core::Needle n;
  n.id = "L3-left";
  n.level = "L3";
  n.skinEntryMm = {60, 80, 0};
  n.boneEntryMm = {20, 30, 0};
  n.targetMm = {5, 0, 0};
  p.needles.push_back(n);
  return p;
}

}  // namespace

TEST(PlanReview, ApprovingRecordsWhoAndWhenAsOneUndoStep) {
  ui::WorkflowModel model;
  model.setPlan(l3Plan(), "Propose");
  model.approve("Dr Reviewer", "2026-11-24T13:00:00Z");
  EXPECT_TRUE(model.plan().approval.approved());
  EXPECT_EQ(model.plan().approval.approvedBy, "Dr Reviewer");
  EXPECT_EQ(model.plan().approval.approvedUtc, "2026-11-24T13:00:00Z");
  EXPECT_EQ(model.history().undoText(), "Approve the plan");
  EXPECT_TRUE(model.hasUnsavedChanges());
  ASSERT_TRUE(model.undo());
  EXPECT_FALSE(model.plan().approval.approved());
  EXPECT_EQ(model.plan().needles, l3Plan().needles);
  ASSERT_TRUE(model.redo());
  EXPECT_EQ(model.plan().approval.approvedBy, "Dr Reviewer");
}

TEST(PlanReview, NotesAndAuthorTypingIsOneUndoStepEachAndKeepsTheApproval) {
  ui::WorkflowModel model;
  model.setPlan(l3Plan(), "Propose");
  model.approve("Dr Reviewer", "2026-11-24T13:00:00Z");
  for (const char* text : {"f", "fr", "fracture after a fall"}) model.setNotes(text);
  EXPECT_EQ(model.plan().notes, "fracture after a fall");
  model.setAuthor("Dr Planner");
  EXPECT_EQ(model.plan().author, "Dr Planner");
  // A comment after approving does not change what was approved.
  EXPECT_TRUE(model.plan().approval.approved());
  EXPECT_TRUE(model.approvalNotice().empty());
  ASSERT_TRUE(model.undo());  // the author
  EXPECT_EQ(model.plan().author, "planner");
  EXPECT_EQ(model.plan().notes, "fracture after a fall");
  ASSERT_TRUE(model.undo());  // the whole typing of the notes
  EXPECT_EQ(model.plan().notes, "");
  EXPECT_TRUE(model.plan().approval.approved());
}

TEST(PlanReview, EditingAnApprovedPlanWithdrawsTheApprovalWithANotice) {
  ui::WorkflowModel model;
  model.setPlan(l3Plan(), "Propose");
  model.approve("Dr Reviewer", "2026-11-24T13:00:00Z");
  // A drag of the target (several steps, one undo step).
  for (double dx : {1.0, 2.0, 3.0}) {
    core::Plan moved = model.plan();
    moved.needles[0].targetMm = l3Plan().needles[0].targetMm + core::Vec3{dx, 0, 0};
    model.dragPlan(moved, "Move L3-left target", "drag");
  }
  model.endDrag();
  EXPECT_FALSE(model.plan().approval.approved());
  const std::string notice = model.approvalNotice();
  EXPECT_NE(notice.find("Dr Reviewer"), std::string::npos) << notice;
  EXPECT_NE(notice.find("withdrawn"), std::string::npos) << notice;
  // Undo brings back the approved plan as it was approved, and the notice goes.
  ASSERT_TRUE(model.undo());
  EXPECT_TRUE(model.plan().approval.approved());
  EXPECT_EQ(model.plan().needles[0].targetMm, l3Plan().needles[0].targetMm);
  EXPECT_TRUE(model.approvalNotice().empty());
  // Approving again after a withdrawn approval clears the notice for good.
  ASSERT_TRUE(model.redo());
  EXPECT_FALSE(model.approvalNotice().empty());
  model.approve("Dr Other", "2026-11-24T13:30:00Z");
  EXPECT_TRUE(model.approvalNotice().empty());
  EXPECT_EQ(model.plan().approval.approvedBy, "Dr Other");
}

TEST(PlanReview, CementAndLevelChangesAreApprovedContentNotesAreNot) {
  const core::Plan a = ui::approvedPlan(l3Plan(), "Dr R", "2026-11-24T13:00:00Z");
  core::Plan b = a;
  b.notes = "later comment";
  b.modifiedUtc = "2026-11-24T14:00:00Z";
  EXPECT_FALSE(ui::approvedContentDiffers(a, b));
  EXPECT_FALSE(ui::withdrawStaleApproval(a, b).has_value());
  EXPECT_TRUE(b.approval.approved());
  b.levels[0].cement.volumeMl = 6;
  EXPECT_TRUE(ui::approvedContentDiffers(a, b));
  EXPECT_TRUE(ui::withdrawStaleApproval(a, b).has_value());
  EXPECT_FALSE(b.approval.approved());
  // An edit that sets its own approval (approving, or undoing to an approved plan) is kept.
  core::Plan c = a;
  c.needles[0].gauge = 13;
  c.approval = {"Dr S", "2026-11-24T14:10:00Z"};
  EXPECT_FALSE(ui::withdrawStaleApproval(a, c).has_value());
  EXPECT_EQ(c.approval.approvedBy, "Dr S");
}

TEST(PlanReview, AProposalReplacingAnApprovedPlanIsNotApprovedAndSaysSo) {
  ui::WorkflowModel model;
  model.setPlan(l3Plan(), "Propose");
  model.approve("Dr Reviewer", "2026-11-24T13:00:00Z");
  core::Plan fresh = l3Plan();  // a new proposal comes without an approval
  fresh.needles[0].id = "L3-right";
  model.setPlan(fresh, "Propose again");
  EXPECT_FALSE(model.plan().approval.approved());
  EXPECT_FALSE(model.approvalNotice().empty());
}
