#include "PartsLabeller.h"

#include <algorithm>
#include <cmath>

#include "trocar/segment/SpineAnatomy.h"

namespace trocar::segment::detail {

namespace {
constexpr double kPedicleLateralReachMm = 24;  // beyond the canal edge, transverse processes begin
constexpr double kPedicleBackFraction = 0.45;  // of the canal radius behind its centre: laminae begin
// Pedicles leave the upper part of the body; lower down lie the foramen and the inferior
// articular processes.
constexpr double kPedicleLowestFraction = 0.3;
constexpr double kBodySectionScale = 1.05;     // the body's ellipse, a little generous for its cortex

// Where p lies between its vertebra's two discs along the spine axis: 0 at the inferior disc,
// 1 at the superior one; 0.5 when a disc is missing (top or bottom vertebra).
double slabHeightFraction(const std::vector<DiscPlane>& discs, int segment, const core::Vec3& p) {
  const int lo = segment - 2, hi = segment - 1;
  if (lo < 0 || hi >= int(discs.size())) return 0.5;
  const double above = core::dot(p - discs[lo].pointMm, discs[lo].axis);
  const double below = -core::dot(p - discs[hi].pointMm, discs[hi].axis);
  return above + below > 0 ? above / (above + below) : 0.5;
}
}  // namespace

Volume<uint8_t> labelParts(const Volume<float>& hu, const Volume<uint8_t>& tissue, const SpineTrack& track,
                           const std::vector<DiscPlane>& discs, const SplitResult& split) {
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
        // Pedicles: beside the canal, from behind the body's round section back to the laminae.
        const double ex = (x - a.bodyXMm) / a.bodyHalfWidthMm, ey = (y - a.bodyYMm) / a.bodyHalfDepthMm;
        const bool inBodySection = ex * ex + ey * ey <= kBodySectionScale * kBodySectionScale;
        const bool besideCanal = std::abs(dx) >= 0.5 * r && std::abs(dx) <= r + kPedicleLateralReachMm &&
                                 y <= a.canalYMm + kPedicleBackFraction * r &&
                                 slabHeightFraction(discs, split.segments.v[idx], g.point(i, j, k)) >= kPedicleLowestFraction;
        Part p = Part::kPosteriorElements;
        if (y <= a.wallYMm + 1.5 && (inBodySection || !besideCanal))
          p = Part::kBody;
        else if (besideCanal)
          p = dx > 0 ? Part::kLeftPedicle : Part::kRightPedicle;  // +x is patient left in LPS
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
