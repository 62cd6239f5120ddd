#pragma once

#include <span>

#include "SampleKernels.h"
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
  // The same for a bundle of neighbouring rays (at most kMaxBundle): the pixels of a tile, row by
  // row, `columns` to a row. They are marched together a block of slices at a time, so that
  // they read the same cache lines while these are in L1, and air before and after the body is
  // skipped for the whole tile at once.
  void integrateBundle(std::span<const core::Vec3> directions, int columns,
                       std::span<double> out) const;
  static constexpr int kMaxBundle = 512;  // 16 x 32 pixels (renderDrr)

  // Asks the core's L2 cache for the voxels a pencil of rays will read: the pencil through a
  // rectangle of pixels, given by the rays through its corners (row by row, as in a bundle),
  // air at its ends left out. Why: the copies are far larger than the caches, and a bundle's
  // first rays otherwise wait on memory for every line they read.
  void prefetchPencil(std::span<const core::Vec3, 4> corners) const;

  // mu (/mm) of the voxel nearest to a point, 0 outside the volume.
  double muNear(const core::Vec3& pointMm) const;

 private:
  // A ray clipped to the volume: slices kStart.. kStart + count - 1 of `axis`'s copy.
  struct Ray {
    int kStart = 0, count = 0;
    SliceWalk walk;
    int axis = 0;
    double muPerUnitSum = 0;  // line integral per stored unit summed over samples
  };
  Ray prepare(const core::Vec3& direction) const;
  // The slices first..last a bundle must march: before and after them every ray of the bundle
  // is in air bricks, whose mean values (stored units) are given.
  struct AirEnds {
    int first = 0, last = -1;
    double frontMeanUnits = 0, backMeanUnits = 0;
  };
  AirEnds bundleAir(const Ray* rays, int n, int columns, int kLo, int kHi) const;
  double sum(const Ray& ray, int nBegin, int nEnd) const;

  const AttenuationVolume& volume_;
  AttenuationVolume::Layout layouts_[3];
  core::Vec3 sourceIndex_;
  bool avx2_ = false, avx512_ = false;
};

}  // namespace trocar::fluoro
