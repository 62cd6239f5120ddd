#include "trocar/cement/BoneProperties.h"

#include <algorithm>

namespace trocar::cement {

double boneVolumeFraction(double hu, const BoneCalibration& c) {
  return std::clamp((hu - c.marrowHu) / (c.boneTissueHu - c.marrowHu), 0.0, 1.0);
}

double porosityFromHu(double hu, const BoneCalibration& c) {
  return std::max(1 - boneVolumeFraction(hu, c), c.minPorosity);
}

double kozenyCarmanPermeabilityM2(double porosity, const BoneCalibration& c) {
  const double solid = std::max(1 - porosity, 1e-6);
  return std::min(c.kozenyCarmanM2 * porosity * porosity * porosity / (solid * solid), c.maxPermeabilityM2);
}

}  // namespace trocar::cement
