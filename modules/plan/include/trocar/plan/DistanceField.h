#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "trocar/core/Vec3.h"

namespace trocar::plan {

// A small isotropic grid in its own orthonormal axes (a vertebra's left, anterior, superior):
// voxel (i, j, k) sits at originMm + (i * u + j * v + k * w) * spacingMm. Oriented with the
// vertebra so that a tight box holds it whatever the lordosis.
struct FieldGrid {
  core::Vec3 originMm;
  core::Vec3 u{1, 0, 0}, v{0, 1, 0}, w{0, 0, 1};
  double spacingMm = 0.75;
  std::array<int, 3> size{0, 0, 0};

  size_t voxelCount() const { return size_t(size[0]) * size_t(size[1]) * size_t(size[2]); }
  size_t index(int i, int j, int k) const {
    return (size_t(k) * size[1] + size_t(j)) * size[0] + size_t(i);
  }
  core::Vec3 pointMm(double i, double j, double k) const {
    return originMm + (u * i + v * j + w * k) * spacingMm;
  }
  core::Vec3 continuousIndex(const core::Vec3& pointMm) const {
    const core::Vec3 d = pointMm - originMm;
    return core::Vec3{core::dot(d, u), core::dot(d, v), core::dot(d, w)} / spacingMm;
  }
};

// A signed distance field on a FieldGrid: millimetres to the surface of a structure, negative
// inside it. Sampled trilinearly; outside the grid the nearest border value grows by the
// distance beyond the border, which keeps "outside" outside and never crashes a query.
class DistanceField {
 public:
  DistanceField() = default;
  DistanceField(FieldGrid grid, std::vector<float> values)
      : grid_(grid), values_(std::move(values)) {}

  const FieldGrid& grid() const { return grid_; }
  const std::vector<float>& values() const { return values_; }
  bool empty() const { return values_.empty(); }

  double sample(const core::Vec3& pointMm) const;
  // Outward unit normal of the nearest surface (the normalised gradient), by central differences.
  core::Vec3 normal(const core::Vec3& pointMm) const;
  // From a point inside the structure, how far along `direction` (unit) until its surface:
  // sphere tracing, each step the distance the field guarantees free. 0 when already outside;
  // maxMm when the surface is not reached.
  double distanceToSurface(const core::Vec3& pointMm, const core::Vec3& direction,
                           double maxMm) const;

 private:
  FieldGrid grid_;
  std::vector<float> values_;
};

// Exact Euclidean signed distance of a binary mask on `grid` (1 inside): the separable squared
// distance transform of Felzenszwalb and Huttenlocher, three 1-D passes. The surface is taken
// half a voxel outside the inside voxels' centres. A mask with no inside voxel gives +1e6.
DistanceField signedDistance(const FieldGrid& grid, const std::vector<uint8_t>& mask);

}  // namespace trocar::plan
