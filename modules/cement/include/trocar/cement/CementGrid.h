#pragma once

#include <array>
#include <cstddef>

#include "trocar/core/Vec3.h"

namespace trocar::cement {

// The isotropic voxel grid a simulation runs on, in its own orthonormal axes (for a vertebra:
// its left, anterior and superior axes, so that the grid hugs the body whatever the lordosis).
// Voxel (i, j, k) has its centre at originMm + (i * u + j * v + k * w) * spacingMm.
struct CementGrid {
  core::Vec3 originMm;
  core::Vec3 u{1, 0, 0}, v{0, 1, 0}, w{0, 0, 1};
  double spacingMm = 0.5;
  std::array<int, 3> size{0, 0, 0};

  size_t voxelCount() const { return size_t(size[0]) * size_t(size[1]) * size_t(size[2]); }
  size_t index(int i, int j, int k) const { return (size_t(k) * size[1] + size_t(j)) * size[0] + size_t(i); }
  std::array<int, 3> ijk(size_t index) const {
    const int i = int(index % size_t(size[0]));
    const size_t rest = index / size_t(size[0]);
    return {i, int(rest % size_t(size[1])), int(rest / size_t(size[1]))};
  }
  bool inside(int i, int j, int k) const {
    return i >= 0 && j >= 0 && k >= 0 && i < size[0] && j < size[1] && k < size[2];
  }
  core::Vec3 pointMm(double i, double j, double k) const {
    return originMm + (u * i + v * j + w * k) * spacingMm;
  }
  core::Vec3 continuousIndex(const core::Vec3& pointMm) const {
    const core::Vec3 d = pointMm - originMm;
    return core::Vec3{core::dot(d, u), core::dot(d, v), core::dot(d, w)} / spacingMm;
  }
  double voxelVolumeMl() const { return spacingMm * spacingMm * spacingMm * 1e-3; }
};

}  // namespace trocar::cement
