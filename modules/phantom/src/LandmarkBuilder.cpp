#include <cmath>
#include <numbers>

#include "SpineModel.h"
#include "trocar/phantom/Labels.h"

namespace trocar::phantom {
namespace {

using core::Vec3;

struct BodyIntegral {
  double volumeMm3 = 0;
  Vec3 centroidLocal;
};

// Volume and centroid of the body solid by midpoint quadrature over (y, z) with the exact chord
// length in x: 800 x 800 cells put the error far below a voxel's worth.
BodyIntegral integrateBody(const BodyShape& body) {
  constexpr int kCells = 800;
  const double b = body.halfDepthMm, hh = body.halfHeightMm;
  const double dy = 2 * b / kCells, dz = 2 * hh / kCells;
  BodyIntegral out;
  double sy = 0, sz = 0;
  for (int iz = 0; iz < kCells; ++iz) {
    const double z = -hh + (iz + 0.5) * dz;
    const double s = body.scaleAt(z);
    for (int iy = 0; iy < kCells; ++iy) {
      const double y = -b + (iy + 0.5) * dy;
      if (z > body.topAt(y)) continue;
      const double r = y / (b * s);
      if (r * r >= 1) continue;
      const double area = 2 * body.halfWidthMm * s * std::sqrt(1 - r * r) * dy * dz;
      out.volumeMm3 += area;
      sy += area * y;
      sz += area * z;
    }
  }
  out.centroidLocal = {0, sy / out.volumeMm3, sz / out.volumeMm3};
  return out;
}

// Genant's semi-quantitative grade from the anterior height loss relative to the posterior wall.
int genantGrade(double anteriorMm, double posteriorMm) {
  const double loss = 1.0 - anteriorMm / posteriorMm;
  if (loss < 0.20) return 0;
  if (loss < 0.25) return 1;
  if (loss <= 0.40) return 2;
  return 3;
}

PedicleTruth pedicleTruth(const SpineModel& model, size_t index, int side) {
  const VertebraGeometry& v = model.levels()[index];
  const LocalFrame& f = v.frame();
  const shapes::Tube& p = v.pedicle(side);
  auto dirWorld = [&f](const Vec3& d) { return f.lr * d.x + f.ap * d.y + f.si * d.z; };
  PedicleTruth t;
  t.isthmusCentreMm = f.toWorld(p.origin);
  t.axis = dirWorld(p.axis);
  t.isthmusWidthMm = 2 * p.halfSide;
  t.isthmusHeightMm = 2 * p.halfUp;
  t.medialAngleDeg = v.dims().pedicleMedialDeg;
  // March along the axis in 0.02 mm steps. Backwards: the entry point is the last bone before
  // at least 3 mm of soft tissue (small gaps between the pedicle and the processes behind it
  // are not the surface a needle enters). Forwards: the last bone before the body's anterior
  // surface.
  constexpr double kStep = 0.02, kOutsideMm = 3.0;
  double back = 0;
  for (double s = 0; s > -80 && back - s < kOutsideMm; s -= kStep)
    if (model.isBoneOfLevel(index, t.isthmusCentreMm + t.axis * s)) back = s;
  double ahead = 0;
  while (ahead < 120 && model.isBoneOfLevel(index, t.isthmusCentreMm + t.axis * (ahead + kStep)))
    ahead += kStep;
  t.entryPointMm = t.isthmusCentreMm + t.axis * back;
  t.anteriorCortexPointMm = t.isthmusCentreMm + t.axis * ahead;
  return t;
}

}  // namespace

std::vector<LevelLandmarks> computeLandmarks(const SpineModel& model) {
  std::vector<LevelLandmarks> out;
  for (size_t i = 0; i < model.levels().size(); ++i) {
    const VertebraGeometry& v = model.levels()[i];
    const BodyShape& body = v.body();
    const LocalFrame& f = v.frame();
    LevelLandmarks l;
    l.label = v.label();
    l.name = levelName(v.label());
    l.frame = f;
    const BodyIntegral integral = integrateBody(body);
    l.bodyVolumeMm3 = integral.volumeMm3;
    l.bodyCentroidMm = f.toWorld(integral.centroidLocal);
    l.superiorEndplateCentreMm = f.toWorld({0, 0, body.topAt(0)});
    l.inferiorEndplateCentreMm = f.toWorld({0, 0, body.bottom()});
    l.bodyWidthMm = 2 * body.halfWidthMm;
    l.bodyDepthMm = 2 * body.halfDepthMm;
    l.anteriorHeightMm = body.topAt(-body.halfDepthMm) - body.bottom();
    l.middleHeightMm = body.topAt(0) - body.bottom();
    l.posteriorHeightMm = body.topAt(body.halfDepthMm) - body.bottom();
    l.genantGrade = genantGrade(l.anteriorHeightMm, l.posteriorHeightMm);
    l.hasPedicles = v.hasPedicles();
    if (l.hasPedicles) {
      l.leftPedicle = pedicleTruth(model, i, 0);
      l.rightPedicle = pedicleTruth(model, i, 1);
      const shapes::Box& sp = v.spinous();
      l.spinousTipMm = f.toWorld(sp.centre + sp.axisB * sp.halfB);
      l.canalCentreMm = f.toWorld({v.canal().centreX, v.canal().centreY, v.pedicle(0).origin.z});
    } else {
      l.canalCentreMm = f.toWorld({v.canal().centreX, v.canal().centreY, 0});
    }
    l.canalWidthMm = 2 * v.canal().radiusX;
    l.canalDepthMm = 2 * v.canal().radiusY;
    l.hasRibs = model.spec().ribs && !v.isSacrum() && v.label() <= model.spec().lastRibLevel;
    if (v.lesion()) {
      const LesionSpec& s = *v.lesion();
      LesionTruth lt;
      lt.centreMm = f.toWorld(s.offsetMm);
      lt.radiusMm = s.radiusMm;
      // Breach: the sphere reaches the posterior body surface on the line through its centre.
      const Vec3 c = s.offsetMm;
      const double sc = body.scaleAt(c.z);
      const double rx = c.x / (body.halfWidthMm * sc);
      const double wallY = rx * rx < 1 ? body.halfDepthMm * sc * std::sqrt(1 - rx * rx) : 0;
      lt.breachesPosteriorWall = c.y + s.radiusMm >= wallY;
      l.lesion = lt;
    }
    out.push_back(l);
  }
  return out;
}

}  // namespace trocar::phantom
