#include "SpineTrack.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace trocar::segment::detail {

namespace {

constexpr int kRays = 16;
constexpr double kRayLengthMm = 24;
constexpr int kMinHits = 14;          // of 16 rays: the canal is enclosed all round at the arch
constexpr double kSlabMm = 30;
constexpr float kBoneHu = 150;
constexpr double kMaxCanalAreaMm2 = 500;
constexpr double kMidlinePriorMm = 45;
constexpr double kFloodCapMm = 18;     // wider than any adult canal's half-width
constexpr double kBodyNearMm = 16;     // from any canal pixel to the posterior body wall
constexpr double kBodyMinDepthMm = 18; // a vertebral body is deeper than the pelvic or rib bone
constexpr double kLinkRadiusMm = 20;  // how far the canal may move between neighbouring slabs

// Enclosure on a sub-grid with stride 2: 1 where a soft-tissue pixel has bone within
// kRayLengthMm in at least kMinHits of kRays axial directions.
struct Enclosure {
  int stride = 2, nx = 0, ny = 0, nz = 0;
  std::vector<uint8_t> v;
  uint8_t at(int i, int j, int k) const { return v[(size_t(k) * ny + j) * nx + i]; }
};

// Fat between pelvic bones or ribs is enclosed too, but in wide pools; the canal is a compact
// blob a few square centimetres in area.
void removeLargeBlobs(Enclosure& e, int maxPixels) {
  std::vector<int> stack, members;
  const int n = e.nx * e.ny;
  for (int ks = 0; ks < e.nz; ++ks) {
    uint8_t* sl = &e.v[size_t(ks) * n];
    std::vector<uint8_t> seen(n, 0);
    for (int p = 0; p < n; ++p) {
      if (!sl[p] || seen[p]) continue;
      members.clear();
      stack.assign(1, p);
      seen[p] = 1;
      while (!stack.empty()) {
        const int q = stack.back();
        stack.pop_back();
        members.push_back(q);
        const int x = q % e.nx, y = q / e.nx;
        const int nb[4] = {x > 0 ? q - 1 : -1, x + 1 < e.nx ? q + 1 : -1, y > 0 ? q - e.nx : -1,
                           y + 1 < e.ny ? q + e.nx : -1};
        for (int r : nb)
          if (r >= 0 && sl[r] && !seen[r]) {
            seen[r] = 1;
            stack.push_back(r);
          }
      }
      if (int(members.size()) > maxPixels)
        for (int q : members) sl[q] = 0;
    }
  }
}

// x of the patient's midline in each sub-slice (centroid of everything denser than -300 HU).
std::vector<double> patientMidlines(const Volume<float>& hu, const Enclosure& e) {
  const Grid& g = hu.grid;
  std::vector<double> mid(e.nz, g.xMm(g.nx / 2));
  for (int ks = 0; ks < e.nz; ++ks) {
    const int k = std::min(ks * 2, g.nz - 1);
    double sx = 0, n = 0;
    for (int j = 0; j < g.ny; j += 2)
      for (int i = 0; i < g.nx; i += 2)
        if (hu(i, j, k) > -300) {
          sx += g.xMm(i);
          n += 1;
        }
    if (n > 0) mid[ks] = sx / n;
  }
  return mid;
}

Enclosure computeEnclosure(const Volume<float>& hu, const Volume<uint8_t>& tissue) {
  const Grid& g = hu.grid;
  Enclosure e;
  e.nx = (g.nx + 1) / 2;
  e.ny = (g.ny + 1) / 2;
  e.nz = (g.nz + 1) / 2;
  e.v.assign(size_t(e.nx) * e.ny * e.nz, 0);
  const int steps = int(kRayLengthMm / g.spacingMm);
  int dx[kRays][64], dy[kRays][64];
  for (int r = 0; r < kRays; ++r) {
    const double a = 2 * std::numbers::pi * r / kRays;
    for (int s = 1; s <= steps && s < 64; ++s) {
      dx[r][s] = int(std::lround(std::cos(a) * s));
      dy[r][s] = int(std::lround(std::sin(a) * s));
    }
  }
  for (int ks = 0; ks < e.nz; ++ks) {
    const int k = std::min(ks * 2, g.nz - 1);
    for (int js = 0; js < e.ny; ++js) {
      const int j = std::min(js * 2, g.ny - 1);
      for (int is = 0; is < e.nx; ++is) {
        const int i = std::min(is * 2, g.nx - 1);
        const size_t idx = g.index(i, j, k);
        const float h = hu.v[idx];
        // Candidates are judged on raw bone, not the hole-filled tissue: the fill may have closed
        // a small canal whose partial-volume rim made it look like marrow.
        if (h >= kBoneHu || h < -150 || h > 120) continue;
        int hits = 0;
        for (int r = 0; r < kRays; ++r) {
          for (int s = 1; s <= steps; ++s) {
            const int x = i + dx[r][s], y = j + dy[r][s];
            if (x < 0 || y < 0 || x >= g.nx || y >= g.ny) break;
            if (hu.v[g.index(x, y, k)] >= kBoneHu) {
              ++hits;
              break;
            }
          }
          if (hits + (kRays - 1 - r) < kMinHits) break;
        }
        if (hits < kMinHits) continue;
        // The canal has a vertebral body in front of it (towards -y): bone close by, and deep.
        int j2 = j - 1;
        const int jNear = j - int(kBodyNearMm / g.spacingMm);
        while (j2 >= 0 && j2 > jNear && hu.v[g.index(i, j2, k)] < kBoneHu) --j2;
        if (j2 < 0 || !tissue.v[g.index(i, j2, k)]) continue;
        int depth = 0, gap = 0;
        while (j2 >= 0 && gap <= 1) {
          if (tissue.v[g.index(i, j2, k)]) {
            ++depth;
            gap = 0;
          } else {
            ++gap;
          }
          --j2;
        }
        if (depth * g.spacingMm >= kBodyMinDepthMm) e.v[(size_t(ks) * e.ny + js) * e.nx + is] = 1;
      }
    }
  }
  removeLargeBlobs(e, int(kMaxCanalAreaMm2 / (4 * g.spacingMm * g.spacingMm)));
  return e;
}

struct SlabPeak {
  double xMm = 0, yMm = 0, value = 0;
  bool seen = false;
};

// The sum of enclosure over the sub-slices of one slab, 3x3 smoothed; the peak within `radius`
// of a centre (or anywhere when radius < 0).
SlabPeak slabPeak(const Enclosure& e, const Grid& g, const std::vector<double>& midline, int ks0, int ks1, double cx,
                  double cy, double radiusMm) {
  std::vector<float> sum(size_t(e.nx) * e.ny, 0.f);
  const double sub = g.spacingMm * 2;
  for (int ks = ks0; ks < ks1; ++ks)
    for (int p = 0; p < e.nx * e.ny; ++p) {
      if (!e.v[size_t(ks) * e.nx * e.ny + p]) continue;
      // The spine is near the patient's midline: a soft prior that outweighs lateral pelvic fat.
      const double dx = (g.originMm.x + (p % e.nx) * sub - midline[ks]) / kMidlinePriorMm;
      sum[p] += float(std::exp(-dx * dx));
    }
  SlabPeak best;
  for (int js = 1; js + 1 < e.ny; ++js)
    for (int is = 1; is + 1 < e.nx; ++is) {
      const double x = g.originMm.x + is * sub, y = g.originMm.y + js * sub;
      if (radiusMm >= 0 && std::hypot(x - cx, y - cy) > radiusMm) continue;
      float s = 0;
      for (int b = -1; b <= 1; ++b)
        for (int a = -1; a <= 1; ++a) s += sum[(js + b) * e.nx + is + a];
      if (s > best.value) best = {x, y, s, true};
    }
  return best;
}

// Moving average over +-r of the values where `have` is set, linear fill elsewhere.
std::vector<double> smoothFill(const std::vector<double>& val, const std::vector<bool>& have, int r) {
  const int n = int(val.size());
  std::vector<double> out(n, 0.0);
  std::vector<int> idx;
  for (int i = 0; i < n; ++i)
    if (have[i]) idx.push_back(i);
  if (idx.empty()) return out;
  std::vector<double> filled(n);
  for (int i = 0; i < n; ++i) {
    auto it = std::lower_bound(idx.begin(), idx.end(), i);
    if (it == idx.end()) filled[i] = val[idx.back()];
    else if (*it == i || it == idx.begin()) filled[i] = val[*it];
    else {
      const int b = *it, a = *(it - 1);
      filled[i] = val[a] + (val[b] - val[a]) * double(i - a) / double(b - a);
    }
  }
  for (int i = 0; i < n; ++i) {
    double s = 0;
    int c = 0;
    for (int t = std::max(0, i - r); t <= std::min(n - 1, i + r); ++t, ++c) s += filled[t];
    out[i] = s / c;
  }
  return out;
}

// Median of a window, to reject single-slice outliers before smoothing.
std::vector<double> medianFilter(const std::vector<double>& val, const std::vector<bool>& have, int r) {
  std::vector<double> out = val, w;
  const int n = int(val.size());
  for (int i = 0; i < n; ++i) {
    if (!have[i]) continue;
    w.clear();
    for (int t = std::max(0, i - r); t <= std::min(n - 1, i + r); ++t)
      if (have[t]) w.push_back(val[t]);
    std::nth_element(w.begin(), w.begin() + w.size() / 2, w.end());
    out[i] = w[w.size() / 2];
  }
  return out;
}

}  // namespace

core::Result<SpineTrack> trackSpine(const Volume<float>& hu, const Volume<uint8_t>& tissue) {
  const Grid& g = hu.grid;
  const Enclosure enc = computeEnclosure(hu, tissue);
  const std::vector<double> midline = patientMidlines(hu, enc);
  const int slabSub = std::max(2, int(std::lround(kSlabMm / (2 * g.spacingMm))));
  const int nSlabs = (enc.nz + slabSub - 1) / slabSub;
  std::vector<SlabPeak> free(nSlabs);
  int bestSlab = -1;
  for (int s = 0; s < nSlabs; ++s) {
    free[s] = slabPeak(enc, g, midline, s * slabSub, std::min(enc.nz, (s + 1) * slabSub), 0, 0, -1);
    if (bestSlab < 0 || free[s].value > free[bestSlab].value) bestSlab = s;
  }
  // A canal 10 mm across enclosed in a third of a slab's sub-slices, at least.
  const double minStrength = 9.0 * slabSub * 0.3;
  if (bestSlab < 0 || free[bestSlab].value < minStrength)
    return core::Error{"", "no spine in the field of view: no bone-enclosed spinal canal was found"};

  std::vector<SlabPeak> linked(nSlabs);
  linked[bestSlab] = free[bestSlab];
  const double accept = std::max(2.0, 0.08 * free[bestSlab].value);
  for (int dir : {-1, 1}) {
    SlabPeak last = free[bestSlab];
    int misses = 0;
    for (int s = bestSlab + dir; s >= 0 && s < nSlabs; s += dir) {
      SlabPeak p = slabPeak(enc, g, midline, s * slabSub, std::min(enc.nz, (s + 1) * slabSub), last.xMm, last.yMm,
                            kLinkRadiusMm + 10 * misses);
      if (p.seen && p.value >= accept) {
        linked[s] = p;
        last = p;
        misses = 0;
      } else if (++misses > 3) {
        break;
      }
    }
  }

  // Per slice: the centroid of enclosed pixels near the slab track.
  SpineTrack track;
  track.canalStrength = free[bestSlab].value;
  track.slices.resize(g.nz);
  std::vector<double> cx(g.nz, 0), cy(g.nz, 0), cr(g.nz, 0);
  std::vector<bool> have(g.nz, false);
  int kFirst = g.nz, kLast = -1;
  const double sub = 2 * g.spacingMm;
  for (int k = 0; k < g.nz; ++k) {
    const int ks = std::min(k / 2, enc.nz - 1);
    const int s = ks / slabSub;
    if (!linked[s].seen) continue;
    kFirst = std::min(kFirst, k);
    kLast = std::max(kLast, k);
    double sx = 0, sy = 0;
    int n = 0;
    for (int js = 0; js < enc.ny; ++js)
      for (int is = 0; is < enc.nx; ++is) {
        if (!enc.at(is, js, ks)) continue;
        const double x = g.originMm.x + is * sub, y = g.originMm.y + js * sub;
        if (std::hypot(x - linked[s].xMm, y - linked[s].yMm) > 15) continue;
        sx += x;
        sy += y;
        ++n;
      }
    if (n >= 3) {
      cx[k] = sx / n;
      cy[k] = sy / n;
      cr[k] = std::sqrt(n * sub * sub / std::numbers::pi);
      have[k] = true;
    }
  }
  if (kLast < kFirst) return core::Error{"", "no spine in the field of view: the canal could not be followed"};
  // Slabs where the canal is linked but no slice saw it fall back to the slab centres.
  for (int k = kFirst; k <= kLast; ++k) {
    const int s = std::min(k / 2, enc.nz - 1) / slabSub;
    if (!have[k] && std::none_of(have.begin() + kFirst, have.begin() + kLast + 1, [](bool b) { return b; })) {
      cx[k] = linked[s].xMm;
      cy[k] = linked[s].yMm;
      have[k] = true;
    }
  }
  const int smoothR = std::max(1, int(std::lround(6 / g.spacingMm)));
  const auto mx = smoothFill(medianFilter(cx, have, smoothR), have, smoothR);
  const auto my = smoothFill(medianFilter(cy, have, smoothR), have, smoothR);
  const auto mr = smoothFill(cr, have, smoothR);
  track.kFirst = kFirst;
  track.kLast = kLast;

  // Bodies: march forward (-y) from the canal to its anterior wall, then through the body.
  std::vector<double> bx(g.nz, 0), by(g.nz, 0), wall(g.nz, 0), bw(g.nz, 0), bd(g.nz, 0);
  std::vector<bool> haveBody(g.nz, false), haveWall(g.nz, false);
  const int halfCols = int(std::lround(8 / g.spacingMm));
  for (int k = kFirst; k <= kLast; ++k) {
    SliceAxis& a = track.slices[k];
    a.canalSeen = have[k];
    a.canalXMm = mx[k];
    a.canalYMm = my[k];
    a.canalRadiusMm = std::max(mr[k], 5.0);
    const int ic = int(std::lround((mx[k] - g.originMm.x) / g.spacingMm));
    const int jc = int(std::lround((my[k] - g.originMm.y) / g.spacingMm));
    std::vector<double> walls, fronts, mids;
    for (int i = ic - halfCols; i <= ic + halfCols; ++i) {
      if (i < 0 || i >= g.nx) continue;
      int j = jc;
      const int jStop = std::max(0, jc - int(30 / g.spacingMm));
      while (j > jStop && !tissue(i, j, k)) --j;
      if (!tissue(i, j, k)) continue;
      const int jw = j;
      int gap = 0;
      int jf = j;
      while (j > 0 && gap <= 1) {
        --j;
        if (tissue(i, j, k)) {
          gap = 0;
          jf = j;
        } else {
          ++gap;
        }
      }
      walls.push_back(g.yMm(jw));
      fronts.push_back(g.yMm(jf));
      mids.push_back(0.5 * (g.yMm(jw) + g.yMm(jf)));
    }
    if (walls.empty()) continue;
    auto median = [](std::vector<double> w) {
      std::nth_element(w.begin(), w.begin() + w.size() / 2, w.end());
      return w[w.size() / 2];
    };
    wall[k] = median(walls);
    haveWall[k] = true;
    const double depth = median(walls) - median(fronts);
    if (depth < 12 || depth > 70) continue;
    by[k] = median(mids);
    // Lateral centre of the body along its mid row.
    const int jm = int(std::lround((by[k] - g.originMm.y) / g.spacingMm));
    int il = ic, ir = ic;
    while (il > 0 && tissue(il - 1, jm, k) && ic - il < int(45 / g.spacingMm)) --il;
    while (ir + 1 < g.nx && tissue(ir + 1, jm, k) && ir - ic < int(45 / g.spacingMm)) ++ir;
    bx[k] = ir - il > int(15 / g.spacingMm) ? 0.5 * (g.xMm(il) + g.xMm(ir)) : mx[k];
    bw[k] = std::max(10.0, 0.5 * (g.xMm(ir) - g.xMm(il)) + 0.5 * g.spacingMm);
    bd[k] = 0.5 * depth + 0.5 * g.spacingMm;
    haveBody[k] = true;
  }
  const int bodyR = std::max(1, int(std::lround(10 / g.spacingMm)));
  const auto sbx = smoothFill(medianFilter(bx, haveBody, bodyR), haveBody, bodyR);
  const auto sby = smoothFill(medianFilter(by, haveBody, bodyR), haveBody, bodyR);
  const auto swall = smoothFill(medianFilter(wall, haveWall, smoothR), haveWall, smoothR);
  const auto sbw = smoothFill(medianFilter(bw, haveBody, bodyR), haveBody, bodyR);
  const auto sbd = smoothFill(medianFilter(bd, haveBody, bodyR), haveBody, bodyR);
  for (int k = kFirst; k <= kLast; ++k) {
    SliceAxis& a = track.slices[k];
    a.bodySeen = haveBody[k];
    a.bodyXMm = sbx[k];
    a.bodyYMm = sby[k];
    a.wallYMm = swall[k];
    a.bodyHalfWidthMm = sbw[k];
    a.bodyHalfDepthMm = sbd[k];
  }
  return track;
}

bool floodCanalSlice(const Volume<float>& hu, const Volume<uint8_t>& tissue, int k, double x0, double y0,
                     double& x, double& y, double& r, double* posteriorWallYMm) {
  const Grid& g = hu.grid;
  const int i0 = int(std::lround((x0 - g.originMm.x) / g.spacingMm));
  const int j0 = int(std::lround((y0 - g.originMm.y) / g.spacingMm));
  if (!g.inside(i0, j0, k)) return false;
  auto open = [&](int i, int j) { return !tissue(i, j, k) && hu(i, j, k) < kBoneHu; };
  if (!open(i0, j0)) return false;
  const double cap = kFloodCapMm / g.spacingMm;
  std::vector<uint8_t> seen(size_t(g.nx) * g.ny, 0);
  std::vector<std::pair<int, int>> stack{{i0, j0}};
  seen[size_t(j0) * g.nx + i0] = 1;
  size_t count = 0, atCap = 0;
  double sx = 0, sy = 0;
  while (!stack.empty()) {
    const auto [i, j] = stack.back();
    stack.pop_back();
    ++count;
    sx += g.xMm(i);
    sy += g.yMm(j);
    const std::pair<int, int> nb[4] = {{i - 1, j}, {i + 1, j}, {i, j - 1}, {i, j + 1}};
    for (const auto& [a, b] : nb) {
      if (!g.inside(a, b, k) || seen[size_t(b) * g.nx + a] || !open(a, b)) continue;
      if (std::hypot(a - i0, b - j0) > cap) {
        ++atCap;
        continue;
      }
      seen[size_t(b) * g.nx + a] = 1;
      stack.push_back({a, b});
    }
  }
  if (atCap > 0) return false;  // not closed by bone in this slice
  x = sx / count;
  // The AP centre is the midpoint between the body's back and the laminae on the midline column:
  // the centroid leans forward into the epidural recesses beside the canal.
  const int ic = int(std::lround((x - g.originMm.x) / g.spacingMm));
  int jLo = g.ny, jHi = -1;
  for (int j = 0; j < g.ny; ++j)
    if (ic >= 0 && ic < g.nx && seen[size_t(j) * g.nx + ic]) {
      jLo = std::min(jLo, j);
      jHi = std::max(jHi, j);
    }
  y = jHi >= jLo ? 0.5 * (g.yMm(jLo) + g.yMm(jHi)) : sy / count;
  // Refine each wall to the half-maximum between the canal and the wall's density peak: voxel
  // steps would quantise the centre by up to a voxel.
  if (jHi >= jLo) {
    const core::Vec3 mid{x, y, g.zMm(k)};
    const double canalHu = sampleLinear(hu, mid, 0.f);
    double wall[2] = {g.yMm(jLo) - 0.5 * g.spacingMm, g.yMm(jHi) + 0.5 * g.spacingMm};
    for (int side = 0; side < 2; ++side) {
      const double dir = side == 0 ? -1 : 1, start = std::abs((side == 0 ? g.yMm(jLo) : g.yMm(jHi)) - y);
      const double step = 0.25, reach = start + 6 * g.spacingMm;
      double peak = canalHu, peakT = 0;
      for (double t = 0; t <= reach; t += step) {
        const double h = sampleLinear(hu, mid + core::Vec3{0, dir * t, 0}, 0.f);
        if (h > peak) {
          peak = h;
          peakT = t;
        }
      }
      const double half = 0.5 * (canalHu + peak);
      for (double t = 0; t <= peakT; t += step)
        if (sampleLinear(hu, mid + core::Vec3{0, dir * t, 0}, 0.f) >= half) {
          wall[side] = y + dir * t;
          break;
        }
    }
    y = 0.5 * (wall[0] + wall[1]);
    if (posteriorWallYMm) *posteriorWallYMm = wall[1];
  }
  r = std::sqrt(count * g.spacingMm * g.spacingMm / std::numbers::pi);
  return r >= 3;
}

}  // namespace trocar::segment::detail
