#include "Torso.h"

#include <algorithm>
#include <cmath>

namespace trocar::phantom {

Hit Torso::classify(const core::Vec3& p) const {
  const double dx = p.x - centreX, dy = p.y - centreY;
  const double skin = dx * dx / (halfWidthMm * halfWidthMm) + dy * dy / (halfDepthMm * halfDepthMm);
  if (skin > 1.0) return Hit{Tissue::kAir, Part::kBackground, 0};
  const double iw = halfWidthMm - fatMm, id = halfDepthMm - fatMm;
  if (dx * dx / (iw * iw) + dy * dy / (id * id) > 1.0)
    return Hit{Tissue::kFat, Part::kSoftTissue, 0};
  if (lungs) {
    const double cy = p.y - cavityCentreY;
    const double ax = std::abs(dx);
    const bool inCavity = dx * dx / (cavityHalfWidthMm * cavityHalfWidthMm) +
                              cy * cy / (cavityHalfDepthMm * cavityHalfDepthMm) <=
                          1.0;
    const double medialLimit = p.y < spineFrontY ? mediastinumHalfWidthMm : paraspinalHalfWidthMm;
    if (inCavity && ax > medialLimit) {
      const double ux = (ax - domeCentreX) / 100.0, uy = (p.y - domeCentreY) / 90.0;
      const double dome = std::max(0.0, 1.0 - ux * ux - uy * uy);
      if (p.z >= diaphragmBaseZ + diaphragmRiseMm * dome) return Hit{Tissue::kLung, Part::kLung, 0};
    }
  }
  return Hit{Tissue::kMuscle, Part::kSoftTissue, 0};
}

bool Torso::skinRange(const core::Vec3& p0, const core::Vec3& step, double marginSteps,
                      double& tMin, double& tMax) const {
  // ((x0 + t dx) / a)^2 + ((y0 + t dy) / b)^2 = 1 is a quadratic in t.
  const double x0 = (p0.x - centreX) / halfWidthMm, y0 = (p0.y - centreY) / halfDepthMm;
  const double dx = step.x / halfWidthMm, dy = step.y / halfDepthMm;
  const double qa = dx * dx + dy * dy, qb = 2 * (x0 * dx + y0 * dy), qc = x0 * x0 + y0 * y0 - 1;
  if (qa < 1e-18) {  // the line runs along z: all in or all out
    tMin = -1e18;
    tMax = 1e18;
    return qc <= 1e-9;
  }
  const double disc = qb * qb - 4 * qa * qc;
  if (disc < 0) return false;
  const double root = std::sqrt(disc);
  tMin = (-qb - root) / (2 * qa) - marginSteps;
  tMax = (-qb + root) / (2 * qa) + marginSteps;
  return true;
}

}  // namespace trocar::phantom
