#pragma once

#include "Tissue.h"
#include "VertebraGeometry.h"
#include "trocar/phantom/Landmarks.h"

namespace trocar::phantom {

// One rib: an arc of an ellipse (the rib cage seen from above) lying in a plane that slopes down
// anteriorly, swept with a flat elliptic cross-section (taller than thick). It starts just lateral
// to the tip of its vertebra's transverse process, leaving a costotransverse joint gap, so the
// last rib-bearing level can be told from the first lumbar one.
class Rib {
 public:
  // side 0: patient left; arcEndDeg: how far round the chest the rib reaches (from the back).
  Rib(const VertebraGeometry& vertebra, int side, double arcEndDeg);

  bool contains(const core::Vec3& worldMm) const;
  int level() const { return level_; }
  core::Vec3 worldMin() const { return worldMin_; }
  core::Vec3 worldMax() const { return worldMax_; }
  // The centre of the ellipse the rib follows, in world mm: the middle of the chest cavity.
  core::Vec3 cageCentreMm() const { return plane_.toWorld({sCentre_, tCentre_, 0}); }
  double cageHalfWidthMm() const { return halfWidthMm_; }
  double cageHalfDepthMm() const;  // projected on the axial plane
  core::Vec3 headMm() const { return plane_.originMm; }

 private:
  int level_;
  LocalFrame plane_;  // lr: outwards, ap: along the arc's forward-down direction, si: plane normal
  double halfWidthMm_, halfDepthMm_, sCentre_, tCentre_, arcStart_, arcEnd_;
  double halfThicknessMm_ = 3.0, halfHeightMm_ = 6.0, descentDeg_ = 20.0;
  core::Vec3 worldMin_, worldMax_;
};

}  // namespace trocar::phantom
