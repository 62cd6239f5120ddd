#pragma once

#include <optional>
#include <string>
#include <vector>

#include "SegmentFeatures.h"

namespace trocar::segment::detail {

struct LevelNaming {
  std::vector<int> verseOfSegment;  // by segment number; 0 for segments that are not vertebrae
  double confidence = 0;
  std::string reasoning;
};

// The user's word on the numbering: a shift, or one segment named.
struct NamingOverride {
  int shift = 0;
  std::optional<std::pair<int, int>> namedSegment;  // (segment, VerSe label)
};

// Numbers the vertebrae (segments 1..n from inferior to superior, those with voxels) from two
// anchors: the sacrum at the bottom and the last rib-bearing vertebra (T12, or T13 / L1 variants
// when the count between the anchors says so).
LevelNaming nameLevels(const std::vector<SegmentFeatures>& segments, const NamingOverride& user);

}  // namespace trocar::segment::detail
