#include "MeasureAnatomy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "EndplateAxis.h"
#include "IsthmusSection.h"
#include "trocar/segment/Levels.h"

namespace trocar::segment::detail {

namespace {

constexpr float kMetalHu = 2500;
constexpr double kCortexMm = 3;         // the cancellous core is the body eroded by this much
constexpr double kLesionMinMl = 0.3;
constexpr double kLowDensityHu = 100;
constexpr double kEdgeSearchMm = 8;        // beyond the label's end, where the disc is looked for
constexpr double kWallBandFrom = 0.06;      // wall heights: columns this far in from the wall ...
constexpr double kWallBandTo = 0.2;       // ... to this far (fractions of the body's depth)
constexpr double kMiddleBandHalf = 0.1;
constexpr double kGrazingFraction = 0.6;
constexpr double kWallFitFrom = 0.15;          // the height line is fitted clear of the rim ...
constexpr double kWallFitTo = 0.45;            // ... over the wall's half of the body
constexpr double kWallExtrapolationFloor = 0.7;
constexpr double kWallReadAt = 0.06;           // just inside the wall: its rounded rim is lower
// The mirror-plane axis replaces the anterior axis only when it turns it by less than ~15 deg.
constexpr double kMirrorAxisMinCos = 0.965;
constexpr double kSeedSlabReachMm = 4.5;  // a label level this close may seed the isthmus section
constexpr double kPedicleRowFraction = 0.5;  // rows thinner than this are a process, not the pedicle   // cancellous mean below this: osteoporosis likely

std::string fmt(const char* f, double a, double b = 0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, f, a, b);
  return buf;
}

struct LevelVoxels {
  std::vector<size_t> all, body, left, right;
};

// Where the body ends along the column (0, apMm, t) of the frame: the half-maximum between the
// endplate's density peak and the disc beyond it, searched around the label's own extent
// [tLo, tHi]. Thresholded labels overrun thin endplates by partial volume; this does not.
double endplateEdge(const Volume<float>& hu, const VertebraFrame& f, double apMm, double tFrom, double tLabel,
                    double dir) {
  const double step = 0.5;
  const int n = int(std::abs(tLabel - tFrom) / step) + int(kEdgeSearchMm / step);
  std::vector<double> prof(n);
  for (int i = 0; i < n; ++i) prof[i] = sampleLinear(hu, f.toWorld({0, apMm, tFrom + dir * i * step}), -1024.f);
  // The disc: the least dense point beyond the label's end.
  const int iLabel = int(std::abs(tLabel - tFrom) / step);
  int iDisc = std::min(n - 1, iLabel);
  for (int i = std::max(0, iLabel - int(3 / step)); i < n; ++i)
    if (prof[i] < prof[iDisc]) iDisc = i;
  int iPeak = 0;
  for (int i = 0; i < iDisc; ++i)
    if (prof[i] >= prof[iPeak]) iPeak = i;
  const double half = 0.5 * (prof[iPeak] + prof[iDisc]);
  for (int i = iPeak; i < iDisc; ++i)
    if (prof[i + 1] < half) {
      const double frac = (prof[i] - half) / std::max(1e-6, prof[i] - prof[i + 1]);
      return tFrom + dir * (i + frac) * step;
    }
  return tLabel;
}

double bodyHeight(const Volume<float>& hu, const VertebraFrame& f, const std::vector<core::Vec3>& bodyLocal,
                  double apMm, double halfMm) {
  double lo = 1e30, hi = -1e30;
  for (const auto& q : bodyLocal)
    if (std::abs(q.x) <= 3.0 && std::abs(q.y - apMm) <= halfMm) {
      lo = std::min(lo, q.z);
      hi = std::max(hi, q.z);
    }
  if (hi <= lo) return 0;
  const double mid = 0.5 * (lo + hi);
  return endplateEdge(hu, f, apMm, mid, hi, +1) - endplateEdge(hu, f, apMm, mid, lo, -1);
}

PedicleAnatomy measurePedicle(const Volume<float>& hu, const Volume<uint8_t>& segments, uint8_t segment,
                              const std::vector<size_t>& voxels, const Grid& g, const VertebraFrame& f,
                              double canalApMm) {
  PedicleAnatomy p;
  if (voxels.size() < 8) return p;
  // Cross-sections across the anterior axis, 1 voxel thick.
  std::vector<core::Vec3> local;
  double apLo = 1e30, apHi = -1e30;
  for (size_t idx : voxels) {
    local.push_back(f.toLocal(g.pointOf(idx)));
    apLo = std::min(apLo, local.back().y);
    apHi = std::max(apHi, local.back().y);
  }
  const double step = g.spacingMm;
  const int n = int(std::floor((apHi - apLo) / step)) + 1;
  std::vector<int> count(n, 0);
  std::vector<core::Vec3> sum(n);
  std::vector<double> xLo(n, 1e30), xHi(n, -1e30), zLo(n, 1e30), zHi(n, -1e30);
  for (const auto& q : local) {
    const int b = std::clamp(int((q.y - apLo) / step), 0, n - 1);
    ++count[b];
    sum[b] += q;
    xLo[b] = std::min(xLo[b], q.x);
    xHi[b] = std::max(xHi[b], q.x);
    zLo[b] = std::min(zLo[b], q.z);
    zHi[b] = std::max(zHi[b], q.z);
  }
  // The isthmus: the section beside the canal centre, where the pedicle is narrowest between
  // its flare into the body and into the lamina.
  // A slab one voxel thick centred on the canal's AP level: its centroid in the other two
  // directions, at exactly that level (bins would quantise the level by a voxel).
  core::Vec3 c;
  int inSlab = 0;
  double x0 = 1e30, x1 = -1e30, z0 = 1e30, z1 = -1e30;
  for (const auto& q : local)
    if (std::abs(q.y - canalApMm) <= 0.5 * step + 1e-6) {
      c += q;
      ++inSlab;
      x0 = std::min(x0, q.x);
      x1 = std::max(x1, q.x);
      z0 = std::min(z0, q.z);
      z1 = std::max(z1, q.z);
    }
  if (inSlab == 0) {
    // The labels miss this level (the label's cut planes leave a gap): a nearby level of the label
    // seeds the section, which the density then traces at the canal's level.
    int nearest = -1;
    for (int b = 0; b < n; ++b)
      if (count[b] && std::abs(apLo + (b + 0.5) * step - canalApMm) <= kSeedSlabReachMm &&
          (nearest < 0 || std::abs(apLo + (b + 0.5) * step - canalApMm) <
                              std::abs(apLo + (nearest + 0.5) * step - canalApMm)))
        nearest = b;
    if (nearest < 0) return p;
    const core::Vec3 seed = sum[nearest] / double(count[nearest]);
    const PedicleSection sec = pedicleSection(hu, segments, segment, f, canalApMm, seed.x, seed.z);
    if (!sec.found) return p;
    p.found = true;
    p.isthmusCentreMm = f.toWorld({sec.centreX, canalApMm, sec.centreZ});
    p.isthmusWidthMm = sec.widthMm;
    p.isthmusHeightMm = sec.heightMm;
    inSlab = -1;  // the axis below still comes from the label's sections
  }
  if (inSlab > 0) {
    c = c / double(inSlab);
    c.y = canalApMm;
    p.found = true;
    p.isthmusCentreMm = f.toWorld(c);
    // Width and height through the centre only: the run of voxels along the row (column) through
    // the centroid, so a process touching the section's edge does not widen the pedicle.
    std::vector<double> row, column;
    for (const auto& q : local) {
      if (std::abs(q.y - canalApMm) > 0.5 * step + 1e-6) continue;
      if (std::abs(q.z - c.z) <= 0.5 * step + 1e-6) row.push_back(q.x);
      if (std::abs(q.x - c.x) <= 0.5 * step + 1e-6) column.push_back(q.z);
    }
    auto runThrough = [step](std::vector<double> v, double centre, double fallback) {
      if (v.empty()) return fallback;
      std::sort(v.begin(), v.end());
      size_t i = size_t(std::min_element(v.begin(), v.end(),
                                         [&](double a, double b) {
                                           return std::abs(a - centre) < std::abs(b - centre);
                                         }) -
                        v.begin());
      size_t lo = i, hi = i;
      while (lo > 0 && v[lo] - v[lo - 1] <= 1.5 * step) --lo;
      while (hi + 1 < v.size() && v[hi + 1] - v[hi] <= 1.5 * step) ++hi;
      return v[hi] - v[lo] + step;
    };
    p.isthmusWidthMm = runThrough(row, c.x, x1 - x0 + g.spacingMm);
    p.isthmusHeightMm = runThrough(column, c.z, z1 - z0 + g.spacingMm);
    // The labels only seed it: the section itself is traced in the density, at sub-voxel steps.
    if (const PedicleSection sec = pedicleSection(hu, segments, segment, f, canalApMm, c.x, c.z);
        sec.found) {
      c.x = sec.centreX;
      c.z = sec.centreZ;
      p.isthmusCentreMm = f.toWorld(c);
    }
  }
  // Axis: line through the section centroids (least squares of lr and si against ap).
  double sy = 0, sx = 0, sz = 0, syy = 0, sxy = 0, szy = 0, w = 0;
  for (int b = 0; b < n; ++b) {
    if (!count[b]) continue;
    const core::Vec3 m = sum[b] / double(count[b]);
    sy += m.y;
    sx += m.x;
    sz += m.z;
    syy += m.y * m.y;
    sxy += m.x * m.y;
    szy += m.z * m.y;
    w += 1;
  }
  const double den = w * syy - sy * sy;
  const double ax = den > 1e-6 ? (w * sxy - sx * sy) / den : 0,
               az = den > 1e-6 ? (w * szy - sz * sy) / den : 0;
  const core::Vec3 dirLocal = core::normalized(core::Vec3{ax, 1, az});
  p.axis =
      core::normalized(f.left * dirLocal.x + f.anterior * dirLocal.y + f.superior * dirLocal.z);
  return p;
}

int genant(double loss) { return loss < 0.20 ? 0 : loss < 0.25 ? 1 : loss < 0.40 ? 2 : 3; }

}  // namespace

std::vector<VertebraAnatomy> measureAnatomy(const Volume<float>& hu, const Volume<uint8_t>& tissue,
                                            const SpineTrack& track, const std::vector<DiscPlane>& discs,
                                            const SplitResult& split, const Volume<uint8_t>& parts,
                                            const std::vector<SegmentFeatures>& features,
                                            const std::vector<int>& verseOfSegment, std::vector<std::string>& warnings) {
  const Grid& g = hu.grid;
  const double voxelMl = std::pow(g.spacingMm, 3) / 1000;
  std::vector<LevelVoxels> vox(split.segmentCount + 1);
  for (size_t idx = 0; idx < g.size(); ++idx) {
    const uint8_t s = split.segments.v[idx];
    if (!s || s >= vox.size()) continue;
    vox[s].all.push_back(idx);
    switch (Part(parts.v[idx])) {
      case Part::kBody: vox[s].body.push_back(idx); break;
      case Part::kLeftPedicle: vox[s].left.push_back(idx); break;
      case Part::kRightPedicle: vox[s].right.push_back(idx); break;
      default: break;
    }
  }
  const Volume<float> smooth = boxSmooth(hu, 1);

  std::vector<VertebraAnatomy> out;
  std::vector<int> segOfOut;
  for (int s = split.segmentCount; s >= 1; --s) {
    if (s >= int(verseOfSegment.size()) || !verseOfSegment[s] || vox[s].all.empty()) continue;
    VertebraAnatomy v;
    v.label = verseOfSegment[s];
    v.name = levelName(v.label);
    v.partial = features[s].touchesEdge;
    v.hasRibs = features[s].ribs;
    v.vertebraVolumeMl = vox[s].all.size() * voxelMl;
    v.bodyVolumeMl = vox[s].body.size() * voxelMl;
    core::Vec3 c, cb;
    for (size_t idx : vox[s].all) c += g.pointOf(idx);
    v.centroidMm = c / double(vox[s].all.size());
    for (size_t idx : vox[s].body) cb += g.pointOf(idx);
    v.bodyCentroidMm = vox[s].body.empty() ? v.centroidMm : cb / double(vox[s].body.size());

    // Frame: superior from the endplates, anterior from canal to body.
    core::Vec3 sup;
    if (s - 2 >= 0 && s - 2 < int(discs.size())) sup += discs[s - 2].normal;
    if (s - 1 < int(discs.size())) sup += discs[s - 1].normal;
    sup = core::norm(sup) > 0 ? core::normalized(sup) : core::Vec3{0, 0, 1};
    // The discs only seed it: the axis is the mean normal of the vertebra's own endplates.
    {
      std::vector<core::Vec3> bodyPoints;
      bodyPoints.reserve(vox[s].body.size());
      for (size_t idx : vox[s].body) bodyPoints.push_back(g.pointOf(idx));
      sup = endplateAxis(bodyPoints, v.bodyCentroidMm, sup, g.spacingMm);
    }
    const int kc = std::clamp(int(std::lround((v.bodyCentroidMm.z - g.originMm.z) / g.spacingMm)), track.kFirst,
                              track.kLast);
    const SliceAxis& a = track.slices[kc];
    v.canalCentreMm = {a.canalXMm, a.canalYMm, v.bodyCentroidMm.z};
    v.canalAreaMm2 = 3.14159265 * a.canalRadiusMm * a.canalRadiusMm;
    core::Vec3 ant = v.bodyCentroidMm - v.canalCentreMm;
    ant = core::normalized(ant - sup * core::dot(ant, sup));
    if (core::norm(ant) == 0) ant = {0, -1, 0};
    v.frame.originMm = v.bodyCentroidMm;
    v.frame.superior = sup;
    v.frame.anterior = ant;
    v.frame.left = core::cross(sup, ant);
    // The two pedicles are mirror images across the mid-sagittal plane: the line between their
    // centroids is a steadier left-right axis than the canal-to-body direction.
    if (vox[s].left.size() >= 8 && vox[s].right.size() >= 8) {
      core::Vec3 cl, cr;
      for (size_t idx : vox[s].left) cl += g.pointOf(idx);
      for (size_t idx : vox[s].right) cr += g.pointOf(idx);
      core::Vec3 lr = cl / double(vox[s].left.size()) - cr / double(vox[s].right.size());
      lr = core::normalized(lr - sup * core::dot(lr, sup));
      if (core::norm(lr) > 0 && core::dot(lr, v.frame.left) > 0.8) {
        v.frame.left = lr;
        v.frame.anterior = core::cross(lr, sup);
      }
    }

    // Heights on the mid-sagittal band, at 10 % in from the anterior and posterior walls.
    std::vector<core::Vec3> local;
    local.reserve(vox[s].body.size());
    double apLo = 1e30, apHi = -1e30;
    for (size_t idx : vox[s].body) {
      // Heights follow the bone itself: marrow filled in by shape may overrun into a tilted disc.
      if (!tissue.v[idx]) continue;
      local.push_back(v.frame.toLocal(g.pointOf(idx)));
      if (std::abs(local.back().x) <= 3.0) {
        apLo = std::min(apLo, local.back().y);
        apHi = std::max(apHi, local.back().y);
      }
    }
    double bodyZLo = 0, bodyZHi = 0;  // mid-sagittal extent of the body at its centre, frame-local
    if (apHi > apLo) {
      const double depth = apHi - apLo, half = 0.75 * g.spacingMm;
      // Each height comes from a band of columns, so one ragged column (a rounded corner, a vein,
      // an osteophyte) does not decide it.
      auto bandHeight = [&](double from, double to, double atLeastMm) {
        std::vector<double> hs;
        for (double ap = apLo + from * depth; ap <= apLo + to * depth + 1e-9; ap += 0.5 * g.spacingMm)
          if (const double h = bodyHeight(hu, v.frame, local, ap, half); h > atLeastMm) hs.push_back(h);
        if (hs.empty()) return 0.0;
        const size_t q = hs.size() / 2;
        std::nth_element(hs.begin(), hs.begin() + q, hs.end());
        return hs[q];
      };
      v.middleHeightMm = bandHeight(0.5 - kMiddleBandHalf, 0.5 + kMiddleBandHalf, 0);
      // Columns far shorter than the middle only graze the wall's rounded corner.
      const double grazing = kGrazingFraction * v.middleHeightMm;
      // A wedge changes height steadily towards its anterior wall: fit a line to the columns of
      // the wall's half and read it just inside the wall, within the range the columns span.
      auto wallHeight = [&](bool anterior) {
        std::vector<std::pair<double, double>> pts;  // (fraction from the wall, height)
        for (double f = kWallFitFrom; f <= kWallFitTo + 1e-9; f += 0.5 * g.spacingMm / depth) {
          const double ap = anterior ? apHi - f * depth : apLo + f * depth;
          if (const double h = bodyHeight(hu, v.frame, local, ap, half); h > grazing) pts.emplace_back(f, h);
        }
        if (pts.size() < 3) return bandHeight(anterior ? 1 - kWallBandTo : kWallBandFrom,
                                              anterior ? 1 - kWallBandFrom : kWallBandTo, grazing);
        double sf = 0, sh = 0, sff = 0, sfh = 0, lo = 1e30, hi = 0;
        for (const auto& [f, h] : pts) {
          sf += f;
          sh += h;
          sff += f * f;
          sfh += f * h;
          lo = std::min(lo, h);
          hi = std::max(hi, h);
        }
        const double n = double(pts.size()), den = n * sff - sf * sf;
        const double slope = den > 1e-12 ? (n * sfh - sf * sh) / den : 0;
        const double atWall = (sh - slope * sf) / n + slope * kWallReadAt;
        return std::clamp(atWall, kWallExtrapolationFloor * lo, hi);
      };
      v.posteriorHeightMm = wallHeight(false);
      v.anteriorHeightMm = wallHeight(true);
      double zLo = 1e30, zHi = -1e30;
      for (const auto& q : local)
        if (std::abs(q.x) <= 3 && std::abs(q.y - (apLo + 0.5 * depth)) <= 3) {
          zLo = std::min(zLo, q.z);
          zHi = std::max(zHi, q.z);
        }
      const double yMid = apLo + 0.5 * depth;
      if (zHi > zLo) bodyZLo = zLo, bodyZHi = zHi;
      v.superiorEndplateCentreMm = v.frame.toWorld({0, yMid, zHi});
      v.inferiorEndplateCentreMm = v.frame.toWorld({0, yMid, zLo});
    }
    // The canal centre at pedicle height: the tracked canal in the slice of the pedicles' centroid.
    core::Vec3 pc = v.canalCentreMm, laminaMm;
    bool laminaFound = false;
    if (!vox[s].left.empty() || !vox[s].right.empty()) {
      pc = {};
      for (size_t idx : vox[s].left) pc += g.pointOf(idx);
      for (size_t idx : vox[s].right) pc += g.pointOf(idx);
      pc = pc / double(vox[s].left.size() + vox[s].right.size());
      const int kp = std::clamp(int(std::lround((pc.z - g.originMm.z) / g.spacingMm)), track.kFirst, track.kLast);
      double cx = track.slices[kp].canalXMm, cy = track.slices[kp].canalYMm, cr = 0;
      double laminaY = std::numeric_limits<double>::quiet_NaN();
      // The tracked centre leans forward; at the pedicles the canal is closed and can be flooded.
      for (int dk : {0, 1, -1, 2, -2})
        if (track.valid(kp + dk) && floodCanalSlice(hu, tissue, kp + dk, track.slices[kp].canalXMm,
                                                    track.slices[kp].canalYMm, cx, cy, cr, &laminaY))
          break;
      v.canalCentreMm = {cx, cy, pc.z};
      if (cr > 0) v.canalAreaMm2 = 3.14159265 * cr * cr;
      laminaFound = std::isfinite(laminaY);
      laminaMm = {cx, laminaY, pc.z};
    }
    // The pedicles stand beside the middle of the canal's sagittal diameter, which runs from the
    // posterior vertebral body line (not the scalloped wall between the endplates) to the laminae.
    auto isthmusLevelAp = [&] {
      double ap = v.frame.toLocal(v.canalCentreMm).y, lineAp = 0;
      if (laminaFound && bodyZHi > bodyZLo &&
          posteriorBodyLineAp(hu, v.frame, bodyZLo, bodyZHi, v.frame.toLocal(pc).z, ap, lineAp)) {
        const double laminaAp = v.frame.toLocal(laminaMm).y;
        if (laminaAp < lineAp) ap = 0.5 * (lineAp + laminaAp);
      }
      return ap;
    };
    if (v.label != verse::kSacrum) {  // the sacrum's lateral masses are not pedicles
      auto measurePedicles = [&] {
        const double ap = isthmusLevelAp();
        v.leftPedicle = measurePedicle(hu, split.segments, uint8_t(s), vox[s].left, g, v.frame, ap);
        v.rightPedicle = measurePedicle(hu, split.segments, uint8_t(s), vox[s].right, g, v.frame, ap);
      };
      measurePedicles();
      // The isthmus centres, traced at sub-voxel steps, are mirror images across the mid-sagittal
      // plane, as is the body: the line from their midpoint to the body centre fixes the frame's
      // yaw better than the pedicle labels' centroids, whose voxel steps differ left and right.
      // Measured again in that frame.
      if (v.leftPedicle.found && v.rightPedicle.found) {
        const core::Vec3 mid = (v.leftPedicle.isthmusCentreMm + v.rightPedicle.isthmusCentreMm) * 0.5;
        core::Vec3 toBody = v.frame.originMm - mid;
        toBody = core::normalized(toBody - v.frame.superior * core::dot(toBody, v.frame.superior));
        if (core::norm(toBody) > 0 && core::dot(toBody, v.frame.anterior) > kMirrorAxisMinCos) {
          v.frame.anterior = toBody;
          v.frame.left = core::cross(v.frame.superior, toBody);
          measurePedicles();
        }
      }
    }

    // Cancellous core: body voxels with body all round within kCortexMm.
    const int r = std::max(1, int(std::lround(kCortexMm / g.spacingMm)));
    auto isBody = [&](int i, int j, int k) {
      return g.inside(i, j, k) && split.segments(i, j, k) == s && parts(i, j, k) == uint8_t(Part::kBody);
    };
    std::vector<size_t> core;
    for (size_t idx : vox[s].body) {
      const int i = int(idx % g.nx), j = int((idx / g.nx) % g.ny), k = int(idx / (size_t(g.nx) * g.ny));
      if (isBody(i - r, j, k) && isBody(i + r, j, k) && isBody(i, j - r, k) && isBody(i, j + r, k) &&
          isBody(i, j, k - r) && isBody(i, j, k + r))
        core.push_back(idx);
    }
    if (!core.empty()) {
      std::vector<float> vals;
      double sum = 0;
      for (size_t idx : core) {
        sum += hu.v[idx];
        vals.push_back(smooth.v[idx]);
      }
      v.cancellousMeanHu = sum / core.size();
      std::nth_element(vals.begin(), vals.begin() + vals.size() / 2, vals.end());
      const double median = vals[vals.size() / 2];
      // Low-density regions: connected core voxels far below the core's own median.
      const double cut = std::min(median - 90, 0.45 * median);
      std::vector<size_t> lowList;
      for (size_t idx : core)
        if (smooth.v[idx] < cut) lowList.push_back(idx);
      std::sort(lowList.begin(), lowList.end());
      std::vector<bool> seen(lowList.size(), false);
      for (size_t start = 0; start < lowList.size(); ++start) {
        if (seen[start]) continue;
        std::vector<size_t> stack{start};
        seen[start] = true;
        size_t count = 0;
        core::Vec3 cs;
        double hs = 0;
        while (!stack.empty()) {
          const size_t t = stack.back();
          stack.pop_back();
          const size_t idx = lowList[t];
          ++count;
          cs += g.pointOf(idx);
          hs += hu.v[idx];
          const int i = int(idx % g.nx), j = int((idx / g.nx) % g.ny), k = int(idx / (size_t(g.nx) * g.ny));
          for (int dz = -1; dz <= 1; ++dz)
            for (int dy = -1; dy <= 1; ++dy)
              for (int dx = -1; dx <= 1; ++dx) {
                if (!g.inside(i + dx, j + dy, k + dz)) continue;
                const size_t q = g.index(i + dx, j + dy, k + dz);
                const auto it = std::lower_bound(lowList.begin(), lowList.end(), q);
                if (it != lowList.end() && *it == q && !seen[it - lowList.begin()]) {
                  seen[it - lowList.begin()] = true;
                  stack.push_back(size_t(it - lowList.begin()));
                }
              }
        }
        if (count * voxelMl >= kLesionMinMl)
          v.lowDensityRegions.push_back({cs / double(count), count * voxelMl, hs / count});
      }
    }
    for (size_t idx : vox[s].all)
      if (hu.v[idx] > kMetalHu) {
        v.metal = true;
        break;
      }
    out.push_back(std::move(v));
    segOfOut.push_back(s);
  }

  // Genant grade: the body's own wedge or biconcavity, or its posterior height against its neighbours'.
  for (size_t n = 0; n < out.size(); ++n) {
    VertebraAnatomy& v = out[n];
    if (v.label == verse::kSacrum || v.posteriorHeightMm <= 0) continue;
    double loss = 0;
    const double hp = std::max(v.posteriorHeightMm, 1e-6);
    loss = std::max({loss, 1 - v.anteriorHeightMm / hp, 1 - v.middleHeightMm / hp});
    double nbSum = 0;
    int nbCount = 0;
    for (size_t m : {n - 1, n + 1})
      if (m < out.size() && !out[m].partial && out[m].label != verse::kSacrum && out[m].posteriorHeightMm > 0) {
        nbSum += out[m].posteriorHeightMm;
        ++nbCount;
      }
    if (nbCount && !v.partial) loss = std::max(loss, 1 - v.posteriorHeightMm / (nbSum / nbCount));
    v.heightLossFraction = std::max(0.0, loss);
    v.genantGrade = v.partial ? 0 : genant(v.heightLossFraction);
  }

  for (auto& v : out) {
    if (v.partial) v.warnings.push_back("cut by the edge of the field of view: measurements are partial");
    if (v.genantGrade >= 2)
      v.warnings.push_back(fmt("compressed: Genant grade %.0f, %.0f %% height loss", v.genantGrade,
                               100 * v.heightLossFraction));
    if (v.genantGrade == 3) v.warnings.push_back("collapsed vertebra (vertebra plana risk): check the level by eye");
    if (v.cancellousMeanHu > 0 && v.cancellousMeanHu < kLowDensityHu && v.label != verse::kSacrum)
      v.warnings.push_back(fmt("low bone density: cancellous mean %.0f HU (osteoporosis likely)", v.cancellousMeanHu));
    for (const auto& l : v.lowDensityRegions)
      v.warnings.push_back(fmt("low-density region of %.1f mL (mean %.0f HU) in the body: possible lytic lesion",
                               l.volumeMl, l.meanHu));
    if (v.metal) v.warnings.push_back("metal inside the vertebra (screw or implant): densities near it are unreliable");
    for (const auto& w : v.warnings) warnings.push_back(v.name + ": " + w);
  }
  return out;
}

}  // namespace trocar::segment::detail
