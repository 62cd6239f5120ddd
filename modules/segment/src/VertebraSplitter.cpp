#include "VertebraSplitter.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

namespace trocar::segment::detail {

namespace {
constexpr double kBodyHalfWidthMm = 32;   // body zone: lateral half-axis
constexpr double kBodyHalfDepthMm = 25;   // body zone: antero-posterior half-axis
constexpr double kSeedRadiusMm = 12;      // body cores that seed the path search
constexpr double kLateralLimitMm = 60;    // transverse processes end here; ribs and pelvis beyond
constexpr double kMaxPathCost = 400;
constexpr uint8_t kOtherBone = 255;     // working label of ribs and pelvis while they compete
constexpr float kNotchMinHu = 40;
constexpr int kNotchMinNeighbours = 4;
constexpr double kSlabSlackMm = 10;
constexpr double kSlabSlopeMm = 4;  // every this much further doubles the cost again
constexpr float kMarrowMinHu = 20;        // fatty marrow still denser than fat

int segmentOf(const std::vector<DiscPlane>& discs, const core::Vec3& p) {
  int s = 1;
  for (const auto& d : discs)
    if (d.signedDistance(p) > 0) ++s;
  return s;
}

// Extra cost of walking through a voxel: cortex is cheap, partial-volume joint spaces dear.
float densityWeight(float hu) { return 1.f + 3.f * std::clamp((450.f - hu) / 300.f, 0.f, 1.f); }
// Cross product sign of (b - a) x (c - a).
long turn(const std::pair<int, int>& a, const std::pair<int, int>& b, const std::pair<int, int>& c) {
  return long(b.first - a.first) * (c.second - a.second) - long(b.second - a.second) * (c.first - a.first);
}

// A body's cross-section is convex apart from the canal notch, and its marrow can be as thin as
// soft tissue: fill the convex hull of each body slice in front of the canal wall.
void fillBodies(const Volume<float>& hu, const SpineTrack& track, const Volume<uint8_t>& zoneLabel,
                Volume<uint8_t>& segments) {
  const Grid& g = hu.grid;
  std::vector<std::pair<int, int>> pts, hull;
  for (int k = track.kFirst; k <= track.kLast; ++k) {
    const SliceAxis& a = track.slices[k];
    for (int label = 1; label < 255; ++label) {
      pts.clear();
      for (int j = 0; j < g.ny; ++j)
        for (int i = 0; i < g.nx; ++i) {
          const size_t idx = g.index(i, j, k);
          if (segments.v[idx] == label && zoneLabel.v[idx] == label) pts.emplace_back(i, j);
        }
      if (pts.empty() && label > 64) break;
      if (pts.size() < 12) continue;
      std::sort(pts.begin(), pts.end());
      hull.assign(2 * pts.size(), {0, 0});
      size_t h = 0;
      for (size_t p = 0; p < pts.size(); ++p) {
        while (h >= 2 && turn(hull[h - 2], hull[h - 1], pts[p]) <= 0) --h;
        hull[h++] = pts[p];
      }
      for (size_t p = pts.size() - 1, lower = h + 1; p-- > 0;) {
        while (h >= lower && turn(hull[h - 2], hull[h - 1], pts[p]) <= 0) --h;
        hull[h++] = pts[p];
      }
      hull.resize(h - 1);
      int i0 = g.nx, i1 = -1, j0 = g.ny, j1 = -1;
      for (const auto& [x, y] : hull) {
        i0 = std::min(i0, x);
        i1 = std::max(i1, x);
        j0 = std::min(j0, y);
        j1 = std::max(j1, y);
      }
      for (int j = j0; j <= j1; ++j) {
        if (g.yMm(j) > a.wallYMm + 1.5) continue;
        for (int i = i0; i <= i1; ++i) {
          const size_t idx = g.index(i, j, k);
          if (segments.v[idx] || hu.v[idx] < kMarrowMinHu) continue;
          bool inside = true;
          for (size_t e = 0; e < hull.size() && inside; ++e)
            inside = turn(hull[e], hull[(e + 1) % hull.size()], {i, j}) >= 0;
          if (inside) segments.v[idx] = uint8_t(label);
        }
      }
    }
  }
}

// Arches overlap their neighbours' levels, but not by much: walking further than kSlabSlackMm
// above or below the own vertebra's slab (bounded by the heights of its two discs: arches hang
// straight down from their bodies even where the discs tilt, as at L5/S1) grows dearer, so a
// process on the border goes to the vertebra whose slab it hangs from.
float slabWeight(const std::vector<DiscPlane>& discs, int label, const core::Vec3& p) {
  double outside = 0;
  if (label >= 2 && label - 2 < int(discs.size()))
    outside = std::max(outside, -(p.z - discs[label - 2].pointMm.z));
  if (label - 1 < int(discs.size()))
    outside = std::max(outside, (p.z - discs[label - 1].pointMm.z));
  return float(1 + std::max(0.0, outside - kSlabSlackMm) / kSlabSlopeMm);
}

// Partial volume leaves one-voxel notches in a label where thin bone meets marrow (pedicle
// roots, the posterior wall): a non-fat voxel mostly surrounded by one label joins it.
void closeNotches(const Volume<float>& hu, Volume<uint8_t>& segments) {
  const Grid& g = hu.grid;
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<std::pair<size_t, uint8_t>> add;
    for (int k = 1; k + 1 < g.nz; ++k)
      for (int j = 1; j + 1 < g.ny; ++j)
        for (int i = 1; i + 1 < g.nx; ++i) {
          const size_t idx = g.index(i, j, k);
          if (segments.v[idx] || hu.v[idx] < kNotchMinHu) continue;
          const size_t nb[6] = {idx - 1, idx + 1, idx - g.nx, idx + g.nx, idx - size_t(g.nx) * g.ny,
                                idx + size_t(g.nx) * g.ny};
          uint8_t label = 0;
          int same = 0;
          bool mixed = false;
          for (size_t q : nb) {
            const uint8_t t = segments.v[q];
            if (!t) continue;
            if (label && t != label) mixed = true;
            label = t;
            ++same;
          }
          if (!mixed && same >= kNotchMinNeighbours) add.emplace_back(idx, label);
        }
    for (const auto& [idx, label] : add) segments.v[idx] = label;
  }
}

}  // namespace

SplitResult splitVertebrae(const Volume<float>& hu, const Volume<uint8_t>& tissue, const SpineTrack& track,
                           const std::vector<DiscPlane>& discs) {
  const Grid& g = hu.grid;
  SplitResult out{Volume<uint8_t>(g, 0), int(discs.size()) + 1};
  Volume<uint8_t> zoneLabel(g, 0);  // plane segment for body-zone voxels
  std::vector<float> cost(g.size(), std::numeric_limits<float>::infinity());
  using Item = std::pair<float, size_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;

  const int kMargin = int(std::lround(20 / g.spacingMm));
  const int k0 = std::max(0, track.kFirst - kMargin), k1 = std::min(g.nz - 1, track.kLast + kMargin);
  for (int k = k0; k <= k1; ++k) {
    const SliceAxis& a = track.slices[std::clamp(k, track.kFirst, track.kLast)];
    for (int j = 0; j < g.ny; ++j) {
      const double y = g.yMm(j);
      for (int i = 0; i < g.nx; ++i) {
        const size_t idx = g.index(i, j, k);
        if (!tissue.v[idx]) continue;
        const double x = g.xMm(i);
        if (std::abs(x - a.canalXMm) > kLateralLimitMm) {
          // Bone out beyond any transverse process (ribs, pelvis) competes for the bone between:
          // it claims a rib back to its joint with the vertebra.
          out.segments.v[idx] = kOtherBone;
          cost[idx] = 0;
          queue.push({0.f, idx});
          continue;
        }
        // The body zone: in front of the canal wall, inside an ellipse around the body centre
        // (wide enough for the biggest lumbar body, tight enough to leave the aorta out).
        const double ex = (x - a.bodyXMm) / kBodyHalfWidthMm, ey = (y - a.bodyYMm) / kBodyHalfDepthMm;
        const bool bodyZone = y <= a.wallYMm + 1.5 && ex * ex + ey * ey <= 1;
        if (!bodyZone) continue;
        const core::Vec3 p = g.point(i, j, k);
        const int s = segmentOf(discs, p);
        zoneLabel.v[idx] = uint8_t(s);
        if (std::hypot(x - a.bodyXMm, y - a.bodyYMm) <= kSeedRadiusMm) {
          out.segments.v[idx] = uint8_t(s);
          cost[idx] = 0;
          queue.push({0.f, idx});
        }
      }
    }
  }

  const int off[26][3] = {{-1, 0, 0}, {1, 0, 0},   {0, -1, 0},  {0, 1, 0},   {0, 0, -1},  {0, 0, 1},  {-1, -1, 0},
                          {-1, 1, 0}, {1, -1, 0},  {1, 1, 0},   {-1, 0, -1}, {-1, 0, 1},  {1, 0, -1}, {1, 0, 1},
                          {0, -1, -1}, {0, -1, 1}, {0, 1, -1},  {0, 1, 1},   {-1, -1, -1}, {-1, -1, 1}, {-1, 1, -1},
                          {-1, 1, 1}, {1, -1, -1}, {1, -1, 1},  {1, 1, -1},  {1, 1, 1}};
  float stepLen[26];
  for (int n = 0; n < 26; ++n)
    stepLen[n] = float(g.spacingMm * std::sqrt(double(off[n][0] * off[n][0] + off[n][1] * off[n][1] + off[n][2] * off[n][2])));
  while (!queue.empty()) {
    const auto [c, idx] = queue.top();
    queue.pop();
    if (c > cost[idx]) continue;
    const int i = int(idx % g.nx), j = int((idx / g.nx) % g.ny), k = int(idx / (size_t(g.nx) * g.ny));
    const uint8_t label = out.segments.v[idx];
    for (int n = 0; n < 26; ++n) {
      const int x = i + off[n][0], y = j + off[n][1], z = k + off[n][2];
      if (!g.inside(x, y, z)) continue;
      const size_t q = g.index(x, y, z);
      if (!tissue.v[q]) continue;
      if (zoneLabel.v[q] && zoneLabel.v[q] != label) continue;
      const SliceAxis& a = track.slices[std::clamp(z, track.kFirst, track.kLast)];
      const bool other = label == kOtherBone;
      if (!other && std::abs(g.xMm(x) - a.canalXMm) > kLateralLimitMm) continue;
      const float nc =
          c + stepLen[n] * densityWeight(hu.v[q]) * (other ? 1.f : slabWeight(discs, label, g.point(x, y, z)));
      if (nc >= cost[q] || nc > kMaxPathCost) continue;
      cost[q] = nc;
      out.segments.v[q] = label;
      queue.push({nc, q});
    }
  }
  for (auto& v : out.segments.v)
    if (v == kOtherBone) v = 0;
  fillBodies(hu, track, zoneLabel, out.segments);
  closeNotches(hu, out.segments);
  return out;
}

}  // namespace trocar::segment::detail
