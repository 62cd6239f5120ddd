#include "trocar/plan/VertebraFields.h"

#include <algorithm>
#include <cmath>

#include "MirrorPlane.h"
#include "PedicleFinder.h"
#include "VolumeSampler.h"
#include "trocar/segment/Levels.h"

namespace trocar::plan {

namespace {

using core::Vec3;
using segment::Part;

// How far around a vertebra's centroid its voxels are looked for.
constexpr double kSearchRadiusMm = 90;
// The grid reaches this far behind the body's posterior wall: pedicles, and the bone entry.
constexpr double kBehindBodyMm = 55;
// A frame is rebuilt when its midsagittal plane says its anterior axis is off by more than this
constexpr double kFrameToleranceDeg = 1.0;
// degrees, or its origin off that plane by more than this many millimetres.
constexpr double kMidlineToleranceMm = 0.5;
// The frame is found on fields this coarse (8 times fewer voxels than the fields' 0.75 mm).
constexpr double kFrameGridMm = 1.5;
// The body's core for the frame: deeper inside the body than this.
constexpr double kCoreDepthMm = 6.0;

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

bool isThoracic(int verse) {
  return (verse >= segment::verse::kT1 && verse <= segment::verse::kT12) ||
         verse == segment::verse::kT13;
}

// A pedicle runs forwards, 0-40 degrees towards the midline and within 25 degrees of the
// endplates' plane.
bool plausiblePedicleAxis(const Vec3& axis, const segment::VertebraFrame& frame, bool left) {
  const Vec3 a = core::normalized(axis);
  const double forward = core::dot(a, frame.anterior);
  if (forward <= 0) return false;
  const double medialDeg =
      std::atan2(-(left ? 1 : -1) * core::dot(a, frame.left), forward) * 180 / M_PI;
  const double sagittalDeg =
      std::atan2(std::abs(core::dot(a, frame.superior)), forward) * 180 / M_PI;
  return medialDeg >= 0 && medialDeg <= 40 && sagittalDeg <= 25;
}

// The zone of a pedicle from the segmentation's own pedicle labels and landmarks: the fallback
// when the bone shows no pedicle.
PedicleZone zoneFromSegmentation(const segment::PedicleAnatomy& pa, const Extent& e,
                                 const segment::VertebraFrame& frame, bool left) {
  PedicleZone z;
  if (!pa.found && e.count == 0) return z;
  z.found = true;
  const double sign = left ? 1 : -1;
  z.isthmusCentreMm = pa.found ? pa.isthmusCentreMm : frame.toWorld(e.sum / double(e.count));
  z.axis = pa.found ? core::normalized(pa.axis) : frame.anterior;
  const Vec3 c = frame.toLocal(z.isthmusCentreMm);
  z.isthmusWidthMm = pa.found ? pa.isthmusWidthMm : e.hi.x - e.lo.x;
  z.isthmusHeightMm = pa.found ? pa.isthmusHeightMm : e.hi.z - e.lo.z;
  z.apMinMm = c.y - 8;
  z.apMaxMm = c.y + 8;
  z.lateralMinMm = sign * c.x - z.isthmusWidthMm / 2;
  z.lateralMaxMm = sign * c.x + z.isthmusWidthMm / 2;
  z.inferiorMm = c.z - z.isthmusHeightMm / 2;
  z.superiorMm = c.z + z.isthmusHeightMm / 2;
  return z;
}

// The fields of one vertebra on a given frame; without the pedicles and foramina when only the
// bone, body and canal are wanted (to find the frame).
core::Result<VertebraFields> buildOnFrame(const segment::SpineAnatomy& anatomy,
                                          const segment::VertebraAnatomy& va,
                                          const segment::VertebraFrame& frame,
                                          const FieldOptions& options, bool withPedicles = true) {
  const int level = va.label;
  const detail::VolumeSampler<uint8_t> levels(anatomy.levels.GetPointer()),
      parts(anatomy.parts.GetPointer());
  VertebraFields f;
  f.level = level;
  f.name = segment::levelName(level);
  f.thoracic = isThoracic(level);
  f.frame = frame;
  const auto spacing = anatomy.levels->GetSpacing();
  f.resolutionMm = 0.5 * std::max({spacing[0], spacing[1], spacing[2]});

  // Where this vertebra's voxels are, in the frame.
  Vec3 idxLo{1e30, 1e30, 1e30}, idxHi{-1e30, -1e30, -1e30};
  for (int c = 0; c < 8; ++c) {
    const Vec3 corner = va.centroidMm + Vec3{(c & 1) ? kSearchRadiusMm : -kSearchRadiusMm,
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
  Extent bone, body, ped[2];
  for (int k = lo[2]; k <= hi[2]; ++k)
    for (int j = lo[1]; j <= hi[1]; ++j)
      for (int i = lo[0]; i <= hi[0]; ++i) {
        if (levels.at(i, j, k) != level) continue;
        itk::Point<double, 3> p;
        img.TransformIndexToPhysicalPoint(itk::Index<3>{{i, j, k}}, p);
        const Vec3 local = frame.toLocal({p[0], p[1], p[2]});
        bone.add(local);
        const Part part = Part(parts.at(i, j, k));
        if (part == Part::kBody) body.add(local);
        if (part == Part::kLeftPedicle) ped[0].add(local);
        if (part == Part::kRightPedicle) ped[1].add(local);
      }
  if (bone.count == 0) return core::Error{f.name, "the level map has no voxels of this level"};
  if (body.count == 0)
    return core::Error{f.name, "the segmentation has no vertebral body at this level"};

  // The local grid: the bone's box, trimmed laterally and well behind the body (the spinous
  // process needs no field), padded. The frame's y axis points anterior.
  const Vec3 boxLo{std::max(bone.lo.x, -options.maxHalfWidthMm) - options.paddingMm,
                   std::max(bone.lo.y, body.lo.y - kBehindBodyMm) - options.paddingMm,
                   bone.lo.z - options.paddingMm};
  const Vec3 boxHi{std::min(bone.hi.x, options.maxHalfWidthMm) + options.paddingMm,
                   bone.hi.y + options.paddingMm, bone.hi.z + options.paddingMm};
  detail::LocalMasks m;
  FieldGrid& grid = m.grid;
  m.boxLoMm = boxLo;
  grid.spacingMm = options.spacingMm;
  grid.u = frame.left;
  grid.v = frame.anterior;
  grid.w = frame.superior;
  grid.originMm = frame.toWorld(boxLo);
  for (int a = 0; a < 3; ++a)
    grid.size[a] = int(std::ceil((boxHi[a] - boxLo[a]) / grid.spacingMm)) + 1;

  const size_t count = grid.voxelCount();
  m.bone.assign(count, 0);
  m.body.assign(count, 0);
  m.canal.assign(count, 0);
  std::vector<uint8_t> otherBone(count);
  const double h = grid.spacingMm;
  for (int k = 0; k < grid.size[2]; ++k)
    for (int j = 0; j < grid.size[1]; ++j)
      for (int i = 0; i < grid.size[0]; ++i) {
        const Vec3 p = frame.toWorld(boxLo + Vec3{i * h, j * h, k * h});
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
        m.bone[idx] = wBone >= 0.5;
        m.body[idx] = wBody >= 0.5;
        m.canal[idx] = wCanal >= 0.5;
        otherBone[idx] = wAnyBone >= 0.5 || wCanal >= 0.5;
      }
  f.bone = signedDistance(grid, m.bone);
  f.body = signedDistance(grid, m.body);
  f.canal = signedDistance(grid, m.canal);
  if (!withPedicles) return f;

  for (int s = 0; s < 2; ++s) {
    const bool left = s == 0;
    if (auto z = detail::findPedicle(m, f.body, f.canal, frame, left)) {
      f.pedicle[s] = *z;
      // The direction of a pedicle is better read off its whole length than off a few sections
      // beside the canal: the segmentation's axis, when it is a plausible pedicle direction.
      const segment::PedicleAnatomy& pa = left ? va.leftPedicle : va.rightPedicle;
      if (pa.found && plausiblePedicleAxis(pa.axis, frame, left))
        f.pedicle[s].axis = core::normalized(pa.axis);
    } else
      f.pedicle[s] =
          zoneFromSegmentation(left ? va.leftPedicle : va.rightPedicle, ped[s], frame, left);
  }

  // The foramina: soft tissue below each pedicle, beside the canal, down past the disc below.
  const double inferiorEndplateZ = frame.toLocal(va.inferiorEndplateCentreMm).z;
  const double floorZ = std::min(inferiorEndplateZ, body.lo.z) - 12;
  std::vector<uint8_t> foramen(count, 0);
  for (int k = 0; k < grid.size[2]; ++k)
    for (int j = 0; j < grid.size[1]; ++j)
      for (int i = 0; i < grid.size[0]; ++i) {
        const size_t idx = grid.index(i, j, k);
        if (otherBone[idx]) continue;
        const Vec3 local = boxLo + Vec3{i * h, j * h, k * h};
        for (int s = 0; s < 2; ++s) {
          const PedicleZone& z = f.pedicle[s];
          if (!z.found) continue;
          const double lateral = s == 0 ? local.x : -local.x;
          if (lateral >= z.lateralMinMm && lateral <= z.lateralMaxMm + 3 && local.y >= z.apMinMm &&
              local.y <= z.apMaxMm && local.z <= z.inferiorMm && local.z >= floorZ)
            foramen[idx] = 1;
        }
      }
  f.foramen = signedDistance(grid, foramen);
  return f;
}

}  // namespace

core::Result<segment::VertebraFrame> vertebraFrame(const segment::SpineAnatomy& anatomy,
                                                   int level) {
  const segment::VertebraAnatomy* va = anatomy.find(level);
  const std::string name = segment::levelName(level);
  if (!va) return core::Error{name, "this level is not in the segmentation"};
  if (!anatomy.levels || !anatomy.parts)
    return core::Error{name, "the segmentation has no label maps"};
  FieldOptions coarse;
  coarse.spacingMm = kFrameGridMm;
  auto first = buildOnFrame(anatomy, *va, va->frame, coarse, false);
  if (!first) return first.error();
  const VertebraFields& f = first.value();
  // The segmentation's frame runs from the canal to the centroid of the body label, which a
  // lopsided label (a transverse process or an ala counted as body) pulls sideways. The body's
  // core, the part deeper than kCoreDepthMm, is not pulled: the line from the canal to it is the
  // first guess of the anterior axis, the vertebra's mirror symmetry then sets it.
  const FieldGrid& g = f.body.grid();
  Vec3 core{}, canal{};
  size_t nCore = 0, nCanal = 0;
  const Vec3 up = f.frame.superior;
  const double zTop = f.body.distanceToSurface(f.frame.originMm, up, 80);
  const double zBottom = -f.body.distanceToSurface(f.frame.originMm, -up, 80);
  for (int k = 0; k < g.size[2]; ++k)
    for (int j = 0; j < g.size[1]; ++j)
      for (int i = 0; i < g.size[0]; ++i) {
        const size_t idx = g.index(i, j, k);
        const Vec3 p = g.pointMm(i, j, k);
        if (f.body.values()[idx] < -kCoreDepthMm) {
          core += p;
          ++nCore;
        }
        const double z = f.frame.toLocal(p).z;
        if (f.canal.values()[idx] < 0 && z > zBottom && z < zTop) {
          canal += p;
          ++nCanal;
        }
      }
  if (nCore == 0 || nCanal < 10) return va->frame;
  core = core / double(nCore);
  canal = canal / double(nCanal);
  // The superior axis stays the endplates' normal: the canal is no measure of it. Its sideways
  // lean (a bent canal label, a scoliotic segment) once rolled the frame 12-15 degrees off the
  // endplates at L2 of the 3 mm lumbar case, which tilted the plane the pedicles are sought in
  // and leaked the needles' caudal tilt into their transverse angles (L2 right 1.7 degrees).
  Vec3 anterior = core - canal;
  anterior = core::normalized(anterior - up * core::dot(anterior, up));
  if (core::norm(anterior) == 0 || core::angleDeg(anterior, f.frame.anterior) > 60)
    return va->frame;
  // Transverse angles are angles to the midsagittal plane, the vertebra's plane of mirror
  // symmetry. The canal-to-core line only approximates it: at L5 of the same case it is 17
  // degrees off, and one pedicle then reads 0 degrees, the other 30.
  Vec3 left = core::cross(up, anterior);
  Vec3 origin = core;
  if (const auto plane = detail::findMirrorPlane(f.bone, core, up, left)) {
    left = plane->normal;
    anterior = core::cross(left, up);
    origin = core - left * core::dot(core - plane->pointMm, left);
  }
  const double midlineShiftMm = std::abs(core::dot(f.frame.originMm - origin, left));
  if (core::angleDeg(anterior, f.frame.anterior) < kFrameToleranceDeg &&
      midlineShiftMm < kMidlineToleranceMm)
    return va->frame;
  segment::VertebraFrame refined = f.frame;
  refined.originMm = origin;
  refined.anterior = anterior;
  refined.left = left;
  return refined;
}

core::Result<VertebraFields> buildVertebraFields(const segment::SpineAnatomy& anatomy, int level,
                                                 const FieldOptions& options) {
  auto frame = vertebraFrame(anatomy, level);
  if (!frame) return frame.error();
  return buildOnFrame(anatomy, *anatomy.find(level), frame.value(), options);
}

}  // namespace trocar::plan
