#include "SiddonReference.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <thread>

#include "trocar/fluoro/Materials.h"
#include "trocar/fluoro/Projection.h"

namespace trocar::fluoro::reference {

MuGrid MuGrid::fromCt(const image::CtImage& ct) {
  MuGrid g;
  const auto size = ct.GetLargestPossibleRegion().GetSize();
  g.size = {int(size[0]), int(size[1]), int(size[2])};
  g.originMm = {ct.GetOrigin()[0], ct.GetOrigin()[1], ct.GetOrigin()[2]};
  g.spacingMm = {ct.GetSpacing()[0], ct.GetSpacing()[1], ct.GetSpacing()[2]};
  const auto& d = ct.GetDirection();
  g.direction = core::Mat3::fromColumns({d[0][0], d[1][0], d[2][0]}, {d[0][1], d[1][1], d[2][1]},
                                        {d[0][2], d[1][2], d[2][2]});
  const std::size_t n = std::size_t(g.size[0]) * g.size[1] * g.size[2];
  g.mu.resize(n);
  const int16_t* hu = ct.GetBufferPointer();
  for (std::size_t i = 0; i < n; ++i) g.mu[i] = float(muFromHu(hu[i]));
  return g;
}

double siddonLineIntegral(const MuGrid& grid, const core::Vec3& sourceMm,
                          const core::Vec3& direction) {
  const core::Mat3 toIndex = core::Mat3::fromColumns(grid.direction.col[0] * grid.spacingMm.x,
                                                     grid.direction.col[1] * grid.spacingMm.y,
                                                     grid.direction.col[2] * grid.spacingMm.z)
                                 .inverse();
  const core::Vec3 q0 = toIndex * (sourceMm - grid.originMm);
  const core::Vec3 g = toIndex * direction;  // index units per mm

  // Parametric range inside the box of cells [-0.5, N - 0.5].
  double tMin = 0, tMax = std::numeric_limits<double>::infinity();
  for (int c = 0; c < 3; ++c) {
    const double lo = -0.5, hi = grid.size[c] - 0.5;
    if (std::abs(g[c]) < 1e-15) {
      if (q0[c] <= lo || q0[c] >= hi) return 0;
      continue;
    }
    double t1 = (lo - q0[c]) / g[c], t2 = (hi - q0[c]) / g[c];
    if (t1 > t2) std::swap(t1, t2);
    tMin = std::max(tMin, t1);
    tMax = std::min(tMax, t2);
  }
  if (!(tMax > tMin)) return 0;

  // The cell at entry, and the parameter of the next cell boundary along each axis.
  int cell[3], stepDir[3];
  double tNext[3], tDelta[3];
  for (int c = 0; c < 3; ++c) {
    const double x = q0[c] + tMin * g[c] + 0.5;  // cell coordinates: cell n is [n, n + 1)
    if (g[c] > 1e-15) {
      cell[c] = static_cast<int>(std::floor(x + 1e-9));
      stepDir[c] = 1;
      tNext[c] = (cell[c] + 1 - 0.5 - q0[c]) / g[c];
      tDelta[c] = 1 / g[c];
    } else if (g[c] < -1e-15) {
      cell[c] = static_cast<int>(std::ceil(x - 1e-9)) - 1;
      stepDir[c] = -1;
      tNext[c] = (cell[c] - 0.5 - q0[c]) / g[c];
      tDelta[c] = -1 / g[c];
    } else {
      cell[c] = static_cast<int>(std::floor(x));
      stepDir[c] = 0;
      tNext[c] = std::numeric_limits<double>::infinity();
      tDelta[c] = 0;
    }
    cell[c] = std::clamp(cell[c], 0, grid.size[c] - 1);
  }

  double sum = 0, t = tMin;
  while (t < tMax) {
    int c = 0;
    if (tNext[1] < tNext[c]) c = 1;
    if (tNext[2] < tNext[c]) c = 2;
    const double tEnd = std::min(tNext[c], tMax);
    sum += double(grid.at(cell[0], cell[1], cell[2])) * (tEnd - t);
    t = tEnd;
    cell[c] += stepDir[c];
    tNext[c] += tDelta[c];
    if (cell[c] < 0 || cell[c] >= grid.size[c]) break;
  }
  return sum;
}

Drr siddonDrr(const MuGrid& grid, const CArm& carm, int threads) {
  const Projection projection(carm);
  Drr drr;
  drr.columns = carm.columns;
  drr.rows = carm.rows;
  drr.lineIntegral.resize(std::size_t(carm.columns) * carm.rows);
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::atomic<int> nextRow{0};
  auto work = [&] {
    for (int v = nextRow.fetch_add(1); v < carm.rows; v = nextRow.fetch_add(1))
      for (int u = 0; u < carm.columns; ++u) {
        const core::Vec3 dir =
            core::normalized(projection.detectorPointMm(u, v) - projection.sourceMm());
        drr.lineIntegral[std::size_t(v) * carm.columns + u] =
            float(siddonLineIntegral(grid, projection.sourceMm(), dir));
      }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();
  return drr;
}

}  // namespace trocar::fluoro::reference
