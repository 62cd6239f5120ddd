#pragma once

#include <string>

#include "trocar/core/Result.h"
#include "trocar/plan/DistanceField.h"
#include "trocar/segment/SpineAnatomy.h"

namespace trocar::plan {

// One pedicle as the safety analysis sees it, in the vertebra's frame (x left, y anterior,
// z superior, mm): the box its voxels occupy and its isthmus.
struct PedicleZone {
  bool found = false;
  double apMinMm = 0, apMaxMm = 0;            // extent along the frame's anterior axis
  double lateralMinMm = 0, lateralMaxMm = 0;  // |x|: medial and lateral walls
  double inferiorMm = 0, superiorMm = 0;      // z extent
  core::Vec3 isthmusCentreMm;                 // LPS
  core::Vec3 axis;                            // LPS unit, posterior to anterior
  double isthmusWidthMm = 0, isthmusHeightMm = 0;
};

// Distance fields of the structures a needle must respect around one vertebra, computed once
// on a vertebra-aligned grid so that judging a needle is a few hundred field lookups.
struct VertebraFields {
  int level = 0;  // VerSe
  std::string name;
  bool thoracic = false;
  segment::VertebraFrame frame;
  DistanceField bone;      // this vertebra's bone (body, pedicles, posterior elements)
  DistanceField body;      // its body
  DistanceField canal;     // the spinal canal
  DistanceField foramen;   // the neural foramina: soft tissue under each pedicle, beside the canal
  PedicleZone pedicle[2];  // 0 left (+x), 1 right
  // How far the label maps can misplace a surface: half their coarsest voxel. Breaches shallower
  // than this are below what the scan resolves.
  double resolutionMm = 0.5;

  const PedicleZone& pedicleOf(bool left) const { return pedicle[left ? 0 : 1]; }
};

struct FieldOptions {
  double spacingMm = 0.75;     // of the local grid
  double paddingMm = 8;        // around the vertebra's bone
  double maxHalfWidthMm = 55;  // transverse processes beyond this are cut off the grid
};

// The frame every angle and margin of vertebra `level` is measured in, the one source of it for
// the plan and whatever shows a needle in its vertebra (VertebraFields::frame is this frame):
// superior the segmentation's endplate normal, left the normal of the vertebra's plane of mirror
// symmetry (its midsagittal plane), origin the body's core on that plane. The segmentation's own
// frame when the vertebra shows neither a body core nor a canal. About 0.25 s a level (3 mm
// lumbar case, loaded 2-core machine); the fields cost 3-4 times that.
core::Result<segment::VertebraFrame> vertebraFrame(const segment::SpineAnatomy& anatomy, int level);

// Builds the fields of vertebra `level`, on vertebraFrame(anatomy, level), from the segmentation's
// level and part maps (interpolated linearly and cut at one half, which puts the surface between
// voxel centres rather than on a voxel's face). Fails when the level has no voxels.
core::Result<VertebraFields> buildVertebraFields(const segment::SpineAnatomy& anatomy, int level,
                                                 const FieldOptions& options = {});

}  // namespace trocar::plan
