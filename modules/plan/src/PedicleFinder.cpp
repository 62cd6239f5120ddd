#include "PedicleFinder.h"

#include <algorithm>
#include <cmath>

namespace trocar::plan::detail {

namespace {

using core::Vec3;

// Sections are searched from this far behind the canal's centre to this far in front of the
// body's posterior wall.
constexpr double kBehindCanalMm = 4.0;
constexpr double kIntoBodyMm = 2.0;
// Beside the canal: from half its width out to this far beyond its edge.
constexpr double kLateralReachMm = 20.0;
// Sections smaller than this are slivers of a process, not a pedicle.
constexpr double kMinAreaMm2 = 6.0;
// The axis is fitted over sections this far either side of the isthmus.
constexpr double kAxisHalfLengthMm = 7.0;
constexpr double kMaxMedialSlope = 0.84;    // tan(40 degrees)
constexpr double kMaxSagittalSlope = 0.27;  // tan(15 degrees)

struct Section {
  bool found = false;
  double y = 0, areaMm2 = 0;
  double xMean = 0, zMean = 0, xLo = 0, xHi = 0, zLo = 0, zHi = 0;
};

}  // namespace

std::optional<PedicleZone> findPedicle(const LocalMasks& m, const DistanceField& body,
                                       const DistanceField& canal,
                                       const segment::VertebraFrame& frame, bool left) {
  const FieldGrid& g = m.grid;
  const double h = g.spacingMm;
  const double sign = left ? 1.0 : -1.0;
  auto localOf = [&](int i, int j, int k) { return m.boxLoMm + Vec3{i * h, j * h, k * h}; };

  // The body's extent along the frame axes, from its centre.
  const Vec3 o = frame.originMm;
  const double zTop = body.distanceToSurface(o, frame.superior, 80);
  const double zBottom = -body.distanceToSurface(o, -frame.superior, 80);
  const double yBack = -body.distanceToSurface(o, -frame.anterior, 80);
  if (zTop - zBottom < 2) return std::nullopt;

  // The canal behind the body: its centroid and half-width.
  double cx = 0, cy = 0, cz = 0;
  size_t n = 0;
  for (int k = 0; k < g.size[2]; ++k)
    for (int j = 0; j < g.size[1]; ++j)
      for (int i = 0; i < g.size[0]; ++i) {
        if (!m.canal[g.index(i, j, k)]) continue;
        const Vec3 p = localOf(i, j, k);
        if (std::abs(p.x) > 20 || p.y > yBack + 5 || p.z < zBottom || p.z > zTop) continue;
        cx += p.x;
        cy += p.y;
        cz += p.z;
        ++n;
      }
  if (n == 0) return std::nullopt;
  cx /= n;
  cy /= n;
  cz /= n;
  const Vec3 canalCentre = frame.toWorld({cx, cy, cz});
  const double halfWidth = 0.5 * (canal.distanceToSurface(canalCentre, frame.left, 30) +
                                  canal.distanceToSurface(canalCentre, -frame.left, 30));

  // Coronal sections of the bone beside the canal, posterior to anterior.
  const int j0 =
      std::max(0, int(std::floor((cy - kBehindCanalMm - kAxisHalfLengthMm - m.boxLoMm.y) / h)));
  const int j1 = std::min(
      g.size[1] - 1, int(std::ceil((yBack + kIntoBodyMm + kAxisHalfLengthMm - m.boxLoMm.y) / h)));
  std::vector<Section> sections(g.size[1]);
  std::vector<int> label(size_t(g.size[0]) * g.size[2]), stack;
  for (int j = j0; j <= j1; ++j) {
    std::fill(label.begin(), label.end(), 0);
    auto eligible = [&](int i, int k) {
      if (!m.bone[g.index(i, j, k)]) return false;
      const Vec3 p = localOf(i, j, k);
      const double lateral = sign * (p.x - cx);
      return lateral >= 0.5 * halfWidth && lateral <= halfWidth + kLateralReachMm &&
             p.z >= zBottom - 2 && p.z <= zTop + 2;
    };
    // The largest 4-connected piece of the section.
    int next = 0, best = 0;
    size_t bestCount = 0;
    for (int k = 0; k < g.size[2]; ++k)
      for (int i = 0; i < g.size[0]; ++i) {
        if (label[size_t(k) * g.size[0] + i] || !eligible(i, k)) continue;
        label[size_t(k) * g.size[0] + i] = ++next;
        size_t count = 0;
        stack.assign(1, k * g.size[0] + i);
        while (!stack.empty()) {
          const int q = stack.back();
          stack.pop_back();
          ++count;
          const int qi = q % g.size[0], qk = q / g.size[0];
          const int nb[4][2] = {{qi - 1, qk}, {qi + 1, qk}, {qi, qk - 1}, {qi, qk + 1}};
          for (const auto& c : nb) {
            if (c[0] < 0 || c[1] < 0 || c[0] >= g.size[0] || c[1] >= g.size[2]) continue;
            int& l = label[size_t(c[1]) * g.size[0] + c[0]];
            if (l || !eligible(c[0], c[1])) continue;
            l = next;
            stack.push_back(c[1] * g.size[0] + c[0]);
          }
        }
        if (count > bestCount) {
          bestCount = count;
          best = next;
        }
      }
    Section& s = sections[j];
    s.y = m.boxLoMm.y + j * h;
    if (!best) continue;
    s.found = true;
    s.xLo = s.zLo = 1e30;
    s.xHi = s.zHi = -1e30;
    for (int k = 0; k < g.size[2]; ++k)
      for (int i = 0; i < g.size[0]; ++i) {
        if (label[size_t(k) * g.size[0] + i] != best) continue;
        const Vec3 p = localOf(i, j, k);
        s.xMean += p.x;
        s.zMean += p.z;
        s.xLo = std::min(s.xLo, p.x);
        s.xHi = std::max(s.xHi, p.x);
        s.zLo = std::min(s.zLo, p.z);
        s.zHi = std::max(s.zHi, p.z);
      }
    s.xMean /= double(bestCount);
    s.zMean /= double(bestCount);
    s.areaMm2 = double(bestCount) * h * h;
  }

  // The isthmus: the smallest section between the canal's centre and the body's wall.
  int isthmus = -1;
  for (int j = j0; j <= j1; ++j) {
    const Section& s = sections[j];
    if (!s.found || s.areaMm2 < kMinAreaMm2 || s.y < cy - kBehindCanalMm ||
        s.y > yBack + kIntoBodyMm)
      continue;
    if (isthmus < 0 || s.areaMm2 < sections[isthmus].areaMm2) isthmus = j;
  }
  if (isthmus < 0) return std::nullopt;
  const Section& is = sections[isthmus];

  // Axis: least squares of the centroids' x and z against y around the isthmus.
  double sy = 0, sx = 0, sz = 0, syy = 0, sxy = 0, szy = 0, w = 0;
  for (int j = j0; j <= j1; ++j) {
    const Section& s = sections[j];
    if (!s.found || s.areaMm2 < kMinAreaMm2 || std::abs(s.y - is.y) > kAxisHalfLengthMm) continue;
    sy += s.y;
    sx += s.xMean;
    sz += s.zMean;
    syy += s.y * s.y;
    sxy += s.xMean * s.y;
    szy += s.zMean * s.y;
    w += 1;
  }
  const double den = w * syy - sy * sy;
  double ax = den > 1e-9 ? (w * sxy - sx * sy) / den : 0,
         az = den > 1e-9 ? (w * szy - sz * sy) / den : 0;
  // A pedicle runs towards the midline as it goes forward, never outwards or steeper than 40
  // degrees.
  ax = std::clamp(ax, sign > 0 ? -kMaxMedialSlope : 0.0, sign > 0 ? 0.0 : kMaxMedialSlope);
  // Facets above and below pull the centroids up and down; pedicles hardly tilt (about 15 degrees).
  az = std::clamp(az, -kMaxSagittalSlope, kMaxSagittalSlope);

  PedicleZone z;
  z.found = true;
  z.isthmusCentreMm = frame.toWorld({is.xMean, is.y, is.zMean});
  const Vec3 axisLocal = core::normalized(Vec3{ax, 1, az});
  z.axis = core::normalized(frame.left * axisLocal.x + frame.anterior * axisLocal.y +
                            frame.superior * axisLocal.z);
  z.isthmusWidthMm = is.xHi - is.xLo + h;
  z.isthmusHeightMm = is.zHi - is.zLo + h;
  z.apMinMm = is.y - kAxisHalfLengthMm;
  z.apMaxMm = std::max(is.y + 3.0, yBack + kIntoBodyMm);
  z.lateralMinMm = std::min(sign * is.xLo, sign * is.xHi) - h / 2;
  z.lateralMaxMm = std::max(sign * is.xLo, sign * is.xHi) + h / 2;
  z.inferiorMm = is.zLo - h / 2;
  z.superiorMm = is.zHi + h / 2;
  return z;
}

}  // namespace trocar::plan::detail
