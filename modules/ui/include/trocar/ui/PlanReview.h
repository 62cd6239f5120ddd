#pragma once

#include <optional>
#include <string>

#include "trocar/core/Plan.h"

namespace trocar::ui {

// The rules of plan approval, with no Qt and no model: what an approval covers and when an edit
// makes it stale. WorkflowModel applies them to every edit.

// `plan` approved by `approver` at `timeUtc` (ISO 8601). An empty approver name is refused by
// the caller (the Review page), not here.
core::Plan approvedPlan(const core::Plan& plan, const std::string& approver,
                        const std::string& timeUtc);

// True when `a` and `b` differ in what an approval attests: levels, cement settings, needles
// (their points, gauge, length and the assessment that follows) and the scan. Notes, author,
// timestamps and the approval itself are not part of it: a reviewer may comment after approving.
bool approvedContentDiffers(const core::Plan& a, const core::Plan& b);

// Called with the plan before an edit and the edited plan: when `before` was approved and the
// approved content changed (an edit of it, or a new proposal replacing it), `after` is left
// unapproved and the notice to show is returned ("The approval by ... was withdrawn: ..."). An
// `after` carrying a different approval of its own keeps it.
std::optional<std::string> withdrawStaleApproval(const core::Plan& before, core::Plan& after);

}  // namespace trocar::ui
