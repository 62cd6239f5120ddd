#pragma once

#include "trocar/core/Plan.h"
#include "trocar/segment/SpineAnatomy.h"

namespace trocar::plan {

// The C-arm settings (core::CArmAngles convention) an operator uses for one needle:
//  - true AP: the beam along the vertebra's anterior axis, so it lies in the endplates' plane
//    (endplates seen edge-on, parallel) and in the mid-sagittal plane (spinous process midway
//    between the pedicles);
//  - true lateral: the beam along the vertebra's left axis (endplates and posterior wall edge-on);
//  - down the barrel: the beam along the needle, which then projects to a point;
//  - en face pedicle: the beam along the pedicle axis, the pedicle seen as a ring.
core::NeedleViews computeViews(const segment::VertebraFrame& frame, const core::Vec3& pedicleAxis,
                               const core::Vec3& needleDirection);

}  // namespace trocar::plan
