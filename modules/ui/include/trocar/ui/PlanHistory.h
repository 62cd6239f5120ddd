#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "trocar/core/Plan.h"

namespace trocar::ui {

// Undo and redo of plan edits. A plan is small (a few needles), so each step keeps a whole
// snapshot: undo can never disagree with what was shown, whatever the edit was.
class PlanHistory {
 public:
  explicit PlanHistory(size_t maxSteps = 200) : maxSteps_(maxSteps) {}

  // Starts over from `plan` (a new case, a loaded file): nothing to undo.
  void reset(const core::Plan& plan);
  // Records an edit that produced `plan`; `what` names it for the Edit menu ("Move L3-left
  // target"). Drops anything that was undone.
  void record(const core::Plan& plan, const std::string& what);
  // Consecutive edits with the same `mergeKey` (a drag in progress) replace each other, so one
  // drag is one undo step.
  void recordMerged(const core::Plan& plan, const std::string& what, const std::string& mergeKey);
  void endMerge() { mergeKey_.clear(); }

  const core::Plan& current() const { return steps_[index_].plan; }
  bool canUndo() const { return index_ > 0; }
  bool canRedo() const { return index_ + 1 < steps_.size(); }
  std::string undoText() const { return canUndo() ? steps_[index_].what : std::string(); }
  std::string redoText() const { return canRedo() ? steps_[index_ + 1].what : std::string(); }
  bool undo();
  bool redo();
  // Every edit gets a new revision number; a file saved at revision r is unchanged while
  // revision() == r (undoing back to it counts as unchanged).
  long revision() const { return steps_[index_].revision; }

 private:
  struct Step {
    core::Plan plan;
    std::string what;
    long revision = 0;
  };
  std::vector<Step> steps_{Step{}};
  size_t index_ = 0;
  size_t maxSteps_;
  long nextRevision_ = 1;
  std::string mergeKey_;
};

}  // namespace trocar::ui
