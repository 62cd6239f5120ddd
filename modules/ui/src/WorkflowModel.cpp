#include "trocar/ui/WorkflowModel.h"

#include <vector>

#include "trocar/ui/PlanReview.h"

namespace trocar::ui {

std::string toString(WorkflowStep step) {
  switch (step) {
    case WorkflowStep::kOpen:
      return "Open";
    case WorkflowStep::kSegment:
      return "Segment";
    case WorkflowStep::kPlan:
      return "Plan";
    case WorkflowStep::kSimulate:
      return "Simulate";
    case WorkflowStep::kReview:
      return "Review";
    case WorkflowStep::kExport:
      return "Export";
  }
  return "?";
}

int WorkflowModel::addListener(Listener listener) {
  listeners_[nextListenerId_] = std::move(listener);
  return nextListenerId_++;
}

void WorkflowModel::removeListener(int id) { listeners_.erase(id); }

void WorkflowModel::notify(ModelChange change) {
  // A copy: a listener may add or remove listeners while we iterate.
  std::vector<Listener> current;
  for (const auto& [id, l] : listeners_) current.push_back(l);
  for (const auto& l : current) l(change);
}

void WorkflowModel::setCase(const std::filesystem::path& source, image::CtVolume volume) {
  casePath_ = source;
  volume_ = std::move(volume);
  anatomy_.reset();
  simulation_.reset();
  planPath_.clear();
  history_.reset(core::Plan{});
  savedRevision_ = history_.revision();
  if (volume_.hu) {
    const auto region = volume_.hu->GetLargestPossibleRegion();
    itk::ContinuousIndex<double, 3> centre;
    for (int a = 0; a < 3; ++a) centre[a] = 0.5 * (static_cast<double>(region.GetSize()[a]) - 1);
    itk::Point<double, 3> p;
    volume_.hu->TransformContinuousIndexToPhysicalPoint(centre, p);
    focus_ = {p[0], p[1], p[2]};
  }
  step_ = hasCase() ? WorkflowStep::kSegment : WorkflowStep::kOpen;
  notify(ModelChange::kCase);
  notify(ModelChange::kStep);
}

std::string WorkflowModel::caseName() const {
  if (casePath_.empty()) return {};
  const auto name = casePath_.filename().string();
  return name.empty() ? casePath_.parent_path().filename().string() : name;
}

void WorkflowModel::setAnatomy(segment::SpineAnatomy anatomy) {
  anatomy_ = std::move(anatomy);
  simulation_.reset();
  ++anatomyRevision_;
  notify(ModelChange::kAnatomy);
}

core::Plan WorkflowModel::withApprovalChecked(const core::Plan& plan) {
  core::Plan next = plan;
  if (auto notice = withdrawStaleApproval(history_.current(), next)) approvalNotice_ = *notice;
  return next;
}

void WorkflowModel::setPlan(const core::Plan& plan, const std::string& what) {
  history_.record(withApprovalChecked(plan), what);
  notify(ModelChange::kPlan);
}

void WorkflowModel::dragPlan(const core::Plan& plan, const std::string& what,
                             const std::string& dragKey) {
  history_.recordMerged(withApprovalChecked(plan), what, dragKey);
  notify(ModelChange::kPlan);
}

void WorkflowModel::setNotes(const std::string& notes) {
  if (notes == plan().notes) return;
  core::Plan next = plan();
  next.notes = notes;
  history_.recordMerged(next, "Edit the notes", "review-notes");
  notify(ModelChange::kPlan);
}

void WorkflowModel::setAuthor(const std::string& author) {
  if (author == plan().author) return;
  core::Plan next = plan();
  next.author = author;
  history_.recordMerged(next, "Edit the author", "review-author");
  notify(ModelChange::kPlan);
}

void WorkflowModel::approve(const std::string& approver, const std::string& timeUtc) {
  history_.record(approvedPlan(plan(), approver, timeUtc), "Approve the plan");
  approvalNotice_.clear();
  notify(ModelChange::kPlan);
}

std::string WorkflowModel::approvalNotice() const {
  return plan().approval.approved() ? std::string() : approvalNotice_;
}

void WorkflowModel::resetPlan(const core::Plan& plan) {
  approvalNotice_.clear();
  history_.reset(plan);
  savedRevision_ = history_.revision();
  notify(ModelChange::kPlan);
}

bool WorkflowModel::undo() {
  if (!history_.undo()) return false;
  notify(ModelChange::kPlan);
  return true;
}

bool WorkflowModel::redo() {
  if (!history_.redo()) return false;
  notify(ModelChange::kPlan);
  return true;
}

void WorkflowModel::markSaved(const std::filesystem::path& planPath) {
  planPath_ = planPath;
  savedRevision_ = history_.revision();
  notify(ModelChange::kSaved);
}

void WorkflowModel::setSimulation(std::shared_ptr<const CementSimulation> simulation) {
  simulation_ = std::move(simulation);
  // A new run is shown whole: the playback starts at its end.
  cementTimeS_ = simulation_ ? simulation_->durationS : 0;
  notify(ModelChange::kSimulation);
}

void WorkflowModel::setCementTime(double seconds) {
  if (seconds == cementTimeS_) return;
  cementTimeS_ = seconds;
  notify(ModelChange::kCementTime);
}

void WorkflowModel::setFocus(const core::Vec3& pointMm) {
  if (pointMm == focus_) return;
  focus_ = pointMm;
  notify(ModelChange::kFocus);
}

bool WorkflowModel::canEnter(WorkflowStep step) const {
  switch (step) {
    case WorkflowStep::kOpen:
      return true;
    case WorkflowStep::kSegment:
      return hasCase();
    case WorkflowStep::kPlan:
      return hasCase() && hasAnatomy();
    case WorkflowStep::kSimulate:
    case WorkflowStep::kReview:
    case WorkflowStep::kExport:
      return hasAnatomy() && !plan().needles.empty();
  }
  return false;
}

bool WorkflowModel::setStep(WorkflowStep step) {
  if (!canEnter(step)) return false;
  if (step == step_) return true;
  step_ = step;
  notify(ModelChange::kStep);
  return true;
}

std::string WorkflowModel::windowTitle() const {
  std::string title = "Trocar";
  if (hasCase()) title += " - " + caseName();
  if (hasUnsavedChanges()) title += " *";
  return title;
}

}  // namespace trocar::ui
