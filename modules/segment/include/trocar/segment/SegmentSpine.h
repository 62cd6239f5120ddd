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
//
// How, in order (all global steps on an LPS-aligned grid of workingSpacingMm):
//  1. bone: cortex and dense marrow by threshold, low-density marrow as holes enclosed in the
//     axial plane or in both the sagittal and coronal planes (a disc or the canal is not);
//  2. canal: soft tissue enclosed by bone with a vertebral body in front, found slab by slab from
//     the most certain slab outwards, near the patient's midline; bodies in front of it give the
//     spine's centreline;
//  3. discs: gaps of the bone profile across the centreline (or dips with the density of disc),
//     each plane tilted into its disc; two short gaps adding up to one vertebra are merged;
//  4. vertebrae: bodies cut by the disc planes, the rest of the bone given to the body reached by
//     the cheapest path through bone (joint spaces and leaving the vertebra's height range cost
//     more; ribs and pelvis compete from beyond the transverse processes);
//  5. levels: the sacrum (wide alae below the last disc) and the last rib-bearing vertebra (a rib
//     cut by the bottom of the field counts when its vertebra's bone reaches further out slice by
//     slice down to the edge, as a rib shaft does and a transverse process does not);
//  6. parts and anatomy; labels carried back onto the input grid, where the input's own density
//     decides each label's outer border voxels.
core::Result<SpineAnatomy> segmentSpine(const image::CtVolume& volume, const SegmentOptions& options = {},
                                        const core::Progress& progress = {});

}  // namespace trocar::segment
