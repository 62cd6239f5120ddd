#include "trocar/fluoro/CArm.h"

namespace trocar::fluoro {

core::CArmAngles apAngles() { return {0, 0}; }
core::CArmAngles lateralAngles() { return {90, 0}; }

core::CArmAngles barrelAngles(const core::Vec3& tipMm, const core::Vec3& hubMm) {
  return core::anglesForBeam(tipMm - hubMm);
}

}  // namespace trocar::fluoro
