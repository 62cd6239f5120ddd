#pragma once

#include <array>
#include <cstddef>

#include "trocar/core/Mat3.h"
#include "trocar/core/Vec3.h"
#include "trocar/image/CtVolume.h"

namespace trocar::phantom {

// A voxel grid in patient LPS mm, as ITK and DICOM define it: voxel (i, j, k) has its centre at
// origin + direction * (i * spacing.x, j * spacing.y, k * spacing.z). The direction's columns
// are unit vectors; the third need not be perpendicular to the first two, which is how a
// tilted-gantry (sheared) stack is described.
struct Grid {
  std::array<int, 3> size{256, 256, 128};
  core::Vec3 originMm;
  core::Vec3 spacingMm{1, 1, 1};
  core::Mat3 direction;

  core::Vec3 pointMm(double i, double j, double k) const {
    return originMm + direction * core::Vec3{i * spacingMm.x, j * spacingMm.y, k * spacingMm.z};
  }
  // Continuous index of a point (inverse of pointMm).
  core::Vec3 indexOf(const core::Vec3& pointMm) const;
  size_t voxelCount() const { return size_t(size[0]) * size_t(size[1]) * size_t(size[2]); }
  core::Vec3 centreMm() const {
    return pointMm((size[0] - 1) / 2.0, (size[1] - 1) / 2.0, (size[2] - 1) / 2.0);
  }
  // The slice step as a vector (k to k+1), and its angle to the slice-plane normal.
  core::Vec3 sliceStepMm() const { return direction.col[2] * spacingMm.z; }
  double shearDeg() const;

  // An axial (identity direction) grid centred on centreMm.
  static Grid axial(std::array<int, 3> size, core::Vec3 spacingMm, core::Vec3 centreMm);
  // The same voxels turned rigidly by `rotation` (an orthonormal matrix) about the grid centre.
  Grid rotatedAboutCentre(const core::Mat3& rotation) const;
  // A tilted-gantry stack: slices tilted by tiltDeg about the left-right axis (the gantry tilt),
  // stepping straight along z (the table feed), centred on centreMm.
  static Grid tiltedGantry(std::array<int, 3> size, core::Vec3 spacingMm, core::Vec3 centreMm,
                           double tiltDeg);

  // An empty ITK image with this geometry (origin, spacing, direction), not yet allocated.
  void applyTo(itk::ImageBase<3>& image) const;
  static Grid fromImage(const itk::ImageBase<3>& image);
};

// A rotation matrix about a unit axis (right-handed), for tests and oblique grids.
core::Mat3 rotationAbout(const core::Vec3& axis, double angleDeg);

}  // namespace trocar::phantom
