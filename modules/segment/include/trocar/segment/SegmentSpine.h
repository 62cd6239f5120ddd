#pragma once

#include <optional>

#include "trocar/core/Progress.h"
#include "trocar/core/Result.h"
#include "trocar/core/Vec3.h"
#include "trocar/image/CtVolume.h"
#include "trocar/segment/SpineAnatomy.h"

namespace trocar::segment {

// The user says which level one vertebra is: the one containing (or nearest to) pointMm.
struct NamedLevel {
  core::Vec3 pointMm;
  int verseLabel = 0;
};

struct SegmentOptions {
  // Added to every automatic level (+1: everything one level lower, L4 becomes L5).
  int levelShift = 0;
  // Overrides the automatic numbering (and levelShift) when set.
  std::optional<NamedLevel> namedLevel;
  // Isotropic spacing of the internal working grid; 1.5 mm keeps a 512x512x400 scan fast while
  // the output labels are refined on the input grid.
  double workingSpacingMm = 1.5;
};

// Segments the vertebrae of a CT volume in any orientation without seeds: bone and canal, each
// vertebra apart from its neighbours, VerSe levels from the sacrum and rib anchors, the parts of
// each vertebra and its anatomy. Fails with a plain reason when no spine is in the field of view;
// other problems (partial, collapsed, metal, low density) come back as warnings.
core::Result<SpineAnatomy> segmentSpine(const image::CtVolume& volume, const SegmentOptions& options = {},
                                        const core::Progress& progress = {});

}  // namespace trocar::segment
