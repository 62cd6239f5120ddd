#include "trocar/plan/VertebraFields.h"

#include <algorithm>
#include <cmath>

#include "VolumeSampler.h"
#include "trocar/segment/Levels.h"

namespace trocar::plan {

namespace {

using core::Vec3;
using segment::Part;

// How far around a vertebra's centroid its voxels are looked for.
constexpr double kSearchRadiusMm = 90;
// The grid reaches this far behind the pedicles: the bone entry lies there.
constexpr double kBehindPedicleMm = 35;

struct Extent {
  Vec3 lo{1e30, 1e30, 1e30}, hi{-1e30, -1e30, -1e30};
  Vec3 sum;
  size_t count = 0;
  void add(const Vec3& p) {
    for (int a = 0; a < 3; ++a) {
      lo[a] = std::min(lo[a], p[a]);
      hi[a] = std::max(hi[a], p[a]);
    }
    sum += p;
    ++count;
  }
};

bool isThoracic(int verse) { return (verse >= segment::verse::kT1 && verse <= segment::verse::kT12) || verse == segment::verse::kT13; }

}  // namespace

core::Result<VertebraFields> buildVertebraFields(const segment::SpineAnatomy& anatomy, int level,
                                                 const FieldOptions& options) {
  const segment::VertebraAnatomy* va = anatomy.find(level);
  const std::string name = segment::levelName(level);
  if (!va) return core::Error{name, "this level is not in the segmentation"};
  if (!anatomy.levels || !anatomy.parts) return core::Error{name, "the segmentation has no label maps"};
  const detail::VolumeSampler<uint8_t> levels(anatomy.levels.GetPointer()), parts(anatomy.parts.GetPointer());

  VertebraFields f;
  f.level = level;
  f.name = name;
  f.thoracic = isThoracic(level);
  f.frame = va->frame;

  // Where this vertebra's voxels are, in its own frame.
  Vec3 idxLo{1e30, 1e30, 1e30}, idxHi{-1e30, -1e30, -1e30};
  for (int c = 0; c < 8; ++c) {
    const Vec3 corner = va->centroidMm + Vec3{(c & 1) ? kSearchRadiusMm : -kSearchRadiusMm,
                                              (c & 2) ? kSearchRadiusMm : -kSearchRadiusMm,
                                              (c & 4) ? kSearchRadiusMm : -kSearchRadiusMm};
    const Vec3 ci = levels.continuousIndex(corner);
    for (int a = 0; a < 3; ++a) {
      idxLo[a] = std::min(idxLo[a], ci[a]);
      idxHi[a] = std::max(idxHi[a], ci[a]);
    }
  }
  const int* n = levels.size();
  int lo[3], hi[3];
  for (int a = 0; a < 3; ++a) {
    lo[a] = std::clamp(int(std::floor(idxLo[a])), 0, n[a] - 1);
    hi[a] = std::clamp(int(std::ceil(idxHi[a])), 0, n[a] - 1);
  }
  const auto& img = *anatomy.levels;
  Extent bone, ped[2];
  for (int k = lo[2]; k <= hi[2]; ++k)
    for (int j = lo[1]; j <= hi[1]; ++j)
      for (int i = lo[0]; i <= hi[0]; ++i) {
        if (levels.at(i, j, k) != level) continue;
        itk::Index<3> index{{i, j, k}};
        itk::Point<double, 3> p;
        img.TransformIndexToPhysicalPoint(index, p);
        const Vec3 local = f.frame.toLocal({p[0], p[1], p[2]});
        bone.add(local);
        const Part part = Part(parts.at(i, j, k));
        if (part == Part::kLeftPedicle) ped[0].add(local);
        if (part == Part::kRightPedicle) ped[1].add(local);
      }
  if (bone.count == 0) return core::Error{name, "the level map has no voxels of this level"};

  for (int s = 0; s < 2; ++s) {
    PedicleZone& z = f.pedicle[s];
    const segment::PedicleAnatomy& pa = s == 0 ? va->leftPedicle : va->rightPedicle;
    if (ped[s].count == 0 && !pa.found) continue;
    z.found = true;
    if (ped[s].count > 0) {
      z.apMinMm = ped[s].lo.y;
      z.apMaxMm = ped[s].hi.y;
      const double sign = s == 0 ? 1 : -1;
      z.lateralMinMm = std::min(sign * ped[s].lo.x, sign * ped[s].hi.x);
      z.lateralMaxMm = std::max(sign * ped[s].lo.x, sign * ped[s].hi.x);
      z.inferiorMm = ped[s].lo.z;
      z.superiorMm = ped[s].hi.z;
    }
    if (pa.found) {
      z.isthmusCentreMm = pa.isthmusCentreMm;
      z.axis = core::normalized(pa.axis);
      z.isthmusWidthMm = pa.isthmusWidthMm;
      z.isthmusHeightMm = pa.isthmusHeightMm;
    } else {
      z.isthmusCentreMm = f.frame.toWorld(ped[s].sum / double(ped[s].count));
      z.axis = f.frame.anterior;
      z.isthmusWidthMm = z.lateralMaxMm - z.lateralMinMm;
      z.isthmusHeightMm = z.superiorMm - z.inferiorMm;
    }
    if (ped[s].count == 0) {  // a zone around the isthmus when the parts map has no pedicle
      const Vec3 c = f.frame.toLocal(z.isthmusCentreMm);
      z.apMinMm = c.y - 8;
      z.apMaxMm = c.y + 8;
      z.lateralMinMm = std::abs(c.x) - z.isthmusWidthMm / 2;
      z.lateralMaxMm = std::abs(c.x) + z.isthmusWidthMm / 2;
      z.inferiorMm = c.z - z.isthmusHeightMm / 2;
      z.superiorMm = c.z + z.isthmusHeightMm / 2;
    }
  }

  // The local grid: the bone's box, trimmed laterally and behind the pedicles (the spinous
  // process needs no field), padded. The frame's y axis points anterior.
  double backMm = 1e30;
  for (const auto& p : ped)
    if (p.count) backMm = std::min(backMm, p.lo.y - kBehindPedicleMm);
  const double posteriorMm = backMm < 1e29 ? std::max(bone.lo.y, backMm) : bone.lo.y;
  const Vec3 boxLo{std::max(bone.lo.x, -options.maxHalfWidthMm) - options.paddingMm, posteriorMm - options.paddingMm,
                   bone.lo.z - options.paddingMm};
  const Vec3 boxHi{std::min(bone.hi.x, options.maxHalfWidthMm) + options.paddingMm, bone.hi.y + options.paddingMm,
                   bone.hi.z + options.paddingMm};
  FieldGrid grid;
  grid.spacingMm = options.spacingMm;
  grid.u = f.frame.left;
  grid.v = f.frame.anterior;
  grid.w = f.frame.superior;
  grid.originMm = f.frame.toWorld(boxLo);
  for (int a = 0; a < 3; ++a) grid.size[a] = int(std::ceil((boxHi[a] - boxLo[a]) / grid.spacingMm)) + 1;

  const size_t count = grid.voxelCount();
  std::vector<uint8_t> boneMask(count), bodyMask(count), canalMask(count), foramenMask(count);
  const double h = grid.spacingMm;
  const double inferiorEndplateZ = f.frame.toLocal(va->inferiorEndplateCentreMm).z;
  for (int k = 0; k < grid.size[2]; ++k)
    for (int j = 0; j < grid.size[1]; ++j)
      for (int i = 0; i < grid.size[0]; ++i) {
        const Vec3 local = boxLo + Vec3{i * h, j * h, k * h};
        const Vec3 p = f.frame.toWorld(local);
        // One pass over the 8 neighbouring voxels of both maps gives every indicator.
        const Vec3 c = levels.continuousIndex(p);
        const int i0 = int(std::floor(c.x)), j0 = int(std::floor(c.y)), k0 = int(std::floor(c.z));
        const double tx = c.x - i0, ty = c.y - j0, tz = c.z - k0;
        double wBone = 0, wBody = 0, wCanal = 0, wAnyBone = 0;
        for (int dz = 0; dz < 2; ++dz)
          for (int dy = 0; dy < 2; ++dy)
            for (int dx = 0; dx < 2; ++dx) {
              const int ii = i0 + dx, jj = j0 + dy, kk = k0 + dz;
              if (ii < 0 || jj < 0 || kk < 0 || ii >= n[0] || jj >= n[1] || kk >= n[2]) continue;
              const double w = (dx ? tx : 1 - tx) * (dy ? ty : 1 - ty) * (dz ? tz : 1 - tz);
              const uint8_t l = levels.at(ii, jj, kk);
              const Part part = Part(parts.at(ii, jj, kk));
              if (l == level) {
                wBone += w;
                if (part == Part::kBody) wBody += w;
              }
              if (l != 0) wAnyBone += w;
              if (part == Part::kCanal) wCanal += w;
            }
        const size_t idx = grid.index(i, j, k);
        boneMask[idx] = wBone >= 0.5;
        bodyMask[idx] = wBody >= 0.5;
        canalMask[idx] = wCanal >= 0.5;
        if (wAnyBone < 0.5 && wCanal < 0.5) {
          for (int s = 0; s < 2; ++s) {
            const PedicleZone& z = f.pedicle[s];
            if (!z.found) continue;
            const double lateral = s == 0 ? local.x : -local.x;
            if (lateral >= z.lateralMinMm && lateral <= z.lateralMaxMm + 3 && local.y >= z.apMinMm &&
                local.y <= z.apMaxMm && local.z <= z.inferiorMm && local.z >= inferiorEndplateZ - 12)
              foramenMask[idx] = 1;
          }
        }
      }
  f.bone = signedDistance(grid, boneMask);
  f.body = signedDistance(grid, bodyMask);
  f.canal = signedDistance(grid, canalMask);
  f.foramen = signedDistance(grid, foramenMask);
  return f;
}

}  // namespace trocar::plan
