#pragma once

#include <vector>

#include "SiddonReference.h"

namespace trocar::fluoro::reference {

struct Sphere {
  core::Vec3 centreMm;
  double radiusMm = 10;
  double muPerMm = 0.02;
};

// A solid, capped cylinder between two points.
struct Cylinder {
  core::Vec3 aMm, bMm;
  double radiusMm = 5;
  double muPerMm = 0.02;
};

// Spheres and cylinders whose attenuations add where they overlap: line integrals are known in
// closed form (mu times chord length), which is what the projectors are checked against.
struct AnalyticPhantom {
  std::vector<Sphere> spheres;
  std::vector<Cylinder> cylinders;

  double lineIntegral(const core::Vec3& sourceMm, const core::Vec3& direction) const;
  // True when the ray meets at least one object and crosses every object it meets well inside:
  // within `fraction` of the radius from a sphere's centre or a cylinder's axis, through the
  // side of a cylinder and not its caps. Near silhouettes and rims the chord changes faster than
  // a voxel grid can follow, and the error measured there is the voxelisation's, not the
  // projector's.
  bool throughInteriors(const core::Vec3& sourceMm, const core::Vec3& direction,
                        double fraction = 0.7) const;
  // Partial-volume voxelisation: each voxel near a surface gets the mean of n^3 sub-samples.
  MuGrid rasterize(std::array<int, 3> size, const core::Vec3& originMm, const core::Vec3& spacingMm,
                   int subsamples = 6) const;
};

}  // namespace trocar::fluoro::reference
