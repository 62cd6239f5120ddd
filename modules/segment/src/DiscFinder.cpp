#include "DiscFinder.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace trocar::segment::detail {

namespace {

constexpr int kEndMarginMm = 3;         // line samples are 1 mm apart
constexpr double kMinGapFraction = 0.6;
constexpr double kShortGapFraction = 0.75;
constexpr double kSplitSumFraction = 1.35;
constexpr double kMinDiscDepth = 0.6;  // drop of the tissue profile from the bodies either side
constexpr double kMinWeakDiscDepth = 0.25;
constexpr double kMaxDiscFraction = 0.75;
constexpr double kMaxDiscHu = 95;       // mean HU across a disc (bodies are denser, even osteoporotic ones ~100)
constexpr double kMinDiscHuDrop = 40;   // below the denser of the two neighbouring bodies' peaks

void basis(const core::Vec3& n, core::Vec3& u, core::Vec3& w) {
  const core::Vec3 ref = std::abs(n.x) < 0.9 ? core::Vec3{1, 0, 0} : core::Vec3{0, 1, 0};
  u = core::normalized(core::cross(n, ref));
  w = core::cross(n, u);
}

// Tissue fraction and mean HU over a disc of radius r (mm) in the plane (p, n).
void diskStats(const Volume<float>& hu, const Volume<uint8_t>& tissue, const core::Vec3& p, const core::Vec3& n,
               double radiusMm, double stepMm, double& fraction, double& meanHu) {
  core::Vec3 u, w;
  basis(n, u, w);
  int count = 0, in = 0;
  double sum = 0;
  for (double a = -radiusMm; a <= radiusMm; a += stepMm)
    for (double b = -radiusMm; b <= radiusMm; b += stepMm) {
      if (a * a + b * b > radiusMm * radiusMm) continue;
      const core::Vec3 q = p + u * a + w * b;
      const uint8_t t = tissue.atMm(q, 255);
      if (t == 255) continue;
      ++count;
      in += t;
      sum += sampleLinear(hu, q, -1024.f);
    }
  fraction = count ? double(in) / count : 0;
  meanHu = count ? sum / count : -1024;
}

}  // namespace

std::vector<CentrePoint> sampleCentreline(const Volume<float>& hu, const Volume<uint8_t>& tissue,
                                          const SpineTrack& track) {
  const Grid& g = hu.grid;
  std::vector<core::Vec3> poly;
  for (int k = track.kFirst; k <= track.kLast; ++k) {
    const SliceAxis& a = track.slices[k];
    poly.push_back({a.bodyXMm, a.bodyYMm, g.zMm(k)});
  }
  std::vector<CentrePoint> line;
  if (poly.size() < 2) return line;
  // Resample by arc length every 1 mm.
  std::vector<double> arc(poly.size(), 0);
  for (size_t i = 1; i < poly.size(); ++i) arc[i] = arc[i - 1] + core::distance(poly[i], poly[i - 1]);
  size_t seg = 0;
  for (double s = 0; s <= arc.back(); s += 1.0) {
    while (seg + 2 < poly.size() && arc[seg + 1] < s) ++seg;
    const double t = (s - arc[seg]) / std::max(1e-9, arc[seg + 1] - arc[seg]);
    CentrePoint c;
    c.pMm = poly[seg] + (poly[seg + 1] - poly[seg]) * t;
    line.push_back(c);
  }
  const int n = int(line.size());
  for (int i = 0; i < n; ++i) {
    const int a = std::max(0, i - 6), b = std::min(n - 1, i + 6);
    line[i].tangent = core::normalized(line[b].pMm - line[a].pMm);
    if (core::norm(line[i].tangent) == 0) line[i].tangent = {0, 0, 1};
    diskStats(hu, tissue, line[i].pMm, line[i].tangent, 9, 1.5, line[i].tissueFraction, line[i].meanHu);
  }
  return line;
}

std::vector<DiscPlane> findDiscs(const Volume<float>& hu, const Volume<uint8_t>& tissue,
                                 const std::vector<CentrePoint>& line) {
  const int n = int(line.size());
  std::vector<double> f(n);
  for (int i = 0; i < n; ++i) {
    double s = 0;
    int c = 0;
    for (int t = std::max(0, i - 1); t <= std::min(n - 1, i + 1); ++t, ++c)
      s += line[t].tissueFraction;
    f[i] = s / c;
  }
  // Local minima with enough prominence on both sides within 25 mm.
  struct Candidate {
    int i;
    double depth;
  };
  std::vector<Candidate> cands;
  const int reach = 25;
  for (int i = 1; i + 1 < n; ++i) {
    if (f[i] > f[i - 1] || f[i] > f[i + 1] || f[i] > kMaxDiscFraction) continue;
    double left = 0, right = 0;
    for (int t = std::max(0, i - reach); t < i; ++t) left = std::max(left, f[t]);
    for (int t = i + 1; t <= std::min(n - 1, i + reach); ++t) right = std::max(right, f[t]);
    const double depth = std::min(left, right) - f[i];
    // HU drop over the same reach: a disc is clearly less dense than the bodies either side.
    double leftHu = -1e9, rightHu = -1e9;
    for (int t = std::max(0, i - reach); t < i; ++t) leftHu = std::max(leftHu, line[t].meanHu);
    for (int t = i + 1; t <= std::min(n - 1, i + reach); ++t) rightHu = std::max(rightHu, line[t].meanHu);
    const double huDrop = std::min(leftHu, rightHu) - line[i].meanHu;
    // A disc drops the tissue profile clearly, or a little but with the density of disc.
    const bool clear = depth >= kMinDiscDepth;
    const bool discLike = depth >= kMinWeakDiscDepth && line[i].meanHu <= kMaxDiscHu;
    if ((clear || discLike) && huDrop >= kMinDiscHuDrop) cands.push_back({i, depth});
  }
  // Plateaus give several minima: keep the deepest within 10 mm, then the middle of the plateau.
  std::sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) { return a.depth > b.depth; });
  std::vector<Candidate> kept;
  for (const auto& c : cands)
    if (std::none_of(kept.begin(), kept.end(), [&](const Candidate& k) { return std::abs(k.i - c.i) < 10; }))
      kept.push_back(c);
  std::sort(kept.begin(), kept.end(), [](const Candidate& a, const Candidate& b) { return a.i < b.i; });

  // A disc needs body on both sides: minima near the ends of the line are the field's edge.
  std::erase_if(kept, [&](const Candidate& c) { return c.i < kEndMarginMm || c.i > n - 1 - kEndMarginMm; });
  // Vertebrae are of similar height along a short stretch: a gap much shorter than the median
  // means one of its two discs is a low-density spot inside a body; drop the shallower.
  for (bool changed = true; changed && kept.size() >= 3;) {
    changed = false;
    std::vector<int> gaps;
    for (size_t t = 1; t < kept.size(); ++t) gaps.push_back(kept[t].i - kept[t - 1].i);
    std::vector<int> sorted = gaps;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    const double median = sorted[sorted.size() / 2];
    // Two short gaps that add up to about one vertebra: the disc between them is a low-density
    // spot (a lesion, a vein) splitting one body, whatever its depth.
    size_t split = 0;
    for (size_t t = 1; t < gaps.size(); ++t)
      if (gaps[t - 1] < kShortGapFraction * median && gaps[t] < kShortGapFraction * median &&
          gaps[t - 1] + gaps[t] < kSplitSumFraction * median &&
          (split == 0 || gaps[t - 1] + gaps[t] < gaps[split - 1] + gaps[split]))
        split = t;
    if (split > 0) {
      kept.erase(kept.begin() + long(split));
      changed = true;
      continue;
    }
    size_t worst = 0;
    for (size_t t = 1; t < gaps.size(); ++t)
      if (gaps[t] < gaps[worst]) worst = t;
    if (gaps[worst] < kMinGapFraction * median) {
      const size_t drop = kept[worst].depth < kept[worst + 1].depth ? worst : worst + 1;
      kept.erase(kept.begin() + long(drop));
      changed = true;
    }
  }

  std::vector<DiscPlane> discs;
  for (const auto& c : kept) {
    int a = c.i, b = c.i;
    while (a > 0 && f[a - 1] <= f[c.i] + 0.05) --a;
    while (b + 1 < n && f[b + 1] <= f[c.i] + 0.05) ++b;
    const int mid = (a + b) / 2;
    const core::Vec3 p0 = line[mid].pMm, n0 = line[mid].tangent;
    core::Vec3 u, w;
    basis(n0, u, w);
    double best = 1e30;
    DiscPlane plane{p0, n0, n0, double(mid), c.depth};
    for (int ta = -20; ta <= 20; ta += 5)
      for (int tb = -20; tb <= 20; tb += 5) {
        const double ra = ta * std::numbers::pi / 180, rb = tb * std::numbers::pi / 180;
        const core::Vec3 nn = core::normalized(n0 + u * std::tan(ra) + w * std::tan(rb));
        for (int d = -4; d <= 4; ++d) {
          const core::Vec3 p = p0 + n0 * double(d);
          double frac, mean;
          diskStats(hu, tissue, p, nn, 14, 2.0, frac, mean);
          // Prefer the straight plane a little: tilts only win when clearly better.
          const double cost = frac + 0.001 * mean + 0.002 * (std::abs(ta) + std::abs(tb)) + 0.005 * std::abs(d);
          if (cost < best) {
            best = cost;
            plane.pointMm = p;
            plane.normal = nn;
          }
        }
      }
    discs.push_back(plane);
  }
  return discs;
}

}  // namespace trocar::segment::detail
