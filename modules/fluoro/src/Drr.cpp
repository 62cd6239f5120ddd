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

  // Rays in tiles of 16 x 32 pixels, marched together (RayMarcher::integrateBundle). The threads
  // take runs of 4 tiles along a tile row (64 pixels, about one 64-byte line of voxels across at
  // 0.7 mm), one run at a time: the tiles of a run read the same cache lines, so each core
  // brings a line into its own caches about once rather than both cores every line; runs are
  // short enough that the rows outside the body still balance out. Measured on the idle machine,
  // ms CPU per image (AP, lateral, LAO 30 CRAN 15): 16 x 4 tiles one by one 102-107, 110-113,
  // 126-131; 8 x 8 in runs of 8 97-103, 108-110, 115-119; 8 x 32 in runs of 8 94-98, 100-106,
  // 98-109; 16 x 32 in runs of 4 85-92, 96, 101-103 (8 x 64, 64 x 1, 32 x 2, 4 x 16 slower).
  constexpr int kTileColumns = 16, kTileRows = RayMarcher::kMaxBundle / kTileColumns;
  constexpr int kTilesPerRun = 4;
  const int tileColumns = (columns + kTileColumns - 1) / kTileColumns;
  const int tileRows = (rows + kTileRows - 1) / kTileRows;
  const int tiles = tileColumns * tileRows;
  std::vector<float> rays(std::size_t(columns) * rows);
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
  // While a thread renders a run, it has its L2 cache fetch what its next run will read, a
  // quarter per tile. The copies are far larger than the caches: without this, the first rays
  // of a run wait on memory for every line. Alternately in the same period, ms CPU per image:
  // LAO 30 CRAN 15 97-104 -> 81-91, lateral 92-98 -> 89-93, AP 83-91 -> 84-86.
  const auto runCorners = [&](int run) {
    // The pixels of the run's first tile row (a run that wraps onto the next row of tiles, when
    // the tiles per row are not a multiple of the run, gets the rest of it from memory).
    const int tile = run * kTilesPerRun;
    const int column0 = (tile % tileColumns) * kTileColumns;
    const int row0 = (tile / tileColumns) * kTileRows;
    const int column1 = std::min(columns, column0 + kTileColumns * kTilesPerRun) - 1;
    const int row1 = std::min(rows, row0 + kTileRows) - 1;
    std::array<core::Vec3, 4> corners;
    int i = 0;
    for (int row : {row0, row1})
      for (int column : {column0, column1}) {
        const double v = std::min(row * step + offset, carm.rows - 1.0);
        const double u = std::min(column * step + offset, carm.columns - 1.0);
        corners[i++] = core::normalized(projection.detectorPointMm(u, v) - source);
      }
    return corners;
  };
  const int runs = (tiles + kTilesPerRun - 1) / kTilesPerRun;
  parallelRowsLookingAhead(runs, options.threads, [&](int run, int nextRun) {
    std::array<core::Vec3, 4> next;
    if (nextRun >= 0) next = runCorners(nextRun);
    int part = 0;
    for (int tile = run * kTilesPerRun; tile < std::min(tiles, (run + 1) * kTilesPerRun); ++tile) {
      if (nextRun >= 0) marcher.prefetchPencil(next, part++, kTilesPerRun);
      renderTile(tile);
    }
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
