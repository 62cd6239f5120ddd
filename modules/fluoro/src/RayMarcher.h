#pragma once

#include "trocar/fluoro/AttenuationVolume.h"
#include "trocar/fluoro/Drr.h"

namespace trocar::fluoro {

// Integrates attenuation along rays that share one source (one view), by Joseph's method on the
// copy of the volume whose fastest axis the ray is most parallel to.
class RayMarcher {
 public:
  RayMarcher(const AttenuationVolume& volume, const core::Vec3& sourceMm,
             SimdLevel simd = SimdLevel::kBest);

  // Line integral (dimensionless) along source + t * direction, t >= 0; direction is unit.
  double integrate(const core::Vec3& direction) const;
  // mu (/mm) of the voxel nearest to a point, 0 outside the volume.
  double muNear(const core::Vec3& pointMm) const;

 private:
  const AttenuationVolume& volume_;
  AttenuationVolume::Layout layouts_[3];
  core::Vec3 sourceIndex_;
  bool avx2_ = false, avx512_ = false;
};

}  // namespace trocar::fluoro
