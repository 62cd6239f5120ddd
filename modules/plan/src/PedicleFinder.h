#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "trocar/plan/VertebraFields.h"

namespace trocar::plan::detail {

// The masks of one vertebra on its local grid (index order of FieldGrid, 1 inside).
struct LocalMasks {
  FieldGrid grid;
  core::Vec3 boxLoMm;  // local (frame) coordinates of voxel (0, 0, 0)
  std::vector<uint8_t> bone, body, canal;
};

// Finds one pedicle from the bone itself: in coronal sections of the vertebra between the canal's
// centre and the body's posterior wall, the bone beside the canal; the isthmus is the section of
// least area, the axis the line through the sections' centroids. Returns nothing when no bone
// lies there. Independent of the segmentation's part labels, which at coarse voxel sizes may
// run the pedicles into the body.
std::optional<PedicleZone> findPedicle(const LocalMasks& masks, const DistanceField& body,
                                       const DistanceField& canal,
                                       const segment::VertebraFrame& frame, bool left);

}  // namespace trocar::plan::detail
