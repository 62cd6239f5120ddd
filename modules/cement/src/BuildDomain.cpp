#include "trocar/cement/BuildDomain.h"

#include <algorithm>
#include <cmath>

#include "trocar/core/Mat3.h"
#include "trocar/segment/Levels.h"

namespace trocar::cement {
namespace {

using core::Vec3;
using segment::Part;

// What the segmentation says about a grid voxel, before properties are given.
enum class Seg : uint8_t { kSoft, kAir, kBody, kOwnBone, kOtherBone, kCanal };

// Samples a CT and its label maps at arbitrary LPS points (trilinear HU, nearest labels).
class CtSampler {
 public:
  CtSampler(const image::CtImage& ct, const image::LabelImage& levels, const image::LabelImage& parts)
      : ct_(ct), levels_(levels), parts_(parts) {
    const auto size = ct.GetLargestPossibleRegion().GetSize();
    for (int a = 0; a < 3; ++a) size_[a] = int(size[a]);
    const auto& d = ct.GetDirection();
    const auto& s = ct.GetSpacing();
    const auto& o = ct.GetOrigin();
    core::Mat3 m;
    for (int c = 0; c < 3; ++c)
      m.col[c] = Vec3{d(0, c), d(1, c), d(2, c)} * s[c];
    toIndex_ = m.inverse();
    origin_ = {o[0], o[1], o[2]};
    hu_ = ct.GetBufferPointer();
    lv_ = levels.GetBufferPointer();
    pt_ = parts.GetBufferPointer();
  }
  Vec3 index(const Vec3& p) const { return toIndex_ * (p - origin_); }
  Vec3 indexStep(const Vec3& d) const { return toIndex_ * d; }

  float hu(const Vec3& c) const {
    const int i0 = int(std::floor(c.x)), j0 = int(std::floor(c.y)), k0 = int(std::floor(c.z));
    const double fx = c.x - i0, fy = c.y - j0, fz = c.z - k0;
    double v = 0;
    for (int dk = 0; dk < 2; ++dk)
      for (int dj = 0; dj < 2; ++dj)
        for (int di = 0; di < 2; ++di) {
          const int i = std::clamp(i0 + di, 0, size_[0] - 1), j = std::clamp(j0 + dj, 0, size_[1] - 1),
                    k = std::clamp(k0 + dk, 0, size_[2] - 1);
          const double w = (di ? fx : 1 - fx) * (dj ? fy : 1 - fy) * (dk ? fz : 1 - fz);
          v += w * hu_[(size_t(k) * size_[1] + j) * size_[0] + i];
        }
    return float(v);
  }
  // Nearest labels; outside the scan: (0, background) and `outside` true.
  bool labels(const Vec3& c, uint8_t& level, uint8_t& part) const {
    const int i = int(std::lround(c.x)), j = int(std::lround(c.y)), k = int(std::lround(c.z));
    if (i < 0 || j < 0 || k < 0 || i >= size_[0] || j >= size_[1] || k >= size_[2]) return false;
    const size_t n = (size_t(k) * size_[1] + j) * size_[0] + i;
    level = lv_[n];
    part = pt_[n];
    return true;
  }

 private:
  const image::CtImage& ct_;
  const image::LabelImage& levels_;
  const image::LabelImage& parts_;
  int size_[3];
  core::Mat3 toIndex_;
  Vec3 origin_;
  const int16_t* hu_;
  const uint8_t* lv_;
  const uint8_t* pt_;
};

// The body's extent in the vertebra frame (mm), from the segmentation's body voxels.
struct LocalBox {
  Vec3 lo{1e9, 1e9, 1e9}, hi{-1e9, -1e9, -1e9};
  bool empty() const { return lo.x > hi.x; }
};

LocalBox bodyBox(const image::LabelImage& levels, const image::LabelImage& parts, int level,
                 const segment::VertebraFrame& frame) {
  LocalBox box;
  const auto size = levels.GetLargestPossibleRegion().GetSize();
  const uint8_t* lv = levels.GetBufferPointer();
  const uint8_t* pt = parts.GetBufferPointer();
  itk::Index<3> idx;
  itk::Point<double, 3> p;
  for (size_t k = 0; k < size[2]; ++k)
    for (size_t j = 0; j < size[1]; ++j)
      for (size_t i = 0; i < size[0]; ++i) {
        const size_t n = (k * size[1] + j) * size[0] + i;
        if (lv[n] != level || pt[n] != uint8_t(Part::kBody)) continue;
        idx = {{itk::IndexValueType(i), itk::IndexValueType(j), itk::IndexValueType(k)}};
        levels.TransformIndexToPhysicalPoint(idx, p);
        const Vec3 l = frame.toLocal({p[0], p[1], p[2]});
        for (int a = 0; a < 3; ++a) {
          box.lo[a] = std::min(box.lo[a], l[a]);
          box.hi[a] = std::max(box.hi[a], l[a]);
        }
      }
  return box;
}

// A standard normal number per integer cell, from a seeded hash (splitmix64 finaliser and
// Box-Muller): the same cell and seed always give the same number.
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
double cellNormal(int64_t i, int64_t j, int64_t k, uint64_t seed) {
  const uint64_t h = mix(mix(mix(seed ^ uint64_t(i)) ^ uint64_t(j)) ^ uint64_t(k));
  const double u1 = (double(h >> 11) + 0.5) / 9007199254740992.0;
  const double u2 = (double(mix(h) >> 11) + 0.5) / 9007199254740992.0;
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * 3.14159265358979323846 * u2);
}

}  // namespace

core::Result<InjectionDomain> buildInjectionDomain(const image::CtVolume& volume, const segment::SpineAnatomy& anatomy,
                                                   int level, const std::vector<NeedleShaft>& shafts,
                                                   const DomainOptions& o) {
  const std::string name = segment::levelName(level);
  if (!volume.hu || !anatomy.levels || !anatomy.parts) return core::Error{name, "no CT or no segmentation"};
  if (volume.hu->GetLargestPossibleRegion() != anatomy.levels->GetLargestPossibleRegion() ||
      volume.hu->GetLargestPossibleRegion() != anatomy.parts->GetLargestPossibleRegion())
    return core::Error{name, "the label maps are not on the CT's grid"};
  const segment::VertebraAnatomy* v = anatomy.find(level);
  if (!v) return core::Error{name, "this level is not in the segmentation"};

  // The frame, made exactly orthonormal: w superior, u left, v = u x w anterior.
  segment::VertebraFrame frame = v->frame;
  const Vec3 w = core::normalized(frame.superior);
  const Vec3 u = core::normalized(frame.left - w * core::dot(frame.left, w));
  const Vec3 ant = core::cross(u, w);
  frame.left = u;
  frame.anterior = ant;
  frame.superior = w;

  const LocalBox box = bodyBox(*anatomy.levels, *anatomy.parts, level, frame);
  if (box.empty()) return core::Error{name, "the segmentation has no body voxels for this level"};

  InjectionDomain d;
  d.levelName = name;
  CementGrid& g = d.grid;
  g.spacingMm = o.spacingMm;
  g.u = u;
  g.v = ant;
  g.w = w;
  const Vec3 lo{box.lo.x - o.marginMm, box.lo.y - o.posteriorMarginMm, box.lo.z - o.marginMm};
  const Vec3 hi{box.hi.x + o.marginMm, box.hi.y + o.marginMm, box.hi.z + o.marginMm};
  for (int a = 0; a < 3; ++a) g.size[a] = int(std::ceil((hi[a] - lo[a]) / o.spacingMm)) + 1;
  g.originMm = frame.toWorld(lo);
  const size_t n = g.voxelCount();

  // 1. Sample the CT and labels on the grid.
  CtSampler sampler(*volume.hu, *anatomy.levels, *anatomy.parts);
  std::vector<float> hu(n);
  std::vector<Seg> seg(n);
  const Vec3 c0 = sampler.index(g.originMm);
  const Vec3 di = sampler.indexStep(u * o.spacingMm), dj = sampler.indexStep(ant * o.spacingMm),
             dk = sampler.indexStep(w * o.spacingMm);
  for (int k = 0; k < g.size[2]; ++k)
    for (int j = 0; j < g.size[1]; ++j) {
      Vec3 c = c0 + dj * j + dk * k;
      for (int i = 0; i < g.size[0]; ++i, c += di) {
        const size_t idx = g.index(i, j, k);
        uint8_t lv = 0, pt = 0;
        if (!sampler.labels(c, lv, pt)) {
          hu[idx] = -1000;
          seg[idx] = Seg::kAir;
          continue;
        }
        hu[idx] = sampler.hu(c);
        if (lv == level && pt == uint8_t(Part::kBody)) seg[idx] = Seg::kBody;
        else if (lv == level && pt != 0) seg[idx] = Seg::kOwnBone;
        else if (lv != 0) seg[idx] = Seg::kOtherBone;
        else if (pt == uint8_t(Part::kCanal)) seg[idx] = Seg::kCanal;
        else if (hu[idx] < o.airHu) seg[idx] = Seg::kAir;
        else seg[idx] = Seg::kSoft;
      }
    }

  // 2. The body's footprint: per (i, j) column its top and bottom body voxel.
  const size_t columns = size_t(g.size[0]) * g.size[1];
  std::vector<int> top(columns, -1), bottom(columns, -1);
  size_t bodyVoxels = 0;
  for (int k = 0; k < g.size[2]; ++k)
    for (size_t c = 0; c < columns; ++c)
      if (seg[size_t(k) * columns + c] == Seg::kBody) {
        if (bottom[c] < 0) bottom[c] = k;
        top[c] = k;
        ++bodyVoxels;
      }
  if (bodyVoxels == 0) return core::Error{name, "no body voxels on the simulation grid"};

  // 3. The shell: body voxels within shellMm of a non-body voxel (6-connected erosion layers).
  const int shellLayers = std::max(1, int(std::lround(o.shellMm / o.spacingMm)));
  std::vector<uint8_t> depth(n, 0);  // 0 not body; 1..shellLayers shell layer; shellLayers+1 core
  for (size_t i = 0; i < n; ++i) depth[i] = seg[i] == Seg::kBody ? uint8_t(shellLayers + 1) : 0;
  for (int layer = 1; layer <= shellLayers; ++layer) {
    std::vector<size_t> peel;
    for (int k = 0; k < g.size[2]; ++k)
      for (int j = 0; j < g.size[1]; ++j)
        for (int i = 0; i < g.size[0]; ++i) {
          const size_t idx = g.index(i, j, k);
          if (depth[idx] != shellLayers + 1) continue;
          const int nb[6][3] = {{i - 1, j, k}, {i + 1, j, k}, {i, j - 1, k}, {i, j + 1, k}, {i, j, k - 1}, {i, j, k + 1}};
          for (const auto& q : nb)
            if (!g.inside(q[0], q[1], q[2]) || depth[g.index(q[0], q[1], q[2])] < layer) {
              peel.push_back(idx);
              break;
            }
        }
    for (size_t idx : peel) depth[idx] = uint8_t(layer);
  }

  // Mid-sagittal landmarks: the column through the frame origin's x, and the body's AP walls there.
  const Vec3 originIjk = g.continuousIndex(frame.originMm);
  const int i0 = std::clamp(int(std::lround(originIjk.x)), 0, g.size[0] - 1);
  const int k0 = std::clamp(int(std::lround(originIjk.z)), 0, g.size[2] - 1);
  int jPost = -1, jAnt = -1;
  for (int j = 0; j < g.size[1]; ++j)
    if (seg[g.index(i0, j, k0)] == Seg::kBody) {
      if (jPost < 0) jPost = j;
      jAnt = j;
    }
  if (jPost < 0) {  // a collapsed or odd body: fall back on the box
    jPost = int(std::lround((box.lo.y - lo.y) / o.spacingMm));
    jAnt = int(std::lround((box.hi.y - lo.y) / o.spacingMm));
  }
  d.posteriorWallJ = jPost;
  d.anteriorWallJ = jAnt;
  const double jCentre = 0.5 * (jPost + jAnt);
  const double bodyHalfWidthVox = 0.5 * (box.hi.x - box.lo.x) / o.spacingMm;
  const double iCentre = (0.5 * (box.lo.x + box.hi.x) - lo.x) / o.spacingMm;
  // The canal's half width beside the body: from the canal voxels behind it.
  double canalHalfVox = 0;
  for (size_t idx = 0; idx < n; ++idx)
    if (seg[idx] == Seg::kCanal) {
      const auto p = g.ijk(idx);
      if (p[2] >= bottom[g.index(i0, jPost, 0)] && p[2] <= top[g.index(i0, jPost, 0)])
        canalHalfVox = std::max(canalHalfVox, std::abs(p[0] - iCentre));
    }
  canalHalfVox = std::clamp(canalHalfVox, 6 / o.spacingMm, 13 / o.spacingMm);
  const Vec3 basivertebralIjk{double(i0), double(jPost), 0.5 * (top[g.index(i0, jPost, 0)] + bottom[g.index(i0, jPost, 0)])};
  const double bvR = o.basivertebralRadiusMm / o.spacingMm + 0.5;
  // The anterolateral vein foramina: where rays from the body's mid-height centre, +-angle from
  // the anterior axis, leave the body.
  std::vector<Vec3> veinIjk;
  {
    const double jMid = 0.5 * (jPost + jAnt);
    const double a = o.anterolateralVeinAngleDeg * 3.14159265358979323846 / 180;
    for (double side : {-1.0, 1.0}) {
      Vec3 last{-1, -1, -1};
      for (double t = 0; t < 200; t += 0.5) {
        const int i = int(std::lround(iCentre + side * std::sin(a) * t)), j = int(std::lround(jMid + std::cos(a) * t));
        if (!g.inside(i, j, k0)) break;
        if (seg[g.index(i, j, k0)] == Seg::kBody) last = {double(i), double(j), double(k0)};
      }
      if (last.x >= 0) veinIjk.push_back(last);
    }
  }
  const double veinR = o.anterolateralVeinRadiusMm / o.spacingMm + 0.5;
  auto nearVein = [&](int i, int j, int k, double radius) {
    for (const Vec3& c : veinIjk)
      if ((i - c.x) * (i - c.x) + (j - c.y) * (j - c.y) + (k - c.z) * (k - c.z) <= radius * radius) return true;
    return false;
  };
  // Beyond the foramina the segmental veins: what leaks there is venous, wherever it lies.
  const double veinOutletR = veinR + 3 / o.spacingMm;

  // A shell voxel below breachHu is a breach only if the body's bone around it is missing too: on
  // coarse scans the interpolated HU of an intact wall's outer half drops with the fat outside it
  // (partial volume). So the mean HU of the body voxels within about one CT voxel must be low.
  const auto ctSpacing = volume.hu->GetSpacing();
  const double ctVoxelMm = std::max({ctSpacing[0], ctSpacing[1], ctSpacing[2]});
  const int breachReach = int(std::ceil(std::max(o.shellMm, 0.75 * ctVoxelMm) / o.spacingMm));
  auto breached = [&](int i, int j, int k) {
    double sum = 0;
    int count = 0;
    for (int c = k - breachReach; c <= k + breachReach; ++c)
      for (int b = j - breachReach; b <= j + breachReach; ++b)
        for (int a = i - breachReach; a <= i + breachReach; ++a) {
          if (!g.inside(a, b, c) || (a - i) * (a - i) + (b - j) * (b - j) + (c - k) * (c - k) > breachReach * breachReach)
            continue;
          const size_t q = g.index(a, b, c);
          if (seg[q] != Seg::kBody) continue;
          sum += hu[q];
          ++count;
        }
    return count > 0 && sum / count < o.breachHu;
  };

  // 4. Tissue and properties.
  d.tissue.assign(n, uint8_t(Tissue::kClosed));
  d.permeabilityM2.assign(n, 0.f);
  d.porosity.assign(n, 1.f);
  const LeakPathProperties& lp = o.leakPaths;
  auto set = [&](size_t idx, Tissue t, double k, double phi) {
    d.tissue[idx] = uint8_t(t);
    d.permeabilityM2[idx] = float(k);
    d.porosity[idx] = float(phi);
  };
  const double sigma = o.permeabilitySpreadLn;
  const double cellVoxels = std::max(o.heterogeneityCellMm / o.spacingMm, 1.0);
  auto fromHu = [&](size_t idx, Tissue t) {
    double k = permeabilityFromHuM2(hu[idx], o.bone);
    if (sigma > 0) {
      const auto p = g.ijk(idx);
      const double z = cellNormal(int64_t(std::floor(p[0] / cellVoxels)), int64_t(std::floor(p[1] / cellVoxels)),
                                  int64_t(std::floor(p[2] / cellVoxels)), o.heterogeneitySeed);
      k *= std::exp(sigma * z - 0.5 * sigma * sigma);
    }
    set(idx, t, k, porosityFromHu(hu[idx], o.bone));
  };
  for (int k = 0; k < g.size[2]; ++k)
    for (int j = 0; j < g.size[1]; ++j)
      for (int i = 0; i < g.size[0]; ++i) {
        const size_t idx = g.index(i, j, k);
        const size_t col = g.index(i, j, 0);
        switch (seg[idx]) {
          case Seg::kAir:
          case Seg::kOtherBone: break;
          case Seg::kOwnBone: fromHu(idx, Tissue::kVertebralBone); break;
          case Seg::kCanal: set(idx, Tissue::kCanal, lp.epiduralM2, lp.softTissuePorosity); break;
          case Seg::kBody: {
            if (depth[idx] > shellLayers) {
              fromHu(idx, Tissue::kCancellous);
              break;
            }
            const Tissue t = k > top[col] - shellLayers    ? Tissue::kSuperiorEndplate
                             : k < bottom[col] + shellLayers ? Tissue::kInferiorEndplate
                                                             : Tissue::kCortex;
            // The vein foramina stay cortex here: their veins are outlets (below), not porous bone.
            if (hu[idx] < o.breachHu && breached(i, j, k))
              fromHu(idx, t);
            else
              set(idx, t, lp.cortexM2, lp.cortexPorosity);
            break;
          }
          case Seg::kSoft: {
            Tissue t;
            if (top[col] >= 0 && k > top[col]) t = Tissue::kSuperiorDisc;
            else if (bottom[col] >= 0 && k < bottom[col]) t = Tissue::kInferiorDisc;
            else if (j < jPost) t = std::abs(i - iCentre) <= canalHalfVox ? Tissue::kCanal
                                    : std::abs(i - iCentre) <= bodyHalfWidthVox ? Tissue::kForamen
                                                                                : Tissue::kParavertebral;
            else if (nearVein(i, j, k, veinOutletR)) t = Tissue::kParavertebral;
            else if (j > jCentre && std::abs(i - iCentre) < 0.6 * bodyHalfWidthVox) t = Tissue::kAnterior;
            else t = Tissue::kParavertebral;
            const double k2 = t == Tissue::kSuperiorDisc || t == Tissue::kInferiorDisc ? lp.discM2
                              : t == Tissue::kCanal                                   ? lp.epiduralM2
                              : t == Tissue::kForamen                                 ? lp.foramenM2
                              : t == Tissue::kAnterior                                ? lp.anteriorM2
                                                                                      : lp.paravertebralM2;
            set(idx, t, k2, lp.softTissuePorosity);
            break;
          }
        }
      }

  // 5. The needles' shafts are closed up to a needle radius short of the tip (the opening).
  for (const NeedleShaft& s : shafts) {
    const Vec3 a = g.continuousIndex(s.entryMm), b = g.continuousIndex(s.tipMm);
    const double len = core::norm(b - a);
    if (len <= 0) continue;
    const Vec3 dir = (b - a) / len;
    const double r = s.radiusMm / o.spacingMm;
    const double stop = len - r;  // in voxels
    const int reach = int(std::ceil(r)) + 1;
    for (double t = 0; t <= stop; t += 0.5) {
      const Vec3 c = a + dir * t;
      for (int k = int(c.z) - reach; k <= int(c.z) + reach; ++k)
        for (int j = int(c.y) - reach; j <= int(c.y) + reach; ++j)
          for (int i = int(c.x) - reach; i <= int(c.x) + reach; ++i) {
            if (!g.inside(i, j, k)) continue;
            const Vec3 q = Vec3{double(i), double(j), double(k)} - a;
            const double along = core::dot(q, dir);
            if (along < 0 || along > stop) continue;
            if (core::norm(q - dir * along) <= r) set(g.index(i, j, k), Tissue::kClosed, 0, 1);
          }
    }
  }

  // 6. The veins leaving through the foramina: the foramen's cortex voxels open into a vein, and
  // the leaked cement lies in the soft tissue beyond, nearest the foramen first.
  auto addOutlet = [&](const std::string& outletName, const Vec3& centre, double openingR, Tissue into,
                       double channelRadiusMm, double veinRadiusMm) {
    VenousOutlet out;
    out.name = outletName;
    out.channelRadiusMm = channelRadiusMm;
    out.channelLengthMm = lp.veinChannelMm;
    out.veinRadiusMm = veinRadiusMm;
    const int reach = int(std::ceil(o.drainRadiusMm / o.spacingMm));
    std::vector<std::pair<double, uint32_t>> drains;
    for (int k = int(centre.z) - reach; k <= int(centre.z) + reach + 1; ++k)
      for (int j = int(centre.y) - reach; j <= int(centre.y) + reach + 1; ++j)
        for (int i = int(centre.x) - reach; i <= int(centre.x) + reach + 1; ++i) {
          if (!g.inside(i, j, k)) continue;
          const size_t idx = g.index(i, j, k);
          const double r2 = (i - centre.x) * (i - centre.x) + (j - centre.y) * (j - centre.y) + (k - centre.z) * (k - centre.z);
          if (d.tissueAt(idx) == Tissue::kCortex && r2 <= openingR * openingR) out.openingVoxels.push_back(uint32_t(idx));
          else if (d.tissueAt(idx) == into && d.permeabilityM2[idx] > 0 && r2 <= double(reach) * reach)
            drains.push_back({r2, uint32_t(idx)});
        }
    std::sort(drains.begin(), drains.end());
    for (const auto& dr : drains) out.drainVoxels.push_back(dr.second);
    if (!out.openingVoxels.empty() && !out.drainVoxels.empty()) d.outlets.push_back(std::move(out));
  };
  addOutlet("basivertebral vein", basivertebralIjk, bvR, Tissue::kCanal, lp.basivertebralChannelRadiusMm,
            lp.basivertebralVeinRadiusMm);
  for (size_t f = 0; f < veinIjk.size(); ++f)
    addOutlet(veinIjk[f].x > iCentre ? "left segmental vein" : "right segmental vein", veinIjk[f], veinR,
              Tissue::kParavertebral, lp.segmentalChannelRadiusMm, lp.segmentalVeinRadiusMm);

  // 7. Anisotropy (SI more permeable) and the body's volume.
  const double s = o.axialOverTransversePermeability;
  d.anisotropy = {std::pow(s, -1.0 / 3), std::pow(s, -1.0 / 3), std::pow(s, 2.0 / 3)};
  d.bodyVolumeMl = double(bodyVoxels) * g.voxelVolumeMl();
  return d;
}

}  // namespace trocar::cement
