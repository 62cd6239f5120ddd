#include <gtest/gtest.h>

#include "trocar/ui/PlanHistory.h"

using namespace trocar;

namespace {
core::Plan planWithNote(const std::string& note) {
  core::Plan p;
  p.notes = note;
  return p;
}
}  // namespace

TEST(PlanHistory, UndoAndRedoWalkThroughEdits) {
  ui::PlanHistory h;
  h.reset(planWithNote("start"));
  EXPECT_FALSE(h.canUndo());
  h.record(planWithNote("a"), "edit a");
  h.record(planWithNote("b"), "edit b");
  EXPECT_EQ(h.undoText(), "edit b");
  ASSERT_TRUE(h.undo());
  EXPECT_EQ(h.current().notes, "a");
  EXPECT_EQ(h.redoText(), "edit b");
  ASSERT_TRUE(h.undo());
  EXPECT_EQ(h.current().notes, "start");
  EXPECT_FALSE(h.undo());
  ASSERT_TRUE(h.redo());
  EXPECT_EQ(h.current().notes, "a");
  // A new edit after undo drops what was undone.
  h.record(planWithNote("c"), "edit c");
  EXPECT_FALSE(h.canRedo());
  ASSERT_TRUE(h.undo());
  EXPECT_EQ(h.current().notes, "a");
}

TEST(PlanHistory, ADragIsOneUndoStep) {
  ui::PlanHistory h;
  h.reset(planWithNote("start"));
  for (int i = 0; i < 10; ++i)
    h.recordMerged(planWithNote("drag " + std::to_string(i)), "Move target", "L3-left target");
  h.endMerge();
  h.recordMerged(planWithNote("second drag"), "Move target", "L3-left target");
  EXPECT_EQ(h.current().notes, "second drag");
  ASSERT_TRUE(h.undo());
  EXPECT_EQ(h.current().notes, "drag 9");
  ASSERT_TRUE(h.undo());
  EXPECT_EQ(h.current().notes, "start");
}

TEST(PlanHistory, RevisionsTellSavedFromChangedAndStepsAreBounded) {
  ui::PlanHistory h(3);
  h.reset(planWithNote("start"));
  const long saved = h.revision();
  h.record(planWithNote("a"), "a");
  EXPECT_NE(h.revision(), saved);
  h.undo();
  EXPECT_EQ(h.revision(), saved);  // back to what was saved
  for (int i = 0; i < 10; ++i) h.record(planWithNote(std::to_string(i)), "n");
  int undos = 0;
  while (h.undo()) ++undos;
  EXPECT_EQ(undos, 2);  // 3 snapshots kept
}
