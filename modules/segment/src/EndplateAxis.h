#pragma once

#include <vector>

#include "trocar/core/Vec3.h"

namespace trocar::segment::detail {

// A vertebra's superior axis from its own endplates: planes fitted to the top and bottom of the
// body's central columns, their normals averaged. The disc planes either side are tilted by the
// neighbours too (at L5 the sacrum's slope leans the L5/S1 disc by ten degrees and more).
// bodyPointsMm: the body's voxel centres; approxSuperior: a first guess (from the discs), kept
// when the body is too small or the fit disagrees with it by more than maxTurnDeg.
core::Vec3 endplateAxis(const std::vector<core::Vec3>& bodyPointsMm, const core::Vec3& originMm,
                        const core::Vec3& approxSuperior, double spacingMm, double maxTurnDeg = 25);

}  // namespace trocar::segment::detail
