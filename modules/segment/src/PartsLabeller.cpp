#include "PartsLabeller.h"

#include <algorithm>
#include <cmath>

#include "trocar/segment/SpineAnatomy.h"

namespace trocar::segment::detail {

namespace {
constexpr double kPedicleLateralReachMm = 14;  // beyond the canal edge, transverse processes begin
constexpr double kPedicleBackFraction = 0.45;   // of the canal radius behind its centre: laminae begin
}

Volume<uint8_t> labelParts(const Volume<float>& hu, const Volume<uint8_t>& tissue, const SpineTrack& track,
                           const std::vector<DiscPlane>& discs, const SplitResult& split) {
  (void)discs;
  const Grid& g = hu.grid;
  Volume<uint8_t> parts(g, 0);
  for (int k = 0; k < g.nz; ++k) {
    // Beyond the tracked stretch (the top and bottom vertebra) the nearest tracked slice stands in.
    const SliceAxis& a = track.slices[std::clamp(k, track.kFirst, track.kLast)];
    const bool tracked = track.valid(k);
    const double r = a.canalRadiusMm;
    for (int j = 0; j < g.ny; ++j) {
      const double y = g.yMm(j);
      for (int i = 0; i < g.nx; ++i) {
        const size_t idx = g.index(i, j, k);
        const double x = g.xMm(i), dx = x - a.canalXMm;
        if (!split.segments.v[idx]) {
          // Canal: soft tissue inside the tracked canal circle.
          if (tracked && !tissue.v[idx] && hu.v[idx] < 150 && std::hypot(dx, y - a.canalYMm) <= r)
            parts.v[idx] = uint8_t(Part::kCanal);
          continue;
        }
        Part p = Part::kPosteriorElements;
        if (y <= a.wallYMm + 1.5) {
          p = Part::kBody;
        } else if (y <= a.canalYMm + kPedicleBackFraction * r && std::abs(dx) >= 0.5 * r &&
                   std::abs(dx) <= r + kPedicleLateralReachMm) {
          p = dx > 0 ? Part::kLeftPedicle : Part::kRightPedicle;  // +x is patient left in LPS
        }
        parts.v[idx] = uint8_t(p);
      }
    }
  }
  // Segmented voxels beyond the tracked slices (edges) count as posterior elements or body by y.
  for (size_t idx = 0; idx < g.size(); ++idx)
    if (split.segments.v[idx] && !parts.v[idx]) parts.v[idx] = uint8_t(Part::kPosteriorElements);
  return parts;
}

}  // namespace trocar::segment::detail
