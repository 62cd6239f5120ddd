#pragma once

#include <vector>

#include "DiscFinder.h"
#include "SpineTrack.h"
#include "VertebraSplitter.h"
#include "WorkGrid.h"

namespace trocar::segment::detail {

// What level naming needs to know about each segment found by the splitter.
struct SegmentFeatures {
  int segment = 0;
  size_t voxels = 0;
  double volumeMl = 0;
  core::Vec3 centroidMm;
  bool touchesEdge = false;    // cut by the field of view
  bool touchesBottom = false;  // cut by the inferior end of the field
  bool sacrumLike = false;     // wide fused alae beside the body, below the last disc
  double alaHalfWidthMm = 0;
  bool ribs = false;
  int ribCount = 0;
  bool ribCutByField = false;  // a rib seen only as it leaves through the bottom of the field
};

// Features of segments 1..split.segmentCount (index 0 unused).
std::vector<SegmentFeatures> describeSegments(const Volume<float>& hu, const Volume<uint8_t>& tissue,
                                              const SpineTrack& track, const std::vector<DiscPlane>& discs,
                                              const SplitResult& split);

}  // namespace trocar::segment::detail
