#include "SegmentFeatures.h"

#include <algorithm>
#include <cmath>

namespace trocar::segment::detail {

namespace {

constexpr double kAlaMinHalfWidthMm = 40;  // L5 bodies are ~25 mm half-wide; sacral alae reach the SI joints
constexpr double kRibMinLateralMm = 70;
constexpr double kRibMaxVolumeMl = 1500;   // a rib cage joined by calcified cartilage is still ribs
constexpr int kContactGrowVoxels = 2;
constexpr double kRibHeadReachMm = 45;     // rib necks lie along the transverse processes
// A rib leaving through the bottom of the field: its shaft runs down and out from its head, so the
// vertebra's bone reaches further out slice by slice towards the edge (a transverse process keeps
// one reach over its height and ends in a step).
constexpr double kRibRampMm = 12;          // height over which the reach must grow
constexpr double kRibRampMinRiseMm = 10;   // growth of the reach over that height
constexpr double kRibRampMaxSlope = 3;     // mm outwards per mm downwards: steeper is a step
constexpr double kRibRampMaxDipMm = 1;     // partial volume may shorten one slice a little

// Half-width of the bone contiguous with the body, in front of the canal, in the slices just
// below the lowest disc: the sacral alae make it wide, a lumbar body does not.
double alaHalfWidth(const Volume<uint8_t>& tissue, const SpineTrack& track, const DiscPlane& lowest) {
  const Grid& g = tissue.grid;
  double best = 0;
  for (int k = track.kFirst; k <= track.kLast; ++k) {
    const SliceAxis& a = track.slices[k];
    const core::Vec3 c{a.bodyXMm, a.bodyYMm, g.zMm(k)};
    const double d = lowest.signedDistance(c);
    if (d > -5 || d < -30) continue;
    const int ic = int(std::lround((a.bodyXMm - g.originMm.x) / g.spacingMm));
    for (int j = 0; j < g.ny; ++j) {
      const double y = g.yMm(j);
      if (y > a.wallYMm + 3 || y < a.wallYMm - 40) continue;
      if (ic < 0 || ic >= g.nx || !tissue(ic, j, k)) continue;
      double extent[2] = {0, 0};
      for (int side = 0; side < 2; ++side) {
        const int step = side ? 1 : -1;
        int i = ic, gap = 0, last = ic;
        while (i + step >= 0 && i + step < g.nx && gap <= 1) {
          i += step;
          if (tissue(i, j, k)) {
            gap = 0;
            last = i;
          } else {
            ++gap;
          }
        }
        extent[side] = std::abs(last - ic) * g.spacingMm;
      }
      best = std::max(best, std::min(extent[0], extent[1]));
    }
  }
  return best;
}

// Unlabelled bone components reaching far laterally (ribs) and which segment each touches.
void findRibs(const Volume<uint8_t>& tissue, const SpineTrack& track, const std::vector<DiscPlane>& discs,
              const SplitResult& split, std::vector<SegmentFeatures>& features, int sacrumSegment) {
  const Grid& g = tissue.grid;
  // Ribs articulate through joints that can leave a gap: count contacts with each vertebra grown
  // by a few millimetres into the unlabelled space.
  Volume<uint8_t> near = split.segments;
  for (int pass = 0; pass < kContactGrowVoxels; ++pass) {
    Volume<uint8_t> grown = near;
    for (int k = 1; k + 1 < g.nz; ++k)
      for (int j = 1; j + 1 < g.ny; ++j)
        for (int i = 1; i + 1 < g.nx; ++i) {
          const size_t idx = g.index(i, j, k);
          if (near.v[idx]) continue;
          const size_t nb[6] = {idx - 1, idx + 1, idx - g.nx, idx + g.nx, idx - size_t(g.nx) * g.ny,
                                idx + size_t(g.nx) * g.ny};
          for (size_t q : nb)
            if (near.v[q]) {
              grown.v[idx] = near.v[q];
              break;
            }
        }
    near = std::move(grown);
  }
  std::vector<int> comp(g.size(), 0);
  std::vector<size_t> stack;
  int id = 0;
  const int kLo = track.kFirst, kHi = track.kLast;
  for (int k = kLo; k <= kHi; ++k)
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i) {
        const size_t seed = g.index(i, j, k);
        if (!tissue.v[seed] || split.segments.v[seed] || comp[seed]) continue;
        ++id;
        comp[seed] = id;
        stack.assign(1, seed);
        size_t count = 0;
        double maxLat = 0, minLat = 1e30;
        core::Vec3 medial;
        std::vector<int> contacts(features.size(), 0);
        while (!stack.empty()) {
          const size_t p = stack.back();
          stack.pop_back();
          ++count;
          const int x = int(p % g.nx), y = int((p / g.nx) % g.ny), z = int(p / (size_t(g.nx) * g.ny));
          const SliceAxis& a = track.slices[z];
          const double lat = std::abs(g.xMm(x) - a.canalXMm);
          maxLat = std::max(maxLat, lat);
          if (lat < minLat && std::abs(g.yMm(y) - a.canalYMm) <= kRibHeadReachMm) {
            minLat = lat;
            medial = g.point(x, y, z);
          }
          for (int dz = -1; dz <= 1; ++dz)
            for (int dy = -1; dy <= 1; ++dy)
              for (int dx = -1; dx <= 1; ++dx) {
                const int xx = x + dx, yy = y + dy, zz = z + dz;
                if (!g.inside(xx, yy, zz) || zz < kLo || zz > kHi) continue;
                const size_t q = g.index(xx, yy, zz);
                if (!tissue.v[q]) continue;
                if (split.segments.v[q]) continue;
                if (const uint8_t s = near.v[q]; s && s < contacts.size()) ++contacts[s];
                if (!comp[q]) {
                  comp[q] = id;
                  stack.push_back(q);
                }
              }
        }
        const double volumeMl = count * std::pow(g.spacingMm, 3) / 1000;
        if (maxLat < kRibMinLateralMm || volumeMl > kRibMaxVolumeMl || volumeMl < 0.5) continue;
        // Bone touching the sacrum is pelvis, not rib.
        if (sacrumSegment > 0 && contacts[sacrumSegment] > 0) continue;
        auto best = std::max_element(contacts.begin(), contacts.end()) - contacts.begin();
        if (contacts[best] < 3) {
          // A rib whose head is cut off by the field or parted by its joint: it still comes close
          // to the spine beside its own vertebra (the slab of the nearest discs).
          if (minLat > kRibHeadReachMm) continue;
          best = 1;
          for (const auto& d : discs)
            if (core::dot(medial - d.pointMm, d.axis) > 0) ++best;
          if (best >= long(features.size()) || best == sacrumSegment) continue;
        }
        features[best].ribs = true;
        ++features[best].ribCount;
      }
}

// Sides (0..2) on which the segment's bone reaches further out slice by slice down to the bottom
// slice of the field: a rib cut by the field, seen only as the stub beside its vertebra.
int ribsLeavingBelow(const Volume<uint8_t>& segments, const SpineTrack& track, uint8_t segment) {
  const Grid& g = segments.grid;
  const int steps = int(std::lround(kRibRampMm / g.spacingMm));
  if (steps >= g.nz) return 0;
  std::vector<double> reach[2] = {std::vector<double>(steps + 1, 0), std::vector<double>(steps + 1, 0)};
  for (int k = 0; k <= steps; ++k) {
    const SliceAxis& a = track.slices[std::clamp(k, track.kFirst, track.kLast)];
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i)
        if (segments(i, j, k) == segment) {
          const double x = g.xMm(i) - a.canalXMm;
          double& r = reach[x > 0 ? 1 : 0][k];
          r = std::max(r, std::abs(x));
        }
  }
  int sides = 0;
  for (const auto& r : reach) {
    if (r[0] - r[steps] < kRibRampMinRiseMm) continue;
    bool ramp = true;
    for (int k = 0; k < steps && ramp; ++k) {
      const double rise = r[k] - r[k + 1];  // outwards towards the edge
      ramp = rise >= -kRibRampMaxDipMm && rise <= kRibRampMaxSlope * g.spacingMm;
    }
    if (ramp) ++sides;
  }
  return sides;
}

}  // namespace

std::vector<SegmentFeatures> describeSegments(const Volume<float>& hu, const Volume<uint8_t>& tissue,
                                              const SpineTrack& track, const std::vector<DiscPlane>& discs,
                                              const SplitResult& split) {
  (void)hu;
  const Grid& g = tissue.grid;
  std::vector<SegmentFeatures> f(split.segmentCount + 1);
  std::vector<core::Vec3> sum(f.size());
  for (int k = 0; k < g.nz; ++k)
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i) {
        const uint8_t s = split.segments(i, j, k);
        if (!s) continue;
        ++f[s].voxels;
        sum[s] += g.point(i, j, k);
        if (i == 0 || j == 0 || k == 0 || i == g.nx - 1 || j == g.ny - 1 || k == g.nz - 1) f[s].touchesEdge = true;
        if (k == 0) f[s].touchesBottom = true;
      }
  for (size_t s = 1; s < f.size(); ++s) {
    f[s].segment = int(s);
    f[s].volumeMl = f[s].voxels * std::pow(g.spacingMm, 3) / 1000;
    if (f[s].voxels) f[s].centroidMm = sum[s] / double(f[s].voxels);
  }
  int sacrum = -1;
  if (!discs.empty() && f.size() > 1) {
    f[1].alaHalfWidthMm = alaHalfWidth(tissue, track, discs.front());
    f[1].sacrumLike = f[1].alaHalfWidthMm >= kAlaMinHalfWidthMm;
    if (f[1].sacrumLike) sacrum = 1;
  }
  findRibs(tissue, track, discs, split, f, sacrum);
  for (size_t s = 1; s < f.size(); ++s) {
    if (!f[s].touchesBottom || int(s) == sacrum) continue;
    if (const int sides = ribsLeavingBelow(split.segments, track, uint8_t(s))) {
      f[s].ribs = true;
      f[s].ribCutByField = true;
      f[s].ribCount += sides;
    }
  }
  return f;
}

}  // namespace trocar::segment::detail
