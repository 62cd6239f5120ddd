#include "trocar/ui/PlanHistory.h"

namespace trocar::ui {

void PlanHistory::reset(const core::Plan& plan) {
  steps_.assign(1, Step{plan, "", nextRevision_++});
  index_ = 0;
  mergeKey_.clear();
}

void PlanHistory::record(const core::Plan& plan, const std::string& what) {
  steps_.resize(index_ + 1);
  steps_.push_back(Step{plan, what, nextRevision_++});
  if (steps_.size() > maxSteps_) steps_.erase(steps_.begin());
  index_ = steps_.size() - 1;
  mergeKey_.clear();
}

void PlanHistory::recordMerged(const core::Plan& plan, const std::string& what,
                               const std::string& mergeKey) {
  if (!mergeKey.empty() && mergeKey == mergeKey_ && index_ + 1 == steps_.size() && index_ > 0) {
    steps_[index_].plan = plan;
    steps_[index_].revision = nextRevision_++;
    return;
  }
  record(plan, what);
  mergeKey_ = mergeKey;
}

bool PlanHistory::undo() {
  if (!canUndo()) return false;
  --index_;
  mergeKey_.clear();
  return true;
}

bool PlanHistory::redo() {
  if (!canRedo()) return false;
  ++index_;
  mergeKey_.clear();
  return true;
}

}  // namespace trocar::ui
