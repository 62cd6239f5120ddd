#pragma once

#include "Tissue.h"
#include "trocar/core/Vec3.h"

namespace trocar::phantom {

// Everything around the spine, in world axial cross-sections (the trunk is taken as a straight
// elliptic cylinder along z): skin outline, a subcutaneous fat layer, muscle and organs as one
// soft tissue, and optionally two lungs above a domed diaphragm.
struct Torso {
  // Skin: an adult trunk about 330 mm wide and 250 mm deep.
  double centreX = 0, centreY = 0, halfWidthMm = 165, halfDepthMm = 125, fatMm = 12;

  bool lungs = false;
  // Chest cavity inside the ribs (axial ellipse), and what the lungs leave out: the mediastinum
  // in front of the spine and the spine with its paravertebral muscles.
  double cavityCentreY = 0, cavityHalfWidthMm = 118, cavityHalfDepthMm = 65;
  double spineFrontY = 0;  // anterior surface of the thoracic bodies
  double mediastinumHalfWidthMm = 55;
  double paraspinalHalfWidthMm = 32;
  // Diaphragm: the lungs stop at z = baseZ + rise * dome(x, y), highest under each lung's centre.
  double diaphragmBaseZ = -1e9, diaphragmRiseMm = 55, domeCentreX = 70, domeCentreY = 0;

  Hit classify(const core::Vec3& p) const;

  // For the points p0 + t * step, the range of t that can be inside the skin (a conservative
  // superset of the exact ellipse crossing, widened by `marginSteps`): everything outside is air.
  // Returns false when no t is inside.
  bool skinRange(const core::Vec3& p0, const core::Vec3& step, double marginSteps, double& tMin,
                 double& tMax) const;
};

}  // namespace trocar::phantom
