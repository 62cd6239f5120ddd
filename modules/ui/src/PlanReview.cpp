#include "trocar/ui/PlanReview.h"

namespace trocar::ui {

core::Plan approvedPlan(const core::Plan& plan, const std::string& approver,
                        const std::string& timeUtc) {
  core::Plan approved = plan;
  approved.approval.approvedBy = approver;
  approved.approval.approvedUtc = timeUtc;
  return approved;
}

bool approvedContentDiffers(const core::Plan& a, const core::Plan& b) {
  const auto attested = [](core::Plan p) {
    p.notes.clear();
    p.author.clear();
    p.createdUtc.clear();
    p.modifiedUtc.clear();
    p.approval = {};
    return p;
  };
  return attested(a) != attested(b);
}

std::optional<std::string> withdrawStaleApproval(const core::Plan& before, core::Plan& after) {
  if (!before.approval.approved() || !approvedContentDiffers(before, after)) return std::nullopt;
  // An edit bringing its own, newer approval keeps it.
  if (after.approval.approved() && after.approval != before.approval) return std::nullopt;
  after.approval = {};
  return "The approval by " + before.approval.approvedBy + " (" + before.approval.approvedUtc +
         ") was withdrawn: the plan changed after it was approved. Review it and approve it again.";
}

}  // namespace trocar::ui
