#include "trocar/fluoro/Drr.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "ParallelRows.h"
#include "RayMarcher.h"
#include "trocar/fluoro/Projection.h"

namespace trocar::fluoro {

namespace {

// What each needle's steel adds to one ray: its chord at steel's attenuation in place of the
// tissue it displaces.
double needleCorrection(const RayMarcher& marcher, const core::Vec3& sourceMm,
                        const core::Vec3& direction, std::span<const NeedleModel> needles) {
  double total = 0;
  for (const NeedleModel& needle : needles) {
    double midT = 0;
    const double chordMm = needleChordMm(needle, sourceMm, direction, &midT);
    if (chordMm <= 0) continue;
    total += (needle.muPerMm - marcher.muNear(sourceMm + direction * midT)) * chordMm;
  }
  return total;
}

// Bilinear interpolation of a coarse ray grid (ray i at pixel step*i + (step-1)/2) to full size.
void upsample(const std::vector<float>& coarse, int coarseColumns, int coarseRows, int step,
              Drr& out) {
  const double offset = 0.5 * (step - 1);
  for (int v = 0; v < out.rows; ++v) {
    const double y = std::clamp((v - offset) / step, 0.0, double(coarseRows - 1));
    const int y0 = std::min(static_cast<int>(y), coarseRows - 1),
              y1 = std::min(y0 + 1, coarseRows - 1);
    const double fy = y - y0;
    for (int u = 0; u < out.columns; ++u) {
      const double x = std::clamp((u - offset) / step, 0.0, double(coarseColumns - 1));
      const int x0 = std::min(static_cast<int>(x), coarseColumns - 1),
                x1 = std::min(x0 + 1, coarseColumns - 1);
      const double fx = x - x0;
      const auto c = [&](int xx, int yy) {
        return double(coarse[std::size_t(yy) * coarseColumns + xx]);
      };
      const double top = c(x0, y0) + fx * (c(x1, y0) - c(x0, y0));
      const double bottom = c(x0, y1) + fx * (c(x1, y1) - c(x0, y1));
      out.lineIntegral[std::size_t(v) * out.columns + u] = float(top + fy * (bottom - top));
    }
  }
}

}  // namespace

double lineIntegral(const AttenuationVolume& volume, const core::Vec3& sourceMm,
                    const core::Vec3& direction) {
  return RayMarcher(volume, sourceMm).integrate(core::normalized(direction));
}

Drr renderDrr(const AttenuationVolume& volume, const CArm& carm,
              std::span<const NeedleModel> needles, const DrrOptions& options) {
  if (carm.columns <= 0 || carm.rows <= 0) return {};
  const Projection projection(carm);
  const RayMarcher marcher(volume, projection.sourceMm(), options.simd);
  const core::Vec3 source = projection.sourceMm();
  const int step = std::max(1, options.rayStep);
  const int columns = (carm.columns + step - 1) / step, rows = (carm.rows + step - 1) / step;
  const double offset = 0.5 * (step - 1);

  // Rays in tiles of 16 x 32 pixels, marched together (RayMarcher::integrateBundle); the threads
  // take the tiles one at a time along the tile rows. While a thread renders a tile, its L2 cache
  // fetches the voxels of the tile it has claimed next (RayMarcher::prefetchPencil): the copies
  // are far larger than the caches, and a tile's first rays otherwise waited on memory for
  // every line. Before the prefetch, runs of 4 tiles per thread were best (their tiles shared
  // lines in the caches: 16 x 4 tiles one by one 102-107, 110-113, 126-131 ms CPU; 16 x 32 in
  // runs of 4 85-92, 96, 101-103; 8 x 8, 8 x 32, 8 x 64, 64 x 1, 32 x 2, 4 x 16 slower). With it,
  // alternately in the same period, ms wall per image (AP, lateral, LAO 30 CRAN 15): runs of 4
  // without the prefetch 42.1-46.1, 46.2-49.4, 49.1-52.2; with it 42.5-43.5, 44.8-46.7,
  // 41.0-46.0; tiles one by one with it 38.5-38.7, 41.9-42.3, 39.9-40.8 (runs of 2, 3, 8 between).
  constexpr int kTileColumns = 16, kTileRows = RayMarcher::kMaxBundle / kTileColumns;
  const int tileColumns = (columns + kTileColumns - 1) / kTileColumns;
  const int tileRows = (rows + kTileRows - 1) / kTileRows;
  const int tiles = tileColumns * tileRows;
  std::vector<float> rays(std::size_t(columns) * rows);
  // The pixel of a tile's corner: column and row of the tile's first (0) or last (1) pixel.
  const auto tileCorner = [&](int tile, int right, int bottom) {
    const int column0 = (tile % tileColumns) * kTileColumns,
              row0 = (tile / tileColumns) * kTileRows;
    const int column = right ? std::min(columns, column0 + kTileColumns) - 1 : column0;
    const int row = bottom ? std::min(rows, row0 + kTileRows) - 1 : row0;
    const double v = std::min(row * step + offset, carm.rows - 1.0);
    const double u = std::min(column * step + offset, carm.columns - 1.0);
    return core::normalized(projection.detectorPointMm(u, v) - source);
  };
  const auto renderTile = [&](int tile) {
    const int column0 = (tile % tileColumns) * kTileColumns,
              row0 = (tile / tileColumns) * kTileRows;
    core::Vec3 directions[RayMarcher::kMaxBundle];
    std::size_t at[RayMarcher::kMaxBundle];
    int n = 0;
    const int tileWidth = std::min(columns, column0 + kTileColumns) - column0;
    for (int row = row0; row < std::min(rows, row0 + kTileRows); ++row) {
      const double v = std::min(row * step + offset, carm.rows - 1.0);
      for (int column = column0; column < std::min(columns, column0 + kTileColumns); ++column) {
        const double u = std::min(column * step + offset, carm.columns - 1.0);
        directions[n] = core::normalized(projection.detectorPointMm(u, v) - source);
        at[n++] = std::size_t(row) * columns + column;
      }
    }
    double integrals[RayMarcher::kMaxBundle];
    marcher.integrateBundle({directions, std::size_t(n)}, tileWidth, {integrals, std::size_t(n)});
    for (int r = 0; r < n; ++r)
      rays[at[r]] = float(integrals[r] + needleCorrection(marcher, source, directions[r], needles));
  };
  parallelRowsLookingAhead(tiles, options.threads, [&](int tile, int nextTile) {
    if (nextTile >= 0) {
      const std::array<core::Vec3, 4> corners = {
          tileCorner(nextTile, 0, 0), tileCorner(nextTile, 1, 0), tileCorner(nextTile, 0, 1),
          tileCorner(nextTile, 1, 1)};
      marcher.prefetchPencil(corners);
    }
    renderTile(tile);
  });

  Drr drr;
  drr.columns = carm.columns;
  drr.rows = carm.rows;
  if (step == 1) {
    drr.lineIntegral = std::move(rays);
  } else {
    drr.lineIntegral.resize(std::size_t(drr.columns) * drr.rows);
    upsample(rays, columns, rows, step, drr);
  }
  return drr;
}

}  // namespace trocar::fluoro
