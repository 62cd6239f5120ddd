#include "ShapeMeasures.h"

#include <algorithm>
#include <cmath>

namespace trocar::cement::test {

namespace {
struct Moments {
  double w = 0;
  std::array<double, 3> mean{};
  std::array<std::array<double, 3>, 3> cov{};
};
Moments momentsOf(const CementResult& r) {
  Moments m;
  const CementGrid& g = r.grid;
  auto position = [&](size_t i) {
    const auto p = g.ijk(i);
    return std::array<double, 3>{p[0] * g.spacingMm, p[1] * g.spacingMm, p[2] * g.spacingMm};
  };
  for (size_t i = 0; i < g.voxelCount(); ++i) {
    if (r.saturation[i] <= 0) continue;
    const auto x = position(i);
    m.w += r.saturation[i];
    for (int a = 0; a < 3; ++a) m.mean[a] += r.saturation[i] * x[a];
  }
  for (double& v : m.mean) v /= m.w;
  for (size_t i = 0; i < g.voxelCount(); ++i) {
    if (r.saturation[i] <= 0) continue;
    const auto x = position(i);
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) m.cov[a][b] += r.saturation[i] * (x[a] - m.mean[a]) * (x[b] - m.mean[b]);
  }
  for (auto& row : m.cov)
    for (double& v : row) v /= m.w;
  return m;
}
}  // namespace

PrincipalAxes principalAxes(const CementResult& result) {
  Moments m = momentsOf(result);
  auto a = m.cov;
  std::array<std::array<double, 3>, 3> v{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
  // Cyclic Jacobi rotations: a 3x3 symmetric matrix converges in a few sweeps.
  for (int sweep = 0; sweep < 50; ++sweep)
    for (int p = 0; p < 2; ++p)
      for (int q = p + 1; q < 3; ++q) {
        if (std::abs(a[p][q]) < 1e-15) continue;
        const double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const double t = (theta >= 0 ? 1 : -1) / (std::abs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < 3; ++k) {
          const double akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < 3; ++k) {
          const double apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < 3; ++k) {
          const double vkp = v[k][p], vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
  std::array<int, 3> order{0, 1, 2};
  std::sort(order.begin(), order.end(), [&](int x, int y) { return a[x][x] < a[y][y]; });
  PrincipalAxes out;
  for (int n = 0; n < 3; ++n) {
    out.sigmaMm[n] = std::sqrt(std::max(a[order[n]][order[n]], 0.0));
    for (int k = 0; k < 3; ++k) out.axes[n][k] = v[k][order[n]];
  }
  return out;
}

double gyrationRadiusMm(const CementResult& result) {
  const Moments m = momentsOf(result);
  return std::sqrt(m.cov[0][0] + m.cov[1][1] + m.cov[2][2]);
}

double meanDistanceFromTipsMm(const CementResult& result, const std::vector<core::Vec3>& tipsMm) {
  const CementGrid& g = result.grid;
  double sum = 0, weight = 0;
  for (size_t i = 0; i < g.voxelCount(); ++i) {
    if (result.saturation[i] <= 0) continue;
    const auto p = g.ijk(i);
    const core::Vec3 x = g.pointMm(p[0], p[1], p[2]);
    double nearest = 1e300;
    for (const core::Vec3& t : tipsMm) nearest = std::min(nearest, core::norm(x - t));
    sum += result.saturation[i] * nearest;
    weight += result.saturation[i];
  }
  return weight > 0 ? sum / weight : 0;
}

std::array<double, 26> radialExtentsMm(const CementResult& result, std::array<int, 3> c) {
  std::array<double, 26> out{};
  int n = 0;
  const CementGrid& g = result.grid;
  for (int dz = -1; dz <= 1; ++dz)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        if (!dx && !dy && !dz) continue;
        int s = 0;
        while (true) {
          const int i = c[0] + dx * (s + 1), j = c[1] + dy * (s + 1), k = c[2] + dz * (s + 1);
          if (!g.inside(i, j, k) || result.saturation[g.index(i, j, k)] < 1) break;
          ++s;
        }
        out[n++] = (s + 0.5) * g.spacingMm * std::sqrt(double(dx * dx + dy * dy + dz * dz));
      }
  return out;
}

}  // namespace trocar::cement::test
