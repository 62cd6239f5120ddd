#pragma once

#include <algorithm>

#include "Shapes.h"

namespace trocar::phantom {

// A vertebral body in its local frame: an elliptic cylinder centred on the origin whose
// cross-section narrows towards mid-height (the concave waist of real bodies), optionally cut by
// a tilted superior endplate (a wedge compression fracture). The inner solid, shrunk by the
// cortical shell and endplate thickness, holds the cancellous bone.
struct BodyShape {
  double halfWidthMm = 20, halfDepthMm = 16, halfHeightMm = 12;
  double waistFraction = 0.08;  // radius loss at mid-height relative to the endplates
  double anteriorLossMm = 0;    // wedge: height lost at the anterior wall
  double shellMm = 1, endplateMm = 1;

  double scaleAt(double z) const {
    const double r = z / halfHeightMm;
    return 1.0 - waistFraction * (1.0 - std::min(1.0, r * r));
  }
  // Height of the superior endplate above the origin at antero-posterior position y (anterior
  // is -y): the wedge lowers it linearly from the posterior wall (no loss) to the anterior wall.
  double topAt(double y) const {
    if (anteriorLossMm <= 0) return halfHeightMm;
    const double yc = std::clamp(y, -halfDepthMm, halfDepthMm);
    return halfHeightMm - anteriorLossMm * (halfDepthMm - yc) / (2 * halfDepthMm);
  }
  double bottom() const { return -halfHeightMm; }

  bool containsOuter(const core::Vec3& p) const {
    if (p.z < -halfHeightMm || p.z > topAt(p.y)) return false;
    const double s = scaleAt(p.z);
    return shapes::sq(p.x / (halfWidthMm * s)) + shapes::sq(p.y / (halfDepthMm * s)) <= 1.0;
  }
  bool containsInner(const core::Vec3& p) const {
    if (p.z < -halfHeightMm + endplateMm || p.z > topAt(p.y) - endplateMm) return false;
    const double s = scaleAt(p.z);
    return shapes::sq(p.x / (halfWidthMm * s - shellMm)) +
               shapes::sq(p.y / (halfDepthMm * s - shellMm)) <=
           1.0;
  }
};

}  // namespace trocar::phantom
