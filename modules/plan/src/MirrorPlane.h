#pragma once

#include <optional>

#include "trocar/plan/DistanceField.h"

namespace trocar::plan::detail {

// A vertebra's plane of mirror symmetry: its midsagittal plane.
struct MirrorPlane {
  core::Vec3 normal;   // unit, towards the patient's left
  core::Vec3 pointMm;  // on the plane
  double overlap = 0;  // fraction of the bone whose mirror image is bone too
};

// Searches, among the planes that contain `superior`, the one about which the bone (its signed
// distance field) is most nearly its own mirror image: turned up to kMaxYawDeg from the plane
// through `centreMm` normal to `leftGuess`, and shifted sideways up to kMaxShiftMm. Pedicle
// angles are measured from this plane. Nothing when the best plane lies on the search's edge
// (no symmetry found within it).
std::optional<MirrorPlane> findMirrorPlane(const DistanceField& bone, const core::Vec3& centreMm,
                                           const core::Vec3& superior, const core::Vec3& leftGuess);

}  // namespace trocar::plan::detail
