#pragma once

#include <vector>

#include "trocar/core/Plan.h"
#include "trocar/fluoro/Needle.h"

namespace trocar::fluoro {

// A planned needle fully inserted: its tip on the target, its cannula running back along the
// planned path (target to skin entry) for its working length, its outer diameter from its gauge.
NeedleModel needleFromPlan(const core::Needle& planned);
std::vector<NeedleModel> needlesFromPlan(const core::Plan& plan);

// The plan's own down-the-barrel angles for the needle (the planning module's), or the beam along
// the path when the plan has none yet.
core::CArmAngles barrelAnglesOf(const core::Needle& planned);

}  // namespace trocar::fluoro
