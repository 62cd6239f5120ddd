#pragma once

#include <string>

#include "trocar/core/Plan.h"

namespace trocar::plan {

// The plan as a fixed-width text table: one row per needle (angles, lengths, margins, verdict,
// C-arm views) and its reasons beneath. Made from the plan alone, so a reloaded plan prints
// the same table.
std::string formatPlanTable(const core::Plan& plan);

}  // namespace trocar::plan
