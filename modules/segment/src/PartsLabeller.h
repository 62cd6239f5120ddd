#pragma once

#include <vector>

#include "DiscFinder.h"
#include "SpineTrack.h"
#include "VertebraSplitter.h"
#include "WorkGrid.h"

namespace trocar::segment::detail {

// Which part of its vertebra each segmented voxel is (values of trocar::segment::Part), plus the
// spinal canal (Part::kCanal on voxels outside every vertebra). The body is what lies in front of
// the canal's anterior wall; pedicles are the bone beside the canal between that wall and the
// canal's centre; everything behind is posterior elements.
Volume<uint8_t> labelParts(const Volume<float>& hu, const Volume<uint8_t>& tissue, const SpineTrack& track,
                           const std::vector<DiscPlane>& discs, const SplitResult& split);

}  // namespace trocar::segment::detail
