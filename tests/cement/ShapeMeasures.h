#pragma once

#include <array>
#include <vector>

#include "trocar/cement/CementResult.h"
#include "trocar/core/Vec3.h"

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

// Mean distance of the cement from the nearest needle tip (mm, weighted by each voxel's
// saturation): how far the cement travels; smaller is more compact. Works for one or more needles,
// where the gyration radius also measures the distance between the tips.
double meanDistanceFromTipsMm(const CementResult& result, const std::vector<core::Vec3>& tipsMm);

// Extent of the fill from the point (grid index) along each of the 26 grid directions (mm):
// the distance to the last filled voxel before the first empty one.
std::array<double, 26> radialExtentsMm(const CementResult& result, std::array<int, 3> centre);

}  // namespace trocar::cement::test
