#include "WorkGrid.h"

#include <algorithm>
#include <cmath>

namespace trocar::segment::detail {

float sampleLinear(const Volume<float>& vol, const core::Vec3& pMm, float outside) {
  const core::Vec3 c = vol.grid.continuousIndex(pMm);
  const int i0 = int(std::floor(c.x)), j0 = int(std::floor(c.y)), k0 = int(std::floor(c.z));
  const Grid& g = vol.grid;
  if (i0 < 0 || j0 < 0 || k0 < 0 || i0 + 1 >= g.nx || j0 + 1 >= g.ny || k0 + 1 >= g.nz) return outside;
  const double fx = c.x - i0, fy = c.y - j0, fz = c.z - k0;
  const size_t sx = 1, sy = size_t(g.nx), sz = size_t(g.nx) * g.ny;
  const size_t b = g.index(i0, j0, k0);
  const float* p = vol.v.data();
  const double c00 = p[b] * (1 - fx) + p[b + sx] * fx;
  const double c10 = p[b + sy] * (1 - fx) + p[b + sy + sx] * fx;
  const double c01 = p[b + sz] * (1 - fx) + p[b + sz + sx] * fx;
  const double c11 = p[b + sz + sy] * (1 - fx) + p[b + sz + sy + sx] * fx;
  const double c0 = c00 * (1 - fy) + c10 * fy, c1 = c01 * (1 - fy) + c11 * fy;
  return float(c0 * (1 - fz) + c1 * fz);
}

namespace {
// Running-sum box mean along one axis with clamped borders.
void boxPass(const std::vector<float>& in, std::vector<float>& out, const Grid& g, int axis, int r) {
  const int n = axis == 0 ? g.nx : axis == 1 ? g.ny : g.nz;
  const size_t stride = axis == 0 ? 1 : axis == 1 ? size_t(g.nx) : size_t(g.nx) * g.ny;
  const int na = axis == 0 ? g.ny : g.nx, nb = axis == 2 ? g.ny : g.nz;
  std::vector<float> line(n);
  for (int b = 0; b < nb; ++b)
    for (int a = 0; a < na; ++a) {
      size_t start;
      if (axis == 0) start = g.index(0, a, b);
      else if (axis == 1) start = g.index(a, 0, b);
      else start = g.index(a, b, 0);
      for (int t = 0; t < n; ++t) line[t] = in[start + t * stride];
      double sum = 0;
      for (int t = -r; t <= r; ++t) sum += line[std::clamp(t, 0, n - 1)];
      for (int t = 0; t < n; ++t) {
        out[start + t * stride] = float(sum / (2 * r + 1));
        sum += line[std::min(t + r + 1, n - 1)] - line[std::max(t - r, 0)];
      }
    }
}
}  // namespace

Volume<float> boxSmooth(const Volume<float>& in, int radius) {
  Volume<float> a(in.grid), b(in.grid);
  boxPass(in.v, a.v, in.grid, 0, radius);
  boxPass(a.v, b.v, in.grid, 1, radius);
  boxPass(b.v, a.v, in.grid, 2, radius);
  return a;
}

}  // namespace trocar::segment::detail
