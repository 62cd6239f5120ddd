#pragma once

#include <vector>

#include "DiscFinder.h"
#include "SpineTrack.h"
#include "WorkGrid.h"

namespace trocar::segment::detail {

// Segment s (1-based) lies between disc s-1 and disc s counted from inferior: segment 1 is below
// the lowest disc, segment discs.size()+1 above the highest. 0 is not vertebra.
struct SplitResult {
  Volume<uint8_t> segments;
  int segmentCount = 0;
};

// Bodies are cut by the disc planes; the rest of the bone (arches, processes) goes to the body it
// reaches by the cheapest path through bone, where low density (joint spaces) costs more, so
// facet joints become the borders between neighbouring arches.
SplitResult splitVertebrae(const Volume<float>& hu, const Volume<uint8_t>& tissue, const SpineTrack& track,
                           const std::vector<DiscPlane>& discs);

}  // namespace trocar::segment::detail
