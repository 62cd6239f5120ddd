#include "Resample.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "trocar/core/Mat3.h"

namespace trocar::segment::detail {

InputGeometry::InputGeometry(const image::CtImage& ct) {
  const auto region = ct.GetLargestPossibleRegion();
  const auto& dir = ct.GetDirection();
  const auto& sp = ct.GetSpacing();
  const auto& org = ct.GetOrigin();
  for (int d = 0; d < 3; ++d) {
    size[d] = int(region.GetSize()[d]);
    axis[d] = core::Vec3{dir[0][d], dir[1][d], dir[2][d]} * sp[d];
  }
  origin = {org[0], org[1], org[2]};
  const core::Mat3 inv = core::Mat3::fromColumns(axis[0], axis[1], axis[2]).inverse();
  for (int r = 0; r < 3; ++r) inverseRow[r] = {inv(r, 0), inv(r, 1), inv(r, 2)};
}

Volume<float> resampleToWorkGrid(const image::CtImage& ct, double spacingMm) {
  const InputGeometry in(ct);
  core::Vec3 lo{1e30, 1e30, 1e30}, hi{-1e30, -1e30, -1e30};
  for (int c = 0; c < 8; ++c) {
    const core::Vec3 p = in.point((c & 1) ? in.size[0] - 1 : 0, (c & 2) ? in.size[1] - 1 : 0,
                                  (c & 4) ? in.size[2] - 1 : 0);
    for (int d = 0; d < 3; ++d) {
      lo[d] = std::min(lo[d], p[d]);
      hi[d] = std::max(hi[d], p[d]);
    }
  }
  Grid g;
  g.spacingMm = spacingMm;
  g.originMm = lo;
  g.nx = int(std::floor((hi.x - lo.x) / spacingMm)) + 1;
  g.ny = int(std::floor((hi.y - lo.y) / spacingMm)) + 1;
  g.nz = int(std::floor((hi.z - lo.z) / spacingMm)) + 1;
  Volume<float> out(g, -1024.f);

  const int16_t* src = ct.GetBufferPointer();
  const size_t sy = size_t(in.size[0]), sz = size_t(in.size[0]) * in.size[1];
  // The input index is affine in the output index: step vectors per output axis.
  const core::Vec3 c0 = in.continuousIndex(g.point(0, 0, 0));
  const core::Vec3 di = in.continuousIndex(g.point(1, 0, 0)) - c0;
  const core::Vec3 dj = in.continuousIndex(g.point(0, 1, 0)) - c0;
  const core::Vec3 dk = in.continuousIndex(g.point(0, 0, 1)) - c0;
  for (int k = 0; k < g.nz; ++k)
    for (int j = 0; j < g.ny; ++j) {
      core::Vec3 c = c0 + dj * j + dk * k;
      float* row = &out.v[g.index(0, j, k)];
      for (int i = 0; i < g.nx; ++i, c += di) {
        // Clamp to the last voxel so the bounding-box edges, exactly on the input edge, still sample.
        const double x = std::clamp(c.x, 0.0, in.size[0] - 1.0), y = std::clamp(c.y, 0.0, in.size[1] - 1.0),
                     z = std::clamp(c.z, 0.0, in.size[2] - 1.0);
        if (std::abs(x - c.x) > 0.5 || std::abs(y - c.y) > 0.5 || std::abs(z - c.z) > 0.5) continue;
        const int x0 = std::min(int(x), in.size[0] - 2 < 0 ? 0 : in.size[0] - 2);
        const int y0 = std::min(int(y), in.size[1] - 2 < 0 ? 0 : in.size[1] - 2);
        const int z0 = std::min(int(z), in.size[2] - 2 < 0 ? 0 : in.size[2] - 2);
        const double fx = std::min(x - x0, 1.0), fy = std::min(y - y0, 1.0), fz = std::min(z - z0, 1.0);
        const size_t ox = in.size[0] > 1 ? 1 : 0, oy = in.size[1] > 1 ? sy : 0, oz = in.size[2] > 1 ? sz : 0;
        const size_t b = size_t(z0) * sz + size_t(y0) * sy + size_t(x0);
        const double v00 = src[b] * (1 - fx) + src[b + ox] * fx;
        const double v10 = src[b + oy] * (1 - fx) + src[b + oy + ox] * fx;
        const double v01 = src[b + oz] * (1 - fx) + src[b + oz + ox] * fx;
        const double v11 = src[b + oz + oy] * (1 - fx) + src[b + oz + oy + ox] * fx;
        row[i] = float((v00 * (1 - fy) + v10 * fy) * (1 - fz) + (v01 * (1 - fy) + v11 * fy) * fz);
      }
    }
  return out;
}

}  // namespace trocar::segment::detail
