#include "trocar/plan/DistanceField.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace trocar::plan {

namespace {

constexpr float kInf = 1e20f;

// 1-D squared distance transform of f (lower envelope of parabolas), in place, unit spacing.
void transform1d(float* f, int n, size_t stride, std::vector<float>& d, std::vector<int>& v,
                 std::vector<float>& z) {
  int k = 0;
  v[0] = 0;
  z[0] = -kInf;
  z[1] = kInf;
  for (int q = 1; q < n; ++q) {
    const float fq = f[size_t(q) * stride];
    if (fq >= kInf) continue;
    if (f[size_t(v[k]) * stride] >= kInf) {  // only infinite parabolas so far: replace
      v[0] = q;
      k = 0;
      z[0] = -kInf;
      z[1] = kInf;
      continue;
    }
    float s;
    while (true) {
      const int p = v[k];
      s = ((fq + float(q) * q) - (f[size_t(p) * stride] + float(p) * p)) / (2.0f * float(q - p));
      if (s <= z[k] && k > 0) {
        --k;
        continue;
      }
      break;
    }
    ++k;
    v[k] = q;
    z[k] = s;
    z[k + 1] = kInf;
  }
  if (f[size_t(v[0]) * stride] >= kInf) return;  // nothing finite on this line
  k = 0;
  for (int q = 0; q < n; ++q) {
    while (z[k + 1] < float(q)) ++k;
    const float dq = float(q - v[k]);
    d[q] = dq * dq + f[size_t(v[k]) * stride];
  }
  for (int q = 0; q < n; ++q) f[size_t(q) * stride] = d[q];
}

// Squared distance (in voxels) from every voxel to the nearest voxel where seed is true.
std::vector<float> squaredDistance(const FieldGrid& g, const std::vector<uint8_t>& mask,
                                   uint8_t seedValue) {
  std::vector<float> f(g.voxelCount());
  for (size_t i = 0; i < f.size(); ++i) f[i] = mask[i] == seedValue ? 0.0f : kInf;
  const int nx = g.size[0], ny = g.size[1], nz = g.size[2];
  const int longest = std::max({nx, ny, nz});
  std::vector<float> d(longest), z(longest + 1);
  std::vector<int> v(longest);
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j) transform1d(&f[g.index(0, j, k)], nx, 1, d, v, z);
  for (int k = 0; k < nz; ++k)
    for (int i = 0; i < nx; ++i) transform1d(&f[g.index(i, 0, k)], ny, size_t(nx), d, v, z);
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) transform1d(&f[g.index(i, j, 0)], nz, size_t(nx) * ny, d, v, z);
  return f;
}

}  // namespace

DistanceField signedDistance(const FieldGrid& grid, const std::vector<uint8_t>& mask) {
  const bool anyInside = std::any_of(mask.begin(), mask.end(), [](uint8_t m) { return m != 0; });
  const bool anyOutside = std::any_of(mask.begin(), mask.end(), [](uint8_t m) { return m == 0; });
  std::vector<float> out(grid.voxelCount(), anyInside ? -1e6f : 1e6f);
  if (!anyInside || !anyOutside) return {grid, std::move(out)};
  std::vector<uint8_t> binary(mask.size());
  for (size_t i = 0; i < mask.size(); ++i) binary[i] = mask[i] ? 1 : 0;
  const std::vector<float> toInside = squaredDistance(grid, binary, 1);
  const std::vector<float> toOutside = squaredDistance(grid, binary, 0);
  const float h = float(grid.spacingMm);
  for (size_t i = 0; i < out.size(); ++i)
    out[i] =
        binary[i] ? -(std::sqrt(toOutside[i]) - 0.5f) * h : (std::sqrt(toInside[i]) - 0.5f) * h;
  return {grid, std::move(out)};
}

double DistanceField::sample(const core::Vec3& pointMm) const {
  if (values_.empty()) return 1e6;
  const core::Vec3 c = grid_.continuousIndex(pointMm);
  double beyond2 = 0;
  double idx[3];
  for (int a = 0; a < 3; ++a) {
    const double hi = grid_.size[a] - 1;
    const double clamped = std::clamp(c[a], 0.0, hi);
    beyond2 += (c[a] - clamped) * (c[a] - clamped);
    idx[a] = clamped;
  }
  int i0[3];
  double t[3];
  for (int a = 0; a < 3; ++a) {
    i0[a] = std::min(int(idx[a]), std::max(grid_.size[a] - 2, 0));
    t[a] = grid_.size[a] > 1 ? idx[a] - i0[a] : 0;
  }
  const int sx = grid_.size[0] > 1 ? 1 : 0;
  const size_t sy = grid_.size[1] > 1 ? size_t(grid_.size[0]) : 0;
  const size_t sz = grid_.size[2] > 1 ? size_t(grid_.size[0]) * grid_.size[1] : 0;
  const float* p = &values_[grid_.index(i0[0], i0[1], i0[2])];
  const double c00 = p[0] + (p[sx] - p[0]) * t[0];
  const double c10 = p[sy] + (p[sy + sx] - p[sy]) * t[0];
  const double c01 = p[sz] + (p[sz + sx] - p[sz]) * t[0];
  const double c11 = p[sz + sy] + (p[sz + sy + sx] - p[sz + sy]) * t[0];
  const double c0 = c00 + (c10 - c00) * t[1], c1 = c01 + (c11 - c01) * t[1];
  const double value = c0 + (c1 - c0) * t[2];
  return value + std::sqrt(beyond2) * grid_.spacingMm;
}

core::Vec3 DistanceField::normal(const core::Vec3& pointMm) const {
  const double h = grid_.spacingMm;
  const core::Vec3 axes[3] = {grid_.u, grid_.v, grid_.w};
  core::Vec3 g;
  for (const core::Vec3& a : axes) g += a * (sample(pointMm + a * h) - sample(pointMm - a * h));
  return core::normalized(g);
}

double DistanceField::distanceToSurface(const core::Vec3& pointMm, const core::Vec3& direction,
                                        double maxMm) const {
  double t = 0;
  for (int step = 0; step < 200 && t < maxMm; ++step) {
    const double d = sample(pointMm + direction * t);
    if (d >= 0) return t;
    // The field is a distance only up to interpolation: 0.9 keeps the step short of the surface.
    const double advance = -0.9 * d;
    if (advance < 0.02) return t - d;
    t += advance;
  }
  return std::min(t, maxMm);
}

}  // namespace trocar::plan
