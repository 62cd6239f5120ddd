#include "IsthmusSection.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace trocar::segment::detail {

namespace {
constexpr double kStepMm = 0.25;      // section sampling: well below the voxel
constexpr double kHalfWindowMm = 14;  // wider than any pedicle's half-height
constexpr double kWallInsetMm = 3;  // the posterior wall is read from this far inside each endplate
constexpr float kAboveSoftHu = 100;  // bone: this much denser than the soft tissue around it
constexpr double kSeedReachMm = 6;   // the section lies this close to the labelled pedicle's centre
// Openings tried in turn, widest first, to part the pedicle from bone touching it in the plane.
constexpr double kOpeningRadiiMm[] = {2.25, 1.25, 0.5};

// Chamfer distance (3-4 metric, in samples) of every sample to the nearest sample outside `in`.
std::vector<float> distanceInside(const std::vector<uint8_t>& in, int n) {
  const float big = 1e9f;
  std::vector<float> d(in.size());
  for (size_t q = 0; q < in.size(); ++q) d[q] = in[q] ? big : 0.f;
  auto relax = [&](int a, int b, int da, int db, float w) {
    const int x = a + da, y = b + db;
    const float other = (x < 0 || y < 0 || x >= n || y >= n) ? 0.f : d[size_t(y) * n + x];
    float& self = d[size_t(b) * n + a];
    self = std::min(self, other + w);
  };
  for (int b = 0; b < n; ++b)
    for (int a = 0; a < n; ++a)
      if (in[size_t(b) * n + a]) {
        relax(a, b, -1, 0, 1.f);
        relax(a, b, 0, -1, 1.f);
        relax(a, b, -1, -1, 4.f / 3);
        relax(a, b, 1, -1, 4.f / 3);
      }
  for (int b = n - 1; b >= 0; --b)
    for (int a = n - 1; a >= 0; --a)
      if (in[size_t(b) * n + a]) {
        relax(a, b, 1, 0, 1.f);
        relax(a, b, 0, 1, 1.f);
        relax(a, b, 1, 1, 4.f / 3);
        relax(a, b, -1, 1, 4.f / 3);
      }
  return d;
}

// The 4-connected component of `mask` containing `seed`.
std::vector<uint8_t> componentOf(const std::vector<uint8_t>& mask, int n, int seed) {
  std::vector<uint8_t> out(mask.size(), 0);
  std::vector<int> stack{seed};
  out[seed] = 1;
  while (!stack.empty()) {
    const int q = stack.back();
    stack.pop_back();
    const int a = q % n, b = q / n;
    const int nb[4][2] = {{a - 1, b}, {a + 1, b}, {a, b - 1}, {a, b + 1}};
    for (const auto& [x, y] : nb) {
      if (x < 0 || y < 0 || x >= n || y >= n) continue;
      const int r = y * n + x;
      if (mask[r] && !out[r]) {
        out[r] = 1;
        stack.push_back(r);
      }
    }
  }
  return out;
}
}  // namespace

PedicleSection pedicleSection(const Volume<float>& hu, const Volume<uint8_t>& segments,
                              uint8_t segment, const VertebraFrame& frame, double apMm,
                              double seedX, double seedZ) {
  PedicleSection s;
  const int n = int(2 * kHalfWindowMm / kStepMm) + 1, c = n / 2;
  std::vector<float> v(size_t(n) * n);
  std::vector<uint8_t> neighbour(v.size(), 0);
  for (int b = 0; b < n; ++b)
    for (int a = 0; a < n; ++a) {
      const core::Vec3 p =
          frame.toWorld({seedX + (a - c) * kStepMm, apMm, seedZ + (b - c) * kStepMm});
      v[size_t(b) * n + a] = sampleLinear(hu, p, -1000.f);
      const uint8_t owner = segments.atMm(p, 0);
      neighbour[size_t(b) * n + a] = owner != 0 && owner != segment;
    }
  // Soft tissue fills most of the window (foramina, canal, muscle). Bone is clearly denser: the
  // cut lies below healthy cancellous bone, so the section is solid; thinner marrow is still
  // enclosed by the cortex. The outline moves out evenly all round, which leaves the centre be.
  std::vector<float> sorted(v);
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  const float soft = sorted[sorted.size() / 2];
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() * 98 / 100, sorted.end());
  const float cortex = sorted[sorted.size() * 98 / 100];
  if (cortex - soft < 2 * kAboveSoftHu) return s;
  const float cut = soft + kAboveSoftHu;
  // Outside: what the window's border reaches without crossing bone. The rest is bone or marrow
  // enclosed by it.
  std::vector<uint8_t> outside(v.size(), 0);
  std::vector<int> stack;
  auto open = [&](int a, int b) {
    if (a < 0 || b < 0 || a >= n || b >= n) return;
    const int q = b * n + a;
    if (outside[q] || (v[q] >= cut && !neighbour[q])) return;
    outside[q] = 1;
    stack.push_back(q);
  };
  for (int e = 0; e < n; ++e) {
    open(e, 0);
    open(e, n - 1);
    open(0, e);
    open(n - 1, e);
  }
  while (!stack.empty()) {
    const int q = stack.back();
    stack.pop_back();
    const int a = q % n, b = q / n;
    open(a - 1, b);
    open(a + 1, b);
    open(a, b - 1);
    open(a, b + 1);
  }
  std::vector<uint8_t> inside(v.size());
  for (size_t q = 0; q < v.size(); ++q) inside[q] = !outside[q];
  // Other bone may touch the pedicle in this plane (a lamina, an articular process): an opening
  // cuts the bridges narrower than twice its radius; the widest that keeps the pedicle is used.
  const std::vector<float> depth = distanceInside(inside, n);
  std::vector<uint8_t> section;
  for (double radiusMm : kOpeningRadiiMm) {
    const float r = float(radiusMm / kStepMm);
    std::vector<uint8_t> core(v.size());
    for (size_t q = 0; q < v.size(); ++q) core[q] = depth[q] > r;
    int seed = -1;
    double best = kSeedReachMm / kStepMm;
    for (int q = 0; q < n * n; ++q)
      if (core[q])
        if (const double d = std::hypot(q % n - c, q / n - c); d < best) best = d, seed = q;
    if (seed < 0) continue;
    // Grown back by the radius, within the bone.
    const std::vector<uint8_t> kept = componentOf(core, n, seed);
    std::vector<uint8_t> notKept(v.size());
    for (size_t q = 0; q < v.size(); ++q) notKept[q] = !kept[q];
    const std::vector<float> fromKept = distanceInside(notKept, n);
    std::vector<uint8_t> grown(v.size());
    for (size_t q = 0; q < v.size(); ++q) grown[q] = inside[q] && fromKept[q] <= r + 1;
    section = componentOf(grown, n, seed);
    bool touchesEdge = false;
    for (int e = 0; e < n && !touchesEdge; ++e)
      touchesEdge = section[e] || section[size_t(n - 1) * n + e] || section[size_t(e) * n] ||
                    section[size_t(e) * n + n - 1];
    if (!touchesEdge) break;
    section.clear();
  }
  if (section.empty()) return s;
  double sa = 0, sb = 0;
  long count = 0;
  for (int q = 0; q < n * n; ++q)
    if (section[q]) {
      sa += q % n;
      sb += q / n;
      ++count;
    }
  if (count < 4) return s;
  const double ca = sa / count, cb = sb / count;
  auto run = [&](bool alongX) {
    const int a0 = int(std::lround(ca)), b0 = int(std::lround(cb));
    int lo = 0, hi = 0;
    auto at = [&](int t) {
      const int a = alongX ? a0 + t : a0, b = alongX ? b0 : b0 + t;
      return a >= 0 && b >= 0 && a < n && b < n && section[size_t(b) * n + a];
    };
    if (!at(0)) return 0.0;
    while (at(lo - 1)) --lo;
    while (at(hi + 1)) ++hi;
    return (hi - lo + 1) * kStepMm;
  };
  s.found = true;
  s.centreX = seedX + (ca - c) * kStepMm;
  s.centreZ = seedZ + (cb - c) * kStepMm;
  s.widthMm = run(true);
  s.heightMm = run(false);
  return s;
}

bool posteriorBodyLineAp(const Volume<float>& hu, const VertebraFrame& frame, double zLo,
                         double zHi, double zMm, double searchToApMm, double& apMm) {
  if (zHi - zLo < 4 * kWallInsetMm) return false;
  // The wall at one height, from the body centre backwards: the posterior cortex is the densest
  // point before the canal, the wall its half-maximum towards the canal.
  auto wallAt = [&](double z, double& ap) {
    std::vector<double> prof;
    for (double t = 0; t >= searchToApMm; t -= kStepMm)
      prof.push_back(sampleLinear(hu, frame.toWorld({0, t, z}), -1000.f));
    if (prof.size() < 8) return false;
    const size_t peak = size_t(std::max_element(prof.begin(), prof.end()) - prof.begin());
    const double canal = *std::min_element(prof.begin() + peak, prof.end());
    if (prof[peak] - canal < 100) return false;
    const double half = 0.5 * (prof[peak] + canal);
    size_t i = peak;
    while (i + 1 < prof.size() && prof[i + 1] >= half) ++i;
    if (i + 1 >= prof.size()) return false;
    ap = -(double(i) + (prof[i] - half) / std::max(1e-6, prof[i] - prof[i + 1])) * kStepMm;
    return true;
  };
  // The line touches the wall behind its scalloped middle: at the wall's hindmost point in each
  // half of the body (near the endplates, where the ring apophyses stand).
  const double zMid = 0.5 * (zLo + zHi);
  double best[2] = {1e30, 1e30}, bestZ[2] = {0, 0};
  for (double z = zLo + kWallInsetMm; z <= zHi - kWallInsetMm + 1e-9; z += 1.0) {
    double ap;
    if (!wallAt(z, ap)) continue;
    const int half = z > zMid ? 1 : 0;
    if (ap < best[half]) best[half] = ap, bestZ[half] = z;
  }
  if (best[0] > 1e29 || best[1] > 1e29 || bestZ[1] - bestZ[0] < 1) return false;
  apMm = best[0] + (zMm - bestZ[0]) / (bestZ[1] - bestZ[0]) * (best[1] - best[0]);
  return true;
}

}  // namespace trocar::segment::detail
