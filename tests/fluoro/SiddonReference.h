#pragma once

#include <array>
#include <vector>

#include "trocar/core/Mat3.h"
#include "trocar/core/Vec3.h"
#include "trocar/fluoro/CArm.h"
#include "trocar/fluoro/Drr.h"
#include "trocar/image/CtVolume.h"

namespace trocar::fluoro::reference {

// Attenuation per voxel (mu per mm, ITK order: i fastest) on a grid in LPS mm; voxels are
// constant over their cell [n - 0.5, n + 0.5] in index space.
struct MuGrid {
  std::array<int, 3> size{0, 0, 0};
  core::Vec3 originMm, spacingMm{1, 1, 1};
  core::Mat3 direction;
  std::vector<float> mu;

  float at(int i, int j, int k) const { return mu[(std::size_t(k) * size[1] + j) * size[0] + i]; }
  static MuGrid fromCt(const image::CtImage& ct);
};

// Siddon's exact ray tracer (with Jacobs' incremental traversal): the line integral of the
// piecewise-constant volume along source + t * direction (unit), t >= 0. The reference that the
// fast projector is checked against; slow, simple and exact.
double siddonLineIntegral(const MuGrid& grid, const core::Vec3& sourceMm,
                          const core::Vec3& direction);

// A whole DRR by Siddon, one ray per pixel centre (single-threaded unless threads > 1).
Drr siddonDrr(const MuGrid& grid, const CArm& carm, int threads = 0);

}  // namespace trocar::fluoro::reference
