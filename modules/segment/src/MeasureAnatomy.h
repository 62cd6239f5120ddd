#pragma once

#include <string>
#include <vector>

#include "DiscFinder.h"
#include "SegmentFeatures.h"
#include "SpineTrack.h"
#include "VertebraSplitter.h"
#include "WorkGrid.h"
#include "trocar/segment/SpineAnatomy.h"

namespace trocar::segment::detail {

// Per-level anatomy on the working grid: frame, heights and Genant grade, pedicle isthmus,
// volumes, cancellous density, low-density regions, metal. Vertebrae come back superior first;
// problems for the user are appended to `warnings`.
std::vector<VertebraAnatomy> measureAnatomy(const Volume<float>& hu, const Volume<uint8_t>& tissue,
                                            const SpineTrack& track, const std::vector<DiscPlane>& discs,
                                            const SplitResult& split, const Volume<uint8_t>& parts,
                                            const std::vector<SegmentFeatures>& features,
                                            const std::vector<int>& verseOfSegment, std::vector<std::string>& warnings);

}  // namespace trocar::segment::detail
