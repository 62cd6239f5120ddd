#pragma once

#include <cstddef>
#include <cmath>
#include <cstdint>
#include <vector>

#include "trocar/core/Vec3.h"

namespace trocar::segment::detail {

// An isotropic grid aligned with the LPS axes: i to patient left, j to posterior, k to superior.
// Every global step works on this grid, whatever the orientation of the input.
struct Grid {
  int nx = 0, ny = 0, nz = 0;
  double spacingMm = 1.5;
  core::Vec3 originMm;  // centre of voxel (0, 0, 0)

  size_t size() const { return size_t(nx) * ny * nz; }
  size_t index(int i, int j, int k) const { return (size_t(k) * ny + j) * nx + i; }
  bool inside(int i, int j, int k) const { return i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz; }
  core::Vec3 point(double i, double j, double k) const {
    return originMm + core::Vec3{i, j, k} * spacingMm;
  }
  core::Vec3 pointOf(size_t idx) const {
    const int i = int(idx % nx), j = int((idx / nx) % ny), k = int(idx / (size_t(nx) * ny));
    return point(i, j, k);
  }
  core::Vec3 continuousIndex(const core::Vec3& pMm) const { return (pMm - originMm) / spacingMm; }
  double xMm(int i) const { return originMm.x + i * spacingMm; }
  double yMm(int j) const { return originMm.y + j * spacingMm; }
  double zMm(int k) const { return originMm.z + k * spacingMm; }
};

template <typename T>
struct Volume {
  Grid grid;
  std::vector<T> v;

  explicit Volume(const Grid& g = {}, T fill = T{}) : grid(g), v(g.size(), fill) {}
  T& operator()(int i, int j, int k) { return v[grid.index(i, j, k)]; }
  T operator()(int i, int j, int k) const { return v[grid.index(i, j, k)]; }
  T at(int i, int j, int k, T outside) const { return grid.inside(i, j, k) ? v[grid.index(i, j, k)] : outside; }
  // Nearest voxel to a point in mm.
  T atMm(const core::Vec3& p, T outside) const {
    const core::Vec3 c = grid.continuousIndex(p);
    return at(int(std::lround(c.x)), int(std::lround(c.y)), int(std::lround(c.z)), outside);
  }
};

// Trilinear sample of a float volume at a point in mm; `outside` beyond the grid.
float sampleLinear(const Volume<float>& vol, const core::Vec3& pMm, float outside);

// A 3D box-filter smoothing with a (2r+1)^3 window, done as three 1D passes.
Volume<float> boxSmooth(const Volume<float>& in, int radius);

}  // namespace trocar::segment::detail
