#pragma once

#include <array>

#include "trocar/cement/CementResult.h"

namespace trocar::cement::test {

// Square roots of the eigenvalues of the filled region's second-moment matrix (mm), ascending,
// with their unit eigenvectors (grid axes). For a solid ellipsoid each is semi-axis / sqrt(5).
struct PrincipalAxes {
  std::array<double, 3> sigmaMm;
  std::array<std::array<double, 3>, 3> axes;
};
PrincipalAxes principalAxes(const CementResult& result);

// Radius of gyration of the filled region about its centroid (mm): smaller is more compact.
double gyrationRadiusMm(const CementResult& result);

// Extent of the fill from the point (grid index) along each of the 26 grid directions (mm):
// the distance to the last filled voxel before the first empty one.
std::array<double, 26> radialExtentsMm(const CementResult& result, std::array<int, 3> centre);

}  // namespace trocar::cement::test
