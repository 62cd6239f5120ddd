#include "BoneMask.h"

#include <vector>

namespace trocar::segment::detail {

namespace {
// Marks the 4-connected holes of one 2D slice (pixels not in `mask` and not reachable from the
// slice border) whose mean HU and area qualify them as marrow.
void markHoles(const std::vector<float>& hu, const std::vector<uint8_t>& mask, int nx, int ny, double pixelAreaMm2,
               float minMeanHu, double maxAreaMm2, double alwaysAreaMm2, std::vector<uint8_t>& holes) {
  const int n = nx * ny;
  std::vector<int> comp(n, 0);  // 0 unvisited, -1 outside, >0 hole id
  std::vector<int> stack, members;
  auto flood = [&](int seed, int id) {
    members.clear();
    stack.assign(1, seed);
    comp[seed] = id;
    while (!stack.empty()) {
      const int p = stack.back();
      stack.pop_back();
      members.push_back(p);
      const int x = p % nx, y = p / nx;
      const int nb[4] = {x > 0 ? p - 1 : -1, x + 1 < nx ? p + 1 : -1, y > 0 ? p - nx : -1, y + 1 < ny ? p + nx : -1};
      for (int q : nb)
        if (q >= 0 && comp[q] == 0 && !mask[q]) {
          comp[q] = id;
          stack.push_back(q);
        }
    }
  };
  for (int x = 0; x < nx; ++x)
    for (int p : {x, (ny - 1) * nx + x})
      if (!mask[p] && comp[p] == 0) flood(p, -1);
  for (int y = 0; y < ny; ++y)
    for (int p : {y * nx, y * nx + nx - 1})
      if (!mask[p] && comp[p] == 0) flood(p, -1);
  holes.assign(n, 0);
  int id = 0;
  for (int p = 0; p < n; ++p) {
    if (mask[p] || comp[p] != 0) continue;
    flood(p, ++id);
    double sum = 0;
    for (int q : members) sum += hu[q];
    const double area = members.size() * pixelAreaMm2;
    if ((sum / members.size() >= minMeanHu && area <= maxAreaMm2) || area <= alwaysAreaMm2)
      for (int q : members) holes[q] = 1;
  }
}

// Runs markHoles over every slice normal to `axis` (0 sagittal, 1 coronal, 2 axial) and returns
// the union of the marked holes.
std::vector<uint8_t> holesAlong(const Volume<float>& hu, const Volume<uint8_t>& mask, int axis, float minMeanHu,
                                double maxAreaMm2, double alwaysAreaMm2) {
  const Grid& g = hu.grid;
  const int ns = axis == 0 ? g.nx : axis == 1 ? g.ny : g.nz;
  const int nu = axis == 0 ? g.ny : g.nx;  // in-slice width
  const int nv = axis == 2 ? g.ny : g.nz;  // in-slice height
  std::vector<uint8_t> out(g.size(), 0), holes;
  std::vector<float> h(size_t(nu) * nv);
  std::vector<uint8_t> m(size_t(nu) * nv);
  auto at = [&](int s, int u, int v) {
    if (axis == 0) return g.index(s, u, v);
    if (axis == 1) return g.index(u, s, v);
    return g.index(u, v, s);
  };
  for (int s = 0; s < ns; ++s) {
    for (int v = 0; v < nv; ++v)
      for (int u = 0; u < nu; ++u) {
        const size_t idx = at(s, u, v);
        h[size_t(v) * nu + u] = hu.v[idx];
        m[size_t(v) * nu + u] = mask.v[idx];
      }
    markHoles(h, m, nu, nv, g.spacingMm * g.spacingMm, minMeanHu, maxAreaMm2, alwaysAreaMm2, holes);
    for (int v = 0; v < nv; ++v)
      for (int u = 0; u < nu; ++u)
        if (holes[size_t(v) * nu + u]) out[at(s, u, v)] = 1;
  }
  return out;
}
}  // namespace

Volume<uint8_t> boneTissue(const Volume<float>& hu, const BoneThresholds& t) {
  const Grid& g = hu.grid;
  Volume<uint8_t> mask(g, 0);
  for (size_t i = 0; i < g.size(); ++i) mask.v[i] = hu.v[i] >= t.boneHu || hu.v[i] >= t.marrowHu ? 1 : 0;
  // Axial holes: the body's cortex ring; strict density, since pelvic rings enclose discs too.
  const auto axial = holesAlong(hu, mask, 2, t.fillMinMeanHu, t.fillMaxAreaMm2, t.alwaysFillAreaMm2);
  // Marrow of a low-density body is enclosed in both the sagittal and the coronal plane (cortex
  // and endplates), unlike a disc (open at its rim) or the canal (open between the arches).
  const auto sagittal = holesAlong(hu, mask, 0, t.lowFillMinMeanHu, t.fillMaxAreaMm2, t.alwaysFillAreaMm2);
  const auto coronal = holesAlong(hu, mask, 1, t.lowFillMinMeanHu, t.fillMaxAreaMm2, t.alwaysFillAreaMm2);
  for (size_t i = 0; i < g.size(); ++i)
    if (axial[i] || (sagittal[i] && coronal[i])) mask.v[i] = 1;
  return mask;
}

}  // namespace trocar::segment::detail
