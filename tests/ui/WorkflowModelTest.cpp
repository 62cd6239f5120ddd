#include <gtest/gtest.h>

#include <vector>

#include "trocar/ui/WorkflowModel.h"

using namespace trocar;
using ui::ModelChange;
using ui::WorkflowStep;

namespace {
image::CtVolume smallVolume() {
  image::CtVolume v;
  v.hu = image::CtImage::New();
  image::CtImage::RegionType region;
  region.SetSize({11, 21, 31});
  v.hu->SetRegions(region);
  v.hu->SetSpacing(itk::Vector<double, 3>(2.0));
  itk::Point<double, 3> origin;
  origin[0] = 10;
  origin[1] = 20;
  origin[2] = 30;
  v.hu->SetOrigin(origin);
  v.hu->Allocate();
  v.hu->FillBuffer(0);
  return v;
}

segment::SpineAnatomy oneLevel() {
  segment::SpineAnatomy a;
  segment::VertebraAnatomy l3;
  l3.label = 22;
  l3.name = "L3";
  a.vertebrae.push_back(l3);
  return a;
}

core::Plan planWithNeedle() {
  core::Plan p;
  core::Needle n;
  n.id = "L3-left";
  n.level = "L3";
  p.needles.push_back(n);
  return p;
}
}  // namespace

TEST(WorkflowModel, OpeningACaseCentresTheCursorAndMovesToSegment) {
  ui::WorkflowModel m;
  std::vector<ModelChange> changes;
  m.addListener([&](ModelChange c) { changes.push_back(c); });
  EXPECT_FALSE(m.canEnter(WorkflowStep::kSegment));
  m.setCase("/data/case/example_ct.nii.gz", smallVolume());
  EXPECT_TRUE(m.hasCase());
  EXPECT_EQ(m.step(), WorkflowStep::kSegment);
  EXPECT_EQ(m.caseName(), "example_ct.nii.gz");
  // Centre of voxels 0..10, 0..20, 0..30 at 2 mm from (10, 20, 30).
  EXPECT_EQ(m.focus(), (core::Vec3{20, 40, 60}));
  EXPECT_EQ(changes, (std::vector<ModelChange>{ModelChange::kCase, ModelChange::kStep}));
  EXPECT_EQ(m.windowTitle(), "Trocar - example_ct.nii.gz");
}

TEST(WorkflowModel, StepsOpenOnlyWhenWhatTheyNeedExists) {
  ui::WorkflowModel m;
  m.setCase("a.nrrd", smallVolume());
  EXPECT_FALSE(m.setStep(WorkflowStep::kPlan));
  EXPECT_EQ(m.step(), WorkflowStep::kSegment);
  m.setAnatomy(oneLevel());
  EXPECT_TRUE(m.setStep(WorkflowStep::kPlan));
  EXPECT_FALSE(m.canEnter(WorkflowStep::kSimulate));
  m.setPlan(planWithNeedle(), "Propose L3");
  EXPECT_TRUE(m.canEnter(WorkflowStep::kSimulate));
  EXPECT_TRUE(m.canEnter(WorkflowStep::kExport));
  // A new case forgets the segmentation and the plan.
  m.setCase("b.nrrd", smallVolume());
  EXPECT_FALSE(m.hasAnatomy());
  EXPECT_TRUE(m.plan().needles.empty());
  EXPECT_FALSE(m.canEnter(WorkflowStep::kPlan));
}

TEST(WorkflowModel, UnsavedChangesFollowEditsUndoAndSave) {
  ui::WorkflowModel m;
  m.setCase("a.nrrd", smallVolume());
  EXPECT_FALSE(m.hasUnsavedChanges());
  m.setPlan(planWithNeedle(), "Propose L3");
  EXPECT_TRUE(m.hasUnsavedChanges());
  EXPECT_EQ(m.windowTitle(), "Trocar - a.nrrd *");
  m.markSaved("/tmp/plan.json");
  EXPECT_FALSE(m.hasUnsavedChanges());
  auto moved = m.plan();
  moved.needles[0].targetMm.x += 3;
  m.dragPlan(moved, "Move target", "L3-left target");
  moved.needles[0].targetMm.x += 3;
  m.dragPlan(moved, "Move target", "L3-left target");
  m.endDrag();
  EXPECT_TRUE(m.hasUnsavedChanges());
  ASSERT_TRUE(m.undo());  // the whole drag at once
  EXPECT_EQ(m.plan().needles[0].targetMm.x, 0);
  EXPECT_FALSE(m.hasUnsavedChanges());
  ASSERT_TRUE(m.redo());
  EXPECT_EQ(m.plan().needles[0].targetMm.x, 6);
}

TEST(WorkflowModel, FocusChangesNotifyOnlyWhenTheCursorMoves) {
  ui::WorkflowModel m;
  m.setCase("a.nrrd", smallVolume());
  int focusChanges = 0;
  const int id = m.addListener([&](ModelChange c) { focusChanges += c == ModelChange::kFocus; });
  m.setFocus({1, 2, 3});
  m.setFocus({1, 2, 3});
  EXPECT_EQ(focusChanges, 1);
  m.removeListener(id);
  m.setFocus({4, 5, 6});
  EXPECT_EQ(focusChanges, 1);
}
