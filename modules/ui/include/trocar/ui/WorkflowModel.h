#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "trocar/core/Plan.h"
#include "trocar/core/Vec3.h"
#include "trocar/image/CtVolume.h"
#include "trocar/segment/SpineAnatomy.h"
#include "trocar/ui/CementSimulation.h"
#include "trocar/ui/PlanHistory.h"

namespace trocar::ui {

// The steps of the planning workflow, in order.
enum class WorkflowStep { kOpen, kSegment, kPlan, kSimulate, kReview, kExport };
std::string toString(WorkflowStep step);
inline constexpr int kWorkflowStepCount = 6;

// What changed, so that views redo only their part.
enum class ModelChange { kCase, kAnatomy, kPlan, kFocus, kStep, kSaved, kSimulation, kCementTime };

// The state of the workstation with no Qt in it (ITK-SNAP's model/view split): the open case, its
// segmentation, the plan with undo/redo, the linked cursor and the current step. Widgets edit it
// and listen to it; tests drive it headless. All calls come from one thread (the UI thread).
class WorkflowModel {
 public:
  using Listener = std::function<void(ModelChange)>;

  // Returns an id for removeListener. Listeners run synchronously, in the order they were added.
  int addListener(Listener listener);
  void removeListener(int id);

  // A newly opened case: forgets the previous segmentation and plan, moves the cursor to the
  // volume centre and goes to the Segment step.
  void setCase(const std::filesystem::path& source, image::CtVolume volume);
  bool hasCase() const { return volume_.hu != nullptr; }
  const image::CtVolume& volume() const { return volume_; }
  const std::filesystem::path& casePath() const { return casePath_; }
  // "example_ct.nii.gz": what the title bar and the report call the case.
  std::string caseName() const;

  void setAnatomy(segment::SpineAnatomy anatomy);
  bool hasAnatomy() const { return anatomy_.has_value(); }
  const segment::SpineAnatomy& anatomy() const { return *anatomy_; }
  // Grows with every new segmentation, so views can tell a new one from the one they show.
  int anatomyRevision() const { return anatomyRevision_; }

  // The plan and its history.
  const core::Plan& plan() const { return history_.current(); }
  void setPlan(const core::Plan& plan, const std::string& what);
  // A step of a drag: successive calls with the same key are one undo step.
  void dragPlan(const core::Plan& plan, const std::string& what, const std::string& dragKey);
  void endDrag() { history_.endMerge(); }
  void resetPlan(const core::Plan& plan);  // a loaded file: nothing to undo, nothing unsaved
  bool undo();
  bool redo();
  const PlanHistory& history() const { return history_; }
  // Unsaved plan edits since the last save or load.
  bool hasUnsavedChanges() const { return history_.revision() != savedRevision_; }
  void markSaved(const std::filesystem::path& planPath);
  const std::filesystem::path& planPath() const { return planPath_; }

  // Review (PlanReview.h): notes and author edit the plan, typing merged into one undo step each;
  // approve() records who and when, as an undo step. Any other edit that changes what an approved
  // plan attests (needles, levels, cement) clears the approval and sets approvalNotice().
  void setNotes(const std::string& notes);
  void setAuthor(const std::string& author);
  void approve(const std::string& approver, const std::string& timeUtc);
  // Why the approval was withdrawn; empty while the plan is approved or was never approved.
  std::string approvalNotice() const;

  // The cement simulation of the plan (Simulate step). Kept when the plan changes, but stale then
  // (views hide its cement); forgotten with a new case or segmentation.
  void setSimulation(std::shared_ptr<const CementSimulation> simulation);
  const std::shared_ptr<const CementSimulation>& simulation() const { return simulation_; }
  bool simulationIsStale() const { return simulation_ && isStale(*simulation_, plan()); }
  // The moment of the injection the views show (s from its start; the playback's position).
  void setCementTime(double seconds);
  double cementTimeS() const { return cementTimeS_; }

  // The linked cursor of the MPR views, LPS mm.
  void setFocus(const core::Vec3& pointMm);
  const core::Vec3& focus() const { return focus_; }

  WorkflowStep step() const { return step_; }
  // A step can be entered once what it needs exists: a case for Segment, anatomy for Plan, a
  // needle for Simulate and Review, an approved plan... (Export needs a needle for now).
  bool canEnter(WorkflowStep step) const;
  bool setStep(WorkflowStep step);  // false (and no change) when it cannot be entered

  // "Trocar - example_ct.nii.gz *": the star marks unsaved changes.
  std::string windowTitle() const;

 private:
  void notify(ModelChange change);
  core::Plan withApprovalChecked(const core::Plan& plan);

  std::map<int, Listener> listeners_;
  int nextListenerId_ = 1;
  std::filesystem::path casePath_, planPath_;
  image::CtVolume volume_;
  std::optional<segment::SpineAnatomy> anatomy_;
  int anatomyRevision_ = 0;
  PlanHistory history_;
  long savedRevision_ = 0;
  std::string approvalNotice_;
  core::Vec3 focus_;
  std::shared_ptr<const CementSimulation> simulation_;
  double cementTimeS_ = 0;
  WorkflowStep step_ = WorkflowStep::kOpen;
};

}  // namespace trocar::ui
