#pragma once

#include "WorkGrid.h"
#include "trocar/image/CtVolume.h"

namespace trocar::segment::detail {

// The CT on an LPS-aligned isotropic grid covering the input's bounding box, by trilinear
// interpolation (-1024 HU outside). Handles any input direction matrix.
Volume<float> resampleToWorkGrid(const image::CtImage& ct, double spacingMm);

// Voxel centre of input index (i, j, k) in LPS mm, and its inverse, for mapping back.
struct InputGeometry {
  int size[3] = {0, 0, 0};
  core::Vec3 origin, axis[3];  // axis[d]: LPS step of one voxel along index d (direction x spacing)
  core::Vec3 inverseRow[3];    // rows of the inverse of [axis0 axis1 axis2]

  explicit InputGeometry(const image::CtImage& ct);
  core::Vec3 point(double i, double j, double k) const { return origin + axis[0] * i + axis[1] * j + axis[2] * k; }
  core::Vec3 continuousIndex(const core::Vec3& p) const {
    const core::Vec3 d = p - origin;
    return {core::dot(inverseRow[0], d), core::dot(inverseRow[1], d), core::dot(inverseRow[2], d)};
  }
};

}  // namespace trocar::segment::detail
